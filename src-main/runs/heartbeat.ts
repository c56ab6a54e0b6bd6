/**
 * Who owns a queued or running run, for runs folders shared between machines.
 *
 * A process id means something only on its own host, so the process that creates
 * a run (the owner: the app, the lab server or the CLI) also keeps a heartbeat in
 * the run folder:
 *
 *   <runs>/<id>/heartbeat.json   { "pid": 1234, "hostname": "lab-07", "heartbeat_at": "2025-01-31T14:25:06.000Z" }
 *
 * It is a file of its own, not a field of status.json, so that refreshing it every
 * HEARTBEAT_MS never races with a status change (another process marking the run
 * interrupted, the owner finishing it): each file has one kind of writer. It is
 * written with the same atomic temp-and-rename as every other run file, and it is
 * small, so a beat costs one tiny write. `create` writes the first beat; the
 * owner's `startHeartbeat` refreshes it while the run is queued or running.
 *
 * Any process reading the folder decides with `judgeOwnership`:
 *  - a run that is not queued or running has no owner to ask ('none');
 *  - the owner's host is this host and its pid is gone → 'abandoned';
 *  - the last beat is older than STALE_AFTER_MS → 'abandoned' (on any host);
 *  - otherwise 'live'.
 * Runs from before heartbeats (no heartbeat.json) fall back to status.json's
 * `owner`: on this host the pid decides; on another host the run counts as
 * abandoned once status.json has not changed for STALE_AFTER_MS; a run with no
 * owner at all is abandoned.
 *
 * Beats are compared with the reader's clock, so hosts sharing a folder need
 * roughly synchronized clocks (NTP); STALE_AFTER_MS is six beats to leave room
 * for skew and for a slow network share.
 */
import { z } from 'zod';

/** Name of the heartbeat file inside a run folder. */
export const HEARTBEAT_FILE = 'heartbeat.json';

/** How often the owner refreshes the heartbeat of a queued or running run (ms). */
export const HEARTBEAT_MS = 5000;

/** A queued or running run whose last heartbeat is older than this (ms) is abandoned. */
export const STALE_AFTER_MS = 30_000;

/** The process that owns a run; `heartbeat_at` (ISO 8601) is absent for runs from before heartbeats. */
export interface RunOwner {
  pid: number;
  hostname: string;
  heartbeat_at?: string;
}

/** What `RunStore.ownership` says about a run. `reason` explains the state in words for messages. */
export interface RunOwnership {
  state: 'live' | 'abandoned' | 'none';
  owner?: RunOwner;
  reason?: string;
}

const heartbeatSchema = z
  .object({ pid: z.number().int(), hostname: z.string(), heartbeat_at: z.string().refine((s) => !Number.isNaN(Date.parse(s))) })
  .loose();

/** Parses heartbeat.json; null when it is not a valid heartbeat (then status.json's owner is used). */
export function parseHeartbeat(text: string): Required<RunOwner> | null {
  try {
    const r = heartbeatSchema.safeParse(JSON.parse(text));
    return r.success ? { pid: r.data.pid, hostname: r.data.hostname, heartbeat_at: r.data.heartbeat_at } : null;
  } catch {
    return null;
  }
}

/** The text of a heartbeat file. */
export function heartbeatText(owner: Required<RunOwner>): string {
  return `${JSON.stringify({ pid: owner.pid, hostname: owner.hostname, heartbeat_at: owner.heartbeat_at })}\n`;
}

/** "3 s", "4 min", "5 h", "2 days": an age for messages. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 120 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

/** Everything `judgeOwnership` looks at, read from the run folder by the store. */
export interface OwnershipFacts {
  status: string;
  /** status.json's `owner` (the creating process), if recorded. */
  statusOwner: { pid: number; hostname: string } | undefined;
  /** heartbeat.json, when present and valid. */
  heartbeat: Required<RunOwner> | null;
  /** status.json's modification time (ms), for runs from before heartbeats. */
  statusMtimeMs: number | null;
  nowMs: number;
  /** This host's name. */
  host: string;
  /** Whether a pid on this host is running. */
  isAlive: (pid: number) => boolean;
}

/** Decides whether a run has a live owner (see the file's header for the rules). */
export function judgeOwnership(f: OwnershipFacts): RunOwnership {
  if (f.status !== 'queued' && f.status !== 'running') return { state: 'none', reason: `the run is ${f.status}` };
  const where = (o: { pid: number; hostname: string }): string => `process ${o.pid} on ${o.hostname === f.host ? 'this host' : `host ${o.hostname}`}`;
  const hb = f.heartbeat;
  if (hb) {
    const owner: RunOwner = { ...hb };
    if (hb.hostname === f.host && !f.isAlive(hb.pid)) return { state: 'abandoned', owner, reason: `${where(hb)} is gone` };
    const age = f.nowMs - Date.parse(hb.heartbeat_at);
    if (age > STALE_AFTER_MS) return { state: 'abandoned', owner, reason: `no heartbeat from ${where(hb)} for ${formatAge(age)}` };
    return { state: 'live', owner, reason: `${where(hb)} (heartbeat ${formatAge(age)} ago)` };
  }
  const o = f.statusOwner;
  if (!o) return { state: 'abandoned', reason: 'no owner recorded' };
  const owner: RunOwner = { pid: o.pid, hostname: o.hostname };
  if (o.hostname === f.host) {
    return f.isAlive(o.pid) ? { state: 'live', owner, reason: `${where(o)} (still running)` } : { state: 'abandoned', owner, reason: `${where(o)} is gone` };
  }
  const age = f.statusMtimeMs === null ? Number.POSITIVE_INFINITY : f.nowMs - f.statusMtimeMs;
  if (age > STALE_AFTER_MS) {
    const since = Number.isFinite(age) ? ` and status.json has not changed for ${formatAge(age)}` : '';
    return { state: 'abandoned', owner, reason: `${where(o)} left no heartbeat${since}` };
  }
  return { state: 'live', owner, reason: `${where(o)} (no heartbeat; status.json changed ${formatAge(age)} ago)` };
}

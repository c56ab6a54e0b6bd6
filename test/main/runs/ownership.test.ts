/**
 * Ownership of queued and running runs on runs folders shared between processes and
 * machines: heartbeats, `ownership`, `markInterrupted`, the guarded `delete`, and
 * `recover`. The clock and the host name are injected, so nothing sleeps; the
 * second-process tests use a real child process that owns a run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  HEARTBEAT_MS,
  RunStore,
  RunStoreError,
  STALE_AFTER_MS,
  type RunStoreFs,
  type RunStoreOptions,
} from '../../../src-main/runs/index.js';
import { writeFileAtomic } from '../../../src-main/data/atomic.js';
import { environment, errno, model, options, scratchDirs } from './fixtures.js';

const { fresh } = scratchDirs('gl-owner-');
const T0 = Date.parse('2025-03-01T12:00:00Z');
const HOST = hostname();

/** A store whose clock reads `clock.ms`, on host `host`, where only the pids in `alive` run. */
function storeAt(dir: string, clock: { ms: number }, extra: RunStoreOptions = {}): RunStore {
  let k = 0;
  return new RunStore(dir, {
    now: () => new Date(clock.ms),
    randomHex: () => (k++).toString(16).padStart(4, '0'),
    isAlive: (pid) => pid === process.pid,
    ...extra,
  });
}

const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('queued runs and the owner record', () => {
  it('create({ status: "queued" }) stores a queued run, listed and loaded as queued', () => {
    const store = storeAt(fresh(), { ms: T0 });
    const run = store.create({ model, environment, options, status: 'queued' });
    expect(readJson(join(run.dir, 'status.json')).status).toBe('queued');
    expect(store.list()[0]!.status).toBe('queued');
    expect(store.load(run.id).status.status).toBe('queued');
    expect(store.load(run.id).warnings).toEqual([]);
  });

  it('create defaults to running and refuses other statuses', () => {
    const store = storeAt(fresh(), { ms: T0 });
    expect(store.load(store.create({ model, environment, options }).id).status.status).toBe('running');
    expect(() => store.create({ model, environment, options, status: 'completed' as never })).toThrow(/create: status must be "queued" or "running"/);
  });

  it('the owner records pid, host and a first heartbeat at creation', () => {
    const store = storeAt(fresh(), { ms: T0 }, { hostname: 'lab-07' });
    const run = store.create({ model, environment, options, status: 'queued' });
    expect(readJson(join(run.dir, 'status.json')).owner).toEqual({ pid: process.pid, hostname: 'lab-07', heartbeat_at: '2025-03-01T12:00:00.000Z' });
    expect(HEARTBEAT_MS).toBe(5000);
    expect(STALE_AFTER_MS).toBe(30_000);
  });
});

describe('startHeartbeat', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refreshes heartbeat.json every HEARTBEAT_MS while the run is running, and stops on its own once it ends', () => {
    vi.useFakeTimers();
    const clock = { ms: T0 };
    const store = storeAt(fresh(), clock);
    const run = store.create({ model, environment, options });
    const errors: RunStoreError[] = [];
    const stop = store.startHeartbeat(run.id, (e) => errors.push(e));
    const hb = join(run.dir, 'heartbeat.json');
    expect(existsSync(hb)).toBe(false);
    clock.ms += HEARTBEAT_MS;
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(readJson(hb)).toEqual({ pid: process.pid, hostname: HOST, heartbeat_at: new Date(T0 + HEARTBEAT_MS).toISOString() });
    // Well past the first beat, the run is still live because the beats go on.
    for (let i = 0; i < 10; i++) {
      clock.ms += HEARTBEAT_MS;
      vi.advanceTimersByTime(HEARTBEAT_MS);
    }
    expect(clock.ms - T0).toBeGreaterThan(STALE_AFTER_MS);
    expect(store.ownership(run.id).state).toBe('live');
    store.setStatus(run.id, { status: 'completed' });
    const last = readFileSync(hb, 'utf8');
    clock.ms += 3 * HEARTBEAT_MS;
    vi.advanceTimersByTime(3 * HEARTBEAT_MS);
    expect(readFileSync(hb, 'utf8')).toBe(last);
    expect(vi.getTimerCount()).toBe(0);
    expect(errors).toEqual([]);
    stop();
  });

  it('keeps a queued run alive too, and the stop function ends the beats', () => {
    vi.useFakeTimers();
    const clock = { ms: T0 };
    const store = storeAt(fresh(), clock);
    const run = store.create({ model, environment, options, status: 'queued' });
    const stop = store.startHeartbeat(run.id);
    clock.ms += HEARTBEAT_MS;
    vi.advanceTimersByTime(HEARTBEAT_MS);
    const beat = readJson(join(run.dir, 'heartbeat.json')).heartbeat_at;
    expect(beat).toBe(new Date(T0 + HEARTBEAT_MS).toISOString());
    stop();
    stop();
    clock.ms += 10 * HEARTBEAT_MS;
    vi.advanceTimersByTime(10 * HEARTBEAT_MS);
    expect(readJson(join(run.dir, 'heartbeat.json')).heartbeat_at).toBe(beat);
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each(['ENOSPC', 'EACCES'])('a write failing with %s calls onError once, with a RunStoreError naming heartbeat.json, and stops', (code) => {
    vi.useFakeTimers();
    const fs: Partial<RunStoreFs> = {
      writeFileAtomic: (file, data) => {
        if (file.endsWith('heartbeat.json')) throw errno(code, file);
        writeFileAtomic(file, data);
      },
    };
    const store = storeAt(fresh(), { ms: T0 }, { fs });
    const run = store.create({ model, environment, options });
    const errors: RunStoreError[] = [];
    store.startHeartbeat(run.id, (e) => errors.push(e));
    vi.advanceTimersByTime(5 * HEARTBEAT_MS);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(RunStoreError);
    expect(errors[0]!.message).toMatch(new RegExp(`^heartbeat: heartbeat\\.json: cannot write \\(${code}\\) in ${run.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the run folder vanishing calls onError with ENOENT', () => {
    vi.useFakeTimers();
    const store = storeAt(fresh(), { ms: T0 });
    const run = store.create({ model, environment, options });
    const errors: RunStoreError[] = [];
    store.startHeartbeat(run.id, (e) => errors.push(e));
    rmSync(run.dir, { recursive: true });
    vi.advanceTimersByTime(2 * HEARTBEAT_MS);
    expect(errors.map((e) => e.code)).toEqual(['ENOENT']);
  });
});

describe('ownership', () => {
  type Case = {
    name: string;
    status?: 'queued' | 'running' | 'completed' | 'failed';
    beat?: { pid: number; hostname: string; ageMs: number } | null;
    owner?: { pid: number; hostname: string } | null;
    statusAgeMs?: number;
    state: 'live' | 'abandoned' | 'none';
    reason?: RegExp;
  };
  const dead = 999_999;
  const cases: Case[] = [
    { name: 'fresh heartbeat, live pid on this host', beat: { pid: process.pid, hostname: HOST, ageMs: 3000 }, state: 'live', reason: /on this host \(heartbeat 3 s ago\)/ },
    { name: 'fresh heartbeat, dead pid on this host', beat: { pid: dead, hostname: HOST, ageMs: 1000 }, state: 'abandoned', reason: /process 999999 on this host is gone/ },
    { name: 'stale heartbeat, live pid on this host (a reused pid)', beat: { pid: process.pid, hostname: HOST, ageMs: STALE_AFTER_MS + 1 }, state: 'abandoned', reason: /no heartbeat from/ },
    { name: 'fresh heartbeat on another host', beat: { pid: dead, hostname: 'lab-07', ageMs: 10_000 }, state: 'live', reason: /process 999999 on host lab-07 \(heartbeat 10 s ago\)/ },
    { name: 'stale heartbeat on another host', beat: { pid: 12, hostname: 'lab-07', ageMs: 45_000 }, state: 'abandoned', reason: /no heartbeat from process 12 on host lab-07 for 45 s/ },
    { name: 'a queued run with a stale heartbeat', status: 'queued', beat: { pid: 12, hostname: 'lab-07', ageMs: 3_600_000 }, state: 'abandoned', reason: /for 60 min/ },
    { name: 'a completed run', status: 'completed', beat: { pid: process.pid, hostname: HOST, ageMs: 0 }, state: 'none' },
    { name: 'a failed run with a stale heartbeat', status: 'failed', beat: { pid: 12, hostname: 'lab-07', ageMs: 99_000_000 }, state: 'none' },
    // Runs from before heartbeats: status.json's owner without heartbeat_at, no heartbeat.json.
    { name: 'older format, live pid on this host', beat: null, owner: { pid: process.pid, hostname: HOST }, state: 'live' },
    { name: 'older format, dead pid on this host', beat: null, owner: { pid: dead, hostname: HOST }, state: 'abandoned' },
    { name: 'older format, other host, status.json changed recently', beat: null, owner: { pid: 1, hostname: 'lab-07' }, statusAgeMs: 5000, state: 'live', reason: /no heartbeat; status\.json changed 5 s ago/ },
    { name: 'older format, other host, status.json old', beat: null, owner: { pid: 1, hostname: 'lab-07' }, statusAgeMs: STALE_AFTER_MS + 5000, state: 'abandoned', reason: /left no heartbeat and status\.json has not changed for 35 s/ },
    { name: 'older format, no owner', beat: null, owner: null, state: 'abandoned', reason: /no owner recorded/ },
  ];

  /** A run in the given state, written as the described owner would have left it. */
  function arrange(c: Case, clock: { ms: number }): { store: RunStore; id: string; dir: string } {
    const store = storeAt(fresh(), clock);
    const run = store.create({ model, environment, options, status: c.status === 'queued' ? 'queued' : 'running' });
    const statusFile = join(run.dir, 'status.json');
    const doc = readJson(statusFile);
    if (c.status) doc.status = c.status;
    if (c.owner === null) delete doc.owner;
    else if (c.owner) doc.owner = c.owner;
    if (c.beat === null) delete (doc.owner as Record<string, unknown> | undefined)?.heartbeat_at;
    writeFileSync(statusFile, JSON.stringify(doc));
    if (c.beat) {
      const at = new Date(clock.ms - c.beat.ageMs).toISOString();
      writeFileSync(join(run.dir, 'heartbeat.json'), JSON.stringify({ pid: c.beat.pid, hostname: c.beat.hostname, heartbeat_at: at }));
    }
    const mtime = new Date(clock.ms - (c.statusAgeMs ?? 0));
    utimesSync(statusFile, mtime, mtime);
    return { store, id: run.id, dir: run.dir };
  }

  it.each(cases)('$name → $state', (c) => {
    const clock = { ms: T0 };
    const { store, id } = arrange(c, clock);
    const o = store.ownership(id);
    expect(o.state).toBe(c.state);
    if (c.reason) expect(o.reason).toMatch(c.reason);
    if (c.beat && c.state !== 'none') expect(o.owner).toMatchObject({ pid: c.beat.pid, hostname: c.beat.hostname });
  });

  it.each(cases)('markInterrupted: $name → marked only if abandoned', (c) => {
    const clock = { ms: T0 };
    const { store, id } = arrange(c, clock);
    const before = store.load(id).status.status;
    expect(store.markInterrupted()).toEqual(c.state === 'abandoned' ? [id] : []);
    const after = store.load(id).status;
    if (c.state === 'abandoned') expect(after).toMatchObject({ status: 'failed', error: 'interrupted', finished_at: new Date(T0).toISOString() });
    else expect(after.status).toBe(before);
  });

  it('a run created by this process is live until its first heartbeat is STALE_AFTER_MS old, then abandoned', () => {
    const clock = { ms: T0 };
    const store = storeAt(fresh(), clock);
    const run = store.create({ model, environment, options });
    clock.ms = T0 + STALE_AFTER_MS;
    expect(store.ownership(run.id).state).toBe('live');
    clock.ms = T0 + STALE_AFTER_MS + 1;
    expect(store.ownership(run.id)).toMatchObject({ state: 'abandoned', owner: { pid: process.pid, hostname: HOST } });
  });
});

describe('delete refuses a run with a live owner', () => {
  it('a running run owned by this process: refused, with pid, host and heartbeat age', () => {
    const clock = { ms: T0 };
    const store = storeAt(fresh(), clock);
    const run = store.create({ model, environment, options });
    clock.ms += 3000;
    expect(() => store.delete(run.id)).toThrow(RunStoreError);
    expect(() => store.delete(run.id)).toThrow(`delete: run ${run.id} is being trained by process ${process.pid} on this host (heartbeat 3 s ago); stop it there first`);
    expect(existsSync(run.dir)).toBe(true);
  });

  it('a queued run owned by another host: refused, naming the host', () => {
    const clock = { ms: T0 };
    const remote = storeAt(fresh(), clock, { hostname: 'lab-07' });
    const run = remote.create({ model, environment, options, status: 'queued' });
    const local = storeAt(remote.dir, clock);
    expect(() => local.delete(run.id)).toThrow(`delete: run ${run.id} is queued for training by process ${process.pid} on host lab-07 (heartbeat 0 s ago); stop it there first`);
    expect(existsSync(run.dir)).toBe(true);
  });

  it('an abandoned run (stale heartbeat) is marked interrupted, then deleted', () => {
    const clock = { ms: T0 };
    const store = storeAt(fresh(), clock, { hostname: 'lab-07' });
    const run = store.create({ model, environment, options });
    const marks: string[] = [];
    const local = storeAt(store.dir, clock, {
      fs: {
        writeFileAtomic: (file, data) => {
          marks.push(`${file.split('/').pop()}: ${String(data).includes('"interrupted"')}`);
          writeFileAtomic(file, data);
        },
      },
    });
    clock.ms += STALE_AFTER_MS + 1000;
    local.delete(run.id);
    expect(marks).toEqual(['status.json: true']);
    expect(existsSync(run.dir)).toBe(false);
    expect(local.list()).toEqual([]);
  });

  it('a finished run is deleted whoever owned it', () => {
    const clock = { ms: T0 };
    const store = storeAt(fresh(), clock);
    const run = store.create({ model, environment, options });
    store.setStatus(run.id, { status: 'stopped' });
    store.delete(run.id);
    expect(existsSync(run.dir)).toBe(false);
  });
});

describe('a real second process owning a run', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const script = join(here, 'helpers', 'owner-process.ts');
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  function startOwner(dir: string, mode: 'stay' | 'exit'): Promise<{ child: ChildProcess; id: string; exited: Promise<number | null> }> {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) resolve({ child, id: line.trim(), exited });
      });
      child.on('exit', (code) => reject(new Error(`owner process exited (${code}) before printing a run id: ${err}`)));
    });
  }

  async function until(check: () => boolean, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('its live run cannot be deleted from here; once it is killed, it can', async () => {
    const dir = fresh();
    const { child, id, exited } = await startOwner(dir, 'stay');
    const hb = join(dir, id, 'heartbeat.json');
    // The child's beats arrive (every 50 ms there), with its pid.
    await until(() => existsSync(hb) && readJson(hb).pid === child.pid);
    const first = readJson(hb).heartbeat_at as string;
    await until(() => readJson(hb).heartbeat_at !== first);

    const store = new RunStore(dir);
    expect(store.ownership(id)).toMatchObject({ state: 'live', owner: { pid: child.pid, hostname: HOST } });
    expect(() => store.delete(id)).toThrow(new RegExp(`^delete: run ${id} is being trained by process ${child.pid} on this host \\(heartbeat \\d+ s ago\\); stop it there first$`));
    expect(store.markInterrupted()).toEqual([]);
    // Seen from another machine the pid means nothing, the heartbeat decides: live now…
    const remote = new RunStore(dir, { hostname: 'another-machine' });
    expect(() => remote.delete(id)).toThrow(`on host ${HOST}`);
    // …and abandoned when the clock is far past the last beat.
    const later = new RunStore(dir, { hostname: 'another-machine', now: () => new Date(Date.now() + 10 * STALE_AFTER_MS) });
    expect(later.ownership(id).state).toBe('abandoned');
    expect(existsSync(join(dir, id))).toBe(true);

    child.kill('SIGKILL');
    await exited;
    expect(store.ownership(id)).toMatchObject({ state: 'abandoned', reason: `process ${child.pid} on this host is gone` });
    store.delete(id);
    expect(existsSync(join(dir, id))).toBe(false);
    expect(store.list()).toEqual([]);
  });

  it('the heartbeat timer does not keep its process alive; the run it left is recovered from here', async () => {
    const dir = fresh();
    const { id, exited } = await startOwner(dir, 'exit');
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running'), 15_000))]);
    expect(code).toBe(0);
    const store = new RunStore(dir);
    expect(store.load(id).status.status).toBe('running');
    expect(store.recover()).toEqual({ interrupted: [id], swept: [], problems: [] });
    expect(store.load(id).status).toMatchObject({ status: 'failed', error: 'interrupted' });
  });
});

describe('recover', () => {
  it('marks abandoned runs interrupted and sweeps stale temp files, leaving live runs and young temps', () => {
    const clock = { ms: T0 };
    const dir = fresh();
    const live = storeAt(dir, clock).create({ model, environment, options });
    const gone = storeAt(dir, clock, { hostname: 'lab-07' }).create({ model, environment, options, status: 'queued' });
    const store = storeAt(dir, clock);
    // The remote owner stopped beating a minute ago; ours beat just now.
    writeFileSync(join(gone.dir, 'heartbeat.json'), JSON.stringify({ pid: 5, hostname: 'lab-07', heartbeat_at: new Date(T0 - 60_000).toISOString() }));
    const oldTemp = join(live.dir, 'status.json.tmp-1-aaaaaaaa');
    const youngTemp = join(live.dir, 'status.json.tmp-2-bbbbbbbb');
    const oldDir = join(dir, `${live.id}.tmp-1-cccccccc`);
    writeFileSync(oldTemp, 'x');
    writeFileSync(youngTemp, 'x');
    mkdirSync(oldDir);
    const twoHoursAgo = new Date(T0 - 2 * 3600_000);
    utimesSync(oldTemp, twoHoursAgo, twoHoursAgo);
    utimesSync(oldDir, twoHoursAgo, twoHoursAgo);
    const recent = new Date(T0 - 60_000);
    utimesSync(youngTemp, recent, recent);

    const report = store.recover();
    expect(report.interrupted).toEqual([gone.id]);
    expect(report.swept.sort()).toEqual([oldDir, oldTemp].sort());
    expect(report.problems).toEqual([]);
    expect(existsSync(youngTemp)).toBe(true);
    expect(store.load(live.id).status.status).toBe('running');
    expect(store.load(gone.id).status).toMatchObject({ status: 'failed', error: 'interrupted' });
  });

  it('never throws: an unreadable runs folder is reported in problems', () => {
    const parent = fresh();
    mkdirSync(parent);
    writeFileSync(join(parent, 'runs'), 'a file, not a folder');
    const report = new RunStore(join(parent, 'runs')).recover();
    expect(report.interrupted).toEqual([]);
    expect(report.swept).toEqual([]);
    expect(report.problems.join('\n')).toMatch(/runs folder: cannot read \(ENOTDIR\)/);
  });

  it('a run it cannot mark (status.json write fails) is reported, and the others are still marked', () => {
    const clock = { ms: T0 };
    const dir = fresh();
    const a = storeAt(dir, clock, { hostname: 'lab-07' }).create({ model, environment, options });
    const b = storeAt(dir, { ms: T0 + 1000 }, { hostname: 'lab-07' }).create({ model, environment, options });
    clock.ms += 10 * STALE_AFTER_MS;
    const store = storeAt(dir, clock, {
      fs: {
        writeFileAtomic: (file, data) => {
          if (file.startsWith(a.dir)) throw errno('EACCES', file);
          writeFileAtomic(file, data);
        },
      },
    });
    const report = store.recover();
    expect(report.interrupted).toEqual([b.id]);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(/^setStatus: status\.json: cannot write \(EACCES\)/);
  });
});

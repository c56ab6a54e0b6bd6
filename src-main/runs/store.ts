/**
 * The run store: one folder per training run under a runs directory.
 *
 *   <runs>/<id>/model.json        the model document, as trained
 *              /environment.json  backend, versions, machine
 *              /status.json       lifecycle (replaced atomically)
 *              /heartbeat.json    the owner's latest heartbeat while queued or running (heartbeat.ts)
 *              /metrics.jsonl     epoch and batch records, append-only
 *              /weights/          TF.js layers model (model.json + weights.bin)
 *              /meta.json         name, tags and note from the runs view (meta.ts)
 *   <runs>/.trash/<id>            runs deleted in the runs view, until the next session (trash.ts)
 *
 * Several processes use it at once (the app, the CLI, training processes, a lab
 * server, possibly on other machines sharing the folder), so every whole-file
 * write is temp-file-and-rename, appends are single whole lines, and readers
 * tolerate what a crash can leave behind.
 *
 * Failures: every method throws a RunStoreError (never a raw fs error) whose
 * message names the method, the file and the OS code, and a failed write leaves
 * the files as they were: a failed `create` leaves no folder, a failed append is
 * cut back to the last whole line. A damaged run never breaks `list` or `load`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { RunMeta } from '../../src-shared/runs/types.js';
import type { RunStudyTag } from '../../src-shared/wizard/types.js';
import type {
  MetricRecord,
  RunEnvironment,
  RunOptionsRecord,
  RunRecord,
  RunStatusRecord,
  RunSummary,
} from '../../src-shared/training/run.js';
import { tempName } from '../data/atomic.js';
import { HEARTBEAT_FILE, HEARTBEAT_MS, heartbeatText, judgeOwnership, parseHeartbeat, type RunOwner, type RunOwnership } from './heartbeat.js';
import { checkRunId, makeRunId, RunStoreError } from './ids.js';
import { asStoreError, capError, fsError, io, renameWith, withDefaults, type RunStoreFs } from './io.js';
import { checkMetaPatch, emptyMeta, META_FILE, metaProblemText, metaText, parseMeta, type MetaPatch } from './meta.js';
import { parseMetrics } from './metrics-file.js';
import { damagedStatus, damagedSummary, describe, ENV_FILE, METRICS_FILE, MODEL_FILE, readStatus, readText, runFolderNames, STATUS_FILE } from './read.js';
import { parseEnvironment, parseStatus, parseStoredModel, type RunStatusPatch } from './schema.js';
import { SummaryReader } from './summarize.js';
import { emptyTrash, moveToTrash, restoreFromTrash, stale, trashedIds } from './trash.js';
import { fileKind, inspectWeights, readWeights, writeWeights, type WeightArtifacts } from './weights.js';

/** What `create` needs. `model` may be the document's text (stored with its key order) or the object. */
export interface CreateRunInput {
  model: ModelSpec | string;
  environment: RunEnvironment;
  options: RunOptionsRecord;
  /** `queued` for a run waiting for a training slot; default `running`. */
  status?: 'queued' | 'running';
  /** The study the run is a fold of, recorded in status.json. */
  study?: RunStudyTag;
  /** The run whose weights this one starts from, recorded in status.json. */
  continued_from?: string;
}

/** A created run: its id and folder, with the store's per-run methods bound to it. */
export interface RunHandle {
  readonly id: string;
  readonly dir: string;
  appendMetric(record: MetricRecord): void;
  setStatus(patch: RunStatusPatch): RunStatusRecord;
  saveWeights(artifacts: WeightArtifacts): void;
}

/** What `recover` did: runs marked interrupted, temp entries removed, and runs it could not mark (messages). */
export interface RecoveryReport {
  interrupted: string[];
  swept: string[];
  problems: string[];
}

/** Injectable clock, randomness, host, liveness check and file system (tests); defaults are the real ones. */
export interface RunStoreOptions {
  now?: () => Date;
  /** 4 hex digits for the id's suffix. */
  randomHex?: () => string;
  /** Whether a process id on this host is still running. */
  isAlive?: (pid: number) => boolean;
  /** `generatedBy` of saved weights when the artifacts carry none. */
  generatedBy?: string;
  /** This machine's host name (default `os.hostname()`): tests play a second machine with it. */
  hostname?: string;
  /** The fs calls writes go through; those left out are the real ones (fault injection in tests). */
  fs?: Partial<RunStoreFs>;
  /** Heartbeat interval in ms (default HEARTBEAT_MS). */
  heartbeatMs?: number;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Runs on disk: create, record, list, load, delete, and who owns a run. Methods
 * are synchronous, throw only RunStoreError and never leave half-written files.
 */
export class RunStore {
  readonly dir: string;
  private readonly now: () => Date;
  private readonly randomHex: (() => string) | undefined;
  private readonly isAlive: (pid: number) => boolean;
  private readonly generatedBy: string;
  private readonly host: string;
  private readonly fs: RunStoreFs;
  private readonly heartbeatMs: number;
  private readonly reader: SummaryReader;

  constructor(dir: string, opts: RunStoreOptions = {}) {
    this.dir = dir;
    this.now = opts.now ?? (() => new Date());
    this.randomHex = opts.randomHex;
    this.isAlive = opts.isAlive ?? processAlive;
    this.generatedBy = opts.generatedBy ?? 'Gradient Lab';
    this.host = opts.hostname ?? osHostname();
    this.fs = withDefaults(opts.fs);
    this.heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
    this.reader = new SummaryReader(dir, () => this.now().getTime());
  }

  /** Folder of a run (the id is checked first, so no path can escape the runs directory). */
  runDir(id: string): string {
    checkRunId(id);
    return join(this.dir, id);
  }

  /**
   * Creates a run folder with model.json, environment.json and status.json
   * (status `running` unless `input.status` is `queued`; not yet started), owned by
   * this process: status.json's `owner` holds its pid, host and first heartbeat.
   * The folder is assembled under a temp name and renamed, so `list` never sees a
   * run without its files, and a failed write leaves neither folder nor temp.
   */
  create(input: CreateRunInput): RunHandle {
    const op = 'create';
    const model: unknown = typeof input.model === 'string' ? parseModelText(input.model) : input.model;
    const initial = input.status ?? 'running';
    if (initial !== 'queued' && initial !== 'running') {
      throw new RunStoreError(`create: status must be "queued" or "running". Received: status=${JSON.stringify(initial)}`);
    }
    const name = (model as { name?: unknown }).name;
    io(op, 'runs folder', 'create', this.dir, () => this.fs.mkdirSync(this.dir, { recursive: true }));
    const at = this.now();
    for (let attempt = 0; ; attempt++) {
      const id = makeRunId(typeof name === 'string' ? name : 'model', at, this.randomHex?.());
      const dir = join(this.dir, id);
      if (existsSync(dir)) {
        if (attempt >= 20) throw new RunStoreError(`create: could not find a free run id after ${attempt} tries (last: ${id})`);
        continue;
      }
      const status: RunStatusRecord = {
        status: initial,
        created_at: at.toISOString(),
        started_at: null,
        finished_at: null,
        options: { ...input.options },
        owner: { pid: process.pid, hostname: this.host, heartbeat_at: at.toISOString() },
        ...(input.study ? { study: { ...input.study } } : {}),
        ...(input.continued_from ? { continued_from: input.continued_from } : {}),
      };
      const tmp = tempName(dir);
      io(op, 'run folder', 'create', this.dir, () => this.fs.mkdirSync(tmp));
      let renaming = false;
      try {
        // Messages name the run's final folder: the temp name means nothing to the reader.
        io(op, MODEL_FILE, 'write', dir, () => this.fs.writeFileAtomic(join(tmp, MODEL_FILE), json(model)));
        io(op, ENV_FILE, 'write', dir, () => this.fs.writeFileAtomic(join(tmp, ENV_FILE), json(input.environment)));
        io(op, STATUS_FILE, 'write', dir, () => this.fs.writeFileAtomic(join(tmp, STATUS_FILE), json(status)));
        renaming = true;
        io(op, 'run folder', 'rename into place', this.dir, () => renameWith(this.fs, tmp, dir));
      } catch (err) {
        this.quietRm(tmp);
        // Lost a race for the same id with another process: try another suffix.
        if (renaming && existsSync(dir) && attempt < 20) continue;
        throw err;
      }
      return this.handle(id);
    }
  }

  /** The per-run methods bound to an existing run. */
  handle(id: string): RunHandle {
    const dir = this.existingRunDir(id);
    return {
      id,
      dir,
      appendMetric: (record) => this.appendMetric(id, record),
      setStatus: (patch) => this.setStatus(id, patch),
      saveWeights: (artifacts) => this.saveWeights(id, artifacts),
    };
  }

  /**
   * Appends one record to metrics.jsonl as a single whole line (one write call).
   * If the write fails part-way (disk full), the file is cut back to its earlier
   * length, so it never ends in half a line that the next append would garble.
   */
  appendMetric(id: string, record: MetricRecord): void {
    const dir = this.existingRunDir(id);
    const file = join(dir, METRICS_FILE);
    let before: number | null = null;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new RunStoreError(`appendMetric: ${METRICS_FILE} is not a regular file (in ${dir})`);
      before = st.size;
    } catch (err) {
      if (err instanceof RunStoreError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError('appendMetric', METRICS_FILE, 'read', dir, err);
    }
    try {
      this.fs.appendFileSync(file, `${JSON.stringify(record)}\n`);
    } catch (err) {
      try {
        if (before === null) this.fs.rmSync(file, { force: true });
        else this.fs.truncateSync(file, before);
      } catch {
        // the folder is gone or read-only: nothing we could cut back
      }
      throw fsError('appendMetric', METRICS_FILE, 'append to', dir, err);
    }
  }

  /**
   * Merges `patch` into status.json and replaces it atomically; returns the new
   * status. Keys whose value is undefined are left as they were; an `error` longer
   * than MAX_ERROR_CHARS is cut (with a "… (truncated)" marker).
   */
  setStatus(id: string, patch: RunStatusPatch): RunStatusRecord {
    const dir = this.existingRunDir(id);
    const file = join(dir, STATUS_FILE);
    let current: RunStatusRecord;
    try {
      current = readStatus(file);
    } catch (err) {
      throw asStoreError('setStatus', dir, err);
    }
    const next = { ...current } as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) next[key] = key === 'error' && typeof value === 'string' ? capError(value) : value;
    }
    // Check what we write as strictly as what we read: a bad patch must not corrupt the run.
    let checked: RunStatusRecord;
    try {
      checked = parseStatus(JSON.stringify(next));
    } catch (err) {
      throw asStoreError('setStatus', dir, err);
    }
    io('setStatus', STATUS_FILE, 'write', dir, () => this.fs.writeFileAtomic(file, json(checked)));
    return checked;
  }

  /** Replaces environment.json (the backend is known only once training starts). */
  setEnvironment(id: string, environment: RunEnvironment): void {
    const dir = this.existingRunDir(id);
    io('setEnvironment', ENV_FILE, 'write', dir, () => this.fs.writeFileAtomic(join(dir, ENV_FILE), json(environment)));
  }

  /** Saves the trained weights as a TF.js layers model under `<run>/weights/`, replacing any earlier ones (kept if the save fails). */
  saveWeights(id: string, artifacts: WeightArtifacts): void {
    const dir = this.existingRunDir(id);
    try {
      writeWeights(dir, artifacts, this.generatedBy, this.fs);
    } catch (err) {
      throw asStoreError('saveWeights', dir, err);
    }
  }

  /** The saved weights as tfjs artifacts (`tf.io.fromMemory(...)`), or null if none were saved; damaged weights are an error. */
  readWeights(id: string): ReturnType<typeof readWeights> {
    const dir = this.existingRunDir(id);
    try {
      return readWeights(dir);
    } catch (err) {
      throw asStoreError('readWeights', dir, err);
    }
  }

  /** Ids of the run folders, in no particular order; temp and stray entries are skipped. */
  ids(): string[] {
    try {
      return runFolderNames(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw fsError('list', 'runs folder', 'read', this.dir, err);
    }
  }

  /**
   * Summaries of all runs, newest first. Never throws for a damaged run: `damaged`
   * names the bad files and `error` says what is wrong with them (summarize.ts says
   * which damage lists a run as `failed`), and the others still show. Files are read
   * once and kept by their stat signature: a re-list re-reads only what changed.
   */
  list(): RunSummary[] {
    const ids = this.ids();
    this.reader.retain(ids);
    return ids
      .map((id) => this.summaryOf(id))
      .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.id.localeCompare(a.id)));
  }

  /** One run's row of `list`. Throws RunStoreError for a bad id or a missing run. */
  summary(id: string): RunSummary {
    this.existingRunDir(id);
    return this.summaryOf(id);
  }

  /** The run's meta.json (defaults when there is none). A damaged one throws RunStoreError naming the file. */
  readMeta(id: string): RunMeta {
    const dir = this.existingRunDir(id);
    const file = join(dir, META_FILE);
    if (fileKind(file) === 'missing') return emptyMeta();
    try {
      return parseMeta(readText(file));
    } catch (err) {
      throw asStoreError('readMeta', dir, err);
    }
  }

  /**
   * Renames, tags or annotates a run: merges `patch` into meta.json (fields left out
   * are unchanged; `name: null` shows the model's name again) and replaces the file
   * atomically. The patch is checked first (checkMetaPatch: names trimmed, tags
   * de-duplicated); a bad one is a RunStoreError naming the field, and nothing is written.
   * A damaged meta.json is replaced, starting from the defaults. Allowed while the run
   * trains: the training never writes meta.json. Returns the new meta.
   */
  updateMeta(id: string, patch: MetaPatch): RunMeta {
    const dir = this.existingRunDir(id);
    const checked = checkMetaPatch(patch);
    if (!checked.ok) throw new RunStoreError(`updateMeta: ${metaProblemText(checked.problem)}`);
    let current: RunMeta;
    try {
      current = this.readMeta(id);
    } catch {
      current = emptyMeta();
    }
    const next: RunMeta = { ...current, ...checked.patch };
    io('updateMeta', META_FILE, 'write', dir, () => this.fs.writeFileAtomic(join(dir, META_FILE), metaText(next)));
    return next;
  }

  private summaryOf(id: string): RunSummary {
    try {
      return this.reader.summary(id);
    } catch (err) {
      // Not expected (the reader catches per file), but one run must never hide the others.
      this.reader.forget(id);
      return damagedSummary(id, 'run folder', describe(err));
    }
  }

  /**
   * Everything stored for a run. Throws only for a bad id or a missing run; a
   * damaged file gives null (status: a `failed` stand-in; weights: none) and a
   * warning naming the file.
   */
  load(id: string): RunRecord {
    const dir = this.existingRunDir(id);
    const warnings: string[] = [];
    const attempt = <T>(read: () => T): T | null => {
      try {
        return read();
      } catch (err) {
        warnings.push(describe(err));
        return null;
      }
    };
    const model = attempt(() => parseStoredModel(readText(join(dir, MODEL_FILE))));
    const environment = attempt(() => parseEnvironment(readText(join(dir, ENV_FILE))));
    const status = attempt(() => readStatus(join(dir, STATUS_FILE))) ?? damagedStatus(id, warnings.at(-1) ?? 'status.json is damaged');
    const metricsFile = join(dir, METRICS_FILE);
    const metrics = attempt(() => (fileKind(metricsFile) === 'missing' ? '' : readText(metricsFile, Number.POSITIVE_INFINITY))) ?? '';
    const parsed = parseMetrics(metrics);
    warnings.push(...parsed.warnings);
    const weights = inspectWeights(dir);
    if (weights.state === 'damaged') warnings.push(weights.problem);
    // Only checked here: the rename, tags and note reach the view through `list`/`summary`.
    if (fileKind(join(dir, META_FILE)) !== 'missing') attempt(() => parseMeta(readText(join(dir, META_FILE))));
    return {
      id,
      model,
      environment,
      status,
      epochs: parsed.epochs,
      batches: parsed.batches,
      has_weights: weights.state === 'ok',
      warnings,
    };
  }

  /**
   * Who owns a run: 'none' when it is not queued or running (or its status.json is
   * unreadable); for a queued or running run 'live' or 'abandoned' by the rules in
   * heartbeat.ts (pid on this host, heartbeat age on any host).
   */
  ownership(id: string): RunOwnership {
    return this.judge(this.existingRunDir(id));
  }

  /**
   * Keeps the heartbeat of a run this process owns: every `heartbeatMs` (HEARTBEAT_MS)
   * it rewrites heartbeat.json with this process's pid, host and the time. The timer
   * is unref'd (it never keeps the process alive) and stops by itself once the run is
   * no longer queued or running. A failed write stops it and calls `onError` once.
   * Returns the function that stops it (safe to call more than once). Throws
   * RunStoreError at once for a bad id or a missing run.
   */
  startHeartbeat(id: string, onError?: (err: RunStoreError) => void): () => void {
    const dir = this.existingRunDir(id);
    let timer: ReturnType<typeof setInterval> | undefined;
    const stop = (): void => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const beat = (): void => {
      if (timer === undefined) return;
      try {
        if (!this.stillActive(dir)) {
          stop();
          return;
        }
        this.writeHeartbeat(dir);
      } catch (err) {
        stop();
        onError?.(asStoreError('heartbeat', dir, err));
      }
    };
    timer = setInterval(beat, this.heartbeatMs);
    timer.unref?.();
    return stop;
  }

  /**
   * Deletes a run's folder. Unknown ids are an error, so a typo can't silently
   * "succeed"; so is a run with a live owner (this or any other process, on any
   * host): it must be stopped there first. An abandoned queued or running run is
   * first marked failed/interrupted. The folder is renamed aside before it is
   * removed, so a removal that fails half-way never leaves a damaged run in the list.
   */
  delete(id: string): void {
    const dir = this.existingRunDir(id);
    this.releaseForRemoval('delete', id, dir);
    const aside = tempName(dir);
    io('delete', 'run folder', 'move aside for removal', this.dir, () => renameWith(this.fs, dir, aside));
    // Out of the list already; a removal that fails now only leaves a temp folder for sweepTemps.
    this.quietRm(aside);
  }

  /**
   * Moves a run to the runs folder's trash (`<runs>/.trash/<id>`, trash.ts), from which
   * `restore` brings it back until the trash is emptied (`emptyTrash`, next session).
   * Refused like `delete` for an unknown id or a run with a live owner; an abandoned
   * queued or running run is first marked failed/interrupted.
   */
  trash(id: string): void {
    const dir = this.existingRunDir(id);
    this.releaseForRemoval('trash', id, dir);
    moveToTrash(this.dir, id, this.fs, { pid: process.pid, hostname: this.host, trashed_at: this.now().toISOString() });
    this.reader.forget(id);
  }

  /**
   * Brings a trashed run back. RunStoreError when it is not in the trash or a run of
   * that id exists again (nothing is overwritten).
   */
  restore(id: string): void {
    checkRunId(id);
    restoreFromTrash(this.dir, id, this.fs);
    this.reader.forget(id);
  }

  /** Ids of the runs in the trash, in no particular order. */
  trashed(): string[] {
    return trashedIds(this.dir);
  }

  /**
   * Empties the trash of what no live session can still undo: runs trashed by a process
   * of this host that has ended, or on another host more than a day ago (trash.ts'
   * `stale`). For the services to call when they open a runs folder. Never throws;
   * returns the ids removed.
   */
  emptyTrash(): string[] {
    const here = { host: this.host, nowMs: this.now().getTime(), isAlive: this.isAlive };
    return emptyTrash(this.dir, this.fs, (mark) => stale(mark, here));
  }

  /**
   * Recovery from any process (a second app, a lab server, the CLI, on any host
   * sharing the folder): every queued or running run whose owner is abandoned
   * (see `ownership`) becomes `failed` with error "interrupted". Runs with a live
   * owner are left alone. Returns the ids it changed; runs it cannot change
   * (read-only folder, damage) are skipped, see `recover` for their messages.
   */
  markInterrupted(): string[] {
    return this.interruptAbandoned().interrupted;
  }

  /**
   * Startup recovery, for the services to call once when they open a runs folder:
   * `markInterrupted` plus `sweepTemps`. Never throws: what it could not do is
   * in `problems` (e.g. an unreadable runs folder).
   */
  recover(): RecoveryReport {
    const problems: string[] = [];
    let interrupted: string[] = [];
    try {
      const r = this.interruptAbandoned();
      interrupted = r.interrupted;
      problems.push(...r.problems);
    } catch (err) {
      problems.push(describe(err));
    }
    return { interrupted, swept: this.sweepTemps(), problems };
  }

  /**
   * Removes temp files and folders (`*.tmp-*`) older than `maxAgeMs` that crashed
   * writers left behind. Young ones may belong to a writer that is still busy.
   */
  sweepTemps(maxAgeMs = 60 * 60 * 1000): string[] {
    const removed: string[] = [];
    const cutoff = this.now().getTime() - maxAgeMs;
    const sweep = (dir: string): void => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names) {
        const path = join(dir, name);
        if (!name.includes('.tmp-')) continue;
        try {
          if (statSync(path).mtimeMs < cutoff) {
            this.fs.rmSync(path, { recursive: true, force: true });
            removed.push(path);
          }
        } catch {
          // vanished meanwhile (its writer finished), or not removable: left for the next start
        }
      }
    };
    sweep(this.dir);
    let ids: string[] = [];
    try {
      ids = this.ids();
    } catch {
      // unreadable runs folder: nothing to sweep
    }
    for (const id of ids) sweep(join(this.dir, id));
    return removed;
  }

  /** Refuses (`op`) a run with a live owner; marks an abandoned queued or running one failed/interrupted first. */
  private releaseForRemoval(op: string, id: string, dir: string): void {
    const owner = this.judge(dir);
    if (owner.state === 'live') {
      const doing = this.statusOf(dir) === 'queued' ? 'is queued for training by' : 'is being trained by';
      throw new RunStoreError(`${op}: run ${id} ${doing} ${owner.reason ?? 'a live process'}; stop it there first`);
    }
    if (owner.state === 'abandoned') {
      try {
        this.markIfActive(id);
      } catch {
        // the folder goes anyway; if it cannot, the rename that follows says why
      }
    }
  }

  private existingRunDir(id: string): string {
    const dir = this.runDir(id);
    if (!isDir(dir)) throw new RunStoreError(`run id: no run ${JSON.stringify(id)} in ${this.dir}`);
    return dir;
  }

  private quietRm(path: string): void {
    try {
      this.fs.rmSync(path, { recursive: true, force: true });
    } catch {
      // a temp name: sweepTemps removes it at the next start
    }
  }

  private statusOf(dir: string): string | null {
    try {
      return readStatus(join(dir, STATUS_FILE)).status;
    } catch {
      return null;
    }
  }

  /** False once the run is known to be neither queued nor running (an unreadable status keeps the beat going). */
  private stillActive(dir: string): boolean {
    const s = this.statusOf(dir);
    return s === null || s === 'queued' || s === 'running';
  }

  private writeHeartbeat(dir: string): void {
    const beat: Required<RunOwner> = { pid: process.pid, hostname: this.host, heartbeat_at: this.now().toISOString() };
    io('heartbeat', HEARTBEAT_FILE, 'write', dir, () => this.fs.writeFileAtomic(join(dir, HEARTBEAT_FILE), heartbeatText(beat)));
  }

  private judge(dir: string): RunOwnership {
    const statusFile = join(dir, STATUS_FILE);
    let status: RunStatusRecord;
    try {
      status = readStatus(statusFile);
    } catch (err) {
      return { state: 'none', reason: describe(err) };
    }
    let heartbeat: Required<RunOwner> | null = null;
    const hbFile = join(dir, HEARTBEAT_FILE);
    if (fileKind(hbFile) === 'file') {
      try {
        heartbeat = parseHeartbeat(readFileSync(hbFile, 'utf8'));
      } catch {
        heartbeat = null;
      }
    }
    // No refreshed beat yet: the first one, written by `create` into status.json.
    const o = status.owner;
    if (!heartbeat && o?.heartbeat_at !== undefined && !Number.isNaN(Date.parse(o.heartbeat_at))) {
      heartbeat = { pid: o.pid, hostname: o.hostname, heartbeat_at: o.heartbeat_at };
    }
    let statusMtimeMs: number | null = null;
    try {
      statusMtimeMs = statSync(statusFile).mtimeMs;
    } catch {
      statusMtimeMs = null;
    }
    return judgeOwnership({
      status: status.status,
      statusOwner: o ? { pid: o.pid, hostname: o.hostname } : undefined,
      heartbeat,
      statusMtimeMs,
      nowMs: this.now().getTime(),
      host: this.host,
      isAlive: this.isAlive,
    });
  }

  /** Marks a run failed/interrupted if it is still queued or running when we look (its owner may have just finished it). */
  private markIfActive(id: string): boolean {
    const s = this.statusOf(join(this.dir, id));
    if (s !== 'queued' && s !== 'running') return false;
    this.setStatus(id, { status: 'failed', error: 'interrupted', finished_at: this.now().toISOString() });
    return true;
  }

  private interruptAbandoned(): { interrupted: string[]; problems: string[] } {
    const interrupted: string[] = [];
    const problems: string[] = [];
    for (const id of this.ids()) {
      if (this.judge(join(this.dir, id)).state !== 'abandoned') continue;
      try {
        if (this.markIfActive(id)) interrupted.push(id);
      } catch (err) {
        problems.push(describe(err));
      }
    }
    return { interrupted, problems };
  }
}

function parseModelText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RunStoreError(`create: model is not valid JSON (${(err as Error).message})`);
  }
}

function isDir(path: string): boolean {
  return fileKind(path) === 'dir';
}

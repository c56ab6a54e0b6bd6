/**
 * The run store: one folder per training run under a runs directory.
 *
 *   <runs>/<id>/model.json        the model document, as trained
 *              /environment.json  backend, versions, machine
 *              /status.json       lifecycle (replaced atomically)
 *              /metrics.jsonl     epoch and batch records, append-only
 *              /weights/          TF.js layers model (model.json + weights.bin)
 *
 * Several processes use it at once (the app, the CLI, training processes), so
 * every whole-file write is temp-file-and-rename, appends are single whole lines,
 * and readers tolerate what a crash can leave behind.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type {
  MetricRecord,
  RunEnvironment,
  RunOptionsRecord,
  RunRecord,
  RunStatusRecord,
  RunSummary,
} from '../../src-shared/training/run.js';
import { renameRetry, tempName, writeFileAtomic } from '../data/atomic.js';
import { checkRunId, idTimestamp, makeRunId, RUN_ID_PATTERN, RunStoreError } from './ids.js';
import { lastEpoch, parseMetrics } from './metrics-file.js';
import { parseEnvironment, parseStatus, parseStoredModel } from './schema.js';
import { readWeights, WEIGHTS_BIN_FILE, WEIGHTS_DIR, WEIGHTS_MODEL_FILE, writeWeights, type WeightArtifacts } from './weights.js';

const MODEL_FILE = 'model.json';
const ENV_FILE = 'environment.json';
const STATUS_FILE = 'status.json';
const METRICS_FILE = 'metrics.jsonl';

/** What `create` needs. `model` may be the document's text (stored with its key order) or the object. */
export interface CreateRunInput {
  model: ModelSpec | string;
  environment: RunEnvironment;
  options: RunOptionsRecord;
}

/** A created run: its id and folder, with the store's per-run methods bound to it. */
export interface RunHandle {
  readonly id: string;
  readonly dir: string;
  appendMetric(record: MetricRecord): void;
  setStatus(patch: Partial<RunStatusRecord>): RunStatusRecord;
  saveWeights(artifacts: WeightArtifacts): void;
}

/** Injectable clock, randomness and liveness check (tests); defaults are the real ones. */
export interface RunStoreOptions {
  now?: () => Date;
  /** 4 hex digits for the id's suffix. */
  randomHex?: () => string;
  /** Whether a process id on this host is still running. */
  isAlive?: (pid: number) => boolean;
  /** `generatedBy` of saved weights when the artifacts carry none. */
  generatedBy?: string;
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

/** Runs on disk: create, record, list, load, delete. Methods are synchronous and never leave half-written files. */
export class RunStore {
  readonly dir: string;
  private readonly now: () => Date;
  private readonly randomHex: (() => string) | undefined;
  private readonly isAlive: (pid: number) => boolean;
  private readonly generatedBy: string;

  constructor(dir: string, opts: RunStoreOptions = {}) {
    this.dir = dir;
    this.now = opts.now ?? (() => new Date());
    this.randomHex = opts.randomHex;
    this.isAlive = opts.isAlive ?? processAlive;
    this.generatedBy = opts.generatedBy ?? 'Gradient Lab';
  }

  /** Folder of a run (the id is checked first, so no path can escape the runs directory). */
  runDir(id: string): string {
    checkRunId(id);
    return join(this.dir, id);
  }

  /**
   * Creates a run folder with model.json, environment.json and status.json
   * (status `running`, not yet started). The folder is assembled under a temp name
   * and renamed, so `list` never sees a run without its files.
   */
  create(input: CreateRunInput): RunHandle {
    const model: unknown = typeof input.model === 'string' ? parseModelText(input.model) : input.model;
    const name = (model as { name?: unknown }).name;
    mkdirSync(this.dir, { recursive: true });
    const at = this.now();
    for (let attempt = 0; ; attempt++) {
      const id = makeRunId(typeof name === 'string' ? name : 'model', at, this.randomHex?.());
      const dir = join(this.dir, id);
      if (existsSync(dir)) {
        if (attempt >= 20) throw new RunStoreError(`create: could not find a free run id after ${attempt} tries (last: ${id})`);
        continue;
      }
      const status: RunStatusRecord = {
        status: 'running',
        created_at: at.toISOString(),
        started_at: null,
        finished_at: null,
        options: { ...input.options },
        owner: { pid: process.pid, hostname: hostname() },
      };
      const tmp = tempName(dir);
      mkdirSync(tmp);
      try {
        writeFileAtomic(join(tmp, MODEL_FILE), json(model));
        writeFileAtomic(join(tmp, ENV_FILE), json(input.environment));
        writeFileAtomic(join(tmp, STATUS_FILE), json(status));
        renameRetry(tmp, dir);
      } catch (err) {
        rmSync(tmp, { recursive: true, force: true });
        // Lost a race for the same id with another process: try another suffix.
        if (existsSync(dir) && attempt < 20) continue;
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

  /** Appends one record to metrics.jsonl as a single whole line (one write call). */
  appendMetric(id: string, record: MetricRecord): void {
    appendFileSync(join(this.existingRunDir(id), METRICS_FILE), `${JSON.stringify(record)}\n`);
  }

  /**
   * Merges `patch` into status.json and replaces it atomically; returns the new
   * status. Keys whose value is undefined are left as they were.
   */
  setStatus(id: string, patch: Partial<RunStatusRecord>): RunStatusRecord {
    const file = join(this.existingRunDir(id), STATUS_FILE);
    const current = readStatus(file);
    const next = { ...current } as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) next[key] = value;
    }
    // Check what we write as strictly as what we read: a bad patch must not corrupt the run.
    const checked = parseStatus(JSON.stringify(next));
    writeFileAtomic(file, json(checked));
    return checked;
  }

  /** Replaces environment.json (the backend is known only once training starts). */
  setEnvironment(id: string, environment: RunEnvironment): void {
    writeFileAtomic(join(this.existingRunDir(id), ENV_FILE), json(environment));
  }

  /** Saves the trained weights as a TF.js layers model under `<run>/weights/`, replacing any earlier ones. */
  saveWeights(id: string, artifacts: WeightArtifacts): void {
    writeWeights(this.existingRunDir(id), artifacts, this.generatedBy);
  }

  /** The saved weights as tfjs artifacts (`tf.io.fromMemory(...)`), or null if none were saved. */
  readWeights(id: string): ReturnType<typeof readWeights> {
    return readWeights(this.existingRunDir(id));
  }

  /** Ids of the run folders, in no particular order; temp and stray entries are skipped. */
  ids(): string[] {
    let entries: string[];
    try {
      entries = readdirSync(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return entries.filter((name) => RUN_ID_PATTERN.test(name) && isDir(join(this.dir, name)));
  }

  /**
   * Summaries of all runs, newest first. Never throws for a damaged run: it is
   * listed as `failed` with an error naming the bad file, and the others still show.
   */
  list(): RunSummary[] {
    return this.ids()
      .map((id) => this.summarize(id))
      .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.id.localeCompare(a.id)));
  }

  /**
   * Everything stored for a run. Throws only for a bad id or a missing run; a
   * damaged file gives null (status: a `failed` stand-in) and a warning.
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
    const metrics = existsSync(metricsFile)
      ? parseMetrics(readFileSync(metricsFile, 'utf8'))
      : { epochs: [], batches: [], warnings: [] };
    warnings.push(...metrics.warnings);
    return {
      id,
      model,
      environment,
      status,
      epochs: metrics.epochs,
      batches: metrics.batches,
      has_weights: hasWeights(dir),
      warnings,
    };
  }

  /** Deletes a run's folder. Unknown ids are an error, so a typo can't silently "succeed". */
  delete(id: string): void {
    rmSync(this.existingRunDir(id), { recursive: true, force: true });
  }

  /**
   * Startup recovery: runs still `running` whose creating process is gone (crash,
   * power loss) become `failed` with error "interrupted". Runs owned by a live
   * process, or by another host (a shared folder: we can't tell), are left alone.
   * Returns the ids it changed.
   */
  markInterrupted(): string[] {
    const changed: string[] = [];
    for (const id of this.ids()) {
      let status: RunStatusRecord;
      try {
        status = readStatus(join(this.dir, id, STATUS_FILE));
      } catch {
        continue; // damaged: list() already reports it as failed
      }
      if (status.status !== 'running') continue;
      const owner = status.owner;
      if (owner && (owner.hostname !== hostname() || this.isAlive(owner.pid))) continue;
      this.setStatus(id, { status: 'failed', error: 'interrupted', finished_at: this.now().toISOString() });
      changed.push(id);
    }
    return changed;
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
            rmSync(path, { recursive: true, force: true });
            removed.push(path);
          }
        } catch {
          // vanished meanwhile: its writer finished
        }
      }
    };
    sweep(this.dir);
    for (const id of this.ids()) sweep(join(this.dir, id));
    return removed;
  }

  private existingRunDir(id: string): string {
    const dir = this.runDir(id);
    if (!isDir(dir)) throw new RunStoreError(`run id: no run ${JSON.stringify(id)} in ${this.dir}`);
    return dir;
  }

  private summarize(id: string): RunSummary {
    const dir = join(this.dir, id);
    const problems: string[] = [];
    let status: RunStatusRecord | null = null;
    let model: ModelSpec | null = null;
    try {
      status = readStatus(join(dir, STATUS_FILE));
    } catch (err) {
      problems.push(describe(err));
    }
    try {
      model = parseStoredModel(readText(join(dir, MODEL_FILE)));
    } catch (err) {
      problems.push(describe(err));
    }
    let last = null;
    try {
      last = existsSync(join(dir, METRICS_FILE)) ? lastEpoch(join(dir, METRICS_FILE)) : null;
    } catch (err) {
      problems.push(describe(err));
    }
    const s = status ?? damagedStatus(id, problems.join('; '));
    const summary: RunSummary = {
      id,
      name: model?.name ?? null,
      dataset: model?.dataset ?? null,
      status: problems.length > 0 ? 'failed' : s.status,
      created_at: s.created_at,
      started_at: s.started_at,
      finished_at: s.finished_at,
      options: status ? s.options : null,
      epochs_done: last?.epoch ?? 0,
      last_val_accuracy: last && Number.isFinite(last.val_accuracy) ? last.val_accuracy : null,
      has_weights: hasWeights(dir),
    };
    const error = problems.length > 0 ? problems.join('; ') : s.error;
    if (error !== undefined) summary.error = error;
    if (s.test_accuracy !== undefined) summary.test_accuracy = s.test_accuracy;
    if (s.test_loss !== undefined) summary.test_loss = s.test_loss;
    return summary;
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
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Reads a run file; a missing one is reported by name (a half-written or damaged folder). */
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const base = file.split(/[\\/]/).pop();
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${base} is missing`);
    throw new Error(`${base} cannot be read (${(err as Error).message})`);
  }
}

function readStatus(file: string): RunStatusRecord {
  return parseStatus(readText(file));
}

function hasWeights(dir: string): boolean {
  return existsSync(join(dir, WEIGHTS_DIR, WEIGHTS_MODEL_FILE)) && existsSync(join(dir, WEIGHTS_DIR, WEIGHTS_BIN_FILE));
}

/** A stand-in status for a run whose status.json can't be used. */
function damagedStatus(id: string, error: string): RunStatusRecord {
  return {
    status: 'failed',
    created_at: idTimestamp(id),
    started_at: null,
    finished_at: null,
    error,
    options: { epochs: 0, batch_size: 0, limit: null, seed: 0, backend: 'unknown' },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

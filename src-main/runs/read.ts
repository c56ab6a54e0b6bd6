/**
 * Reading a run's files the way the store and the runs list both need: a missing
 * file, a folder in a file's place or an oversized file is reported by name, and
 * nothing read is trusted without its schema check (schema.ts).
 */
import { readdirSync, readFileSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { RunStatusRecord, RunSummary } from '../../src-shared/training/run.js';
import { idTimestamp, RUN_ID_PATTERN } from './ids.js';
import { capError } from './io.js';
import { parseStatus } from './schema.js';

/** The run files' names inside a run folder. */
export const MODEL_FILE = 'model.json';
export const ENV_FILE = 'environment.json';
export const STATUS_FILE = 'status.json';
export const METRICS_FILE = 'metrics.jsonl';

/** Larger JSON files are not read: no run file is legitimately this big, and listing must stay fast. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

/**
 * Reads a run file; a missing one, a folder in its place or one too large to be
 * ours (`maxBytes`; metrics.jsonl has no limit) is reported by name. `known`: the
 * file's stat when the caller just took it (the list stats every file anyway).
 */
export function readText(file: string, maxBytes = MAX_JSON_BYTES, known?: Stats): string {
  const base = file.split(/[\\/]/).pop();
  try {
    // A folder (or a fifo, which would block) in a file's place is damage, not something to open.
    const st = known ?? statSync(file);
    if (!st.isFile()) throw new Error(`${base} is not a regular file`);
    if (st.size > maxBytes) throw new Error(`${base} is too large (${st.size} bytes)`);
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    if (code === 'ENOENT') throw new Error(`${base} is missing`);
    throw new Error(`${base} cannot be read (${code})`);
  }
}

/** Reads status.json; a stored error longer than MAX_ERROR_CHARS is cut on the way in (files written by older or foreign code). */
export function readStatus(file: string, known?: Stats): RunStatusRecord {
  const status = parseStatus(readText(file, MAX_JSON_BYTES, known));
  if (status.error !== undefined) status.error = capError(status.error);
  return status;
}

/** A stand-in status for a run whose status.json can't be used. */
export function damagedStatus(id: string, error: string): RunStatusRecord {
  return {
    status: 'failed',
    created_at: idTimestamp(id),
    started_at: null,
    finished_at: null,
    error: capError(error),
    options: { epochs: 0, batch_size: 0, limit: null, seed: 0, backend: 'unknown' },
  };
}

/** A list row for a run that could not be summarized at all. */
export function damagedSummary(id: string, file: string, error: string): RunSummary {
  return {
    id,
    name: null,
    dataset: null,
    status: 'failed',
    created_at: idTimestamp(id),
    started_at: null,
    finished_at: null,
    options: null,
    epochs_done: 0,
    last_val_accuracy: null,
    has_weights: false,
    error: capError(error),
    damaged: file,
  };
}

/** An error's message, or the value as text. */
export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Names of the run folders in `dir` (run ids; temp names, files and other folders are
 * skipped). Entry types come with the listing; only links and entries without a type
 * (some network file systems) cost a stat. Throws the fs error of an unreadable folder.
 */
export function runFolderNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => RUN_ID_PATTERN.test(e.name) && isFolder(dir, e))
    .map((e) => e.name);
}

function isFolder(dir: string, e: Dirent): boolean {
  if (e.isDirectory()) return true;
  if (e.isFile()) return false;
  try {
    return statSync(join(dir, e.name)).isDirectory();
  } catch {
    return false;
  }
}

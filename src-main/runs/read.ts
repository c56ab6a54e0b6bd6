/**
 * Reading a run's files the way the store and the runs list both need: a missing
 * file, a folder in a file's place or an oversized file is reported by name, and
 * nothing read is trusted without its schema check (schema.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import type { RunStatusRecord, RunSummary } from '../../src-shared/training/run.js';
import { idTimestamp } from './ids.js';
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
 * ours (`maxBytes`; metrics.jsonl has no limit) is reported by name.
 */
export function readText(file: string, maxBytes = MAX_JSON_BYTES): string {
  const base = file.split(/[\\/]/).pop();
  try {
    // A folder (or a fifo, which would block) in a file's place is damage, not something to open.
    const st = statSync(file);
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
export function readStatus(file: string): RunStatusRecord {
  const status = parseStatus(readText(file));
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

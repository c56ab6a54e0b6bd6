/**
 * Types of the runs view, run comparison and classroom archives (issue 10), shared by the
 * run store, the services, the CLI's `runs` and `diff` commands and the renderer.
 */
import type { RunStartAnswerQueue } from '../training/queue.js';
import type { RunOptions } from '../training/run-options.js';

/** `meta.json` of a run: what the student adds to it afterwards (rename, tags, a note). */
export interface RunMeta {
  /** A name given in the runs view; null: the model's name is shown. */
  name: string | null;
  tags: string[];
  note: string;
}

/** Bounds of what `runs:update` accepts. */
export const RUN_META_LIMITS = { name: 200, tag: 40, tags: 20, note: 4000 } as const;

/** Tags: letters, digits, `-`, `_`, `.`, `:` (no spaces: the CLI takes them as arguments). */
export const TAG_PATTERN = /^[\p{L}\p{N}_.:-]{1,40}$/u;

/** `runs:update`: fields left out are unchanged. */
export interface RunUpdateRequest {
  run_id: string;
  name?: string | null;
  tags?: string[];
  note?: string;
}

/** `runs:continue`: train a finished run's weights for more epochs, as a new run. */
export interface RunContinueRequest {
  run_id: string;
  epochs: number;
}

/** Answer of `runs:rerun` / `runs:continue`: the new run, as `runs:start` answers. */
export type RunStartAnswer = { run_id: string; options: RunOptions } & RunStartAnswerQueue;

/** `runs:export-python`: the Keras script and the trained weights as `.npz` (base64), for a download. */
export interface PythonExport {
  /** Base of the file names, e.g. `20261126-134500-leaky-relu-1a2b` (→ `.py`, `.npz`). */
  file_base: string;
  script: string;
  npz_base64: string;
}

/** Bounds of archives (export and import). */
export const ARCHIVE_LIMITS = {
  /** Runs in one export. */
  runs: 500,
  /** Largest archive imported, in bytes (as uploaded). */
  archive_bytes: 64 * 1024 * 1024,
  /** Largest single entry once inflated. */
  entry_bytes: 128 * 1024 * 1024,
  /** Largest total once inflated (a decompression bomb stops here). */
  total_bytes: 1024 * 1024 * 1024,
  /** Most entries. */
  entries: 20_000,
} as const;

/** `runs:export`. */
export interface RunExportRequest {
  run_ids: string[];
  weights: boolean;
}

/** An archive for a download. */
export interface RunExportResponse {
  /** e.g. `gradient-lab-runs-20261130-021500.zip`. */
  file_name: string;
  data_base64: string;
  bytes: number;
  runs: number;
}

/** `runs:import`: an archive uploaded by the user. */
export interface RunImportRequest {
  file_name: string;
  data_base64: string;
}

/** What an import did: each run's id in the archive and the id it got (renamed when it collided). */
export interface RunImportResponse {
  imported: { from: string; to: string }[];
}

/** One change between two model documents (`diff`). */
export interface ModelChange {
  /** `layers[*].activation`, `preprocess`, `training.optimizer.learning_rate`, or `layers[*]` for an inserted/removed layer. */
  path: string;
  from: unknown;
  to: unknown;
  /** Inclusive 0-based range of `layers` indexes the change covers (in the second document for changed and inserted layers, in the first for removed ones); absent for model-level fields. */
  layers?: [number, number];
  /** `changed` (a field's value), `inserted` or `removed` (whole layers). */
  kind: 'changed' | 'inserted' | 'removed';
}

/** What `diff A B --json` prints (without `kind`, which the CLI keeps out of its JSON). */
export interface ModelDiff {
  changes: ModelChange[];
}

/** Pushed when the runs folder changed on disk (a run added, finished, deleted, renamed by anyone). */
export interface RunsChangedEvent {
  /** How many runs the folder holds now. */
  count: number;
}

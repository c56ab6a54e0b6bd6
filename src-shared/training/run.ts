/**
 * What the run store keeps for each training run (one folder per run) and what it
 * returns when runs are listed or opened. Plain JSON shapes, snake_case keys.
 */
import type { ThreadLimit } from './threads.js';
import type { DatasetId } from '../model/ids.js';
import type { ModelSpec } from '../model/spec.js';
import type { BatchSample, EpochMetrics, RunStatus } from './metrics.js';
import type { RunStudyTag } from '../wizard/types.js';

/** One backend the training process tried, and why it was (not) taken. */
export interface BackendAttemptRecord {
  name: string;
  ok: boolean;
  reason: string;
}

/** `environment.json`: what a run was trained on, so two runs can be compared honestly. */
export interface RunEnvironment {
  /** Active tfjs backend (`tensorflow`, `wasm`, `cpu`, …); null until the training process reports it. */
  backend: string | null;
  backend_requested: string | null;
  /** Every backend tried, in order, with its reason: the "backend reasons". */
  backend_attempts: BackendAttemptRecord[];
  tfjs_version: string | null;
  app_version: string;
  node_version: string;
  electron_version: string | null;
  platform: string;
  arch: string;
  cpu_model: string;
  cpu_count: number;
  /** Total physical memory in bytes. */
  memory_bytes: number;
  hostname: string;
  /** Most threads the run trained on at once (data-parallel replicas included); absent in runs recorded before threads existed. */
  threads?: number;
  /** Why the run used fewer threads than its share of the cores, if it did (see training/threads.ts). */
  thread_limit?: ThreadLimit;
}

/** The options a run was started with (CLI flags override the model's `training`). */
export interface RunOptionsRecord {
  epochs: number;
  batch_size: number;
  /** First N training images only; null = all. */
  limit: number | null;
  seed: number;
  /** Requested backend preference, e.g. `auto` or `wasm`. */
  backend: string;
}

/** `status.json`: the run's lifecycle. Timestamps are ISO 8601 UTC strings. */
export interface RunStatusRecord {
  status: RunStatus;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Why the run failed (or which file of it is damaged); at most 4096 characters, longer ones end in "… (truncated)". */
  error?: string;
  diverged_at?: { epoch: number; step: number };
  /**
   * Early stopping ended the run (status completed): the last epoch trained, the best epoch by
   * val_loss and whether its weights were restored (they are the saved weights then).
   */
  early_stopped?: { epoch: number; best_epoch: number; restored: boolean };
  /** Null when the value was not finite (JSON has no NaN). */
  test_accuracy?: number | null;
  test_loss?: number | null;
  options: RunOptionsRecord;
  /**
   * Process that created the run: lets recovery tell a crashed run from one still
   * training. `heartbeat_at` is the owner's first heartbeat (at creation); later
   * ones go to the run's heartbeat.json (src-main/runs/heartbeat.ts). Runs from
   * before heartbeats have none.
   */
  owner?: { pid: number; hostname: string; heartbeat_at?: string };
  /** The study the run is a fold of (a cross-validation study); absent for a plain run. */
  study?: RunStudyTag;
  /** Set in a copy imported from an archive made without weights: the missing weights/ folder is not damage. */
  weights_left_out?: boolean;
  /** The run whose saved weights this run started from (`runs:continue`); absent for a fresh start. */
  continued_from?: string;
}

/** A line of `metrics.jsonl`: an epoch or a throttled batch sample, tagged by `type`. */
export type MetricRecord = ({ type: 'epoch' } & EpochMetrics) | ({ type: 'batch' } & BatchSample);

/** A row of the runs list: enough to show and sort runs without reading their metrics in full. */
export interface RunSummary {
  id: string;
  /** Model name and dataset from model.json; null when model.json is damaged. */
  name: string | null;
  dataset: DatasetId | null;
  status: RunStatus;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** As in status.json (capped at 4096 characters), or what is damaged. */
  error?: string;
  test_accuracy?: number | null;
  test_loss?: number | null;
  options: RunOptionsRecord | null;
  /** Last finished epoch (0 if none) and its validation accuracy. */
  epochs_done: number;
  last_val_accuracy: number | null;
  has_weights: boolean;
  /**
   * Set when part of the run folder is damaged: the damaged files, comma-separated
   * (e.g. `metrics.jsonl` or `weights/weights.bin`), and `error` says what is wrong with
   * each. Damage to status.json, model.json, metrics.jsonl or the weight files lists the
   * run as `failed`; damage beside the record (environment.json, meta.json, or `weights`
   * missing from a completed run) keeps its status.
   */
  damaged?: string;
  /** The study the run is a fold of, as in status.json; absent for a plain run. */
  study?: RunStudyTag;
  /** From meta.json (the runs view's rename, tags and note). */
  display_name?: string | null;
  tags?: string[];
  note?: string;
  /** Highest validation accuracy over the finished epochs. */
  best_val_accuracy?: number | null;
  /** finished_at − started_at, in seconds; null while running or when unknown. */
  duration_seconds?: number | null;
  /** The backend that trained it (environment.json). */
  backend?: string | null;
  /** Distinct activations and kernel initializers of the hidden dense layers (for filtering), e.g. ['leaky_relu'], ['he_normal']. */
  activations?: string[];
  initializers?: string[];
  /** The run this one continued from (`runs:continue`), if any. */
  continued_from?: string;
}

/** Everything stored for one run. Damaged parts are null (or empty) and explained in `warnings`. */
export interface RunRecord {
  id: string;
  model: ModelSpec | null;
  environment: RunEnvironment | null;
  status: RunStatusRecord;
  epochs: EpochMetrics[];
  batches: BatchSample[];
  has_weights: boolean;
  /** Human-readable problems found while reading, e.g. a truncated last metrics line. */
  warnings: string[];
}

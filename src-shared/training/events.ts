/**
 * Events a training run pushes while it runs. The training service emits them, the
 * IPC contract carries them unchanged, and the renderer and CLI consume them.
 */
import type { BatchSample, EpochMetrics, RunStatus } from './metrics.js';

/** Which backend trains and why the others were skipped (see src-main/engine/backend.ts). */
export interface BackendInfoPayload {
  active: string;
  requested: string;
  attempts: { name: string; ok: boolean; reason: string }[];
}

/** Throttled progress: the latest batch loss, fraction done in [0, 1] and the ETA in seconds (null until measurable). */
export interface RunProgressEvent {
  run_id: string;
  sample: BatchSample;
  fraction: number;
  elapsed_seconds: number;
  eta_seconds: number | null;
}

/** One finished epoch with its layer diagnostics. */
export interface RunEpochEvent {
  run_id: string;
  metrics: EpochMetrics;
}

/** The backend the run's training process picked. */
export interface RunBackendEvent {
  run_id: string;
  backend: BackendInfoPayload;
}

/** A run ended: completed, stopped, diverged (with where) or failed (with why). */
export interface RunFinishedEvent {
  run_id: string;
  status: Exclude<RunStatus, 'running' | 'queued'>;
  test_loss: number | null;
  test_accuracy: number | null;
  diverged_at: { epoch: number; step: number } | null;
  error: string | null;
}

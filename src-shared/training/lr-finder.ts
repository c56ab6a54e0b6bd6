/**
 * The learning-rate finder's request and answer (IPC `lr:find`, the trainer's `lr-find`
 * command, CLI `lr-find --json`): the loss of one short pass whose learning rate grows
 * exponentially from min_rate to max_rate, and the suggested rate.
 */
import type { RunOptions } from './run-options.js';

/** Bounds and defaults of the finder, shared by the IPC schema, the CLI and the engine. */
export const LR_FIND_LIMITS = {
  min_rate: 1e-6,
  max_rate: 10,
  default_min_rate: 1e-5,
  default_max_rate: 1,
  min_steps: 10,
  max_steps: 2000,
  default_steps: 200,
} as const;

/** `lr:find` request: the model document (as in `runs:start`), run options (batch size, seed, limit, dataset, backend), and the sweep. */
export interface LrFindRequest {
  model: unknown;
  options: Partial<RunOptions>;
  min_rate?: number;
  max_rate?: number;
  steps?: number;
}

/** One step of the sweep. */
export interface LrFindPoint {
  learning_rate: number;
  /**
   * The step's minibatch loss, and its exponentially smoothed value (what is plotted). The
   * step that blew up may hold NaN or ±Infinity (smoothed: NaN); JSON has neither, so over the
   * lab WebSocket and in CLI `--json` they arrive as null.
   */
  loss: number;
  smoothed_loss: number;
}

/** The sweep's outcome. */
export interface LrFindResult {
  points: LrFindPoint[];
  /** The suggested learning rate (null when the loss never fell), and the rate at the lowest smoothed loss. */
  suggested_rate: number | null;
  min_loss_rate: number | null;
  /** True when the sweep stopped before max_rate because the loss blew up (> 4× its minimum, or NaN). */
  stopped_early: boolean;
  backend: string;
  batch_size: number;
}

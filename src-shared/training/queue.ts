/**
 * The training queue as clients see it: at most N trainings run at once, further
 * starts wait as `queued` runs (already in the run store) and start in order.
 */

/** A queued run's place changed (1 = next to start). Sent for every queued run whenever the queue moves. */
export interface RunQueuedEvent {
  run_id: string;
  position: number;
}

/** A run left the queue (or never waited) and its training process is starting. */
export interface RunStartedEvent {
  run_id: string;
  /** ISO 8601 UTC. */
  started_at: string;
}

/** What `runs:start` answers: the run exists on disk and is training, or waiting at `position`. */
export interface RunStartAnswerQueue {
  status: 'queued' | 'running';
  /** 1-based place in the queue; null when it is training. */
  position: number | null;
}

/** Trainings at once that a settings panel or `--max-concurrent-runs` may choose. */
export const MAX_CONCURRENT_RUNS_LIMIT = 64;
/** Jobs per lab client that `--max-runs-per-client` may allow. */
export const MAX_RUNS_PER_CLIENT_LIMIT = 100;

/**
 * A lab client's identity: one browser session (the lab page keeps it in
 * sessionStorage across reconnects and reloads). Not a secret, only a name for
 * per-client limits; the token guards access.
 */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** The client every desktop window (and the CLI) counts as: one person at one machine. */
export const LOCAL_CLIENT = 'local';

/**
 * Default number of trainings at once for a machine with `cores` CPU cores: one core
 * stays free for the app and the UI. Example: 8 → 7, 2 → 1, 1 → 1.
 */
export function defaultMaxConcurrent(cores: number): number {
  return Math.max(1, cores - 1);
}

/** A run of the asking client that is training or queued (`runs:mine`), so a reloaded page finds its own run again. */
export interface MyActiveRun {
  run_id: string;
  status: 'queued' | 'running';
  /** 1-based place in the queue; null when it is training. */
  position: number | null;
}

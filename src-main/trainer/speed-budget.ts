/**
 * How long the speed measurement times each candidate. Apart from activation-speed.ts
 * (which loads tfjs) so that the main side can size its timeout from it without
 * loading tfjs into the app's main process.
 */

/** How long one candidate is measured: step counts bound the time for small models, the ms budgets for large ones. */
export interface SpeedBudget {
  /** Untimed steps first: the first ones compile kernels and allocate the optimizer's slots. */
  warmup_steps: number;
  min_steps: number;
  max_steps: number;
  /** Timed training steps stop once they have taken this long (after `min_steps`), in ms. */
  train_ms: number;
  min_inferences: number;
  max_inferences: number;
  /** Timed inference passes stop once they have taken this long (after `min_inferences`), in ms. */
  inference_ms: number;
  /**
   * Memory the candidates measured side by side may take for their parameters, in bytes:
   * all eight at once for a model of up to ~5M parameters, fewer for larger ones.
   */
  group_param_bytes: number;
}

/**
 * The default budget: ~1.5 s of steps and ~1 s of inference per candidate at most, so
 * eight candidates of a 100-layer model stay under half a minute; a 300-100 MLP stops at
 * `max_steps` and `max_inferences` well before that.
 */
export const SPEED_BUDGET: SpeedBudget = {
  warmup_steps: 3,
  min_steps: 5,
  max_steps: 30,
  train_ms: 1500,
  min_inferences: 5,
  max_inferences: 20,
  inference_ms: 1000,
  group_param_bytes: 512 * 2 ** 20,
};

/** Backends the user can ask for; `auto` tries tfjs-node-gpu → tfjs-node → wasm → cpu. */
export const BACKEND_PREFERENCES = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

/** Options of one run (they override the model document's `training` section). */
export interface RunOptions {
  epochs: number;
  batch_size: number;
  seed: number;
  /** Train on the first N training images only; validation and test stay fixed. */
  limit: number | null;
  backend: BackendPreference;
}

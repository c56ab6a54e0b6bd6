/** Shared inputs and helpers for the run store tests (not a test file itself). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import type { EpochMetrics } from '../../../src-shared/training/metrics.js';
import type { RunEnvironment, RunOptionsRecord } from '../../../src-shared/training/run.js';

export const model: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'Deep SELU net',
  dataset: 'fashion-mnist',
  preprocess: 'standardize',
  layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }],
  training: { optimizer: { name: 'sgd', learning_rate: 0.01 }, epochs: 2, batch_size: 32, seed: 42 },
};

export const environment: RunEnvironment = {
  backend: 'wasm',
  backend_requested: 'auto',
  backend_attempts: [{ name: 'wasm', ok: true, reason: 'loaded' }],
  tfjs_version: '4.22.0',
  app_version: '0.1.0',
  node_version: '20.20.2',
  electron_version: null,
  platform: 'linux',
  arch: 'x64',
  cpu_model: 'Test CPU',
  cpu_count: 2,
  memory_bytes: 8e9,
  hostname: 'test-host',
};

export const options: RunOptionsRecord = { epochs: 2, batch_size: 32, limit: 1000, seed: 42, backend: 'auto' };

export function epoch(e: number, valAccuracy = 0.5 + e / 100): EpochMetrics {
  return {
    epoch: e,
    loss: 1 / e,
    accuracy: 0.5,
    val_loss: 0.9,
    val_accuracy: valAccuracy,
    seconds: 1.5,
    layers: [],
  };
}

/** Two float32 tensors: a 2×3 kernel and a bias of 3 (36 bytes). */
export const weightSpecs = [
  { name: 'dense/kernel', shape: [2, 3], dtype: 'float32' },
  { name: 'dense/bias', shape: [3], dtype: 'float32' },
];
export const weightValues = Float32Array.from([1, 2, 3, 4, 5, 6, 0.5, -0.5, 0.25]);

/** A scratch folder removed after the file's tests; `fresh()` gives a new path inside it each call. */
export function scratchDirs(prefix: string): { fresh: () => string } {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  let n = 0;
  return { fresh: () => join(scratch, `r${n++}`) };
}

/** An fs error as node throws it. */
export function errno(code: string, path = ''): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated failure, '${path}'`), { code, path });
}

/** Every path under `dir` (relative), recursively, sorted: to compare a folder before and after. */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      out.push(r);
      if (statSync(path).isDirectory()) walk(path, r);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** Contents of every file under `dir`, keyed by relative path. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of tree(dir)) {
    const path = join(dir, rel);
    if (statSync(path).isFile()) out[rel] = readFileSync(path).toString('base64');
  }
  return out;
}

/**
 * A run for Python: the Keras script of its model (issue 5's generator) plus its trained
 * weights as `.npz`, so a student can continue training in Keras where the run stopped.
 *
 * The order of the arrays is the contract: `model.set_weights(list)` takes them layer by
 * layer in `model.weights` order (Dense: kernel, bias; BatchNormalization: gamma, beta,
 * moving_mean, moving_variance; PReLU: alpha). TF.js saves the same tensors in another
 * order (all trainable ones first, so the moving statistics come last), which is why they
 * are matched by name (`dense_2/kernel`, from the engine's layerNames) and never by position.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { denseDefaults, formatModelError, parseModelText, summarizeModel, toKerasScript } from '../../src-shared/model/index.js';
import { assertNever, type LayerSpec, type ModelSpec } from '../../src-shared/model/spec.js';
import type { PythonExport } from '../../src-shared/runs/types.js';
import { layerNames } from '../engine/model-plan.js';
import { ArchiveError } from './archive-error.js';
import type { RunStore } from './store.js';

/** One array `set_weights` expects: its TF.js weight name and its Keras shape. */
export interface KerasWeight {
  name: string;
  shape: number[];
}

/**
 * The weights of `model` in Keras' `get_weights()` order, named as the engine names them.
 * Example: `[flatten, dense(300), batch_normalization, dense(10)]` → `dense_1/kernel [784, 300]`,
 * `dense_1/bias [300]`, `batch_normalization_1/gamma [300]`, …`/moving_variance [300]`, `dense_2/kernel [300, 10]`, `dense_2/bias [10]`.
 */
export function kerasWeightOrder(model: ModelSpec): KerasWeight[] {
  const names = layerNames(model);
  const summary = summarizeModel(model);
  return model.layers.flatMap((layer, i) => {
    const inputShape = [...(summary.layers[i]?.inputShape ?? [])];
    const features = inputShape[inputShape.length - 1] ?? 0;
    return layerWeights(layer, features, inputShape).map((w) => ({ name: `${names[i] as string}/${w.name}`, shape: w.shape }));
  });
}

function layerWeights(layer: LayerSpec, features: number, inputShape: number[]): KerasWeight[] {
  switch (layer.kind) {
    case 'dense': {
      const d = denseDefaults(layer);
      const kernel = { name: 'kernel', shape: [features, d.units] };
      return d.use_bias ? [kernel, { name: 'bias', shape: [d.units] }] : [kernel];
    }
    case 'batch_normalization':
      return ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((name) => ({ name, shape: [features] }));
    case 'prelu':
      // Keras' PReLU learns one slope per input position (no shared axes), as the engine's does.
      return [{ name: 'alpha', shape: inputShape }];
    case 'flatten':
    case 'leaky_relu':
    case 'rrelu':
    case 'elu':
    case 'activation':
    case 'dropout':
    case 'alpha_dropout':
      return [];
    default:
      return assertNever(layer);
  }
}

/**
 * The Python export of a run: `{file_base: '<run id>', script, npz_base64}`. The script is
 * the model's Keras script with the weights loaded from `<file_base>.npz` before training.
 * Throws ArchiveError: `usage` for an unknown run or one without saved weights, `damaged`
 * when its model or weights cannot be used or do not fit each other.
 */
export function pythonExport(store: RunStore, id: string): PythonExport {
  let dir: string;
  let status: string;
  try {
    const record = store.load(id);
    dir = store.runDir(id);
    status = record.status.status;
  } catch {
    throw new ArchiveError('archive.unknown_run', { run_id: id, dir: store.dir }, 'usage');
  }
  const model = readModel(join(dir, 'model.json'), id);
  let artifacts: ReturnType<RunStore['readWeights']>;
  try {
    artifacts = store.readWeights(id);
  } catch (err) {
    throw new ArchiveError('python.weights_damaged', { run_id: id, detail: err instanceof Error ? err.message : String(err) }, 'damaged');
  }
  if (artifacts === null) throw new ArchiveError('python.no_weights', { run_id: id, status }, 'usage');
  const arrays = orderedArrays(model, artifacts.weightSpecs, new Uint8Array(artifacts.weightData), id);
  const npz = zipSync(Object.fromEntries(arrays.map((a, i) => [`arr_${i}.npy`, npy(a.shape, a.data)])), { level: 0 });
  return { file_base: id, script: scriptWithWeights(model, id), npz_base64: Buffer.from(npz).toString('base64') };
}

function readModel(file: string, id: string): ModelSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ArchiveError('python.model_invalid', { run_id: id, detail: `model.json cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` }, 'damaged');
  }
  const r = parseModelText(text);
  if (!r.ok) throw new ArchiveError('python.model_invalid', { run_id: id, detail: r.errors.map(formatModelError).slice(0, 3).join('; ') }, 'damaged');
  return r.model;
}

/** The saved tensors in Keras' order, each checked against the shape the model gives it; a missing, extra or misshapen one is refused by name. */
function orderedArrays(model: ModelSpec, specs: unknown[], data: Uint8Array, id: string): { shape: number[]; data: Uint8Array }[] {
  const mismatch = (detail: string): ArchiveError => new ArchiveError('python.weights_mismatch', { run_id: id, detail }, 'damaged');
  const saved = new Map<string, { shape: number[]; data: Uint8Array }>();
  let offset = 0;
  for (const raw of specs) {
    const s = raw as { name?: unknown; shape?: unknown; dtype?: unknown; quantization?: unknown };
    if (typeof s.name !== 'string' || !Array.isArray(s.shape) || s.dtype !== 'float32' || s.quantization !== undefined) {
      throw mismatch(`weight ${JSON.stringify(s.name)} is not a plain float32 tensor`);
    }
    const shape = s.shape as number[];
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    saved.set(s.name, { shape, data: data.subarray(offset, offset + bytes) });
    offset += bytes;
  }
  if (offset !== data.length) throw mismatch(`the weight specs describe ${offset} bytes but weights.bin has ${data.length}`);
  const wanted = kerasWeightOrder(model);
  const out = wanted.map((w) => {
    const got = saved.get(w.name);
    if (got === undefined) throw mismatch(`weight ${w.name} is missing`);
    if (got.shape.join(',') !== w.shape.join(',')) throw mismatch(`weight ${w.name} has shape [${got.shape.join(', ')}], the model gives it [${w.shape.join(', ')}]`);
    return got;
  });
  const extra = [...saved.keys()].find((name) => !wanted.some((w) => w.name === name));
  if (extra !== undefined) throw mismatch(`weight ${extra} belongs to no layer of the model`);
  return out;
}

/**
 * One array in NumPy's `.npy` format 1.0: magic, version, a header dict padded with spaces
 * to a multiple of 64 bytes, then the data as little-endian float32 in C order (what TF.js
 * saved, on every platform it runs on).
 */
export function npy(shape: readonly number[], data: Uint8Array): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`;
  const prefix = 10;
  const pad = (64 - ((prefix + dict.length + 1) % 64)) % 64;
  const header = `${dict}${' '.repeat(pad)}\n`;
  const out = new Uint8Array(prefix + header.length + data.length);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), prefix);
  out.set(data, prefix + header.length);
  return out;
}

const COMPILE_LINE = '\nmodel.compile(';

/** The Keras script with the run's weights loaded between building the model and training it. */
function scriptWithWeights(model: ModelSpec, id: string): string {
  const script = toKerasScript(model);
  const at = script.indexOf(COMPILE_LINE);
  // The generator always compiles after building; if that ever changes, this must fail loudly, not load weights nowhere.
  if (at < 0) throw new Error('python export: the Keras script has no model.compile( line to load the weights before');
  const load = [
    '',
    `# The weights Gradient Lab trained in run ${id}, saved as ${id}.npz:`,
    '# keep that file next to this script and run the script from that folder.',
    '# Its arrays arr_0, arr_1, … are in model.get_weights() order, so the training',
    '# below continues from them instead of from a fresh initialization.',
    `with np.load(${JSON.stringify(`${id}.npz`)}) as trained:`,
    '    model.set_weights([trained[f"arr_{i}"] for i in range(len(trained.files))])',
  ].join('\n');
  return `${script.slice(0, at)}\n${load}\n${script.slice(at)}`;
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArchiveError } from '../../../src-main/runs/archive-error.js';
import { RunStore } from '../../../src-main/runs/index.js';
import { kerasWeightOrder, npy, pythonExport } from '../../../src-main/runs/python-export.js';
import type { PythonExport } from '../../../src-shared/runs/types.js';
import { scratchDirs } from './fixtures.js';
import { recordPlainRun, recordTrainedRun, trainedModel, trainOnce } from './helpers/trained-runs.js';

const dirs = scratchDirs('gl-pyexport-');
let store: RunStore;
let id: string;
let exported: PythonExport;
/** The trained model's tensors by TF.js weight name, read from the live model. */
const live = new Map<string, { shape: number[]; values: Float32Array }>();

/** Keras' get_weights() order for trainedModel, written out by hand from the Keras docs (not from the code under test). */
const KERAS_ORDER: [string, number[]][] = [
  ['dense_1/kernel', [784, 6]],
  ['dense_1/bias', [6]],
  ['batch_normalization_1/gamma', [6]],
  ['batch_normalization_1/beta', [6]],
  ['batch_normalization_1/moving_mean', [6]],
  ['batch_normalization_1/moving_variance', [6]],
  ['prelu_1/alpha', [6]],
  ['dense_2/kernel', [6, 5]],
  ['dense_3/kernel', [5, 10]],
  ['dense_3/bias', [10]],
];

beforeAll(async () => {
  store = new RunStore(dirs.fresh());
  const trained = await trainOnce();
  for (const layer of trained.result.model.layers) {
    layer.weights.forEach((w, i) => {
      const values = layer.getWeights()[i]!.dataSync() as Float32Array;
      live.set(w.originalName, { shape: w.shape as number[], values: Float32Array.from(values) });
    });
  }
  id = recordTrainedRun(store, trained);
  exported = pythonExport(store, id);
});

/** A minimal reader of NumPy's .npy format 1.0 (what np.save writes and np.load reads). */
function readNpy(bytes: Uint8Array): { shape: number[]; values: Float32Array; headerBytes: number } {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, ...Buffer.from('NUMPY'), 1, 0]);
  const headerLen = bytes[8]! | (bytes[9]! << 8);
  const header = Buffer.from(bytes.subarray(10, 10 + headerLen)).toString('latin1');
  const m = /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(([\d, ]*)\), \} *\n$/.exec(header);
  expect(m, header).not.toBeNull();
  const shape = m![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const data = bytes.slice(10 + headerLen);
  return { shape, values: new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4), headerBytes: 10 + headerLen };
}

describe('pythonExport', () => {
  it('names the files after the run', () => {
    expect(exported.file_base).toBe(id);
  });

  it("writes arr_0.npy … in Keras' get_weights() order, each equal to the trained TF.js tensor", () => {
    const npz = unzipSync(Buffer.from(exported.npz_base64, 'base64'));
    expect(Object.keys(npz)).toEqual(KERAS_ORDER.map((_, i) => `arr_${i}.npy`));
    KERAS_ORDER.forEach(([name, shape], i) => {
      const arr = readNpy(npz[`arr_${i}.npy`]!);
      expect(arr.headerBytes % 64, name).toBe(0);
      expect(arr.shape, name).toEqual(shape);
      const tensor = live.get(name)!;
      expect(tensor.shape, name).toEqual(shape);
      expect(Array.from(arr.values), name).toEqual(Array.from(tensor.values));
    });
    // TF.js keeps the moving statistics last; after training they differ from gamma/beta, so a wrong order would show.
    const bn = (w: string) => Array.from(live.get(`batch_normalization_1/${w}`)!.values);
    expect(new Set([bn('gamma'), bn('beta'), bn('moving_mean'), bn('moving_variance')].map(String)).size).toBe(4);
  });

  it('kerasWeightOrder gives the same list', () => {
    expect(kerasWeightOrder(trainedModel).map((w) => [w.name, w.shape])).toEqual(KERAS_ORDER);
  });

  it('extends the Keras script: the weights are loaded after the model is built and before it is compiled', () => {
    const s = exported.script;
    const built = s.indexOf('model = keras.models.Sequential(');
    const load = s.indexOf(`with np.load("${id}.npz") as trained:`);
    const set = s.indexOf('    model.set_weights([trained[f"arr_{i}"] for i in range(len(trained.files))])');
    const compile = s.indexOf('model.compile(');
    expect(built).toBeGreaterThan(0);
    expect(load).toBeGreaterThan(built);
    expect(set).toBeGreaterThan(load);
    expect(compile).toBeGreaterThan(set);
    expect(s).toContain('keras.layers.PReLU()');
    expect(s).toContain('keras.layers.Dense(5, use_bias=False)');
  });

  it.each([
    [[3], "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"],
    [[2, 3], "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"],
  ])('npy header for shape %j', (shape, dict) => {
    const bytes = npy(shape, new Uint8Array(4 * shape.reduce((a, b) => a * b, 1)));
    const header = Buffer.from(bytes.subarray(10, 10 + (bytes[8]! | (bytes[9]! << 8)))).toString('latin1');
    expect(header.startsWith(dict)).toBe(true);
    expect(header.endsWith('\n')).toBe(true);
    expect((10 + header.length) % 64).toBe(0);
  });
});

const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const hasNumpy = python.status === 0;
const hasPython = python.error === undefined;

describe('in Python', () => {
  it.skipIf(!hasPython)('the script compiles (python3 -m py_compile)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-py-'));
    try {
      writeFileSync(join(dir, `${id}.py`), exported.script);
      const r = spawnSync('python3', ['-m', 'py_compile', join(dir, `${id}.py`)], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasNumpy)('numpy loads the .npz with the shapes and values of the trained tensors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-py-'));
    try {
      writeFileSync(join(dir, `${id}.npz`), Buffer.from(exported.npz_base64, 'base64'));
      // The script's own loading expression, with the model replaced by a list.
      const code = [
        'import json, sys, numpy as np',
        `with np.load(${JSON.stringify(join(dir, `${id}.npz`))}) as trained:`,
        '    arrays = [trained[f"arr_{i}"] for i in range(len(trained.files))]',
        'print(json.dumps([{"dtype": str(a.dtype), "shape": list(a.shape), "values": a.ravel().tolist()} for a in arrays]))',
      ].join('\n');
      const r = spawnSync('python3', ['-c', code], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(r.stderr).toBe('');
      const arrays = JSON.parse(r.stdout) as { dtype: string; shape: number[]; values: number[] }[];
      expect(arrays.map((a) => [a.dtype, a.shape])).toEqual(KERAS_ORDER.map(([, shape]) => ['float32', shape]));
      arrays.forEach((a, i) => expect(a.values, KERAS_ORDER[i]![0]).toEqual(Array.from(live.get(KERAS_ORDER[i]![0])!.values)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pythonExport refuses', () => {
  function refusal(s: RunStore, runId: string): ArchiveError {
    try {
      pythonExport(s, runId);
    } catch (err) {
      if (err instanceof ArchiveError) return err;
      throw err;
    }
    throw new Error('expected a refusal');
  }

  it('a run without weights, naming it', () => {
    const s = new RunStore(dirs.fresh());
    const plain = recordPlainRun(s);
    const e = refusal(s, plain);
    expect([e.code, e.kind, e.message]).toEqual([
      'python.no_weights',
      'usage',
      `Run ${plain} has no saved weights (status stopped): there is nothing to load in Keras.`,
    ]);
  });

  it('an unknown run', () => {
    const e = refusal(store, '20260101-000000-nothing-0000');
    expect([e.code, e.kind]).toEqual(['archive.unknown_run', 'usage']);
  });

  it.each([
    ['weights that do not fit the model', (m: string) => m.replace('"units": 6', '"units": 7'), 'python.weights_mismatch', /weight dense_1\/kernel has shape \[784, 6\], the model gives it \[784, 7\]/],
    ['a layer the weights lack', (m: string) => m.replace('"kind": "dropout"', '"kind": "prelu"').replace(/,\s*"rate": 0\.1/, ''), 'python.weights_mismatch', /weight prelu_2\/alpha is missing/],
    ['a model.json that does not validate', (m: string) => m.replace('"softmax"', '"relu"'), 'python.model_invalid', /output layer must use activation softmax/],
  ])('%s', (_what, edit, code, message) => {
    const s = new RunStore(dirs.fresh());
    const copy = recordTrainedRun(s, { artifacts: store.readWeights(id)!, result: { epochs: [], test_accuracy: null, test_loss: null } });
    const file = join(s.runDir(copy), 'model.json');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    const e = refusal(s, copy);
    expect([e.code, e.kind]).toEqual([code, 'damaged']);
    expect(e.message).toMatch(new RegExp(`^Run ${copy} cannot be exported for Python: `));
    expect(e.message).toMatch(message);
  });
});

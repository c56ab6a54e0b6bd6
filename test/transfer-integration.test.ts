/**
 * Transfer learning end to end with the real training process on Fashion-MNIST, small:
 * model A (the preset: 8 classes, 300-100-50-50-50 SELU) on 2,000 images for 2 epochs,
 * then B on A (sandal vs shirt, 200 images) built by reuseLayers from A's run. Checks
 * that the frozen phase leaves A's reused weights bit for bit as A saved them while B's
 * head learns, that an unfreeze phase then changes them, and that B's runs train on the
 * two classes only (a 2-unit output, test accuracy over sandals and shirts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../src-main/runs/index.js';
import { readWeights } from '../src-main/runs/weights.js';
import { TrainingService } from '../src-main/services/training-service.js';
import type { ModelSpec } from '../src-shared/model/spec.js';
import { defaultReuseCount, reuseLayers } from '../src-shared/model/transfer.js';
import type { RunFinishedEvent } from '../src-shared/training/events.js';
import { loadExample } from './helpers/examples.js';
import { tempDir } from './helpers/tmp.js';

const A = loadExample('transfer-a');
// The book's rate (1e-3) needs 20 epochs; 14 steps of a 2-epoch test need a larger one to show learning.
const B: ModelSpec = { ...loadExample('transfer-b'), training: { ...loadExample('transfer-b').training, optimizer: { name: 'sgd', learning_rate: 0.02 } } };
const aOptions = { epochs: 2, batch_size: 32, limit: 2000, seed: 42, backend: 'wasm' } as const;
const bOptions = { epochs: 2, batch_size: 32, limit: 200, seed: 42, backend: 'wasm' } as const;

let t: { dir: string; cleanup: () => void };
let store: RunStore;
let service: TrainingService;
let aRun: string;
let aFinished: RunFinishedEvent;

/** A run's saved weights by name, as float32 values (the manifest's order and shapes). */
function weightsOf(runId: string): Map<string, Float32Array> {
  const saved = readWeights(store.runDir(runId));
  if (saved === null) throw new Error(`run ${runId} has no saved weights`);
  const data = saved.weightData as ArrayBuffer;
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of saved.weightSpecs as { name: string; shape: number[]; dtype: string }[]) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    out.set(spec.name, new Float32Array(data.slice(offset, offset + 4 * n)));
    offset += 4 * n;
  }
  return out;
}

async function train(model: ModelSpec, options: typeof bOptions | typeof aOptions): Promise<{ id: string; finished: RunFinishedEvent }> {
  const id = service.start(model, options);
  return { id, finished: await service.finished(id) };
}

/** Names of the reused layers' weights: A's five hidden Dense layers (the Flatten has none). */
const REUSED = ['dense_1', 'dense_2', 'dense_3', 'dense_4', 'dense_5'].flatMap((n) => [`${n}/kernel`, `${n}/bias`]);

beforeAll(async () => {
  t = tempDir();
  store = new RunStore(t.dir);
  service = new TrainingService({ store, maxConcurrent: 1, cores: 1 });
  ({ id: aRun, finished: aFinished } = await train(A, aOptions));
}, 300_000);

afterAll(async () => {
  await service?.stopAll();
  t?.cleanup();
});

describe('transfer learning with the real engine', () => {
  it('trains model A on its 8 classes', () => {
    expect(aFinished.status).toBe('completed');
    // 8 classes: chance is 12.5%; two epochs of SGD at 1e-3 on 2,000 images already do far better.
    expect(aFinished.test_accuracy).toBeGreaterThan(0.4);
    expect(weightsOf(aRun).get('dense_6/kernel')).toHaveLength(50 * 8);
  });

  it("keeps A's reused weights exactly while frozen, and B's head learns sandal vs shirt", async () => {
    const n = defaultReuseCount(A);
    expect(n).toBe(6);
    const bOnA = reuseLayers(B, A, aRun, { layers: n, freeze: true, unfreeze: null });
    const { id, finished } = await train(bOnA, bOptions);
    expect(finished.status).toBe('completed');
    const a = weightsOf(aRun);
    const b = weightsOf(id);
    for (const name of REUSED) expect({ name, same: Buffer.from(b.get(name)!.buffer).equals(Buffer.from(a.get(name)!.buffer)) }).toEqual({ name, same: true });
    // B's own output layer: 2 units for its 2 classes, trained (the loss fell from epoch 1 to 2).
    expect(b.get('dense_6/kernel')).toHaveLength(50 * 2);
    const epochs = store.load(id).epochs;
    expect(epochs).toHaveLength(2);
    expect(epochs[1]!.loss).toBeLessThan(epochs[0]!.loss);
    // Two classes: the test accuracy is over sandals and shirts only, well above a coin's.
    expect(finished.test_accuracy).toBeGreaterThan(0.7);
  });

  it('unfreezes after the frozen phase: then the reused weights move too', async () => {
    const bOnA = reuseLayers(B, A, aRun, { layers: 6, freeze: true, unfreeze: { after_epochs: 1, learning_rate: 1e-3 } });
    const { id, finished } = await train(bOnA, bOptions);
    expect(finished.status).toBe('completed');
    const a = weightsOf(aRun);
    const b = weightsOf(id);
    const moved = REUSED.filter((name) => !Buffer.from(b.get(name)!.buffer).equals(Buffer.from(a.get(name)!.buffer)));
    expect(moved).toEqual(REUSED);
  });

  it('trains B from scratch on the same 200 images (the comparison the demo measures)', async () => {
    const { id, finished } = await train(B, bOptions);
    expect(finished.status).toBe('completed');
    // From scratch nothing is A's: the first kernel differs.
    expect(Buffer.from(weightsOf(id).get('dense_1/kernel')!.buffer).equals(Buffer.from(weightsOf(aRun).get('dense_1/kernel')!.buffer))).toBe(false);
    expect(finished.test_accuracy).not.toBeNull();
  });
});

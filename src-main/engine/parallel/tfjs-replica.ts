/**
 * A data-parallel replica for runs through tfjs ops (not the fused step: those get
 * lean-replica.ts): a worker thread with its own tfjs instance holding a copy of the
 * model and optimizer. Each step it computes the gradients of its shard of the
 * minibatch, waits for every participant, sums all shards' gradients in slot order and
 * applies them — the same update as every other replica, so the copies stay identical.
 * Control runs through shared memory only (this thread blocks in Atomics.wait between
 * steps), so it costs no CPU while idle and answers a step within microseconds.
 */
import { workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, setWasmDir } from '../backend.js';
import { buildModel } from '../build.js';
import { makeOptimizer } from '../optimizer.js';
import { deriveSeed } from '../prng.js';
import { stepParts } from '../train.js';
import { slotsOf } from './layout.js';
import { post, reportFailure, serveSteps } from './replica-loop.js';
import { applySlots, setFlatWeights, shardGradients } from './shard-step.js';
import type { ReplicaInit } from './replica-protocol.js';
import { INPUT_SHAPE } from '../../../src-shared/model/summary.js';

const init = workerData as ReplicaInit;
const { layout } = init;

async function setUp(): Promise<ReturnType<typeof stepParts>> {
  if (init.wasmDir) setWasmDir(init.wasmDir);
  const report = await selectBackend(init.backend);
  if (report.active !== init.backend) throw new Error(`replica ${init.index}: backend ${init.backend} unavailable (got ${report.active})`);
  // Own noise seed (dropout, RReLU): the shards must not draw identical masks. The
  // weights drawn here are replaced by the leader's at once.
  const model = buildModel(init.spec, deriveSeed(init.seed, 0xd00 + init.index));
  model.setWeights(init.weights.map((w) => tf.tensor(w.data, w.shape, 'float32')));
  const optimizer = makeOptimizer(init.spec.training.optimizer);
  if (init.optimizerState.length > 0) {
    await optimizer.setWeights(init.optimizerState.map((w) => ({ name: w.name, tensor: tf.tensor(w.data, w.shape, 'float32') })));
  }
  return stepParts(model, optimizer, init.classes);
}

setUp()
  .then((parts) => {
    post({ type: 'ready' });
    serveSteps(layout, init.index, init.startSeq, {
      sync: (weights) => setFlatWeights(parts, weights),
      grads: (shard, rows, total, slot) => {
        const x = tf.tensor3d(shard.x, [rows, ...INPUT_SHAPE]);
        const y = tf.tensor1d(shard.y, 'int32');
        try {
          shardGradients(parts, x, y, total, slot);
        } finally {
          tf.dispose([x, y]);
        }
      },
      apply: (seq, participants) => applySlots(parts, slotsOf(layout, seq, participants), null),
    });
    post({ type: 'exited' });
  })
  .catch((err: unknown) => reportFailure(layout, err));

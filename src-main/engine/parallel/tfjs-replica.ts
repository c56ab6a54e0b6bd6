/**
 * A data-parallel replica for runs through tfjs ops: a worker thread with its own tfjs instance holding a copy
 * of the model and optimizer. Each step it computes the gradients of its shard of the
 * minibatch, waits for every participant, sums all shards' gradients in slot order and
 * applies them — the same update as every other replica, so the copies stay identical.
 * Control runs through shared memory only (this thread blocks in Atomics.wait between
 * steps), so it costs no CPU while idle and answers a step within microseconds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, setWasmDir } from '../backend.js';
import { buildModel } from '../build.js';

import { makeOptimizer } from '../optimizer.js';
import { deriveSeed } from '../prng.js';
import { stepParts } from '../train.js';
import { CMD_EXIT, CMD_SYNC, CTL, ParallelAbort, barrier, nextCommand, shardOf, slotOf, slotRegion, slotsOf } from './layout.js';
import { FusedStack, fusedStackPlan } from '../fused/dense-stack.js';
import { applySlots, emptyShard, setFlatWeights, shardGradients } from './shard-step.js';
import type { ReplicaInit, ReplicaMessage } from './replica-protocol.js';
import { INPUT_SHAPE } from '../../../src-shared/model/summary.js';

const init = workerData as ReplicaInit;
const { layout } = init;
const ctl = layout.ctl;

function post(message: ReplicaMessage): void {
  parentPort?.postMessage(message);
}

/** Records the failure where every participant polls for it, then wakes them. */
function fail(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  post({ type: 'error', message });
  Atomics.store(ctl, CTL.ERROR, 1);
  Atomics.notify(ctl, CTL.BARRIER_GEN);
}

async function setUp(): Promise<{ parts: ReturnType<typeof stepParts>; fused: FusedStack | null }> {
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
  const parts = stepParts(model, optimizer, init.classes);
  let fused: FusedStack | null = null;
  if (init.fused) {
    fused = FusedStack.create(fusedStackPlan(init.spec, model, parts.variables), layout.maxRows);
    if (fused === null) throw new Error(`replica ${init.index}: the fused dense-stack step is not available here`);
    fused.setState(init.fusedState);
  }
  return { parts, fused };
}

function serve({ parts, fused }: { parts: ReturnType<typeof stepParts>; fused: FusedStack | null }): void {
  let seq = init.startSeq;
  for (;;) {
    const next = nextCommand(ctl, seq, init.index);
    seq = next.seq;
    const { cmd, participants } = next;
    if (cmd === CMD_EXIT) return;
    if (next.dropped) continue;
    if (cmd === CMD_SYNC) {
      // The leader's weights, in slot 0 of this step: removes float drift (e.g. Adam's
      // bias correction recomputed from the iteration count in a late-joining replica).
      setFlatWeights(parts, slotOf(layout, seq, 0));
      barrier(ctl, participants);
      continue;
    }
    const total = Atomics.load(ctl, CTL.TOTAL_ROWS);
    const rows = Atomics.load(ctl, CTL.ROWS + init.index);
    const slot = slotOf(layout, seq, init.index);
    if (rows === 0) {
      emptyShard(slot);
    } else {
      const shard = shardOf(layout, init.index, rows);
      const x = tf.tensor3d(shard.x, [rows, ...INPUT_SHAPE]);
      const y = tf.tensor1d(shard.y, 'int32');
      try {
        if (fused !== null) fused.copyGradsTo(slot, fused.grads(x, y, total, false));
        else shardGradients(parts, x, y, total, slot);
      } finally {
        tf.dispose([x, y]);
      }
    }
    barrier(ctl, participants);
    if (fused !== null) {
      fused.sumSlots(slotRegion(layout, seq, participants), participants);
      fused.apply();
    } else {
      applySlots(parts, slotsOf(layout, seq, participants), null);
    }
  }
}


setUp()
  .then((parts) => {
    post({ type: 'ready' });
    serve(parts);
    post({ type: 'exited' });
  })
  .catch((err: unknown) => {
    if (!(err instanceof ParallelAbort)) fail(err);
  });

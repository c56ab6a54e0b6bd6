/**
 * A lean data-parallel replica: the fused dense-stack step (dense_stack_grads and
 * sgd_update of the dense kernels module) on a WebAssembly.Memory of its own, holding
 * the weights, gradients, momentum and scratch of one copy of the model. The same
 * kernels as the training thread on the same float32 values give the same update, so
 * the copies stay identical (weights are re-sent between epochs all the same).
 */
import { workerData } from 'node:worker_threads';
import { DENSE_KERNELS_WASM_BASE64 } from '../kernels/dense-kernels.generated.js';
import type { DenseKernelExports } from '../kernels/wasm-dense-kernels.js';
import { HEADER, PER_LAYER, paramLayout, readOutputs, scratchLayout, writeDescriptor, type StepBuffers } from '../fused/descriptor.js';
import { INPUT_FEATURES } from '../../../src-shared/model/summary.js';
import { slotRegion } from './layout.js';
import { post, reportFailure, serveSteps } from './replica-loop.js';
import type { ReplicaInit } from './replica-protocol.js';

/** The slice of the WebAssembly global used here (the main tsconfig's lib has no WebAssembly typings). */
interface WasmApi {
  Memory: new (desc: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const init = workerData as ReplicaInit;
const { layout } = init;

function run(): void {
  const lean = init.lean;
  if (lean === null) throw new Error('lean replica started without a stack');
  const shapes = lean.layers;
  const params = paramLayout(shapes);
  const P = params.count;
  const maxRows = layout.maxRows;
  const scratch = scratchLayout(shapes, maxRows);
  // Bump allocation in bytes; offset 0 stays unused (the kernels read 0 as "no bias").
  let top = 64;
  const alloc = (bytes: number): number => {
    const at = top;
    top += Math.ceil(bytes / 16) * 16;
    return at;
  };
  const weights = alloc(4 * P);
  const gflat = alloc(4 * (P + 2));
  const acc = lean.sgd.momentum > 0 ? alloc(4 * P) : 0;
  const staging = alloc(4 * layout.maxParticipants * (P + 2));
  const scratchAt = alloc(4 * scratch.size);
  const x = alloc(4 * maxRows * INPUT_FEATURES);
  const y = alloc(4 * maxRows);
  const desc = alloc(4 * (HEADER + PER_LAYER * shapes.length));
  const memory = new WA.Memory({ initial: Math.ceil(top / 65536) + 1 });
  const k = new WA.Instance(new WA.Module(Buffer.from(DENSE_KERNELS_WASM_BASE64, 'base64')), { env: { memory } }).exports as DenseKernelExports;
  const f32 = new Float32Array(memory.buffer);
  const i32 = new Int32Array(memory.buffer);

  let w = weights >> 2;
  for (const t of init.weights) {
    f32.set(t.data, w);
    w += t.data.length;
  }
  if (w - (weights >> 2) !== P) throw new Error(`lean replica: ${w - (weights >> 2)} weights for ${P} parameters`);
  if (acc !== 0 && init.fusedState.length === P) f32.set(init.fusedState, acc >> 2);
  const buf: StepBuffers = { desc, x, y, scratch: scratchAt, gflat, weights: params.offsets.map((o) => weights + 4 * o) };
  const { learningRate, momentum, nesterov } = lean.sgd;

  post({ type: 'ready' });
  serveSteps(layout, init.index, init.startSeq, {
    sync: (flat) => f32.set(flat.subarray(0, P), weights >> 2),
    grads: (shard, rows, total, slot) => {
      f32.set(shard.x, x >> 2);
      i32.set(shard.y, y >> 2);
      writeDescriptor(i32, f32, shapes, scratch, params, buf, rows, total, false);
      k.dense_stack_grads(desc);
      const out = readOutputs(f32, scratchAt, scratch, shapes.length, rows, total, false);
      slot.set(f32.subarray(gflat >> 2, (gflat >> 2) + P));
      slot[P] = out.lossSum;
      slot[P + 1] = out.correct;
    },
    apply: (seq, participants) => {
      f32.set(slotRegion(layout, seq, participants), staging >> 2);
      k.sum_slots(gflat, staging, participants, P + 2);
      params.offsets.forEach((o, i) => {
        k.sgd_update(weights + 4 * o, gflat + 4 * o, acc === 0 ? 0 : acc + 4 * o, params.sizes[i] as number, learningRate, momentum, nesterov ? 1 : 0);
      });
    },
  });
}

try {
  run();
  post({ type: 'exited' });
} catch (err) {
  reportFailure(layout, err);
}

/**
 * Data-parallel training on several cores, for the backends that run on one thread
 * (wasm in Node, where tfjs turns wasm threads off, and cpu). The training thread is
 * participant 0; N − 1 worker threads each hold a replica (own tfjs instance, own copy
 * of the model and optimizer). A step splits the minibatch into N contiguous shards,
 * every participant computes its shard's gradients, all of them sum the N gradient
 * slots in the same order and apply the same update: the replicas never need the
 * weights copied after the start, and the result equals one thread's up to float
 * rounding (the loss is summed per shard instead of over the whole batch).
 *
 * Why workers and not wasm threads or a threaded GEMM: tfjs-wasm's memory is not
 * shared, and its threaded build is off in Node; worker_threads and SharedArrayBuffer
 * are plain, supported Node (and Electron utility-process) features.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import { copyFeatureRows } from '../../../src-shared/data/features.js';
import type { DataSplit } from '../data-types.js';
import { batchFromRows } from '../loss.js';
import type { StepParts } from '../train.js';
import type { FusedStack } from '../fused/dense-stack.js';
import {
  CMD_EXIT,
  CMD_STEP,
  CMD_SYNC,
  CTL,
  ParallelAbort,
  allocateLayout,
  barrier,
  shardOf,
  slotOf,
  slotRegion,
  slotsOf,
  type SharedLayout,
} from './layout.js';
import type { ReplicaInit, ReplicaMessage, TensorData } from './replica-protocol.js';
import { applySlots, parameterCount, shardGradients, slotTotals, writeFlatWeights } from './shard-step.js';

/** Where the replica script is and how to start it (the bundled app sets this at start-up). */
export interface ReplicaScript {
  url: URL | string;
  /** True: `url` is source code to evaluate (how a TypeScript replica starts under tsx). */
  eval?: boolean;
}

let script: ReplicaScript | null = null;
let replicaWasmDir: string | null = null;

/**
 * Tells the engine where the built replica script is (the packaged app's
 * out/main/parallel-worker.js) and the folder of the wasm binaries, if not node_modules.
 */
export function configureReplicas(options: { script?: ReplicaScript | null; wasmDir?: string | null }): void {
  if (options.script !== undefined) script = options.script;
  if (options.wasmDir !== undefined) replicaWasmDir = options.wasmDir;
}

/** The replica script: the configured one, else the .ts beside this module (run through tsx), else the built .js. */
function replicaScript(): ReplicaScript {
  if (script) return script;
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    // Running from source (tsx, vitest): a worker does not inherit the TypeScript loader,
    // so it registers tsx itself before importing the replica.
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./replica-worker.ts', import.meta.url).href;
    return { url: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, eval: true };
  }
  // Bundled: beside the entry scripts (out/main), whether this code sits in an entry or in a chunk below it.
  const dir = here.replace(/\\/g, '/').split('/').slice(-2, -1)[0];
  return { url: new URL(dir === 'chunks' ? '../parallel-worker.js' : './parallel-worker.js', import.meta.url) };
}

/** What a data-parallel run needs to build replicas. */
export interface ParallelInit {
  spec: ModelSpec;
  seed: number;
  classes: number;
  backend: 'wasm' | 'cpu';
  /** Most threads this run may ever use (sizes the shared memory). */
  maxThreads: number;
  batchSize: number;
}

/** One step's outcome on the training thread: loss and hit count scalars, and when asked the gradient norms [kernels…, global raw, global clipped]. */
export interface ParallelStepResult {
  loss: tf.Scalar;
  correct: tf.Scalar;
  norms: tf.Tensor1D | null;
}

interface Replica {
  worker: Worker;
  error: string | null;
}

/** Contiguous shard bounds of n rows over k participants: [start of p, start of p + 1). */
export function shardBounds(n: number, k: number): number[] {
  return Array.from({ length: k + 1 }, (_, p) => Math.floor((p * n) / k));
}

/** Runs optimizer steps on 1 + replicas.length threads. */
export class DataParallel {
  private readonly layout: SharedLayout;
  private readonly replicas: Replica[] = [];
  private readonly errorBox = { message: null as string | null };
  private seq = 0;
  /** Positions of the Dense kernels among the variables, for the diagnostics' norms. */
  private readonly kernelIndices: number[];

  constructor(
    private readonly parts: StepParts,
    private readonly init: ParallelInit,
    kernelNames: readonly string[],
    /** The training thread's fused step, when the run uses it (replicas then build their own). */
    private readonly fused: FusedStack | null = null,
  ) {
    const paramCount = parameterCount(parts.variables);
    this.layout = allocateLayout({
      maxParticipants: Math.max(1, init.maxThreads),
      maxRows: Math.max(1, Math.ceil(init.batchSize / 2)),
      paramCount,
    });
    const names = parts.variables.map((v) => v.name);
    this.kernelIndices = kernelNames.map((n) => {
      const i = names.indexOf(n);
      if (i < 0) throw new Error(`kernel ${n} is not a trainable variable`);
      return i;
    });
  }

  /** Threads in use: this one plus the replicas. */
  get threads(): number {
    return 1 + this.replicas.length;
  }

  /**
   * Changes the number of threads (between steps): extra replicas end at once; new
   * ones start from this thread's weights and optimizer state, which takes about a
   * second each (a tfjs instance to load). Clamped to [1, maxThreads].
   */
  async resize(threads: number): Promise<void> {
    const target = Math.max(1, Math.min(this.layout.maxParticipants, Math.floor(threads)));
    while (this.replicas.length + 1 > target) {
      const r = this.replicas.pop() as Replica;
      await r.worker.terminate();
    }
    if (this.replicas.length + 1 < target) {
      const weights = toData(this.parts.model.getWeights());
      const state = await this.parts.optimizer.getWeights();
      const optimizerState = toData(state);
      // The first entry is a fresh scalar of the iteration count; the rest are the optimizer's own variables.
      if (state[0] !== undefined && state[0].name === 'iter') state[0].tensor.dispose();
      const starting: Promise<void>[] = [];
      for (let index = this.replicas.length + 1; index < target; index++) starting.push(this.start(index, weights, optimizerState));
      const failed = (await Promise.allSettled(starting)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) {
        // No half-started set: every replica ends, and the caller decides how to go on.
        await this.dispose();
        throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
      }
    }
    if (this.replicas.length > 0) this.syncWeights();
  }

  /**
   * Drops replicas at once (between steps) when the run's share shrinks: the cores go to
   * the run that just started instead of waiting for this run's next epoch.
   */
  shrinkTo(threads: number): void {
    const target = Math.max(1, Math.floor(threads));
    while (this.replicas.length + 1 > target) void (this.replicas.pop() as Replica).worker.terminate();
  }

  private start(index: number, weights: TensorData[], optimizerState: TensorData[]): Promise<void> {
    const { url, eval: isEval } = replicaScript();
    const init: ReplicaInit = {
      index,
      spec: this.init.spec,
      seed: this.init.seed,
      classes: this.init.classes,
      backend: this.init.backend,
      wasmDir: replicaWasmDir,
      layout: this.layout,
      weights,
      optimizerState,
      lean: this.fused?.stack ?? null,
      fusedState: this.fused?.state() ?? new Float32Array(0),
      startSeq: this.seq,
    };
    // A small young generation: a replica's garbage is per-step tensor wrappers, and V8's
    // default semi-spaces would add tens of megabytes of RSS per replica for nothing.
    const worker = new Worker(url, { workerData: init, eval: isEval === true, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    const replica: Replica = { worker, error: null };
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      worker.on('message', (m: ReplicaMessage) => {
        if (m.type === 'ready') {
          ready = true;
          this.replicas[index - 1] = replica;
          resolve();
        } else if (m.type === 'error') {
          replica.error = m.message;
          this.errorBox.message ??= m.message;
          if (!ready) reject(new Error(`data-parallel replica ${index} failed to start: ${m.message}`));
        }
      });
      worker.on('error', (err) => {
        this.errorBox.message ??= err.message;
        Atomics.store(this.layout.ctl, CTL.ERROR, 1);
        Atomics.notify(this.layout.ctl, CTL.BARRIER_GEN);
        if (!ready) reject(new Error(`data-parallel replica ${index} failed to start: ${err.message}`));
      });
      worker.on('exit', (code) => {
        if (!ready) reject(new Error(`data-parallel replica ${index} exited (code ${code}) before it was ready`));
      });
    });
  }

  /** Starts a command for every replica and joins it as participant 0. */
  private signal(cmd: number): void {
    const ctl = this.layout.ctl;
    Atomics.store(ctl, CTL.CMD, cmd);
    Atomics.store(ctl, CTL.PARTICIPANTS, this.threads);
    this.seq++;
    Atomics.store(ctl, CTL.SEQ, this.seq);
    Atomics.notify(ctl, CTL.SEQ);
  }

  /** Copies this thread's trainable weights to every replica (at the start and between epochs). */
  syncWeights(): void {
    writeFlatWeights(this.parts, slotOf(this.layout, this.seq + 1, 0));
    this.signal(CMD_SYNC);
    this.join(() => barrier(this.layout.ctl, this.threads));
  }

  /** Runs `fn` (which waits on replicas); a replica's failure becomes this thread's error, with its message. */
  private join(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof ParallelAbort) throw new Error(`data-parallel worker failed: ${this.errorBox.message ?? 'no message (it may have run out of memory)'}`);
      throw err;
    }
  }

  /**
   * One optimizer step on `rows` of `split`, shared among the threads. With one thread
   * the caller should use the plain step (this works too, with extra copies).
   */
  step(split: DataSplit, rows: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }, measure: boolean): ParallelStepResult {
    const k = this.threads;
    const n = rows.length;
    const bounds = shardBounds(n, k);
    const ctl = this.layout.ctl;
    for (let p = 1; p < k; p++) {
      const start = bounds[p] as number;
      const count = (bounds[p + 1] as number) - start;
      const shard = shardOf(this.layout, p, count);
      const shardRows = rows.subarray(start, start + count);
      copyFeatureRows(split, shardRows, shard.x);
      for (let r = 0; r < count; r++) shard.y[r] = split.y[shardRows[r] as number] as number;
      Atomics.store(ctl, CTL.ROWS + p, count);
    }
    Atomics.store(ctl, CTL.TOTAL_ROWS, n);
    this.signal(CMD_STEP);
    const seq = this.seq;

    const own = rows.subarray(0, bounds[1] as number);
    const slot = slotOf(this.layout, seq, 0);
    try {
      if (own.length === 0) slot.fill(0);
      else {
        const { x, y } = batchFromRows(split, own);
        try {
          if (this.fused !== null) this.fused.copyGradsTo(slot, this.fused.grads(x, y, n, false));
          else shardGradients(this.parts, x, y, n, slot);
        } finally {
          tf.dispose([x, y]);
        }
      }
    } catch (err) {
      // Replicas are waiting for this thread at the barrier: release them before failing.
      Atomics.store(ctl, CTL.ERROR, 1);
      Atomics.notify(ctl, CTL.BARRIER_GEN);
      throw err;
    }
    this.join(() => barrier(ctl, k));
    const slots = slotsOf(this.layout, seq, k);
    // Norms: the kernels' in plan order, then the global norm before and after clipping
    // (the same: runs that clip stay on one thread, see plan.ts).
    let norms: tf.Tensor1D | null = null;
    if (this.fused !== null) {
      this.fused.sumSlots(slotRegion(this.layout, seq, k), k);
      if (measure) {
        const raw = this.fused.gradientNorm();
        norms = tf.tensor1d([...this.fused.kernelNorms(), raw, raw]);
      }
      this.fused.apply();
    } else {
      const measured = applySlots(this.parts, slots, measure ? this.kernelIndices : null);
      if (measured !== null) {
        const raw = this.kernelIndices.length;
        norms = tf.tidy(() => tf.concat([measured, measured.slice(raw, 1)]));
        measured.dispose();
      }
    }
    const totals = slotTotals(slots);
    return { loss: tf.scalar(totals.loss), correct: tf.scalar(totals.correct), norms };
  }

  /** Ends every replica. */
  async dispose(): Promise<void> {
    if (this.replicas.length > 0) {
      Atomics.store(this.layout.ctl, CTL.CMD, CMD_EXIT);
      this.seq++;
      Atomics.store(this.layout.ctl, CTL.SEQ, this.seq);
      Atomics.notify(this.layout.ctl, CTL.SEQ);
    }
    await Promise.all(this.replicas.splice(0).map((r) => r.worker.terminate()));
  }
}

function toData(list: readonly (tf.Tensor | { name: string; tensor: tf.Tensor })[]): TensorData[] {
  return list.map((item, i) => {
    const t = item instanceof tf.Tensor ? item : item.tensor;
    const name = item instanceof tf.Tensor ? `w${i}` : item.name;
    return { name, shape: [...t.shape], data: Float32Array.from(t.dataSync() as Float32Array) };
  });
}

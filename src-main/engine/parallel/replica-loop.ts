/**
 * What both kinds of replica (tfjs-replica.ts, lean-replica.ts) do around their own
 * arithmetic: wait for the leader's command, take the leader's weights on a sync, compute
 * the shard's gradients into the slot, wait for every participant, apply the summed
 * update; and report a failure where every participant polls for it.
 */
import { parentPort } from 'node:worker_threads';
import { CMD_EXIT, CMD_SYNC, CTL, ParallelAbort, barrier, nextCommand, shardOf, slotOf, type SharedLayout } from './layout.js';
import type { ReplicaMessage } from './replica-protocol.js';

/** A replica's own arithmetic. */
export interface ReplicaWork {
  /** Take the leader's trainable weights (flat, in variable order). */
  sync(weights: Float32Array): void;
  /** Gradients of the shard (Σ of its rows' losses / total) into `slot`, with the loss part and hits in its last two floats. */
  grads(shard: { x: Float32Array; y: Int32Array }, rows: number, total: number, slot: Float32Array): void;
  /** Sum the first `participants` slots of step `seq` in slot order and apply the update. */
  apply(seq: number, participants: number): void;
}

/** Posts a message to the training thread. */
export function post(message: ReplicaMessage): void {
  parentPort?.postMessage(message);
}

/** Serves steps until the leader says exit (or another participant fails: ParallelAbort). */
export function serveSteps(layout: SharedLayout, index: number, startSeq: number, work: ReplicaWork): void {
  const ctl = layout.ctl;
  let seq = startSeq;
  for (;;) {
    const next = nextCommand(ctl, seq, index);
    seq = next.seq;
    const { cmd, participants } = next;
    if (cmd === CMD_EXIT) return;
    if (next.dropped) continue;
    if (cmd === CMD_SYNC) {
      // The leader's weights, in slot 0 of this step: removes float drift (e.g. Adam's
      // bias correction recomputed from the iteration count in a late-joining replica).
      work.sync(slotOf(layout, seq, 0));
      barrier(ctl, participants);
      continue;
    }
    const total = Atomics.load(ctl, CTL.TOTAL_ROWS);
    const rows = Atomics.load(ctl, CTL.ROWS + index);
    const slot = slotOf(layout, seq, index);
    if (rows === 0) slot.fill(0);
    else work.grads(shardOf(layout, index, rows), rows, total, slot);
    barrier(ctl, participants);
    work.apply(seq, participants);
  }
}

/** Records a failure where every participant polls for it (unless it is another's abort), then wakes them. */
export function reportFailure(layout: SharedLayout, err: unknown): void {
  if (err instanceof ParallelAbort) return;
  post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  Atomics.store(layout.ctl, CTL.ERROR, 1);
  Atomics.notify(layout.ctl, CTL.BARRIER_GEN);
}

/**
 * Shared memory of a data-parallel run: one control block of Int32 words and, per
 * participant, a shard of input rows and two gradient slots (alternating by step parity,
 * so a fast participant writing step s + 1 never overwrites what a slower one is still
 * summing for step s). Participant 0 is the training thread itself.
 */
import { INPUT_FEATURES } from '../../../src-shared/model/summary.js';

/** Number of trailing floats after the gradients in a slot: the shard's loss contribution and hit count. */
export const SLOT_TAIL = 2;

/** Indices into the control block. */
export const CTL = {
  /** Incremented by the leader to start a step (workers wait on it). */
  SEQ: 0,
  /** CMD_STEP, CMD_EXIT or CMD_SYNC. */
  CMD: 1,
  /** Participants in the current step (leader included). */
  PARTICIPANTS: 2,
  /** Rows of the whole minibatch. */
  TOTAL_ROWS: 3,
  BARRIER_COUNT: 4,
  BARRIER_GEN: 5,
  /** Set to 1 by a worker whose step failed (its message follows by postMessage). */
  ERROR: 6,
  /** Rows of participant p's shard: ROWS + p. */
  ROWS: 8,
} as const;

export const CMD_STEP = 0;
export const CMD_EXIT = 1;
/** Replicas copy the leader's trainable weights from slot 0 of this step. */
export const CMD_SYNC = 2;

/** Sizes that fix the layout. */
export interface LayoutSizes {
  /** Most participants ever (the machine's cores). */
  maxParticipants: number;
  /** Most rows of one shard (ceil(batch size / 1) is always enough). */
  maxRows: number;
  /** Elements of all trainable variables. */
  paramCount: number;
}

/** The shared buffers (SharedArrayBuffer-backed, so posting them to a worker shares, never copies). */
export interface SharedLayout extends LayoutSizes {
  ctl: Int32Array;
  /** Inputs of participant p: x[p * maxRows * 784 …], labels y[p * maxRows …]. */
  x: Float32Array;
  y: Int32Array;
  /** slots[parity][p]: [gradients…, loss contribution, hit count]. */
  slots: Float32Array;
}

/** Floats per gradient slot. */
export function slotLength(paramCount: number): number {
  return paramCount + SLOT_TAIL;
}

/** Allocates the shared buffers. */
export function allocateLayout(sizes: LayoutSizes): SharedLayout {
  const { maxParticipants, maxRows, paramCount } = sizes;
  return {
    ...sizes,
    ctl: new Int32Array(new SharedArrayBuffer(4 * (CTL.ROWS + maxParticipants))),
    x: new Float32Array(new SharedArrayBuffer(4 * maxParticipants * maxRows * INPUT_FEATURES)),
    y: new Int32Array(new SharedArrayBuffer(4 * maxParticipants * maxRows)),
    slots: new Float32Array(new SharedArrayBuffer(4 * 2 * maxParticipants * slotLength(paramCount))),
  };
}

/** Participant p's slot for step `seq` (a view, no copy). */
export function slotOf(layout: SharedLayout, seq: number, p: number): Float32Array {
  const len = slotLength(layout.paramCount);
  const start = ((seq & 1) * layout.maxParticipants + p) * len;
  return layout.slots.subarray(start, start + len);
}

/** The first `participants` slots of step `seq` as one view (they are consecutive in memory). */
export function slotRegion(layout: SharedLayout, seq: number, participants: number): Float32Array {
  const len = slotLength(layout.paramCount);
  const start = (seq & 1) * layout.maxParticipants * len;
  return layout.slots.subarray(start, start + participants * len);
}

/** The slots of the first `participants` participants for step `seq`. */
export function slotsOf(layout: SharedLayout, seq: number, participants: number): Float32Array[] {
  return Array.from({ length: participants }, (_, p) => slotOf(layout, seq, p));
}

/** Participant p's input rows (views). */
export function shardOf(layout: SharedLayout, p: number, rows: number): { x: Float32Array; y: Int32Array } {
  const xStart = p * layout.maxRows * INPUT_FEATURES;
  const yStart = p * layout.maxRows;
  return { x: layout.x.subarray(xStart, xStart + rows * INPUT_FEATURES), y: layout.y.subarray(yStart, yStart + rows) };
}

/**
 * Waits until every participant of the step has arrived (a generation barrier). Polls
 * the error word every `pollMs` so a failed worker cannot leave the others waiting forever.
 */
export function barrier(ctl: Int32Array, participants: number, pollMs = 100): void {
  const gen = Atomics.load(ctl, CTL.BARRIER_GEN);
  if (Atomics.add(ctl, CTL.BARRIER_COUNT, 1) === participants - 1) {
    Atomics.store(ctl, CTL.BARRIER_COUNT, 0);
    Atomics.add(ctl, CTL.BARRIER_GEN, 1);
    Atomics.notify(ctl, CTL.BARRIER_GEN);
    return;
  }
  while (Atomics.load(ctl, CTL.BARRIER_GEN) === gen) {
    if (Atomics.load(ctl, CTL.ERROR) !== 0) throw new ParallelAbort();
    Atomics.wait(ctl, CTL.BARRIER_GEN, gen, pollMs);
  }
}

/**
 * A replica's wait for the leader's next command after step `seq` (timed waits, so that
 * terminate() takes effect within a fraction of a second). `dropped`: the replica was
 * dropped by shrinkTo and is about to be terminated, so it must take no part in this one.
 */
export function nextCommand(ctl: Int32Array, seq: number, index: number): { seq: number; cmd: number; participants: number; dropped: boolean } {
  while (Atomics.load(ctl, CTL.SEQ) === seq) Atomics.wait(ctl, CTL.SEQ, seq, 200);
  const next = Atomics.load(ctl, CTL.SEQ);
  const participants = Atomics.load(ctl, CTL.PARTICIPANTS);
  return { seq: next, cmd: Atomics.load(ctl, CTL.CMD), participants, dropped: index >= participants };
}

/** Thrown in a participant when another one reported an error. */
export class ParallelAbort extends Error {
  constructor() {
    super('a data-parallel worker failed');
  }
}

/**
 * Per-step loss and hit counts kept on the device and read in batches: one device→host
 * sync every few steps instead of every step, while divergence is still pinned to the
 * exact step.
 */
import * as tf from '@tensorflow/tfjs';

interface Entry {
  step: number;
  size: number;
  loss: tf.Scalar;
  correct: tf.Scalar;
}

/** What one read of the log found. */
export interface StepLogRead {
  /** First step whose loss was NaN/±Inf, or null; steps after it are not counted. */
  badStep: number | null;
  /** Loss of the newest step read (NaN when nothing was pending). */
  lastLoss: number;
}

/** Running sums of one epoch, fed by {@link StepLog.read}. */
export class StepLog {
  private pending: Entry[] = [];
  /** Σ loss × batch size over finite steps read so far. */
  lossSum = 0;
  correct = 0;
  seen = 0;

  get size(): number {
    return this.pending.length;
  }

  /** Takes ownership of the two scalars. */
  push(step: number, size: number, loss: tf.Scalar, correct: tf.Scalar): void {
    this.pending.push({ step, size, loss, correct });
  }

  /** Reads and frees the pending scalars in one transfer. */
  async read(): Promise<StepLogRead> {
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) return { badStep: null, lastLoss: NaN };
    const packed = tf.tidy(() => tf.stack([tf.stack(pending.map((p) => p.loss)), tf.stack(pending.map((p) => p.correct))]));
    const values = await packed.data();
    packed.dispose();
    for (const p of pending) tf.dispose([p.loss, p.correct]);
    const n = pending.length;
    for (let k = 0; k < n; k++) {
      const p = pending[k] as Entry;
      const loss = values[k] as number;
      if (!Number.isFinite(loss)) return { badStep: p.step, lastLoss: loss };
      this.lossSum += loss * p.size;
      this.correct += values[n + k] as number;
      this.seen += p.size;
    }
    return { badStep: null, lastLoss: values[n - 1] as number };
  }

  /** Frees whatever is still pending (after a stop or an error). */
  dispose(): void {
    for (const p of this.pending) tf.dispose([p.loss, p.correct]);
    this.pending = [];
  }
}

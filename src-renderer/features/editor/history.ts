/**
 * Undo/redo over immutable documents. Whole documents are stored, not patches: a model
 * document is small, and the editor's operations share untouched layers between versions,
 * so 200 versions of a 100-layer model cost a few hundred kilobytes at most. The stacks are
 * bounded; the oldest step is forgotten first.
 */

/** Steps kept by default (the editor promises at least 100). */
export const HISTORY_LIMIT = 200;
/** Edits of the same field closer together than this, in milliseconds, are one step (typing). */
export const COALESCE_MS = 1000;

/** Options of a {@link History}; `now` is injectable so tests control the typing clock. */
export interface HistoryOptions {
  /** Most undo steps kept (≥ 1); default {@link HISTORY_LIMIT}. */
  limit?: number;
  /** Window, in ms, within which same-key edits coalesce; default {@link COALESCE_MS}. */
  coalesceMs?: number;
  /** Clock in ms; default `Date.now`. */
  now?: () => number;
}

/**
 * A linear history of values of type `T` with a present, past steps and undone steps.
 * `push(next, key)` with the same `key` as the previous push within `coalesceMs` replaces
 * the present instead of adding a step, so typing "300" into a field is one undo step.
 */
export class History<T> {
  #past: T[] = [];
  #present: T;
  #future: T[] = [];
  #lastKey: string | null = null;
  #lastAt = -Infinity;
  readonly #limit: number;
  readonly #coalesceMs: number;
  readonly #now: () => number;

  constructor(initial: T, options: HistoryOptions = {}) {
    const limit = options.limit ?? HISTORY_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`history limit ${String(limit)} is not a whole number ≥ 1`);
    this.#present = initial;
    this.#limit = limit;
    this.#coalesceMs = options.coalesceMs ?? COALESCE_MS;
    this.#now = options.now ?? Date.now;
  }

  /** The current value. */
  get present(): T {
    return this.#present;
  }

  /** Whether {@link undo} has a step to go back to. */
  get canUndo(): boolean {
    return this.#past.length > 0;
  }

  /** Whether {@link redo} has an undone step to reapply. */
  get canRedo(): boolean {
    return this.#future.length > 0;
  }

  /** Steps that can be undone (≤ limit). */
  get undoDepth(): number {
    return this.#past.length;
  }

  /** Steps that can be redone. */
  get redoDepth(): number {
    return this.#future.length;
  }

  /**
   * Makes `next` the present as a new step and clears the redo steps. With a `coalesceKey`
   * equal to the previous push's, within `coalesceMs` of it, the present is replaced instead
   * (the window slides with each push, so steady typing stays one step).
   */
  push(next: T, coalesceKey?: string): void {
    const now = this.#now();
    const coalesce =
      coalesceKey !== undefined && coalesceKey === this.#lastKey && now - this.#lastAt <= this.#coalesceMs && this.#future.length === 0;
    if (!coalesce) {
      this.#past.push(this.#present);
      if (this.#past.length > this.#limit) this.#past.shift();
    }
    this.#present = next;
    this.#future = [];
    this.#lastKey = coalesceKey ?? null;
    this.#lastAt = now;
  }

  /** Goes one step back and returns the value now present, or null when there is nothing to undo. */
  undo(): T | null {
    if (this.#past.length === 0) return null;
    this.#future.push(this.#present);
    this.#present = this.#past.pop() as T;
    this.breakCoalescing();
    return this.#present;
  }

  /** Reapplies the last undone step and returns the value now present, or null when there is nothing to redo. */
  redo(): T | null {
    if (this.#future.length === 0) return null;
    this.#past.push(this.#present);
    if (this.#past.length > this.#limit) this.#past.shift();
    this.#present = this.#future.pop() as T;
    this.breakCoalescing();
    return this.#present;
  }

  /** Forgets every step and starts again from `value` (a document opened or created). */
  reset(value: T): void {
    this.#past = [];
    this.#future = [];
    this.#present = value;
    this.breakCoalescing();
  }

  /** Ends the current typing run, so the next push is a step of its own even with the same key. */
  breakCoalescing(): void {
    this.#lastKey = null;
    this.#lastAt = -Infinity;
  }
}

/**
 * Class subsets (a model's `classes`, e.g. the book's 8 classes without sandals and shirts):
 * which images of a split belong to them, and how their labels map to the model's outputs.
 * A subset keeps the dataset's fixed split — it only drops the other classes' images — and
 * label `classes[i]` becomes output `i`.
 */
import { CLASSES } from './types.js';

/** Every class of a dataset, in label order: `[0, 1, …, 9]`. */
export const ALL_CLASS_IDS: readonly number[] = Array.from({ length: CLASSES }, (_, i) => i);

/**
 * Checks a class subset and returns it as a plain array: whole numbers 0..total−1, distinct,
 * at least 2 (one class is nothing to classify). Errors name the entry, e.g.
 * `classes: expected class ids from 0 to 9. Received: classes[2]=12`.
 */
export function checkClassIds(classes: readonly number[], total: number = CLASSES): number[] {
  if (!Array.isArray(classes) || classes.length < 2) {
    throw new Error(`classes: expected at least 2 class ids. Received: classes=${JSON.stringify(classes)}`);
  }
  const seen = new Map<number, number>();
  classes.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= total) {
      throw new Error(`classes: expected class ids from 0 to ${total - 1}. Received: classes[${i}]=${c}`);
    }
    const first = seen.get(c);
    if (first !== undefined) throw new Error(`classes: expected distinct class ids. Received: classes[${i}]=${c}, as classes[${first}]`);
    seen.set(c, i);
  });
  return [...classes];
}

/**
 * Output index of each dataset label, −1 for a label outside the subset, e.g.
 * `labelMap([5, 6])` → [−1, −1, −1, −1, −1, 0, 1, −1, −1, −1].
 */
export function labelMap(classes: readonly number[], total: number = CLASSES): Int16Array {
  const map = new Int16Array(total).fill(-1);
  classes.forEach((c, i) => (map[c] = i));
  return map;
}

/**
 * The rows (image indices) whose label is in the subset, in their order: a split filtered
 * without copying pixels, e.g. rows [7, 3, 9] with labels 7→5, 3→1, 9→6 and map of [5, 6] → [7, 9].
 */
export function rowsOfClasses(rows: Uint32Array, labels: Uint8Array, map: Int16Array): Uint32Array {
  let n = 0;
  for (let r = 0; r < rows.length; r++) if ((map[labels[rows[r]!]!] ?? -1) >= 0) n++;
  if (n === rows.length) return rows;
  const out = new Uint32Array(n);
  let at = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if ((map[labels[row]!] ?? -1) >= 0) out[at++] = row;
  }
  return out;
}

/** Whether a subset is the whole dataset in label order (the answer then looks as it always did). */
export function isAllClasses(classes: readonly number[], total: number = CLASSES): boolean {
  return classes.length === total && classes.every((c, i) => c === i);
}

/**
 * Collapses runs of identical layers for display, so a 100-layer stack reads as a handful
 * of rows: `[dense(100, selu, lecun_normal)] × 99`, `[dense(100), elu] × 20`. Layers are
 * compared by content (key order does not matter), not by identity, and not by meaning:
 * `{units: 100}` and `{units: 100, activation: "linear"}` are different rows, because the
 * editor shows what the document says.
 */
import type { LayerSpec } from '../../../src-shared/model/spec.js';
import { stableJson } from './document.js';

/** Largest repeating group looked for (dense + activation + dropout). */
export const MAX_RUN_UNIT = 3;

/**
 * One display row: layers `start` … `end` (both included) are `count` repeats of a group of
 * `unit` layers, `layers` being that group (the first repeat, `unit` long). A layer that does
 * not repeat is a row with unit 1 and count 1.
 * Example: `{ start: 2, end: 100, unit: 1, count: 99, layers: [denseSelu] }`.
 */
export interface RunRow {
  start: number;
  end: number;
  unit: number;
  count: number;
  layers: LayerSpec[];
}

/**
 * Groups `layers` into as few rows as it can. A greedy left-to-right scan would misread
 * `[d, d, elu, d, elu]` as `d × 2, elu, d, elu`; so the choice at each position is made by
 * dynamic programming from the end: a row is one layer, or `count` back-to-back repeats of
 * a group of 1 … `maxUnit` layers, where `count` is the longest run there or up to
 * `maxUnit − 1` repeats shorter (giving the tail back to a following group), giving
 * `d, [d, elu] × 2`. Ties go to the longer first row, then the smaller group (four equal
 * layers are 1 × 4, not 2 × 2). Deterministic; O(n · maxUnit²) time, O(n · maxUnit) memory.
 */
export function groupRuns(layers: readonly LayerSpec[], maxUnit: number = MAX_RUN_UNIT): RunRow[] {
  const keys = layers.map(layerKey);
  const n = keys.length;
  // same[u][i]: how many positions j ≥ i in a row have keys[j] === keys[j + u].
  const same: Int32Array[] = [];
  for (let u = 1; u <= maxUnit; u++) {
    const s = new Int32Array(n + 1);
    for (let i = n - u - 1; i >= 0; i--) s[i] = keys[i] === keys[i + u] ? (s[i + 1] as number) + 1 : 0;
    same[u] = s;
  }
  // rows[i]: fewest rows for layers i … n-1; unitAt/countAt: the first row's shape in that grouping.
  const rows = new Int32Array(n + 1);
  const unitAt = new Int32Array(n);
  const countAt = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let bestRows = 1 + (rows[i + 1] as number);
    let bestUnit = 1;
    let bestCount = 1;
    for (let u = 1; u <= maxUnit && i + 2 * u <= n; u++) {
      const longest = Math.floor(((same[u] as Int32Array)[i] as number) / u) + 1;
      for (let c = longest; c >= 2 && c >= longest - (maxUnit - 1); c--) {
        const r = 1 + (rows[i + u * c] as number);
        if (r < bestRows || (r === bestRows && u * c > bestUnit * bestCount)) {
          bestRows = r;
          bestUnit = u;
          bestCount = c;
        }
      }
    }
    rows[i] = bestRows;
    unitAt[i] = bestUnit;
    countAt[i] = bestCount;
  }
  const out: RunRow[] = [];
  for (let i = 0; i < n; ) {
    const unit = unitAt[i] as number;
    const count = countAt[i] as number;
    const end = i + unit * count - 1;
    out.push({ start: i, end, unit, count, layers: layers.slice(i, i + unit) });
    i = end + 1;
  }
  return out;
}

/** The row holding layer `index` (binary search over `rows` from {@link groupRuns}), or undefined when no row does. */
export function rowOf(rows: readonly RunRow[], index: number): RunRow | undefined {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const row = rows[mid] as RunRow;
    if (index < row.start) hi = mid - 1;
    else if (index > row.end) lo = mid + 1;
    else return row;
  }
  return undefined;
}

/** A layer's content as text with keys sorted, so equal layers give equal keys whatever their key order. */
export function layerKey(layer: LayerSpec): string {
  return stableJson(layer);
}

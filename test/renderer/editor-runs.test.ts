/** Run grouping of the model editor: deep stacks collapse into a few display rows. */
import { describe, expect, it } from 'vitest';
import type { LayerSpec, ModelSpec } from '../../src-shared/model/spec.js';
import { groupRuns, layerKey, rowOf, type RunRow } from '../../src-renderer/features/editor/runs.js';
import { setLayerField } from '../../src-renderer/features/editor/document.js';
import selu100 from '../../examples/selu-100.json';
import relu100 from '../../examples/relu-100.json';

const d = (units: number, activation?: string): LayerSpec => ({ kind: 'dense', units, ...(activation ? { activation } : {}) }) as LayerSpec;
const elu: LayerSpec = { kind: 'elu' };
const flat: LayerSpec = { kind: 'flatten' };
const drop: LayerSpec = { kind: 'dropout', rate: 0.2 };

/** Rows as `start-end:unit×count`, compact enough to compare whole tables. */
function shape(rows: RunRow[]): string[] {
  return rows.map((r) => `${r.start}-${r.end}:${r.unit}x${r.count}`);
}

describe('groupRuns', () => {
  it.each<[string, LayerSpec[], string[]]>([
    ['nothing', [], []],
    ['one layer', [flat], ['0-0:1x1']],
    ['all different', [flat, d(1), d(2)], ['0-0:1x1', '1-1:1x1', '2-2:1x1']],
    ['two equal', [d(5), d(5)], ['0-1:1x2']],
    ['four equal are 1×4, not 2×2', [d(5), d(5), d(5), d(5)], ['0-3:1x4']],
    ['pairs', [flat, d(100), elu, d(100), elu, d(100), elu, d(10)], ['0-0:1x1', '1-6:2x3', '7-7:1x1']],
    ['a pair and a trailing half', [d(100), elu, d(100), elu, d(100)], ['0-3:2x2', '4-4:1x1']],
    ['triples', [d(1), elu, drop, d(1), elu, drop], ['0-5:3x2']],
    ['a run gives its last layer back to pairs', [d(1), d(1), d(1), elu, d(1), elu], ['0-1:1x2', '2-5:2x2']],
    ['a single dense before pairs', [d(1), d(1), elu, d(1), elu], ['0-0:1x1', '1-4:2x2']],
    ['a run gives two layers back to triples', [d(1), d(1), d(1), d(1), elu, d(1), d(1), elu], ['0-1:1x2', '2-7:3x2']],
    ['ties go to the longer first row', [elu, d(1), elu, d(1), elu], ['0-3:2x2', '4-4:1x1']],
    ['groups of four are not looked for', [d(1), d(2), d(3), d(4), d(1), d(2), d(3), d(4)], ['0-0:1x1', '1-1:1x1', '2-2:1x1', '3-3:1x1', '4-4:1x1', '5-5:1x1', '6-6:1x1', '7-7:1x1']],
  ])('%s', (_name, layers, expected) => {
    const rows = groupRuns(layers);
    expect(shape(rows)).toEqual(expected);
    // Rows tile the stack and each row's `layers` is one repeat.
    let next = 0;
    for (const row of rows) {
      expect(row.start).toBe(next);
      expect(row.end - row.start + 1).toBe(row.unit * row.count);
      expect(row.layers).toEqual(layers.slice(row.start, row.start + row.unit));
      next = row.end + 1;
    }
    expect(next).toBe(layers.length);
  });

  it('collapses the shipped 100-layer SELU and ReLU models to four rows', () => {
    for (const example of [selu100, relu100] as unknown as ModelSpec[]) {
      const rows = groupRuns(example.layers);
      expect(shape(rows)).toEqual(['0-0:1x1', '1-1:1x1', '2-100:1x99', '101-101:1x1']);
      expect(rows[2]?.layers).toEqual([example.layers[2]]);
    }
  });

  it('splits a run in three when one middle layer changes', () => {
    const doc = setLayerField(selu100 as unknown as ModelSpec, 50, 'units', 50);
    expect(shape(groupRuns(doc.layers))).toEqual(['0-0:1x1', '1-1:1x1', '2-49:1x48', '50-50:1x1', '51-100:1x50', '101-101:1x1']);
  });

  it('collapses 20 [dense, elu] pairs into one row', () => {
    const layers = [flat, ...Array.from({ length: 20 }, () => [d(100), elu]).flat(), d(10, 'softmax')];
    expect(shape(groupRuns(layers))).toEqual(['0-0:1x1', '1-40:2x20', '41-41:1x1']);
  });

  it('compares content, not key order or identity', () => {
    const a = { kind: 'dense', units: 100, activation: 'selu' } as LayerSpec;
    const b = { activation: 'selu', units: 100, kind: 'dense' } as LayerSpec;
    expect(layerKey(a)).toBe(layerKey(b));
    expect(shape(groupRuns([a, b]))).toEqual(['0-1:1x2']);
    // Same meaning, different document: shown apart, as the document says.
    expect(shape(groupRuns([d(100), d(100, 'linear')]))).toEqual(['0-0:1x1', '1-1:1x1']);
  });

  it('is deterministic and fast on a 1000-layer stack', () => {
    const layers = Array.from({ length: 1000 }, (_, i) => (i % 7 === 0 ? elu : d(100)));
    const t0 = performance.now();
    const rows = groupRuns(layers);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(groupRuns(layers)).toEqual(rows);
  });
});

describe('rowOf', () => {
  it('finds the row holding a layer', () => {
    const rows = groupRuns((selu100 as unknown as ModelSpec).layers);
    expect(rowOf(rows, 0)?.start).toBe(0);
    expect(rowOf(rows, 57)?.start).toBe(2);
    expect(rowOf(rows, 101)?.start).toBe(101);
    expect(rowOf(rows, 102)).toBeUndefined();
    expect(rowOf(rows, -1)).toBeUndefined();
  });
});

/**
 * Damaged run folders never break `list()` or `load()`: each damaged run is listed
 * as failed, `damaged` names the bad file and `error` says what is wrong with it,
 * and the other runs still show. Stored and listed errors are capped.
 */
import { mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ERROR_CHARS, RunStore, RunStoreError } from '../../../src-main/runs/index.js';
import { environment, epoch, model, options, scratchDirs, weightSpecs, weightValues } from './fixtures.js';

const { fresh } = scratchDirs('gl-damaged-');

/** Three completed runs (a day apart) with an epoch each and weights; `damage` is applied to the middle one. */
function threeRuns(damage: (runDir: string, store: RunStore, id: string) => void): { store: RunStore; ids: string[] } {
  const dir = fresh();
  const ids = ['2025-01-01', '2025-01-02', '2025-01-03'].map((day, i) => {
    const s = new RunStore(dir, { now: () => new Date(`${day}T00:00:00Z`), randomHex: () => `000${i}` });
    const run = s.create({ model, environment, options });
    s.appendMetric(run.id, { type: 'epoch', ...epoch(1) });
    s.saveWeights(run.id, { modelTopology: {}, weightSpecs, weightData: weightValues.buffer });
    s.setStatus(run.id, { status: 'completed' });
    return run.id;
  });
  const store = new RunStore(dir);
  damage(store.runDir(ids[1]!), store, ids[1]!);
  return { store, ids };
}

const cases: { name: string; damage: (d: string) => void; file: string; error: RegExp; hasWeights: boolean }[] = [
  { name: 'metrics.jsonl is a folder', damage: (d) => (rmSync(join(d, 'metrics.jsonl')), mkdirSync(join(d, 'metrics.jsonl'))), file: 'metrics.jsonl', error: /^metrics\.jsonl is not a regular file$/, hasWeights: true },
  { name: 'weights.bin shorter than its manifest declares', damage: (d) => truncateSync(join(d, 'weights', 'weights.bin'), 20), file: 'weights/weights.bin', error: /^weights\/weights\.bin has 20 bytes but weights\/model\.json declares 36$/, hasWeights: false },
  { name: 'weights.bin longer than its manifest declares', damage: (d) => writeFileSync(join(d, 'weights', 'weights.bin'), Buffer.alloc(40)), file: 'weights/weights.bin', error: /has 40 bytes but weights\/model\.json declares 36/, hasWeights: false },
  { name: 'weights.bin missing', damage: (d) => rmSync(join(d, 'weights', 'weights.bin')), file: 'weights/weights.bin', error: /^weights\/weights\.bin is missing$/, hasWeights: false },
  { name: 'weights manifest not JSON', damage: (d) => writeFileSync(join(d, 'weights', 'model.json'), '{"weightsMan'), file: 'weights/model.json', error: /^weights\/model\.json is not valid JSON/, hasWeights: false },
  { name: 'status.json is a folder', damage: (d) => (rmSync(join(d, 'status.json')), mkdirSync(join(d, 'status.json'))), file: 'status.json', error: /^status\.json is not a regular file$/, hasWeights: true },
  { name: 'status.json unreadable JSON', damage: (d) => writeFileSync(join(d, 'status.json'), '{"status": "comp'), file: 'status.json', error: /^status\.json is not valid JSON/, hasWeights: true },
  { name: 'model.json is a folder', damage: (d) => (rmSync(join(d, 'model.json')), mkdirSync(join(d, 'model.json'))), file: 'model.json', error: /^model\.json is not a regular file$/, hasWeights: true },
];

describe('a damaged run is listed as failed, naming the file, and hides no other run', () => {
  it.each(cases)('$name', ({ damage, file, error, hasWeights }) => {
    const { store, ids } = threeRuns(damage);
    const list = store.list();
    expect(list.map((r) => r.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(list.map((r) => r.status)).toEqual(['completed', 'failed', 'completed']);
    expect(list.map((r) => r.damaged)).toEqual([undefined, file, undefined]);
    expect(list[1]!.error).toMatch(error);
    expect(list[1]!.created_at).toBe('2025-01-02T00:00:00.000Z');
    expect(list[1]!.has_weights).toBe(hasWeights);
    expect(list[0]!.has_weights).toBe(true);
  });

  it.each(cases)('load reports it in warnings instead of throwing: $name', ({ damage, error, hasWeights }) => {
    const { store, ids } = threeRuns(damage);
    const rec = store.load(ids[1]!);
    expect(rec.warnings.some((w) => error.test(w))).toBe(true);
    expect(rec.has_weights).toBe(hasWeights);
  });
});

describe('damaged weights are refused when read', () => {
  it.each([
    { name: 'truncated', damage: (d: string) => truncateSync(join(d, 'weights', 'weights.bin'), 8), error: /^readWeights: weights\/weights\.bin has 8 bytes but weights\/model\.json declares 36/ },
    { name: 'a manifest path leaving the folder', damage: (d: string) => {
      const m = JSON.parse(readFileSync(join(d, 'weights', 'model.json'), 'utf8'));
      m.weightsManifest[0].paths = ['../status.json'];
      writeFileSync(join(d, 'weights', 'model.json'), JSON.stringify(m));
    }, error: /^readWeights: weights\/model\.json lists a weight file outside its folder/ },
  ])('$name → RunStoreError', ({ damage, error }) => {
    const { store, ids } = threeRuns(damage);
    expect(() => store.readWeights(ids[1]!)).toThrow(RunStoreError);
    expect(() => store.readWeights(ids[1]!)).toThrow(error);
    expect(new Float32Array(store.readWeights(ids[0]!)!.weightData)).toEqual(weightValues);
  });
});

describe('error strings are capped at MAX_ERROR_CHARS', () => {
  const huge = `Error: out of memory\n${'    at frame (file.js:1:1)\n'.repeat(20_000)}`;

  it('an absurdly long error already in status.json is cut when listed and loaded', () => {
    const { store, ids } = threeRuns((d) => {
      const doc = JSON.parse(readFileSync(join(d, 'status.json'), 'utf8'));
      writeFileSync(join(d, 'status.json'), JSON.stringify({ ...doc, status: 'failed', error: huge }));
    });
    expect(MAX_ERROR_CHARS).toBe(4096);
    const row = store.list()[1]!;
    expect(row.status).toBe('failed');
    expect(row.damaged).toBeUndefined();
    expect(row.error).toHaveLength(MAX_ERROR_CHARS);
    expect(row.error!.startsWith('Error: out of memory\n')).toBe(true);
    expect(row.error!.endsWith('… (truncated)')).toBe(true);
    expect(store.load(ids[1]!).status.error).toBe(row.error);
  });

  it('setStatus caps what it writes', () => {
    const store = new RunStore(fresh());
    const run = store.create({ model, environment, options });
    const written = store.setStatus(run.id, { status: 'failed', error: huge });
    expect(written.error).toHaveLength(MAX_ERROR_CHARS);
    const stored = JSON.parse(readFileSync(join(run.dir, 'status.json'), 'utf8'));
    expect(stored.error).toBe(written.error);
    expect(stored.error.endsWith('… (truncated)')).toBe(true);
  });

  it('an error of exactly MAX_ERROR_CHARS is kept whole; one more is cut', () => {
    const store = new RunStore(fresh());
    const run = store.create({ model, environment, options });
    const exact = 'e'.repeat(MAX_ERROR_CHARS);
    expect(store.setStatus(run.id, { error: exact }).error).toBe(exact);
    expect(store.setStatus(run.id, { error: `${exact}!` }).error).toMatch(/e… \(truncated\)$/);
  });

  it('a long damage description is capped in the list too', () => {
    const { store } = threeRuns((d) => writeFileSync(join(d, 'weights', 'model.json'), JSON.stringify({ weightsManifest: [{ paths: [`${'x'.repeat(9000)}/..`], weights: [] }] })));
    const row = store.list()[1]!;
    expect(row.damaged).toBe('weights/model.json');
    expect(row.error!.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
    expect(row.error!.endsWith('… (truncated)')).toBe(true);
  });
});

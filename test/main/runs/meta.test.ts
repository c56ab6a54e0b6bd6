/**
 * meta.json: rename, tags and note of a run, checked before anything is written and
 * replaced atomically; a damaged file is replaced by the next update.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMetaPatch, RunStore, RunStoreError, type MetaPatch } from '../../../src-main/runs/index.js';
import { RUN_META_LIMITS } from '../../../src-shared/runs/types.js';
import { environment, errno, model, options, scratchDirs } from './fixtures.js';

const { fresh } = scratchDirs('gl-meta-');

function oneRun(opts: ConstructorParameters<typeof RunStore>[1] = {}) {
  const store = new RunStore(fresh(), opts);
  const run = store.create({ model, environment, options });
  return { store, run };
}

describe('checkMetaPatch', () => {
  it.each<{ name: string; patch: MetaPatch; out: MetaPatch }>([
    { name: 'trims a name', patch: { name: '  Wide net ' }, out: { name: 'Wide net' } },
    { name: 'null name: back to the model name', patch: { name: null }, out: { name: null } },
    { name: 'de-duplicates tags in order', patch: { tags: ['b', 'a', 'b'] }, out: { tags: ['b', 'a'] } },
    { name: 'Korean tags and names', patch: { name: '깊은 망', tags: ['주차-3'] }, out: { name: '깊은 망', tags: ['주차-3'] } },
    { name: 'empty tags and note', patch: { tags: [], note: '' }, out: { tags: [], note: '' } },
    { name: 'left-out fields stay out', patch: {}, out: {} },
    { name: 'limits exactly', patch: { name: 'n'.repeat(RUN_META_LIMITS.name), note: 'x'.repeat(RUN_META_LIMITS.note), tags: Array.from({ length: RUN_META_LIMITS.tags }, (_, i) => `t${i}`) }, out: { name: 'n'.repeat(RUN_META_LIMITS.name), note: 'x'.repeat(RUN_META_LIMITS.note), tags: Array.from({ length: RUN_META_LIMITS.tags }, (_, i) => `t${i}`) } },
  ])('accepts: $name', ({ patch, out }) => {
    expect(checkMetaPatch(patch)).toEqual({ ok: true, patch: out });
  });

  it.each<{ name: string; patch: MetaPatch; field: string; kind: string }>([
    { name: 'blank name', patch: { name: '   ' }, field: 'name', kind: 'name_empty' },
    { name: 'name too long', patch: { name: 'n'.repeat(RUN_META_LIMITS.name + 1) }, field: 'name', kind: 'name_too_long' },
    { name: 'tag with a space', patch: { tags: ['ok', 'a b'] }, field: 'tags', kind: 'tag_invalid' },
    { name: 'empty tag', patch: { tags: [''] }, field: 'tags', kind: 'tag_invalid' },
    { name: 'tag too long', patch: { tags: ['t'.repeat(41)] }, field: 'tags', kind: 'tag_invalid' },
    { name: 'tag with a slash', patch: { tags: ['a/b'] }, field: 'tags', kind: 'tag_invalid' },
    { name: 'too many tags', patch: { tags: Array.from({ length: RUN_META_LIMITS.tags + 1 }, (_, i) => `t${i}`) }, field: 'tags', kind: 'too_many_tags' },
    { name: 'note too long', patch: { note: 'x'.repeat(RUN_META_LIMITS.note + 1) }, field: 'note', kind: 'note_too_long' },
  ])('refuses: $name → $field ($kind)', ({ patch, field, kind }) => {
    const r = checkMetaPatch(patch);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatchObject({ field, kind });
  });
});

describe('RunStore.updateMeta', () => {
  it('merges, writes exactly the three keys, and the list shows it', () => {
    const { store, run } = oneRun();
    expect(store.updateMeta(run.id, { name: 'Baseline' })).toEqual({ name: 'Baseline', tags: [], note: '' });
    expect(store.updateMeta(run.id, { tags: ['a', 'b'] })).toEqual({ name: 'Baseline', tags: ['a', 'b'], note: '' });
    expect(store.updateMeta(run.id, { note: 'first try', name: null })).toEqual({ name: null, tags: ['a', 'b'], note: 'first try' });
    expect(JSON.parse(readFileSync(join(run.dir, 'meta.json'), 'utf8'))).toEqual({ name: null, tags: ['a', 'b'], note: 'first try' });
    expect(store.list()[0]).toMatchObject({ display_name: null, tags: ['a', 'b'], note: 'first try' });
    expect(store.readMeta(run.id)).toEqual({ name: null, tags: ['a', 'b'], note: 'first try' });
    expect(readdirSync(run.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('refuses a bad patch naming the field, and writes nothing', () => {
    const { store, run } = oneRun();
    store.updateMeta(run.id, { name: 'Keep' });
    const before = readFileSync(join(run.dir, 'meta.json'), 'utf8');
    expect(() => store.updateMeta(run.id, { tags: ['ok', 'not ok'] })).toThrow(RunStoreError);
    expect(() => store.updateMeta(run.id, { tags: ['ok', 'not ok'] })).toThrow(/^updateMeta: tags\[1\]: expected letters, digits.*Received: "not ok"$/);
    expect(() => store.updateMeta(run.id, { name: '' })).toThrow(/^updateMeta: name: expected a non-empty name/);
    expect(readFileSync(join(run.dir, 'meta.json'), 'utf8')).toBe(before);
  });

  it('replaces a damaged meta.json, starting from the defaults', () => {
    const { store, run } = oneRun();
    writeFileSync(join(run.dir, 'meta.json'), '{"name": "half');
    expect(() => store.readMeta(run.id)).toThrow(/^readMeta: meta\.json is not valid JSON/);
    expect(store.updateMeta(run.id, { tags: ['fixed'] })).toEqual({ name: null, tags: ['fixed'], note: '' });
    expect(store.list()[0]!.damaged).toBeUndefined();
  });

  it('unknown and malformed ids are refused', () => {
    const { store } = oneRun();
    expect(() => store.updateMeta('20250101-000000-gone-0000', { name: 'x' })).toThrow(/^run id: no run "20250101-000000-gone-0000"/);
    expect(() => store.updateMeta('../x', { name: 'x' })).toThrow(/^run id: expected/);
  });

  it('a failed write (disk full) is a RunStoreError naming meta.json and leaves the old file', () => {
    let fail = false;
    const { store, run } = oneRun({
      fs: {
        writeFileAtomic: (file, data) => {
          if (fail) throw errno('ENOSPC', file);
          writeFileSync(file, data);
        },
      },
    });
    store.updateMeta(run.id, { note: 'old' });
    fail = true;
    expect(() => store.updateMeta(run.id, { note: 'new' })).toThrow(/^updateMeta: meta\.json: cannot write \(ENOSPC\) in .*; the disk is full$/);
    expect(store.readMeta(run.id).note).toBe('old');
  });

  it('may change while the run trains (the training never writes meta.json)', () => {
    const { store, run } = oneRun();
    expect(store.ownership(run.id).state).toBe('live');
    expect(store.updateMeta(run.id, { name: 'In progress' }).name).toBe('In progress');
  });
});

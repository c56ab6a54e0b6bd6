/** A run's study tag (a cross-validation fold): written at creation, kept by status updates, listed and loaded. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/runs/index.js';
import type { RunStudyTag } from '../../../src-shared/wizard/types.js';
import { environment, model, options, scratchDirs } from './fixtures.js';

const { fresh } = scratchDirs('gl-study-');
const tag: RunStudyTag = { id: 'cv-0123456789ab', kind: 'crossval', activation: 'elu', fold: 2, folds: 3 };

describe('study tag in status.json', () => {
  it('is written at creation, survives status updates, and appears in list and load', () => {
    const store = new RunStore(fresh());
    const run = store.create({ model, environment, options, study: tag });
    store.setStatus(run.id, { status: 'completed', finished_at: new Date().toISOString() });
    expect(JSON.parse(readFileSync(join(run.dir, 'status.json'), 'utf8')).study).toEqual(tag);
    expect(store.list().map((r) => [r.status, r.study])).toEqual([['completed', tag]]);
    expect(store.load(run.id).status.study).toEqual(tag);
  });

  it('a plain run has none', () => {
    const store = new RunStore(fresh());
    store.create({ model, environment, options });
    expect(store.list()[0]).not.toHaveProperty('study');
  });

  it.each([
    { name: 'unknown activation', study: { ...tag, activation: 'swish' } },
    { name: 'fold 0', study: { ...tag, fold: 0 } },
    { name: 'not an object', study: 'cv-0123456789ab' },
  ])('a damaged tag ($name) is read as absent; the run itself stays listed as it was', ({ study }) => {
    const store = new RunStore(fresh());
    const run = store.create({ model, environment, options, study: tag });
    const file = join(run.dir, 'status.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), study }));
    const [row] = store.list();
    expect(row?.status).toBe('running');
    expect(row?.damaged).toBeUndefined();
    expect(row).not.toHaveProperty('study');
  });
});

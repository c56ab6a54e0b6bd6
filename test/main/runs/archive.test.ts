import { existsSync, readFileSync, symlinkSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArchiveError } from '../../../src-main/runs/archive-error.js';
import { exportRuns, importRuns } from '../../../src-main/runs/archive.js';
import { RunStore } from '../../../src-main/runs/index.js';
import { ARCHIVE_LIMITS } from '../../../src-shared/runs/types.js';
import { scratchDirs, snapshot, tree } from './fixtures.js';
import { recordPlainRun, recordTrainedRun, trainOnce } from './helpers/trained-runs.js';

const dirs = scratchDirs('gl-archive-');
let source: RunStore;
let trainedId: string;
let plainId: string;

beforeAll(async () => {
  source = new RunStore(dirs.fresh());
  trainedId = recordTrainedRun(source, await trainOnce());
  plainId = recordPlainRun(source);
});

/** A run folder's files as the archive carries them (heartbeat.json never travels). */
function runFiles(store: RunStore, id: string): Record<string, string> {
  const all = snapshot(store.runDir(id));
  delete all['heartbeat.json'];
  return all;
}

function thrown(fn: () => unknown): ArchiveError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ArchiveError) return err;
    throw err;
  }
  throw new Error('expected an ArchiveError');
}

describe('exportRuns → importRuns', () => {
  it('carries two real runs into another runs folder with identical files and the same ids', () => {
    const zip = exportRuns(source, [trainedId, plainId], { weights: true, appVersion: '9.9.9', now: new Date('2026-11-30T02:15:00Z') });
    const names = Object.keys(unzipSync(zip)).sort();
    expect(names).toEqual(
      [
        'gradient-lab-archive.json',
        ...['environment.json', 'meta.json', 'metrics.jsonl', 'model.json', 'status.json'].map((f) => `runs/${plainId}/${f}`),
        ...['environment.json', 'metrics.jsonl', 'model.json', 'status.json', 'weights/model.json', 'weights/weights.bin'].map((f) => `runs/${trainedId}/${f}`),
      ].sort(),
    );
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(zip)['gradient-lab-archive.json']));
    expect(manifest).toEqual({
      format: 'gradient-lab/runs-archive',
      version: 1,
      app_version: '9.9.9',
      created_at: '2026-11-30T02:15:00.000Z',
      runs: [trainedId, plainId],
      weights: true,
    });

    const target = new RunStore(dirs.fresh());
    expect(importRuns(target, zip)).toEqual({
      imported: [
        { from: trainedId, to: trainedId },
        { from: plainId, to: plainId },
      ],
    });
    expect(runFiles(target, trainedId)).toEqual(runFiles(source, trainedId));
    expect(runFiles(target, plainId)).toEqual(runFiles(source, plainId));
    // The store reads them as the runs they were: weights usable, nothing damaged, no temp folders left.
    const listed = target.list();
    expect(listed.map((r) => [r.id, r.status, r.has_weights, r.damaged])).toEqual(
      source.list().map((r) => [r.id, r.status, r.has_weights, undefined]),
    );
    expect(target.load(trainedId).warnings).toEqual([]);
    expect(tree(target.dir).filter((p) => p.includes('.tmp-'))).toEqual([]);
  });

  it('leaves the weights out unless asked for', () => {
    const zip = exportRuns(source, [trainedId], { weights: false });
    expect(Object.keys(unzipSync(zip)).filter((n) => n.includes('weights/'))).toEqual([]);
    const target = new RunStore(dirs.fresh());
    importRuns(target, zip);
    expect(target.list()[0]!.has_weights).toBe(false);
    expect(target.load(trainedId).warnings).toEqual([]);
    // Left out on purpose (status.json says so): the completed run is not listed as damaged.
    expect(target.list()[0]!.damaged).toBeUndefined();
    expect(target.load(trainedId).status.weights_left_out).toBe(true);
    // The same run with its weights folder removed by hand is damaged: the mark is what makes the difference.
    const lost = new RunStore(dirs.fresh());
    importRuns(lost, exportRuns(source, [trainedId], { weights: true }));
    rmSync(join(lost.runDir(trainedId), 'weights'), { recursive: true, force: true });
    expect(lost.list()[0]!.damaged).toBe('weights');
  });

  it('renames runs whose ids are taken and leaves the originals byte for byte as they were', () => {
    const zip = exportRuns(source, [trainedId, plainId], { weights: true });
    const before = snapshot(source.dir);
    const first = importRuns(source, zip).imported;
    const second = importRuns(source, zip).imported;
    const renamed = (id: string, n: number) => `${id.slice(0, -5)}-${n}${id.slice(-5)}`;
    expect(first).toEqual([
      { from: trainedId, to: renamed(trainedId, 2) },
      { from: plainId, to: renamed(plainId, 2) },
    ]);
    expect(second.map((r) => r.to)).toEqual([renamed(trainedId, 3), renamed(plainId, 3)]);
    const after = snapshot(source.dir);
    for (const [path, bytes] of Object.entries(before)) expect(after[path], path).toBe(bytes);
    expect(runFiles(source, renamed(trainedId, 2))).toEqual(runFiles(source, trainedId));
    expect(source.ids().sort()).toEqual([plainId, renamed(plainId, 2), renamed(plainId, 3), trainedId, renamed(trainedId, 2), renamed(trainedId, 3)].sort());
    for (const r of [...first, ...second]) rmSync(source.runDir(r.to), { recursive: true });
  });

  it('exports a metrics file whose last line a crash cut off without that half line', () => {
    const store = new RunStore(dirs.fresh());
    const id = recordPlainRun(store);
    appendFileSync(join(store.runDir(id), 'metrics.jsonl'), '{"type":"epoch","epo');
    const whole = readFileSync(join(store.runDir(id), 'metrics.jsonl'), 'utf8').split('\n').slice(0, -1).join('\n') + '\n';
    const zip = exportRuns(store, [id], { weights: false });
    expect(new TextDecoder().decode(unzipSync(zip)[`runs/${id}/metrics.jsonl`])).toBe(whole);
  });
});

describe('exportRuns refuses', () => {
  it.each([
    ['an unknown run id', () => ['20260101-000000-nothing-0000'], 'archive.unknown_run', 'usage', /No run 20260101-000000-nothing-0000 in the runs folder/],
    ['a malformed id', () => ['../etc'], 'archive.unknown_run', 'usage', /No run \.\.\/etc/],
  ])('%s', (_what, ids, code, kind, message) => {
    const e = thrown(() => exportRuns(source, ids(), { weights: false }));
    expect([e.code, e.kind]).toEqual([code, kind]);
    expect(e.message).toMatch(message);
  });

  it('a run that is still training, naming it', () => {
    const store = new RunStore(dirs.fresh());
    const id = recordPlainRun(store);
    store.setStatus(id, { status: 'running' });
    const e = thrown(() => exportRuns(store, [id], { weights: false }));
    expect([e.code, e.kind, e.message]).toEqual(['archive.run_active', 'usage', `Run ${id} is still running; export it once it has finished.`]);
  });

  it.each([
    ['status.json is damaged', (dir: string) => writeFileSync(join(dir, 'status.json'), '{"status": '), /status\.json is not valid JSON/],
    ['model.json is missing', (dir: string) => rmSync(join(dir, 'model.json')), /model\.json is missing/],
    ['model.json is a symlink', (dir: string) => (rmSync(join(dir, 'model.json')), symlinkSync('/etc/hostname', join(dir, 'model.json'))), /model\.json is not a regular file/],
    ['metrics.jsonl has a bad line in the middle', (dir: string) => writeFileSync(join(dir, 'metrics.jsonl'), 'nonsense\n{"type":"epoch"}\n'), /metrics\.jsonl: line 1/],
  ])('a damaged run (%s), naming the run and the file', (_what, damage, message) => {
    const store = new RunStore(dirs.fresh());
    const id = recordPlainRun(store);
    damage(store.runDir(id));
    const e = thrown(() => exportRuns(store, [id], { weights: false }));
    expect([e.code, e.kind]).toEqual(['archive.run_damaged', 'damaged']);
    expect(e.message).toMatch(new RegExp(`^Run ${id} cannot be exported: `));
    expect(e.message).toMatch(message);
  });

  it('an archive larger than an import accepts', () => {
    const e = thrown(() => exportRuns(source, [trainedId], { weights: true, limits: { ...ARCHIVE_LIMITS, archive_bytes: 10_000 } }));
    expect([e.code, e.kind]).toEqual(['archive.export_too_large', 'usage']);
    expect(e.message).toMatch(/more than the 10000 bytes an import accepts/);
    expect(existsSync(source.runDir(trainedId))).toBe(true);
  });
});

/**
 * `runs export` and `runs import` through the real CLI: exit 0 with the archive written or
 * the runs imported (`from → to`, `--json {"imported":[…]}`), 1 for a refused archive with
 * the reason and nothing written, 2 for an unknown run id, an existing --out or a missing
 * argument, checked before anything is written.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/runs/store.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { snapshot, tree, weightSpecs, weightValues } from '../runs/fixtures.js';
import { recordPlainRun } from '../runs/helpers/trained-runs.js';

const tmp = tempDir('gl-cli-archive-');
afterAll(() => tmp.cleanup());
const runs = join(tmp.dir, 'runs');
let a = '';
let b = '';
let archive = '';

beforeAll(() => {
  const store = new RunStore(runs);
  a = recordPlainRun(store);
  b = recordPlainRun(store);
  store.saveWeights(b, { modelTopology: { class_name: 'Sequential' }, weightSpecs, weightData: weightValues.buffer });
  archive = join(tmp.dir, 'class.zip');
});

/** The folder's paths and bytes, to show a refused command wrote nothing. */
const state = (dir: string) => (existsSync(dir) ? { tree: tree(dir), files: snapshot(dir) } : null);

describe('runs export', () => {
  it('writes the archive of the runs given, with weights when asked (exit 0)', () => {
    const r = runCli(['runs', 'export', a, b, '--out', archive, '--weights', '--runs-dir', runs]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(new RegExp(`^exported 2 run\\(s\\) with weights to .*class\\.zip \\(\\d+ bytes\\)$`));
    const names = Object.keys(unzipSync(readFileSync(archive)));
    expect(names).toContain(`runs/${b}/weights/weights.bin`);
    expect(names).toContain(`runs/${a}/metrics.jsonl`);
    expect(names.some((n) => n.endsWith('heartbeat.json'))).toBe(false);
  });

  it('--json prints the file, the runs and the size', () => {
    const out = join(tmp.dir, 'one.zip');
    const r = runCli(['runs', 'export', a, '--out', out, '--runs-dir', runs, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ out, runs: [a], weights: false, bytes: readFileSync(out).length });
  });

  it.each([
    ['an unknown run id', () => [a, '20260101-000000-gone-0000', '--out', join(tmp.dir, 'x.zip')], /No run 20260101-000000-gone-0000 in the runs folder/],
    ['a malformed run id', () => ['../../etc', '--out', join(tmp.dir, 'x.zip')], /No run \.\.\/\.\.\/etc/],
    ['an existing --out', () => [a, '--out', archive], /class\.zip already exists; choose another name/],
    ['no --out', () => [a], /--out FILE is required/],
    ['no run id', () => ['--out', join(tmp.dir, 'x.zip')], /expected one or more run ids/],
    ['an --out in a missing folder', () => [a, '--out', join(tmp.dir, 'nope', 'x.zip')], /the folder .*nope does not exist/],
  ])('%s: exit 2, nothing written', (_what, args, message) => {
    const before = readFileSync(archive);
    const r = runCli(['runs', 'export', ...args(), '--runs-dir', runs]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(tmp.dir, 'x.zip'))).toBe(false);
    expect(readFileSync(archive).equals(before)).toBe(true);
  });

  it('a run still training: exit 2, naming it', () => {
    const dir = join(tmp.dir, 'active');
    const store = new RunStore(dir);
    const id = recordPlainRun(store);
    store.setStatus(id, { status: 'running' });
    const r = runCli(['runs', 'export', id, '--out', join(tmp.dir, 'active.zip'), '--runs-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Run ${id} is still running; export it once it has finished.`);
    expect(existsSync(join(tmp.dir, 'active.zip'))).toBe(false);
  });
});

describe('runs import', () => {
  it('imports into another runs folder keeping the ids, --json {"imported": […]} (exit 0)', () => {
    const dir = join(tmp.dir, 'teacher');
    const r = runCli(['runs', 'import', archive, '--runs-dir', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ imported: [{ from: a, to: a }, { from: b, to: b }] });
    expect(snapshot(join(dir, b))).toEqual(Object.fromEntries(Object.entries(snapshot(join(runs, b))).filter(([p]) => p !== 'heartbeat.json')));
  });

  it('prints from → to per run, renaming ids that are taken, the runs there untouched', () => {
    const before = snapshot(runs);
    const r = runCli(['runs', 'import', archive, '--runs-dir', runs]);
    expect(r.code, r.stderr).toBe(0);
    const renamed = (id: string) => `${id.slice(0, -5)}-2${id.slice(-5)}`;
    expect(r.stdout.trim().split('\n')).toEqual([
      `${a} → ${renamed(a)} (renamed: the id was taken)`,
      `${b} → ${renamed(b)} (renamed: the id was taken)`,
      `imported 2 run(s) into ${runs}`,
    ]);
    const after = snapshot(runs);
    for (const [path, bytes] of Object.entries(before)) expect(after[path], path).toBe(bytes);
  });

  it.each([
    ['an entry with ../', () => zipSync({ '../evil.txt': new Uint8Array([1]) }), /Archive refused: entry "\.\.\/evil\.txt" has an unsafe name \(a "\.\." segment\)/],
    ['not a zip', () => new TextEncoder().encode('hello'), /Archive refused: it is not a readable zip file/],
    ['a run file that is not a run file', () => zipSync({ [`runs/${a}/run.sh`]: new Uint8Array([1]) }), /entry "runs\/.+\/run\.sh" is not a file of a Gradient Lab run/],
  ])('%s: exit 1 with the reason, the runs folder unchanged', (_what, bytes, message) => {
    const file = join(tmp.dir, 'hostile.zip');
    writeFileSync(file, bytes());
    const before = state(runs);
    const r = runCli(['runs', 'import', file, '--runs-dir', runs]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(state(runs)).toEqual(before);
  });

  it('says the refusal in Korean with --lang ko', () => {
    const file = join(tmp.dir, 'abs.zip');
    writeFileSync(file, zipSync({ '/etc/cron.d/x': new Uint8Array([1]) }));
    const r = runCli(['runs', 'import', file, '--runs-dir', runs, '--lang', 'ko']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('오류: 아카이브를 거부했습니다: 항목 "/etc/cron.d/x"의 이름이 절대 경로라 안전하지 않습니다.');
  });

  it.each([
    ['a missing file', () => join(tmp.dir, 'missing.zip'), /missing\.zip: cannot read the archive \(ENOENT\)/],
    ['a directory', () => (mkdirSync(join(tmp.dir, 'adir'), { recursive: true }), join(tmp.dir, 'adir')), /adir: cannot read the archive: it is a directory/],
  ])('%s: exit 1', (_what, path, message) => {
    const r = runCli(['runs', 'import', path(), '--runs-dir', runs]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [['runs', 'import'], /expected the archive to import/],
    [['runs', 'import', 'x.zip', 'y.zip'], /unexpected argument "y\.zip"/],
    [['runs', 'import', 'x.zip', '--weights'], /runs import does not take --weights/],
  ])('%j: exit 2', (args, message) => {
    const r = runCli([...args, '--runs-dir', runs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

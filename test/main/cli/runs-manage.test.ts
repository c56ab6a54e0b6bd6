/**
 * `runs list|delete|rename|tag` through the real CLI on a generated runs folder: the
 * exact `--json` of list (damaged runs with their reason), the readable table in both
 * languages, and every exit code (0 done, 2 bad usage or unknown id, 4 a live run).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/runs/index.js';
import { runCli } from '../../helpers/cli.js';
import { loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir('gl-cli-runs-');
afterAll(() => tmp.cleanup());
let n = 0;

const environment = {
  backend: 'wasm', backend_requested: 'auto', backend_attempts: [], tfjs_version: '4.22.0', app_version: '0', node_version: process.version,
  electron_version: null, platform: process.platform, arch: process.arch, cpu_model: 'x', cpu_count: 1, memory_bytes: 1, hostname: 'h',
};
const options = { epochs: 2, batch_size: 32, seed: 1, limit: null, backend: 'auto' };
const epoch = (e: number, val: number) => ({ type: 'epoch' as const, epoch: e, loss: 1, accuracy: 0.5, val_loss: 1, val_accuracy: val, seconds: 1, layers: [] });

/**
 * A folder with three finished runs a minute apart (oldest first in `ids`): a stopped one
 * (best val 0.81, test 0.8), one whose metrics were cut off by a crash, and one with no epochs.
 */
function folder(): { dir: string; ids: string[] } {
  const dir = join(tmp.dir, `runs${n++}`);
  const ids = [0, 1, 2].map((i) => {
    const s = new RunStore(dir, { now: () => new Date(Date.UTC(2026, 0, 5, 9, i)), randomHex: () => `000${i}` });
    const run = s.create({ model: loadExample('leaky-relu'), environment, options });
    return run.id;
  });
  const s = new RunStore(dir);
  s.appendMetric(ids[0]!, epoch(1, 0.81));
  s.appendMetric(ids[0]!, epoch(2, 0.79));
  s.setStatus(ids[0]!, { status: 'stopped', test_accuracy: 0.8 });
  s.appendMetric(ids[1]!, epoch(1, 0.7));
  writeFileSync(join(dir, ids[1]!, 'metrics.jsonl'), '{"type":"epoch","epoch":2,"lo', { flag: 'a' });
  s.setStatus(ids[1]!, { status: 'stopped' });
  s.setStatus(ids[2]!, { status: 'failed', error: 'out of memory' });
  return { dir, ids };
}

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, env, 60_000);

describe('runs list', () => {
  it('--json: one array, exactly run_id, status, best_val_accuracy, test_accuracy, damaged (+ reason where damaged)', () => {
    const { dir, ids } = folder();
    const r = cli(['runs', 'list', '--json', '--runs-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toEqual([
      { run_id: ids[2], status: 'failed', best_val_accuracy: null, test_accuracy: null, damaged: false },
      { run_id: ids[1], status: 'failed', best_val_accuracy: 0.7, test_accuracy: null, damaged: true, reason: 'metrics.jsonl: the last line (2) is incomplete, probably cut off by a crash' },
      { run_id: ids[0], status: 'stopped', best_val_accuracy: 0.81, test_accuracy: 0.8, damaged: false },
    ]);
    expect(Object.keys(rows[1]!)).toEqual(['run_id', 'status', 'best_val_accuracy', 'test_accuracy', 'damaged', 'reason']);
  });

  it('a table in English with the reasons below it', () => {
    const { dir, ids } = folder();
    const r = cli(['runs', 'list', '--runs-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATUS\s+EPOCHS\s+BEST VAL\s+TEST\s+CREATED \(UTC\)$/);
    expect(lines[1]).toMatch(new RegExp(`^${ids[2]}\\s+LeakyReLU 300-100 \\(he_normal\\)\\s+failed\\s+0\\s+—\\s+—\\s+2026-01-05 09:02$`));
    expect(lines[2]).toMatch(new RegExp(`^${ids[1]}\\s+.*failed \\(damaged\\)\\s+1\\s+70\\.0%\\s+—`));
    expect(lines[3]).toMatch(new RegExp(`^${ids[0]}\\s+.*stopped\\s+2\\s+81\\.0%\\s+80\\.0%\\s+2026-01-05 09:00$`));
    expect(r.stdout).toContain(`${ids[1]}: damaged (metrics.jsonl): metrics.jsonl: the last line (2) is incomplete`);
    expect(r.stdout).toContain(`${ids[2]}: out of memory`);
    expect(lines.at(-1)).toBe(`3 runs in ${dir}`);
  });

  it('in Korean with --lang ko (JSON never changes)', () => {
    const { dir } = folder();
    const r = cli(['runs', 'list', '--runs-dir', dir, '--lang', 'ko']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+이름\s+상태\s+에포크\s+최고 검증\s+테스트\s+만든 때\(UTC\)/);
    expect(r.stdout).toContain('실패 (손상)');
    expect(r.stdout).toContain('중단됨');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`${dir}의 실행 3개`);
    expect(cli(['runs', 'list', '--json', '--runs-dir', dir, '--lang', 'ko']).stdout).toBe(cli(['runs', 'list', '--json', '--runs-dir', dir]).stdout);
  });

  it('an empty folder; $GRADIENT_LAB_RUNS_DIR when there is no flag', () => {
    const dir = join(tmp.dir, `empty${n++}`);
    mkdirSync(dir);
    expect(cli(['runs', 'list', '--runs-dir', dir]).stdout.trim()).toBe(`No runs in ${dir}.`);
    expect(cli(['runs', 'list', '--json'], { GRADIENT_LAB_RUNS_DIR: dir }).stdout.trim()).toBe('[]');
  });

  it.each([
    { name: 'a missing folder (never created)', args: (d: string) => ['--runs-dir', join(d, 'nope')], error: /^error: --runs-dir: the runs folder ".*nope" does not exist$/m },
    { name: 'a file as the folder', args: (d: string) => ['--runs-dir', join(d, 'afile')], error: /^error: --runs-dir: ".*afile" is not a folder$/m },
    { name: 'an extra argument', args: (d: string) => ['extra', '--runs-dir', d], error: /^error: unexpected argument "extra"/m },
  ])('exit 2 for $name', ({ args, error }) => {
    writeFileSync(join(tmp.dir, 'afile'), 'x');
    const r = cli(['runs', 'list', ...args(tmp.dir)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(error);
    expect(existsSync(join(tmp.dir, 'nope'))).toBe(false);
  });
});

describe('runs delete', () => {
  it('deletes for good (no trash), one line per run; --json lists them', () => {
    const { dir, ids } = folder();
    const r = cli(['runs', 'delete', ids[0]!, ids[1]!, '--runs-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([`deleted ${ids[0]}`, `deleted ${ids[1]}`]);
    expect(existsSync(join(dir, ids[0]!))).toBe(false);
    expect(existsSync(join(dir, '.trash'))).toBe(false);
    const j = cli(['runs', 'delete', ids[2]!, '--runs-dir', dir, '--json']);
    expect(JSON.parse(j.stdout)).toEqual({ deleted: [ids[2]] });
  });

  it.each([
    { name: 'an unknown id among known ones', bad: '20250101-000000-gone-0000', error: /^error: no run 20250101-000000-gone-0000 in / },
    { name: 'a malformed id', bad: '../x', error: /^error: run id: expected YYYYMMDD-HHMMSS-<slug>-<4 hex>, received "\.\.\/x"/ },
  ])('exit 2 for $name, and nothing is deleted', ({ bad, error }) => {
    const { dir, ids } = folder();
    const r = cli(['runs', 'delete', ids[0]!, bad, '--runs-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(error);
    expect(existsSync(join(dir, ids[0]!))).toBe(true);
  });

  it('exit 4 for a run a live process trains, and nothing is deleted', () => {
    const { dir, ids } = folder();
    // This test process owns it and is alive: the CLI must refuse.
    const live = new RunStore(dir).create({ model: loadExample('leaky-relu'), environment, options }).id;
    const r = cli(['runs', 'delete', ids[0]!, live, '--runs-dir', dir]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`^error: run ${live} is training or queued by process ${process.pid} on .*; stop it there first\\. Nothing was deleted\\.$`, 'm'));
    expect(existsSync(join(dir, ids[0]!))).toBe(true);
    expect(existsSync(join(dir, live))).toBe(true);
  });

  it('exit 2 without an id', () => {
    const { dir } = folder();
    expect(cli(['runs', 'delete', '--runs-dir', dir])).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing RUN_ID/) });
  });
});

describe('runs rename and runs tag', () => {
  it('rename sets the name the list shows; "" shows the model name again', () => {
    const { dir, ids } = folder();
    const r = cli(['runs', 'rename', ids[0]!, 'Baseline (lr 0.01)', '--runs-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`${ids[0]}: named "Baseline (lr 0.01)"`);
    expect(new RunStore(dir).list().find((x) => x.id === ids[0])!.display_name).toBe('Baseline (lr 0.01)');
    const back = cli(['runs', 'rename', ids[0]!, '', '--runs-dir', dir, '--json']);
    expect(JSON.parse(back.stdout)).toEqual({ run_id: ids[0], name: null, tags: [] });
  });

  it('tag adds, and -name removes after --', () => {
    const { dir, ids } = folder();
    expect(cli(['runs', 'tag', ids[0]!, 'week-3', 'relu', 'week-3', '--runs-dir', dir]).stdout.trim()).toBe(`${ids[0]}: tags week-3, relu`);
    const r = cli(['runs', 'tag', ids[0]!, '--runs-dir', dir, '--json', '--', '-relu', 'baseline']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ run_id: ids[0], name: null, tags: ['week-3', 'baseline'] });
    expect(new RunStore(dir).list().find((x) => x.id === ids[0])!.tags).toEqual(['week-3', 'baseline']);
  });

  it.each([
    { name: 'rename without NAME', args: (id: string) => ['rename', id], error: /missing NAME/ },
    { name: 'rename with a name too long', args: (id: string) => ['rename', id, 'n'.repeat(201)], error: /NAME: at most 200 characters, received 201/ },
    { name: 'rename with an extra argument', args: (id: string) => ['rename', id, 'a', 'b'], error: /unexpected argument "b"/ },
    { name: 'tag without TAG', args: (id: string) => ['tag', id], error: /missing TAG/ },
    { name: 'a tag with a space', args: (id: string) => ['tag', id, 'a b'], error: /TAG: "a b" is not a tag/ },
    { name: 'more than 20 tags', args: (id: string) => ['tag', id, ...Array.from({ length: 21 }, (_, i) => `t${i}`)], error: /TAG: at most 20 tags per run, this would make 21/ },
    { name: 'an unknown run', args: () => ['tag', '20250101-000000-gone-0000', 'x'], error: /no run 20250101-000000-gone-0000/ },
  ])('exit 2 for $name, and meta.json is untouched', ({ args, error }) => {
    const { dir, ids } = folder();
    const r = cli(['runs', ...args(ids[0]!), '--runs-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(error);
    expect(existsSync(join(dir, ids[0]!, 'meta.json'))).toBe(false);
  });

  it('Korean messages with --lang ko', () => {
    const { dir, ids } = folder();
    expect(cli(['runs', 'tag', ids[0]!, 'a', '--runs-dir', dir, '--lang', 'ko']).stdout.trim()).toBe(`${ids[0]}: 태그 a`);
    const r = cli(['runs', 'tag', ids[0]!, 'a b', '--runs-dir', dir, '--lang', 'ko']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TAG: "a b"은\(는\) 태그로 쓸 수 없습니다/);
  });

  it('a damaged meta.json is replaced by the next tag', () => {
    const { dir, ids } = folder();
    writeFileSync(join(dir, ids[0]!, 'meta.json'), '{"name":');
    const r = cli(['runs', 'tag', ids[0]!, 'fixed', '--runs-dir', dir, '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ run_id: ids[0], name: null, tags: ['fixed'] });
    rmSync(join(dir, ids[0]!, 'meta.json'));
  });
});

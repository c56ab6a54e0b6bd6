/**
 * `diff A B` through the real CLI: two model files, a file against a run id in a runs
 * folder (made with the run store, as training would leave it), the exact `--json` object,
 * the lines in both languages and the exit codes (0 with or without differences, 1 an
 * invalid file or a damaged run, 2 a missing argument or one that is neither file nor run).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/runs/store.js';
import { examplePath } from '../../helpers/examples.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { environment, options } from '../runs/fixtures.js';

const tmp = tempDir('gl-cli-diff-');
afterAll(() => tmp.cleanup());
const runs = join(tmp.dir, 'runs');
const RELU = examplePath('relu-100');
const SELU = examplePath('selu-100');
let seluRun = '';
let brokenRun = '';
let invalidRun = '';

/** The layer changes of relu-100 → selu-100, as `--json` prints them. */
const LAYER_CHANGES = [
  { path: 'layers[*].activation', from: 'relu', to: 'selu', layers: [1, 100] },
  { path: 'layers[*].kernel_initializer', from: 'he_normal', to: 'lecun_normal', layers: [1, 100] },
];

beforeAll(() => {
  const store = new RunStore(runs);
  const make = (model: string): string => {
    const run = store.create({ model, environment, options });
    run.setStatus({ status: 'completed' });
    return run.id;
  };
  seluRun = make(readFileSync(SELU, 'utf8'));
  brokenRun = make(readFileSync(SELU, 'utf8'));
  writeFileSync(join(runs, brokenRun, 'model.json'), '{"format": "gradient-lab/mo');
  invalidRun = make(readFileSync(RELU, 'utf8').replace('"units": 300', '"units": 0'));
});

const jsonOf = (stdout: string): unknown => {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!);
};

describe('diff', () => {
  it('prints one line per grouped change between two files (exit 0)', () => {
    const r = runCli(['diff', RELU, SELU]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'name: "ReLU, 100 hidden layers (he_normal)" → "SELU, 100 hidden layers (lecun_normal)"',
      'description: "The same 100-layer stack with ReLU and he_normal weights, w…" → "The seed\'s 100-layer SELU net on standardized inputs with l…"',
      'layers 1–100: activation relu → selu',
      'layers 1–100: kernel_initializer he_normal → lecun_normal',
    ]);
  });

  it('--json: exactly {"changes":[{path, from, to, layers?}]} on one line, `layers` only for layer changes', () => {
    const r = runCli(['diff', RELU, SELU, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = jsonOf(r.stdout) as { changes: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['changes']);
    expect(out.changes.map((c) => Object.keys(c))).toEqual([
      ['path', 'from', 'to'],
      ['path', 'from', 'to'],
      ['path', 'from', 'to', 'layers'],
      ['path', 'from', 'to', 'layers'],
    ]);
    expect(out.changes.slice(2)).toEqual(LAYER_CHANGES);
    expect(out.changes[0]).toEqual({ path: 'name', from: 'ReLU, 100 hidden layers (he_normal)', to: 'SELU, 100 hidden layers (lecun_normal)' });
  });

  it("reads a run id as the run's model.json, from --runs-dir or $GRADIENT_LAB_RUNS_DIR", () => {
    const byFlag = runCli(['diff', RELU, seluRun, '--runs-dir', runs, '--json']);
    expect(byFlag.code, byFlag.stderr).toBe(0);
    expect((jsonOf(byFlag.stdout) as { changes: unknown[] }).changes.slice(2)).toEqual(LAYER_CHANGES);
    const byEnv = runCli(['diff', seluRun, SELU, '--json'], { GRADIENT_LAB_RUNS_DIR: runs });
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect(jsonOf(byEnv.stdout)).toEqual({ changes: [] });
  });

  it.each([
    ['en', 'no differences'],
    ['ko', '차이 없음'],
  ])('%s: identical models read "%s" (exit 0)', (lang, text) => {
    const r = runCli(['diff', SELU, seluRun, '--runs-dir', runs, '--lang', lang]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${text}\n`);
  });

  it('ko: the lines in Korean, identifiers as written', () => {
    const r = runCli(['diff', RELU, SELU, '--lang', 'ko']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').slice(2)).toEqual([
      '층 1–100: activation relu → selu',
      '층 1–100: kernel_initializer he_normal → lecun_normal',
    ]);
  });

  it.each([
    {
      name: 'an argument that is neither file nor run',
      args: () => ['diff', RELU, 'xyz', '--runs-dir', runs],
      stderr: () => `diff: "xyz" is neither a file nor a run in ${runs}`,
    },
    {
      name: 'a well-formed run id with no run',
      args: () => ['diff', '20250101-000000-nothing-abcd', RELU, '--runs-dir', runs],
      stderr: () => `diff: "20250101-000000-nothing-abcd" is neither a file nor a run in ${runs}`,
    },
    {
      name: 'a run id where the runs folder does not exist (and is not created)',
      args: () => ['diff', RELU, seluRun, '--runs-dir', join(tmp.dir, 'nowhere')],
      stderr: () => `diff: "${seluRun}" is neither a file nor a run in ${join(tmp.dir, 'nowhere')} (no such folder)`,
    },
    { name: 'B missing', args: () => ['diff', RELU], stderr: () => 'diff: expected two models, A and B' },
  ])('exit 2: $name', ({ args, stderr }) => {
    const r = runCli(args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(stderr());
    expect(existsSync(join(tmp.dir, 'nowhere'))).toBe(false);
  });

  it('exit 1: an invalid model file, named with its problem', () => {
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(bad, readFileSync(RELU, 'utf8').replace('"relu"', '"relux"'));
    const r = runCli(['diff', bad, SELU]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${bad}: layers[1].activation`);
  });

  it.each([
    {
      name: 'a damaged run (model.json cut short): the reason',
      run: () => brokenRun,
      says: () => [`run ${brokenRun} in ${runs} is damaged`, 'model.json is not valid JSON'],
    },
    {
      name: "a run whose model.json does not validate: the validator's message",
      run: () => invalidRun,
      says: () => [`${invalidRun}/model.json: layers[1].units`],
    },
  ])('exit 1: $name', ({ run, says }) => {
    const r = runCli(['diff', run(), SELU, '--runs-dir', runs]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const s of says()) expect(r.stderr).toContain(s);
  });
});

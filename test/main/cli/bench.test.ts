/**
 * `npm run bench` end to end: real (small) training runs in a child process, the JSON
 * lines it prints, its flag errors, and the PyTorch comparison where torch imports.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDense } from '../../../src-main/engine/model-plan.js';
import { findTorchPython, PYTORCH_SCRIPT } from '../../../src-main/cli/bench-pytorch.js';
import { examplePath, loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** The keys of a --json row, in the documented order. */
const KEYS = ['model', 'backend', 'batch_size', 'diagnostics', 'seconds_per_epoch', 'samples_per_second', 'gflops', 'peak_rss_mb', 'threads'];

interface Row {
  model: string;
  backend: string;
  batch_size: number;
  diagnostics: boolean;
  seconds_per_epoch: number;
  samples_per_second: number;
  gflops: number;
  peak_rss_mb: number;
  threads: number;
  pytorch_seconds_per_epoch?: number;
  ratio?: number;
}

/** Runs the bench as `npm run bench` does, without npm's noise; English messages whatever the locale. */
function runBench(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/cli/bench.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'en_US.UTF-8', ...env },
    timeout: 300_000,
    killSignal: 'SIGKILL',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonRows(stdout: string): Row[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Row);
}

/** Multiply-adds per sample of the Dense kernels, computed here independently of the bench's code path. */
function macsOf(id: string): number {
  return planDense(loadExample(id)).reduce((s, p) => s + p.fan_in * p.fan_out, 0);
}

describe('npm run bench --json', () => {
  // --threads 1: the row must carry what was passed; 1 also keeps the test off the data-parallel workers.
  let r = { code: null as number | null, stdout: '', stderr: '' };
  let rows: Row[] = [];
  // One run (four trainings) shared by the checks below.
  beforeAll(() => {
    r = runBench(['--limit', '512', '--epochs', '3', '--batch-sizes', '32,256', '--diagnostics', 'both', '--threads', '1', '--json']);
    rows = r.code === 0 ? jsonRows(r.stdout) : [];
  });

  it('prints one JSON object per (batch size, diagnostics) with exactly the documented keys', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(Object.keys(row)).toEqual(KEYS);
    expect(rows.map((row) => [row.batch_size, row.diagnostics])).toEqual([
      [32, true],
      [32, false],
      [256, true],
      [256, false],
    ]);
  });

  it.each([0, 1, 2, 3])('row %i: consistent speed, FLOP rate, memory and threads', (i) => {
    const row = rows[i];
    expect(row, r.stderr).toBeDefined();
    if (!row) return;
    expect(row.model).toBe('leaky-relu');
    expect(row.backend).toMatch(/^(wasm|cpu|tensorflow)$/);
    expect(row.seconds_per_epoch).toBeGreaterThan(0);
    expect(row.samples_per_second / (512 / row.seconds_per_epoch)).toBeCloseTo(1, 6);
    // 6 × (784·300 + 300·100 + 100·10) × samples / s, in GFLOP/s.
    expect(macsOf('leaky-relu')).toBe(266_200);
    expect(row.gflops / ((6 * 266_200 * 512) / row.seconds_per_epoch / 1e9)).toBeCloseTo(1, 6);
    expect(row.peak_rss_mb).toBeGreaterThan(10);
    expect(row.threads).toBe(1);
  });
});

describe('npm run bench --model', () => {
  it.each<[string, () => string, string]>([
    ['an example id', () => 'selu-100', 'selu-100'],
    [
      'a model file path',
      () => {
        const p = join(tmp.dir, 'my-net.json');
        copyFileSync(examplePath('elu-he'), p);
        return p;
      },
      'my-net.json',
    ],
  ])('%s names the rows', (_what, arg, expected) => {
    const r = runBench(['--model', arg(), '--limit', '256', '--batch-sizes', '32', '--diagnostics', 'off', '--threads', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = jsonRows(r.stdout);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ model: expected, batch_size: 32, diagnostics: false, threads: 1 });
    expect(rows[0]!.seconds_per_epoch).toBeGreaterThan(0);
  });

  it('--repeat 2 alternates diagnostics on and off and still prints one row each, over 2 × 3 epochs', () => {
    const r = runBench(['--limit', '256', '--batch-sizes', '64', '--threads', '1', '--repeat', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = jsonRows(r.stdout);
    expect(rows.map((row) => row.diagnostics)).toEqual([true, false]);
    for (const row of rows) expect(row.seconds_per_epoch).toBeGreaterThan(0);
  });

  it('prints a table with the diagnostics overhead without --json', () => {
    const r = runBench(['--limit', '256', '--batch-sizes', '64', '--threads', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/batch\s+diagnostics\s+s\/epoch\s+samples\/s\s+GFLOP\/s\s+peak RSS MiB\s+threads/);
    expect(r.stdout).toMatch(/^\s+64\s+on\s/m);
    expect(r.stdout).toMatch(/^\s+64\s+off\s/m);
    expect(r.stdout).toMatch(/diagnostics overhead \(slower with diagnostics than without\): batch 64 [+-]\d+\.\d%/);
  });
});

describe('npm run bench flag errors', () => {
  it.each<[string, string[], RegExp]>([
    ['a zero batch size', ['--batch-sizes', '0'], /--batch-sizes: expected an integer from 1 to 65536, received "0"/],
    ['one bad batch size in the list', ['--batch-sizes', '32,x'], /--batch-sizes: .*received "x"/],
    ['an unknown diagnostics choice', ['--diagnostics', 'maybe'], /--diagnostics: expected one of on, off, both, received "maybe"/],
    ['zero threads', ['--threads', '0'], /--threads: expected an integer from 1 to \d+, received "0"/],
    ['zero rows per thread', ['--min-shard-rows', '0'], /--min-shard-rows: expected an integer from 1 to 65536, received "0"/],
    ['no repetition', ['--repeat', '0'], /--repeat: expected an integer from 1 to 100, received "0"/],
    ['PyTorch threads not a number', ['--pytorch-threads', 'two'], /--pytorch-threads: expected an integer from 1 to \d+, received "two"/],
    ['an unknown model', ['--model', 'nope'], /--model: expected an example id \(.*leaky-relu.*\) or a model file, received "nope"/],
    ['too few epochs for a median', ['--epochs', '2'], /--epochs: expected an integer from 3 to 1000 .*received "2"/],
    ['a bad limit', ['--limit', '-5'], /--limit: .*received "-5"/],
    ['an unknown flag', ['--fast'], /--fast: unknown flag/],
  ])('%s is exit 2 naming the flag and the value', (_what, args, message) => {
    const r = runBench(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('--help lists every flag and exits 0', () => {
    const r = runBench(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--model', '--batch-sizes', '--diagnostics', '--epochs', '--threads', '--limit', '--backend', '--compare-pytorch', '--json']) {
      expect(r.stdout).toContain(flag);
    }
  });
});

const python = findTorchPython();
const noTorch = python === null ? 'no Python here can import torch (apt-get install python3-torch, or set GRADIENT_LAB_PYTHON)' : '';

describe(`npm run bench --compare-pytorch${noTorch ? ` (skipped: ${noTorch})` : ''}`, () => {
  it.skipIf(python === null)('adds PyTorch seconds per epoch and the ratio to each row', () => {
    const r = runBench(['--compare-pytorch', '--limit', '512', '--batch-sizes', '32', '--diagnostics', 'off', '--threads', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = jsonRows(r.stdout);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(Object.keys(row)).toEqual([...KEYS, 'pytorch_seconds_per_epoch', 'ratio']);
    expect(row.pytorch_seconds_per_epoch).toBeGreaterThan(0);
    expect(row.ratio! / (row.seconds_per_epoch / row.pytorch_seconds_per_epoch!)).toBeCloseTo(1, 6);
  });

  it.skipIf(python === null).each<[string, string, object]>([
    ['an unknown layer kind', 'layers[1]: layer kind', { kind: 'conv2d', filters: 8 }],
    ['an unknown activation', "layers[1]: activation 'swish'", { kind: 'dense', units: 10, activation: 'swish' }],
  ])('the script refuses %s with exit 2 and names it', (_what, message, layer) => {
    const doc = { layers: [{ kind: 'flatten' }, layer], training: { optimizer: { name: 'sgd', learning_rate: 0.01 } } };
    const r = spawnSync(python!, [PYTORCH_SCRIPT, '--model', '-', '--samples', '64', '--batch-sizes', '32'], { input: JSON.stringify(doc), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it.skipIf(python === null)('the script mirrors every shipped example', () => {
    for (const id of ['leaky-relu', 'batch-norm', 'prelu', 'rrelu', 'self-normalizing', 'elu-he']) {
      const r = spawnSync(python!, [PYTORCH_SCRIPT, '--model', examplePath(id), '--samples', '64', '--batch-sizes', '32', '--threads', '1'], { encoding: 'utf8' });
      expect(r.status, `${id}: ${r.stderr}`).toBe(0);
      const row = JSON.parse(r.stdout) as { batch_size: number; seconds_per_epoch: number; step_seconds: number[] };
      expect(row.batch_size).toBe(32);
      expect(row.step_seconds).toHaveLength(3);
      expect(row.seconds_per_epoch).toBeGreaterThan(0);
    }
  });
});

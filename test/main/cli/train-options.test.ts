/**
 * `train --dataset --optimizer --learning-rate`: flags built from the run-options table.
 * A bad value is exit 2 naming the flag (before anything is written); good values reach
 * the run: the JSON's options and the run folder's model.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runsDirChoice } from '../../../src-main/cli/args.js';
import { runCli } from '../../helpers/cli.js';
import { examplePath } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir('gl-train-options-');
afterAll(() => tmp.cleanup());
const LEAKY = examplePath('leaky-relu');

describe('exit 2 for values outside the table', () => {
  it.each<[string[], string]>([
    [['--dataset', 'cifar10'], '--dataset: expected one of fashion-mnist, mnist, received "cifar10"'],
    [['--optimizer', 'lamb'], '--optimizer: expected one of sgd, adagrad, rmsprop, adam, adamax, nadam, adamw, received "lamb"'],
    [['--learning-rate', '0'], '--learning-rate: expected a number from 0.000001 to 10, received "0"'],
    [['--learning-rate', '100'], '--learning-rate: expected a number from 0.000001 to 10, received "100"'],
    [['--learning-rate', 'fast'], '--learning-rate: expected a number from 0.000001 to 10, received "fast"'],
    [['--learning-rate=-1e-3'], '--learning-rate: expected a number from 0.000001 to 10, received "-1e-3"'],
  ])('%j', (flags, message) => {
    const runs = join(tmp.dir, 'never');
    const r = runCli(['train', LEAKY, '--runs-dir', runs, ...flags], {}, 30_000);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trimEnd()).toBe(`error: ${message}`);
    expect(existsSync(runs)).toBe(false);
  });

  it('--help lists the new flags with their ranges', () => {
    const help = runCli(['--help']).stdout;
    expect(help).toMatch(/--dataset D\s+dataset: fashion-mnist\|mnist/);
    expect(help).toMatch(/--optimizer O\s+optimizer: sgd\|adagrad\|rmsprop\|adam\|adamax\|nadam\|adamw/);
    expect(help).toMatch(/--learning-rate X\s+learning rate of the optimizer.*\[0\.000001–10\]/);
  });
});

describe('values reach the run', () => {
  it('--dataset mnist --optimizer adam --learning-rate 2e-3: the JSON options and the stored model', () => {
    const runs = join(tmp.dir, 'runs');
    const r = runCli([
      'train', LEAKY, '--runs-dir', runs, '--json', '--backend', 'wasm',
      '--epochs', '1', '--limit', '1000', '--seed', '5',
      '--dataset', 'mnist', '--optimizer', 'adam', '--learning-rate', '2e-3',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as {
      status: string;
      run_dir: string;
      options: Record<string, unknown>;
      test_accuracy: number;
    };
    expect(out.status).toBe('completed');
    expect(out.options).toMatchObject({ dataset: 'mnist', optimizer: 'adam', learning_rate: 0.002, epochs: 1, seed: 5, limit: 1000 });
    const stored = JSON.parse(readFileSync(join(out.run_dir, 'model.json'), 'utf8'));
    expect(stored.dataset).toBe('mnist');
    expect(stored.training).toEqual({ optimizer: { name: 'adam', learning_rate: 0.002 }, epochs: 1, batch_size: 32, seed: 5 });
    // The model file itself is unchanged.
    expect(JSON.parse(readFileSync(LEAKY, 'utf8')).training.optimizer).toEqual({ name: 'sgd', learning_rate: 0.001 });
    // Adam on MNIST digits learns within one short epoch (chance is 0.1).
    expect(out.test_accuracy).toBeGreaterThan(0.6);
  });
});

describe('runsDirChoice: the runs folder every command means', () => {
  const cases: { name: string; flag?: string; env?: string; dir: string; source: string }[] = [
    { name: 'the flag wins over the variable', flag: '/a/flag', env: '/a/env', dir: '/a/flag', source: '--runs-dir' },
    { name: 'the variable without a flag', env: '/a/env', dir: '/a/env', source: 'GRADIENT_LAB_RUNS_DIR' },
    { name: 'an empty variable counts as unset', env: '', dir: resolve('runs'), source: '--runs-dir' },
    { name: 'neither: ./runs, absolute', dir: resolve('runs'), source: '--runs-dir' },
    { name: 'a relative flag is made absolute', flag: 'x/y', dir: resolve('x/y'), source: '--runs-dir' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const env = c.env === undefined ? {} : { GRADIENT_LAB_RUNS_DIR: c.env };
      expect(runsDirChoice(c.flag === undefined ? {} : { 'runs-dir': c.flag }, env)).toEqual({ dir: c.dir, source: c.source });
    });
  }
});

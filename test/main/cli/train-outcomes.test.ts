/**
 * `train` exit codes by outcome: 0 completed, 3 diverged, 4 failed. With --json the last
 * line of stdout is the result object whatever the outcome, with `run_id`, `status` and
 * `error`, and a failure never escapes as a stack trace.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir('gl-train-outcomes-');
afterAll(() => tmp.cleanup());

/** A small MNIST model document (MNIST loads in a fraction of Fashion-MNIST's time). */
function model(name: string, hidden: Record<string, unknown>, learningRate: number): string {
  const path = join(tmp.dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      format: 'gradient-lab/model',
      version: 2,
      name,
      dataset: 'mnist',
      preprocess: 'scale',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 32, ...hidden }, { kind: 'dense', units: 10, activation: 'softmax' }],
      training: { optimizer: { name: 'sgd', learning_rate: learningRate }, epochs: 1, batch_size: 32, seed: 1 },
    }),
  );
  return path;
}

const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as Record<string, unknown>;

function train(modelPath: string, runsDir: string, env: Record<string, string> = {}, extra: string[] = []) {
  return runCli(['train', modelPath, '--epochs', '1', '--limit', '600', '--backend', 'wasm', '--runs-dir', runsDir, '--json', ...extra], env, 240_000);
}

describe('train exit codes by outcome', () => {
  it('0: completed, JSON line last, the probe file gone from the runs folder', () => {
    const runs = join(tmp.dir, 'runs-ok');
    const r = train(model('ok', { activation: 'relu', kernel_initializer: 'he_normal' }, 0.01), runs);
    expect(r.code, r.stderr).toBe(0);
    const json = lastJson(r.stdout);
    expect(json.status).toBe('completed');
    expect(json.error).toBeNull();
    expect(readdirSync(runs)).toEqual([json.run_id]);
    expect(r.stderr).toMatch(/^completed: test accuracy /m);
  });

  it('3: diverged, with where', () => {
    // Two linear layers with a huge step: each update scales the other's gradient until it overflows.
    const r = train(model('diverges', { kernel_initializer: 'he_normal' }, 1e3), join(tmp.dir, 'runs-diverged'));
    expect(r.code, r.stderr).toBe(3);
    const json = lastJson(r.stdout);
    expect(json.status).toBe('diverged');
    expect(json.diverged_at).toMatchObject({ epoch: 1 });
    expect(r.stderr).toMatch(/^diverged: the loss became NaN\/Inf at epoch 1, step \d+$/m);
  });

  it.each([
    [
      'the dataset folder is under a regular file',
      (dir: string) => {
        writeFileSync(join(dir, 'blocker'), 'x');
        return join(dir, 'blocker', 'datasets');
      },
      (dataDir: string) => `dataset cache ${dataDir} is unusable: the cache folder cannot be created (ENOTDIR)`,
    ],
    [
      'a non-empty directory sits where the dataset cache goes',
      (dir: string) => {
        mkdirSync(join(dir, 'mnist.glds', 'keep'), { recursive: true });
        return dir;
      },
      (dataDir: string) => `dataset cache ${join(dataDir, 'mnist.glds')} is unusable: a directory that is not empty`,
    ],
  ])('4: failed when %s; the JSON line still comes, naming the path', (_label, setup, error) => {
    const base = join(tmp.dir, `data-${Math.random().toString(16).slice(2)}`);
    mkdirSync(base);
    const dataDir = setup(base);
    const runs = join(tmp.dir, `runs-failed-${Math.random().toString(16).slice(2)}`);
    const r = train(model('fails', { activation: 'relu' }, 0.01), runs, { GRADIENT_LAB_DATA_DIR: dataDir });
    expect(r.code, r.stderr).toBe(4);
    const json = lastJson(r.stdout);
    expect(json.status).toBe('failed');
    expect(typeof json.run_id).toBe('string');
    expect(readdirSync(runs)).toContain(json.run_id);
    expect(String(json.error)).toContain(error(dataDir));
    expect(r.stderr).toContain(`failed: ${error(dataDir)}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

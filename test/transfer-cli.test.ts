/**
 * The real CLI (`npm run cli`) on the transfer path and early stopping, small MNIST runs:
 * `train` reports an early stop (stderr line in the chosen language, `early_stopped` in
 * --json and status.json); `transfer` derives B on A from that run; `train` trains the
 * derived document; a model naming a run that does not exist is refused before any run
 * is created, in English and Korean.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './helpers/cli.js';
import { tempDir } from './helpers/tmp.js';

const tmp = tempDir('gl-transfer-cli-');
afterAll(() => tmp.cleanup());

const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as Record<string, unknown>;
const runsDir = join(tmp.dir, 'runs');

/** A small MNIST model: Flatten, Dense(32, relu), Dense(16, relu), Dense(classes, softmax). */
function modelFile(name: string, classes: number[], extra: Record<string, unknown> = {}, training: Record<string, unknown> = {}): string {
  const path = join(tmp.dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      format: 'gradient-lab/model',
      version: 2,
      name,
      dataset: 'mnist',
      classes,
      preprocess: 'scale',
      layers: [
        { kind: 'flatten' },
        { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal' },
        { kind: 'dense', units: 16, activation: 'relu', kernel_initializer: 'he_normal' },
        { kind: 'dense', units: classes.length, activation: 'softmax' },
      ],
      training: { optimizer: { name: 'sgd', learning_rate: 0.05 }, epochs: 5, batch_size: 32, seed: 3, ...training },
      ...extra,
    }),
  );
  return path;
}

const train = (path: string, extra: string[] = []): CliResult =>
  runCli(['train', path, '--limit', '600', '--backend', 'wasm', '--runs-dir', runsDir, '--json', ...extra], {}, 240_000);

let a: CliResult;
let aJson: Record<string, unknown>;

beforeAll(() => {
  // min_delta 100: no epoch after the first improves "enough", so patience 1 stops after epoch 2 with epoch 1 best.
  a = train(modelFile('a', [0, 1, 2, 3, 4, 5, 6, 7], {}, { early_stopping: { patience: 1, min_delta: 100 } }));
  aJson = lastJson(a.stdout);
}, 240_000);

describe('train with early stopping', () => {
  it('stops after epoch 2, says so on stderr and in --json and status.json', () => {
    expect(a.code).toBe(0);
    expect(aJson.status).toBe('completed');
    expect(aJson.early_stopped).toEqual({ epoch: 2, best_epoch: 1, restored: true });
    expect((aJson.epochs as unknown[]).length).toBe(2);
    expect(a.stderr).toContain('stopped early at epoch 2 (best epoch 1, weights restored)');
    const status = JSON.parse(readFileSync(join(runsDir, aJson.run_id as string, 'status.json'), 'utf8')) as Record<string, unknown>;
    expect(status.early_stopped).toEqual({ epoch: 2, best_epoch: 1, restored: true });
  });
});

describe('transfer, then train the derived model', () => {
  it('prints B on A, which trains on the two classes with A\'s layers loaded', () => {
    const b = modelFile('b', [8, 9]);
    const derived = runCli(['transfer', aJson.run_id as string, b, '--runs-dir', runsDir, '--unfreeze-after', '2', '--json']);
    expect(derived.stderr).toBe('');
    expect(derived.code).toBe(0);
    const out = JSON.parse(derived.stdout) as { model: Record<string, unknown>; run: string; layers: number; frozen: boolean };
    expect({ run: out.run, layers: out.layers, frozen: out.frozen }).toEqual({ run: aJson.run_id, layers: 3, frozen: true });
    expect(out.model.training).toMatchObject({ unfreeze: { after_epochs: 2, learning_rate: 0.005 } });
    const bOnA = join(tmp.dir, 'b-on-a.json');
    writeFileSync(bOnA, JSON.stringify(out.model));
    const r = train(bOnA, ['--epochs', '3']);
    const json = lastJson(r.stdout);
    expect({ code: r.code, status: json.status, error: json.error }).toEqual({ code: 0, status: 'completed', error: null });
    // Two classes (8 vs 9): well above a coin's 50% on their test images.
    expect(json.test_accuracy as number).toBeGreaterThan(0.7);
    expect(json).not.toHaveProperty('early_stopped');
  });

  it.each([
    ['en', 'The model reuses the layers of run 20261130-000000-gone-0000 (transfer.run), but the runs folder'],
    ['ko', '이 모델은 실행 20261130-000000-gone-0000의 층을 재사용하지만(transfer.run), 실행 폴더'],
  ])('refuses a model naming a run that does not exist (%s), creating no run', (lang, text) => {
    const before = readdirSync(runsDir).length;
    const r = train(modelFile('orphan', [8, 9], { transfer: { run: '20261130-000000-gone-0000', layers: 3 } }), ['--lang', lang]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(text);
    expect(r.stderr).toContain('20261130-000000-gone-0000');
    expect(lastJson(r.stdout)).toMatchObject({ run_id: null, status: 'failed' });
    expect(readdirSync(runsDir)).toHaveLength(before);
  });
});

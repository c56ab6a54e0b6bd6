/**
 * `evaluate <run-folder>` through the real CLI: a run trained by the CLI itself (MNIST,
 * 600 images, wasm), then its report, its exact `--json` object and its exit codes
 * (0 done, 1 not a run / no weights / damaged weights, 2 bad usage).
 */
import { cpSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSplit, loadRaw, SPLIT_SIZES } from '../../../src-main/data/index.js';
import { MNIST_CLASSES_KO } from '../../../src-shared/data/classes.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir('gl-cli-evaluate-');
afterAll(() => tmp.cleanup());
const runs = join(tmp.dir, 'runs');
let runDir = '';
let trained: { run_id: string; test_accuracy: number; test_loss: number };

const lastLine = (stdout: string): string => stdout.trim().split('\n').pop() ?? '';

beforeAll(() => {
  const model = join(tmp.dir, 'tiny.json');
  writeFileSync(
    model,
    JSON.stringify({
      format: 'gradient-lab/model',
      version: 2,
      name: 'tiny',
      dataset: 'mnist',
      preprocess: 'scale',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal' }, { kind: 'dense', units: 10, activation: 'softmax' }],
      training: { optimizer: { name: 'sgd', learning_rate: 0.05 }, epochs: 1, batch_size: 32, seed: 1 },
    }),
  );
  const r = runCli(['train', model, '--limit', '600', '--backend', 'wasm', '--runs-dir', runs, '--json'], {}, 240_000);
  expect(r.code, r.stderr).toBe(0);
  trained = JSON.parse(lastLine(r.stdout)) as typeof trained;
  runDir = join(runs, trained.run_id);
}, 240_000);

describe('evaluate <run-folder>', () => {
  it('--json prints exactly test_accuracy, per_class and confusion; the accuracy is the run’s own', () => {
    const r = runCli(['evaluate', runDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!) as { test_accuracy: number; per_class: number[]; confusion: number[][] };
    expect(Object.keys(json)).toEqual(['test_accuracy', 'per_class', 'confusion']);
    expect(Math.abs(json.test_accuracy - trained.test_accuracy)).toBeLessThan(1e-6);
    expect(json.per_class).toHaveLength(10);
    expect(json.confusion).toHaveLength(10);
    // Rows are true classes: their sums are the class counts of MNIST's fixed test split.
    const raw = loadRaw('mnist', {});
    const counts = new Array(10).fill(0);
    for (const i of computeSplit('mnist', raw.labels).test) counts[raw.labels[i]!]++;
    expect(json.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(counts);
    json.per_class.forEach((acc, i) => expect(acc).toBeCloseTo(json.confusion[i]![i]! / counts[i], 12));
  });

  it('prints accuracy, per-class accuracy with class names and the matrix, in --lang ko too', () => {
    const en = runCli(['evaluate', runDir]);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain(`run ${trained.run_id} (mnist): ${SPLIT_SIZES.mnist.test} test images`);
    expect(en.stdout).toMatch(new RegExp(`^test accuracy ${trained.test_accuracy.toFixed(4)}, test loss \\d+\\.\\d{4}$`, 'm'));
    expect(en.stdout).toContain('per-class accuracy:');
    expect(en.stdout).toMatch(/^ {3}9 {2}\d\.\d{4}$/m);
    expect(en.stdout).toContain('confusion matrix (rows: true class, columns: predicted class):');
    const matrixRows = en.stdout.split('\n').filter((l) => /^ +\d( +\d+){10}$/.test(l));
    expect(matrixRows).toHaveLength(10);

    const ko = runCli(['evaluate', runDir, '--lang', 'ko']);
    expect(ko.code, ko.stderr).toBe(0);
    expect(ko.stdout).toContain('클래스별 정확도:');
    expect(ko.stdout).toContain('오차 행렬 (행: 실제 클래스, 열: 예측 클래스):');
    expect(ko.stdout).toMatch(new RegExp(`^ {3}7 {2}${MNIST_CLASSES_KO[7]} {2}\\d\\.\\d{4}$`, 'm'));
    expect(ko.stdout.split('\n').filter((l) => /^ +\d {2}숫자 \d( +\d+){10}$/.test(l))).toHaveLength(10);
    expect(ko.stdout).toContain(`테스트 정확도 ${trained.test_accuracy.toFixed(4)}`);
  });

  it('exit 1: not a run folder, no weights, damaged weights — naming the run', () => {
    const notRun = runCli(['evaluate', tmp.dir, '--json']);
    expect(notRun.code).toBe(1);
    expect(notRun.stdout).toBe('');
    expect(notRun.stderr).toMatch(/is not a run folder: its name is not a run id/);

    const missing = runCli(['evaluate', join(tmp.dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope is not a run folder: it cannot be read \(ENOENT\)/);

    // A copy of the run with its weights removed (same id, another runs folder), then with a truncated weights.bin.
    const copies = join(tmp.dir, 'copies');
    mkdirSync(copies);
    const copy = join(copies, trained.run_id);
    cpSync(runDir, copy, { recursive: true, filter: (src) => !src.endsWith('weights') });
    const noWeights = runCli(['evaluate', copy]);
    expect(noWeights.code).toBe(1);
    expect(noWeights.stderr.trim()).toBe(`error: run ${trained.run_id} has no saved weights (status completed): nothing to evaluate`);
    const noWeightsKo = runCli(['evaluate', copy, '--lang', 'ko']);
    expect(noWeightsKo.stderr.trim()).toBe(`오류: 실행 ${trained.run_id}에는 저장된 가중치가 없습니다 (상태 completed). 평가할 것이 없습니다`);

    cpSync(join(runDir, 'weights'), join(copy, 'weights'), { recursive: true });
    truncateSync(join(copy, 'weights', 'weights.bin'), 100);
    const damaged = runCli(['evaluate', copy]);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(new RegExp(`run ${trained.run_id} cannot be evaluated: its saved weights are damaged \\(weights/weights.bin has 100 bytes but`));
  });

  it('exit 2: no folder, an extra argument, a flag evaluate does not take', () => {
    const none = runCli(['evaluate']);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe('error: missing <run-folder> argument (try --help)');
    expect(runCli(['evaluate', runDir, 'extra']).code).toBe(2);
    const flag = runCli(['evaluate', runDir, '--epochs', '2']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim()).toBe('error: --epochs: not a flag of evaluate (try --help)');
    expect(runCli(['--help']).stdout).toContain('evaluate <run-folder> [--json]');
  });
});

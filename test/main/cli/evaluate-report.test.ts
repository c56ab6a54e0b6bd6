/**
 * `evaluate` for a class-subset model with MC dropout: the report names the subset's classes
 * on every row and adds the uncertainty of right vs wrong predictions (en + ko), `--json`
 * adds class_ids and mc, and an out-of-range number of passes is bad usage (exit 2). One
 * real run (sandals vs shirts, trained here, evaluated by a training process).
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCommand, evaluationJson, evaluationReport } from '../../../src-main/cli/evaluate-command.js';
import { CliError } from '../../../src-main/cli/args.js';
import { CLI_MESSAGES } from '../../../src-main/cli/messages.js';
import { prepareData } from '../../../src-main/data/index.js';
import { exportArtifacts, selectBackend, train } from '../../../src-main/engine/index.js';
import { RunStore } from '../../../src-main/runs/index.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import type { EvaluateResponse } from '../../../src-shared/training/evaluation.js';
import type { RunEnvironment } from '../../../src-shared/training/run.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir('gl-cli-evaluate-mc-');
afterAll(() => tmp.cleanup());
delete process.env.GRADIENT_LAB_DATA_DIR;

const model = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'sandals vs shirts',
  dataset: 'fashion-mnist',
  classes: [5, 6],
  preprocess: 'scale',
  layers: [
    { kind: 'flatten' },
    { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal' },
    { kind: 'dropout', rate: 0.5 },
    { kind: 'dense', units: 2, activation: 'softmax' },
  ],
  training: { optimizer: { name: 'sgd', learning_rate: 0.05, momentum: 0.9 }, epochs: 3, batch_size: 32, seed: 2 },
} as ModelSpec;

const environment: RunEnvironment = {
  backend: 'wasm', backend_requested: 'wasm', backend_attempts: [], tfjs_version: tf.version.tfjs, app_version: '0.1.0',
  node_version: process.versions.node, electron_version: null, platform: process.platform, arch: process.arch,
  cpu_model: 'x', cpu_count: 1, memory_bytes: 1, hostname: 'h',
};

let runDir = '';

beforeAll(async () => {
  await selectBackend('wasm');
  const store = new RunStore(join(tmp.dir, 'runs'));
  const result = await train(model, prepareData('fashion-mnist', { preprocess: 'scale', classes: [5, 6], limit: 1000 }), { epochs: 3, batchSize: 32, seed: 2 });
  const h = store.create({ model, environment, options: { epochs: 3, batch_size: 32, limit: 1000, seed: 2, backend: 'wasm' } });
  store.saveWeights(h.id, await exportArtifacts(result.model));
  result.model.dispose();
  store.setStatus(h.id, { status: 'completed' });
  runDir = store.runDir(h.id);
}, 120_000);

describe('evaluate: class subset + MC dropout', () => {
  it('the report names the subset’s classes on every row and sums up the passes (en and ko)', async () => {
    const lines: string[] = [];
    expect(await evaluateCommand(runDir, false, CLI_MESSAGES.en, (l) => lines.push(l), 20)).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('(fashion-mnist): 2000 test images');
    expect(text).toContain('classes: 5 Sandal, 6 Shirt (2 of 10)');
    expect(text).toMatch(/^ {3}5 {2}Sandal {2}0\.\d{4}$/m);
    expect(text).toMatch(/^ {3}6 {2}Shirt {3}0\.\d{4}$/m);
    expect(lines.filter((l) => /^ +[56] {2}S\w+ +\d+ +\d+$/.test(l))).toHaveLength(2);
    expect(text).toContain('MC dropout: mean of 20 passes with the 1 dropout layer active (numbers above)');
    expect(text).toMatch(/^one deterministic pass: test accuracy 0\.\d{4}, test loss \d\.\d{4}$/m);
    const right = /^right predictions \((\d+)\): mean std (\d\.\d{4}), mean entropy (\d\.\d{4})$/m.exec(text);
    const wrong = /^wrong predictions \((\d+)\): mean std (\d\.\d{4}), mean entropy (\d\.\d{4})$/m.exec(text);
    expect(Number(right![1]) + Number(wrong![1])).toBe(2000);
    expect(Number(wrong![2])).toBeGreaterThan(Number(right![2]));
    expect(text).toContain('most uncertain test images:');
    expect(lines.filter((l) => /^ {2}#\d+ {2}true (Sandal|Shirt), predicted (Sandal|Shirt) \(0\.\d{4}\) {2}std 0\.\d{4} {2}entropy 0\.\d{4}$/.test(l))).toHaveLength(16);

    const ko: string[] = [];
    await evaluateCommand(runDir, false, CLI_MESSAGES.ko, (l) => ko.push(l), 20);
    expect(ko.join('\n')).toContain('클래스: 5 샌들, 6 셔츠 (10개 중 2개)');
    expect(ko.join('\n')).toContain('MC 드롭아웃: 드롭아웃 층 1개를 켠 채 20번 예측한 평균 (위의 수치)');
  }, 120_000);

  it('--json adds class_ids for a subset and mc (without pixels) with MC dropout', async () => {
    const out: string[] = [];
    await evaluateCommand(runDir, true, CLI_MESSAGES.en, (l) => out.push(l), 5);
    expect(out).toHaveLength(1);
    const json = JSON.parse(out[0]!) as Record<string, any>;
    expect(Object.keys(json)).toEqual(['test_accuracy', 'per_class', 'confusion', 'class_ids', 'test_loss', 'mc']);
    expect(json['class_ids']).toEqual([5, 6]);
    expect(json['confusion'].map((r: number[]) => r[0]! + r[1]!)).toEqual([1000, 1000]);
    expect(json['mc'].samples).toBe(5);
    expect(json['mc'].most_uncertain[0]).not.toHaveProperty('pixels');
    const plain: string[] = [];
    await evaluateCommand(runDir, true, CLI_MESSAGES.en, (l) => plain.push(l));
    expect(Object.keys(JSON.parse(plain[0]!))).toEqual(['test_accuracy', 'per_class', 'confusion', 'class_ids']);
  }, 120_000);

  it.each([
    ['en', 1001, '--mc-dropout: expected a whole number of passes from 0 to 1000, received 1001'],
    ['ko', -3, '--mc-dropout: 0부터 1000까지의 정수(반복 횟수)여야 합니다. 입력값: -3'],
  ] as const)('bad usage (exit 2) for --mc-dropout out of range (%s)', async (lang, n, message) => {
    const err = await evaluateCommand(runDir, false, CLI_MESSAGES[lang], () => {}, n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toBe(message);
    expect((err as CliError).exitCode).toBe(2);
  });
});

describe('evaluationReport / evaluationJson of a full model without MC', () => {
  const r: EvaluateResponse = {
    run_id: 'r', dataset: 'mnist', test_loss: 0.5, test_accuracy: 0.75, per_class: [1, 0.5], confusion: [[2, 0], [1, 1]], count: 4,
    class_ids: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], dropout_layers: 0, misclassified: [],
  };
  it('prints no subset line and no MC lines; the JSON keeps exactly its three keys', () => {
    const text = evaluationReport(r, CLI_MESSAGES.en).join('\n');
    expect(text).not.toContain('classes:');
    expect(text).not.toContain('MC dropout');
    expect(Object.keys(evaluationJson(r))).toEqual(['test_accuracy', 'per_class', 'confusion']);
  });
});

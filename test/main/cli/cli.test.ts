import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { examplePath } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function writeModel(name: string, text: string): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
}

describe('cli validate', () => {
  it('accepts a shipped example', () => {
    const r = runCli(['validate', examplePath('leaky-relu')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid/);
  });

  it('rejects a bad model with every error on stderr and exit 1', () => {
    const doc = JSON.parse(
      JSON.stringify({
        format: 'gradient-lab/model',
        version: 2,
        name: 'bad',
        dataset: 'fashion-mnist',
        preprocess: 'scale',
        layers: [{ kind: 'flatten' }, { kind: 'dense', units: 0 }, { kind: 'dropout', rate: 2 }, { kind: 'dense', units: 10, activation: 'softmax' }],
        training: { optimizer: { name: 'sgd', learning_rate: 0.01 }, epochs: 1, batch_size: 32, seed: 1 },
      }),
    );
    const r = runCli(['validate', writeModel('bad.json', JSON.stringify(doc))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('layers[1].units');
    expect(r.stderr).toContain('received 0');
    expect(r.stderr).toContain('layers[2].rate');
    expect(r.stderr.split('\n')[0]).toMatch(/^error: .*bad\.json: invalid model document:$/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
  });

  it.each<[string, string[], RegExp, number]>([
    ['a missing file', ['validate', '/nonexistent/model.json'], /cannot read the model file \(ENOENT\)/, 1],
    ['invalid JSON', ['validate', 'INVALID'], /line 1/, 1],
    ['an unknown command', ['fly', 'x.json'], /unknown command "fly"/, 2],
    ['a bad flag value', ['train', 'LEAKY', '--epochs', 'ten'], /--epochs: expected an integer from 1 to 1000, received "ten"/, 2],
    ['a bad backend', ['train', 'LEAKY', '--backend', 'tpu'], /--backend: expected one of auto, tensorflow-gpu, tensorflow, wasm, cpu, received "tpu"/, 2],
  ])('reports %s without a stack trace and exits with its code', (_name, args, message, code) => {
    const resolved = args.map((a) => (a === 'INVALID' ? writeModel('invalid.json', '{"format": ') : a === 'LEAKY' ? examplePath('leaky-relu') : a));
    const r = runCli(resolved);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('cli export-keras', () => {
  it('prints a Keras script for the LeakyReLU model', () => {
    const r = runCli(['export-keras', examplePath('leaky-relu')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('keras.layers.Dense(300, kernel_initializer="he_normal")');
    expect(r.stdout).toMatch(/LeakyReLU\(alpha=0\.2\)/);
  });
});

describe('cli init-stats', () => {
  it('measures kernel std close to the chapter formulas (he_normal, lecun_normal)', () => {
    for (const id of ['leaky-relu', 'selu-100']) {
      const r = runCli(['init-stats', examplePath(id), '--json', '--backend', 'wasm']);
      expect(r.code, r.stderr).toBe(0);
      const rows = JSON.parse(r.stdout.trim().split('\n').pop()!) as { fan_in: number; fan_out: number; initializer: string; expected_std: number; measured_std: number }[];
      expect(rows.length).toBeGreaterThan(2);
      const first = rows[0]!;
      expect(first.fan_in).toBe(784);
      const expected = id === 'leaky-relu' ? Math.sqrt(2 / 784) : Math.sqrt(1 / 784);
      expect(first.expected_std).toBeCloseTo(expected, 6);
      for (const row of rows) expect(Math.abs(row.measured_std / row.expected_std - 1)).toBeLessThan(0.05);
    }
  });
});

describe('cli train', () => {
  it('trains with --json and prints one JSON object as the last line', () => {
    const r = runCli([
      'train', examplePath('leaky-relu'), '--epochs', '2', '--limit', '2000', '--batch-size', '32', '--seed', '3',
      '--backend', 'wasm', '--runs-dir', join(tmp.dir, 'runs'), '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(last.status).toBe('completed');
    expect(last.backend).toBe('wasm');
    expect(last.run_id).toMatch(/^\d{8}-\d{6}-/);
    expect(last.epochs).toHaveLength(2);
    for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'seconds']) expect(last.epochs[0]).toHaveProperty(key);
    expect(last.epochs[1].loss).toBeLessThan(last.epochs[0].loss);
    expect(last.layers.map((l: { name: string }) => l.name)).toEqual(['dense_1', 'dense_2', 'dense_3']);
    expect(last.layers[0].epochs[0]).toHaveProperty('grad_norm');
    expect(last.layers[0].inactive_kind).toBe('dead');
    // SGD lr 1e-3 on 2,000 images learns slowly; well above chance (0.1) is the honest bar for 2 epochs.
    expect(last.test_accuracy).toBeGreaterThan(0.2);
    expect(r.stderr).toMatch(/skipped tensorflow-gpu|backend: wasm/);
  });
});

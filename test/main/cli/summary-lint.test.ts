/** `summary` and `lint` on the command line: the editor's shared summary and lint, real CLI processes. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { examplePath } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('cli summary', () => {
  it('--json: exactly the documented keys; the LeakyReLU net has 266,610 parameters', () => {
    const r = runCli(['summary', examplePath('leaky-relu'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(Object.keys(j)).toEqual(['layers', 'total_params', 'trainable_params', 'non_trainable_params']);
    expect(Object.keys(j.layers[0])).toEqual(['index', 'kind', 'output_shape', 'params', 'trainable_params']);
    expect(j.layers[0]).toEqual({ index: 0, kind: 'flatten', output_shape: [784], params: 0, trainable_params: 0 });
    expect(j.layers[1]).toEqual({ index: 1, kind: 'dense', output_shape: [300], params: 235500, trainable_params: 235500 });
    expect(j.total_params).toBe(266610);
    expect(j.non_trainable_params).toBe(0);
  });

  it('batch norm: moving mean and variance are non-trainable (2 per feature)', () => {
    const j = JSON.parse(runCli(['summary', examplePath('batch-norm'), '--json']).stdout.trim());
    // BN over 784, 300 and 100 features: 2 × (784 + 300 + 100) non-trainable.
    expect(j.non_trainable_params).toBe(2 * (784 + 300 + 100));
    expect(j.total_params - j.trainable_params).toBe(j.non_trainable_params);
  });

  it('text: a Keras-like table with fans and the initializer std, in Korean with --lang ko', () => {
    const en = runCli(['summary', examplePath('he-relu'), '--lang', 'en']);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/Total params: /);
    expect(en.stdout).toMatch(/fan_in 784, fan_out 100, activation relu, he_normal: theoretical std 0\.0505/);
    const ko = runCli(['summary', examplePath('he-relu'), '--lang', 'ko']);
    expect(ko.stdout).toMatch(/전체 파라미터: /);
  });

  it('an invalid model is exit 1; a flag it does not take is exit 2', () => {
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(bad, '{"format":"gradient-lab/model"}');
    expect(runCli(['summary', bad]).code).toBe(1);
    expect(runCli(['summary', examplePath('leaky-relu'), '--epochs', '3']).code).toBe(2);
  });
});

describe('cli lint', () => {
  it.each([
    ['leaky-relu', []],
    ['selu-100', []],
    ['relu-100', []],
    ['sigmoid-small-uniform', ['deep-sigmoid-vanishing', 'init-activation-mismatch']],
    ['sigmoid-standard-normal', ['deep-sigmoid-saturation', 'init-activation-mismatch']],
  ])('%s --json → %j (advice: exit 0)', (id, codes) => {
    const r = runCli(['lint', examplePath(id), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout.trim());
    expect(j.findings.map((f: { code: string }) => f.code).sort()).toEqual([...codes].sort());
    for (const f of j.findings) expect(Object.keys(f)).toEqual(['code', 'path', 'message', 'fix']);
  });

  it('a SELU net with broken conditions: each named with its path; messages follow --lang', () => {
    const doc = JSON.parse(readFileSync(examplePath('selu-100'), 'utf8'));
    doc.preprocess = 'scale';
    doc.layers[1].kernel_initializer = 'he_normal';
    doc.layers.splice(2, 0, { kind: 'batch_normalization' }, { kind: 'dropout', rate: 0.1 });
    const file = join(tmp.dir, 'selu-broken.json');
    writeFileSync(file, JSON.stringify(doc));
    const en = JSON.parse(runCli(['lint', file, '--json', '--lang', 'en']).stdout.trim());
    const byCode = Object.fromEntries(en.findings.map((f: { code: string; path: string }) => [f.code, f.path]));
    expect(byCode).toMatchObject({
      'selu-inputs-not-standardized': 'preprocess',
      'selu-init-not-lecun': 'layers[1].kernel_initializer',
      'selu-not-sequential': 'layers[2]',
      'selu-dropout-not-alpha': 'layers[3].kind',
    });
    const ko = JSON.parse(runCli(['lint', file, '--json', '--lang', 'ko']).stdout.trim());
    expect(ko.findings.map((f: { code: string }) => f.code)).toEqual(en.findings.map((f: { code: string }) => f.code));
    expect(ko.findings[0].message).toMatch(/[가-힣]/);
    const text = runCli(['lint', file, '--lang', 'ko']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/지적 사항 \d+개/);
  });
});

describe('cli summary output in Korean and into a closed pipe', () => {
  it('the Korean header lines up with the columns under it (wide characters count twice)', () => {
    const r = runCli(['summary', examplePath('he-relu'), '--lang', 'ko']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('모델: "ReLU with He initialization"');
    const header = lines.find((l) => l.startsWith('층 (종류)'))!;
    const first = lines.find((l) => l.startsWith('flatten_0'))!;
    // "출력 크기" starts in the same terminal column as "(None, 784)".
    const col = (s: string, i: number) => [...s.slice(0, i)].reduce((w, ch) => w + (/[가-힣]/.test(ch) ? 2 : 1), 0);
    expect(col(header, header.indexOf('출력'))).toBe(col(first, first.indexOf('(None')));
  });

  it('a reader that stops early (| head) ends it quietly, no stack trace', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync('bash', ['-c', `npx tsx src-main/cli/main.ts summary ${examplePath('selu-100')} | head -1`], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout.trim()).toMatch(/^Model: /);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
  }, 60_000);
});

/** `recommend` on the command line: the guideline's ranking, its errors and SELU's checklist, real CLI processes. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { examplePath } from '../../helpers/examples.js';

const json = (answers: string | null, ...more: string[]): { code: number | null; j: any; stderr: string } => {
  const r = runCli(['recommend', '--json', ...(answers === null ? [] : [answers]), ...more]);
  return { code: r.code, j: r.code === 0 ? JSON.parse(r.stdout.trim()) : null, stderr: r.stderr };
};
const HANGUL = /[가-힣]/;

describe('cli recommend --json', () => {
  const table: { answers: string | null; ranked: string[]; cross_validate: boolean }[] = [
    { answers: null, ranked: ['elu', 'leaky_relu', 'relu', 'tanh', 'sigmoid'], cross_validate: false },
    {
      answers: '{"overfitting":true,"huge_dataset":true}',
      ranked: ['rrelu', 'prelu', 'elu', 'leaky_relu', 'relu', 'tanh', 'sigmoid'],
      cross_validate: false,
    },
    {
      answers: '{"self_normalizing":true,"runtime_speed":true,"spare_compute":true}',
      ranked: ['selu', 'leaky_relu', 'elu', 'relu', 'tanh', 'sigmoid'],
      cross_validate: true,
    },
    { answers: '{"training_speed":true,"overfitting":false}', ranked: ['relu', 'elu', 'leaky_relu', 'tanh', 'sigmoid'], cross_validate: false },
  ];
  it.each(table)('$answers → $ranked', ({ answers, ranked, cross_validate }) => {
    const { code, j } = json(answers);
    expect(code).toBe(0);
    expect(Object.keys(j)).toEqual(['ranked', 'cross_validate']);
    expect(j.ranked.map((c: { activation: string }) => c.activation)).toEqual(ranked);
    for (const c of j.ranked) expect(Object.keys(c)).toEqual(['activation', 'initializer', 'reasons']);
    expect(j.cross_validate).toBe(cross_validate);
  });

  it('pairs initializers and gives reasons', () => {
    const { j } = json('{"self_normalizing":true,"overfitting":true}');
    expect(j.ranked.slice(0, 3)).toEqual([
      { activation: 'selu', initializer: 'lecun_normal', reasons: ['self_normalizing'] },
      { activation: 'rrelu', initializer: 'he_normal', reasons: ['overfitting'] },
      { activation: 'elu', initializer: 'he_normal', reasons: ['general_order'] },
    ]);
    expect(j.ranked.at(-1)).toEqual({ activation: 'sigmoid', initializer: 'glorot_uniform', reasons: ['general_order'] });
  });

  it('--model self-normalizing.json: every condition ok', () => {
    const { code, j } = json('{"self_normalizing":true}', '--model', examplePath('self-normalizing'));
    expect(code).toBe(0);
    expect(Object.keys(j)).toEqual(['ranked', 'cross_validate', 'self_normalizing_check']);
    expect(j.self_normalizing_check).toEqual(
      ['standardized_inputs', 'lecun_normal', 'sequential_dense', 'alpha_dropout'].map((condition) => ({ condition, ok: true, path: null })),
    );
  });

  it('--model default-dnn.json: the failed conditions with their paths', () => {
    const { code, j } = json(null, '--model', examplePath('default-dnn'));
    expect(code).toBe(0);
    expect(j.self_normalizing_check).toEqual([
      { condition: 'standardized_inputs', ok: false, path: 'preprocess' },
      { condition: 'lecun_normal', ok: false, path: 'layers[2].kernel_initializer' },
      { condition: 'sequential_dense', ok: false, path: 'layers[1]' },
      { condition: 'alpha_dropout', ok: true, path: null },
    ]);
  });
});

describe('cli recommend: refused answers (exit 2) and model files (exit 1)', () => {
  const table: { answers: string; stderr: string }[] = [
    {
      answers: '{"overfit":true}',
      stderr:
        'answers: unknown key "overfit" (expected one of self_normalizing, overfitting, runtime_speed, training_speed, huge_dataset, spare_compute)',
    },
    { answers: '{"overfitting":"yes"}', stderr: 'answers.overfitting: expected true or false, received "yes"' },
    { answers: '{"spare_compute":1}', stderr: 'answers.spare_compute: expected true or false, received 1' },
    { answers: '[1]', stderr: 'answers: expected a JSON object, received [1]' },
    { answers: 'null', stderr: 'answers: expected a JSON object, received null' },
    { answers: '{overfitting: true}', stderr: `received "{overfitting: true}" (not valid JSON)` },
  ];
  it.each(table)('$answers', ({ answers, stderr }) => {
    const r = runCli(['recommend', '--json', answers]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(stderr);
  });

  it('a missing --model file is exit 1, naming it', () => {
    const r = runCli(['recommend', '--json', '{}', '--model', 'no/such/model.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no/such/model.json');
  });

  it('bad answers are reported before the model file is read', () => {
    expect(runCli(['recommend', '[1]', '--model', 'no/such/model.json']).code).toBe(2);
  });
});

describe('cli recommend for people', () => {
  it('ranks, quotes, explains, weighs the trade-offs, suggests crossval and checks the model', () => {
    const r = runCli(['recommend', '{"overfitting":true,"huge_dataset":true,"spare_compute":true}', '--model', 'examples/default-dnn.json']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('1. RReLU + He normal (rrelu + he_normal)');
    expect(out).toContain('2. PReLU + He normal (prelu + he_normal)');
    expect(out).toContain('7. logistic (sigmoid) + Glorot uniform (sigmoid + glorot_uniform)');
    expect(out).toContain('“overfitting → RReLU”');
    expect(out).toContain('“network cannot self-normalize → ELU rather than SELU”');
    expect(out).toMatch(/Is overfitting a concern\? ↔ Is the training set huge\?\n\s+RReLU regularizes/);
    expect(out).toContain('npm run cli -- crossval examples/default-dnn.json --candidates rrelu,prelu,elu');
    expect(out).toMatch(/✗ A plain sequential stack of dense layers — layers\[1\]\n.*batch normalization.*\n\s+Apply cannot fix this/);
    expect(out).toMatch(/✗ LeCun normal initialization in every hidden layer — layers\[2\]\.kernel_initializer\n.*\n\s+Apply with SELU fixes this\./);
    expect(out).toContain('✓ Alpha dropout instead of dropout');
    expect(out).toContain('This network cannot self-normalize as it stands');
    // The general order is explained once, quoted for each candidate it places.
    expect(out.split('Where no answer moves it').length - 1).toBe(1);
  });

  it('--lang ko: in Korean', () => {
    const r = runCli(['recommend', '{"runtime_speed":true,"training_speed":true}', '--model', examplePath('leaky-relu'), '--lang', 'ko']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('“실행속도가 중요한 경우: LeakyReLU”');
    expect(r.stdout).toContain('✓ 완전연결층만 일렬로 쌓은 구조');
    expect(r.stdout).toContain('SELU로 적용하면 이 신경망은 자기정규화할 수 있습니다.');
    for (const line of r.stdout.split('\n').filter((l) => /^\d+\. /.test(l) || l.startsWith('  ✗'))) expect(line).toMatch(HANGUL);
  });

  it('--lang ko: errors in Korean, exit code unchanged', () => {
    const r = runCli(['recommend', '{"overfitting":"yes"}', '--lang', 'ko']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(HANGUL);
    expect(r.stderr).toContain('answers.overfitting');
  });
});

/**
 * `crossval`: the --json contract (exactly `{"candidates":[{"activation","fold_val_accuracy",
 * "mean","std"}]}` last on stdout), exit codes as for `train` (2 bad flags before the model
 * file is read, 1 an invalid model file, 3 a fold diverged, 4 folds failed, 0 stopped by
 * Ctrl-C with the partial table), and the pure helpers behind the flags and the table.
 * The studies train for real (wasm) on MNIST, which loads fastest.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkCrossvalFlags,
  crossvalExitCode,
  DEFAULT_CANDIDATES,
  parseCandidates,
  resultTable,
} from '../../../src-main/cli/crossval-command.js';
import { CROSSVAL_MESSAGES } from '../../../src-main/cli/crossval-messages.js';
import { CLI_MESSAGES } from '../../../src-main/cli/messages.js';
import type { CrossvalFinishedEvent } from '../../../src-shared/wizard/types.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir('gl-crossval-cli-');
afterAll(() => tmp.cleanup());
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A tiny MNIST model file: Flatten → Dense(32) → Dense(10, softmax). */
function model(name: string, learningRate = 0.05): string {
  const path = join(tmp.dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      format: 'gradient-lab/model',
      version: 2,
      name,
      dataset: 'mnist',
      preprocess: 'scale',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal' }, { kind: 'dense', units: 10, activation: 'softmax' }],
      training: { optimizer: { name: 'sgd', learning_rate: learningRate }, epochs: 1, batch_size: 20, seed: 5 },
    }),
  );
  return path;
}

const lastLine = (stdout: string): string => stdout.trimEnd().split('\n').pop() ?? '';
const crossval = (file: string, runs: string, ...flags: string[]) =>
  runCli(['crossval', file, '--folds', '2', '--limit', '200', '--epochs', '1', '--backend', 'wasm', '--runs-dir', runs, ...flags], {}, 240_000);

describe('crossval --json with the real trainer', () => {
  it('selu,elu × 2 folds: exactly the documented keys, population std, four runs of one study (selu standardized, lecun_normal)', () => {
    const runs = join(tmp.dir, 'runs-json');
    const r = crossval(model('tiny'), runs, '--candidates', 'selu,elu', '--json');
    expect(r.code, r.stderr).toBe(0);
    console.log(`crossval CLI, 2×2 folds: ${(r.ms / 1000).toFixed(1)} s`);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const json = JSON.parse(lastLine(r.stdout)) as { candidates: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['candidates']);
    expect(json.candidates.map((c) => c.activation)).toEqual(['selu', 'elu']);
    for (const c of json.candidates) {
      expect(Object.keys(c)).toEqual(['activation', 'fold_val_accuracy', 'mean', 'std']);
      const accs = c.fold_val_accuracy as number[];
      expect(accs).toHaveLength(2);
      for (const a of accs) expect(a).toBeGreaterThanOrEqual(0), expect(a).toBeLessThanOrEqual(1);
      const mean = (accs[0]! + accs[1]!) / 2;
      expect(c.mean).toBeCloseTo(mean, 12);
      expect(c.std).toBeCloseTo(Math.sqrt(((accs[0]! - mean) ** 2 + (accs[1]! - mean) ** 2) / 2), 12);
    }
    const ids = readdirSync(runs).sort();
    expect(ids).toHaveLength(4);
    const studies = new Set<string>();
    for (const id of ids) {
      const status = JSON.parse(readFileSync(join(runs, id, 'status.json'), 'utf8'));
      const spec = JSON.parse(readFileSync(join(runs, id, 'model.json'), 'utf8'));
      expect(status.status).toBe('completed');
      studies.add(status.study.id);
      const selu = status.study.activation === 'selu';
      expect(spec.preprocess).toBe(selu ? 'standardize' : 'scale');
      expect(spec.layers[1]).toMatchObject({ activation: status.study.activation, kernel_initializer: selu ? 'lecun_normal' : 'he_normal' });
    }
    expect(studies.size).toBe(1);
    expect(r.stderr).toMatch(/^study cv-[0-9a-f]{12}: 2 candidate\(s\) × 2 folds of the first 200 training images/m);
    expect(r.stderr).toMatch(/^selu fold 2\/2: val_accuracy \d\.\d{4} \(\d+\.\d s\)$/m);
  });

  it('3: folds diverged (SELU at learning rate 1000); the JSON line still comes, without those folds', () => {
    const runs = join(tmp.dir, 'runs-diverged');
    const flags = ['--candidates', 'selu', '--folds', '2', '--limit', '600', '--batch-size', '32', '--epochs', '1', '--backend', 'wasm', '--runs-dir', runs, '--json'];
    const r = runCli(['crossval', model('diverges', 1e3), ...flags], {}, 240_000);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/^selu fold 1\/2: diverged$/m);
    expect(JSON.parse(lastLine(r.stdout))).toEqual({ candidates: [{ activation: 'selu', fold_val_accuracy: [], mean: null, std: null }] });
  });

  it('4: every fold failed (the dataset cache cannot be created); the JSON line still comes', () => {
    writeFileSync(join(tmp.dir, 'blocker'), 'x');
    const runs = join(tmp.dir, 'runs-failed');
    const r = runCli(
      ['crossval', model('fails'), '--candidates', 'relu', '--folds', '2', '--limit', '200', '--epochs', '1', '--backend', 'wasm', '--runs-dir', runs, '--json'],
      { GRADIENT_LAB_DATA_DIR: join(tmp.dir, 'blocker', 'datasets') },
      240_000,
    );
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/^relu fold 1\/2: failed \(.*ENOTDIR.*\)$/m);
    expect(r.stderr).toMatch(/^study failed: /m);
    expect(JSON.parse(lastLine(r.stdout))).toEqual({ candidates: [{ activation: 'relu', fold_val_accuracy: [], mean: null, std: null }] });
    expect(readdirSync(runs)).toHaveLength(2);
  });

  it('Ctrl-C (SIGINT to the process group, as a terminal sends it) stops the study: exit 0, the partial table, the stopped run on disk', async () => {
    const runs = join(tmp.dir, 'runs-sigint');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src-main/cli/main.ts', 'crossval', model('sigint'), '--candidates', 'relu,elu', '--folds', '2', '--limit', '2000', '--epochs', '30', '--backend', 'wasm', '--runs-dir', runs],
      // Its own process group, which this test then signals whole, training process included.
      { cwd: root, env: { ...process.env, LC_ALL: 'en_US.UTF-8' }, detached: true },
    );
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/fold 1\/2: training/.test(stderr) && !signalled) {
          signalled = true;
          process.kill(-child.pid!, 'SIGINT');
        }
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^stopping the study after the current step/m);
    expect(stderr).toMatch(/^study stopped: /m);
    expect(stdout).toMatch(/^relu\s+he_normal\s+stopped\s+not run\s+—$/m);
    expect(stdout).toMatch(/^elu\s+he_normal\s+not run\s+not run\s+—$/m);
    const ids = readdirSync(runs);
    expect(ids).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(runs, ids[0]!, 'status.json'), 'utf8')).status).toBe('stopped');
  });
});

describe('crossval exit codes 1 and 2 (nothing trains)', () => {
  const runs = join(tmp.dir, 'never');
  it.each<[string, string[], string]>([
    ['an unknown candidate', ['--candidates', 'selu,swish'], '--candidates: unknown activation "swish" in "selu,swish" (expected some of selu, elu, leaky_relu, rrelu, prelu, relu, tanh, sigmoid)'],
    ['a candidate twice', ['--candidates', 'elu,relu,elu'], '--candidates: elu is listed twice in "elu,relu,elu"; list each activation once'],
    ['an empty entry', ['--candidates', 'elu,,relu'], '--candidates: expected a comma-separated list of activations such as selu,elu, received "elu,,relu"'],
    ['one fold', ['--folds', '1'], '--folds: expected an integer from 2 to 10 for crossval, received "1"'],
    ['eleven folds', ['--folds', '11'], '--folds: expected an integer from 2 to 10 for crossval, received "11"'],
    ['folds as a word', ['--folds', 'three'], '--folds: expected an integer from 2 to 10 for crossval, received "three"'],
    ['a limit below 20', ['--limit', '10'], '--limit: expected an integer from 20 to 55000 for crossval, received "10"'],
    ['epochs above 100', ['--epochs', '101'], '--epochs: expected an integer from 1 to 100 for crossval, received "101"'],
  ])('2: %s, named in one line, before the (missing) model file is read', (_label, flags, message) => {
    const r = runCli(['crossval', join(tmp.dir, 'no-such-model.json'), '--runs-dir', runs, ...flags], {}, 60_000);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trimEnd()).toBe(`error: ${message}`);
    expect(r.stdout).toBe('');
  });

  it('1: an invalid model file', () => {
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'gradient-lab/model', version: 1, name: 'x', dataset: 'mnist', layers: [] }));
    const r = runCli(['crossval', bad, '--candidates', 'elu,relu', '--runs-dir', runs, '--json'], {}, 60_000);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/invalid model document/);
    expect(() => readdirSync(runs)).toThrow(/ENOENT/);
  });
});

describe('crossval flags (in process)', () => {
  const cm = CROSSVAL_MESSAGES.en;
  it.each([
    ['selu,elu', ['selu', 'elu']],
    [' relu , tanh ', ['relu', 'tanh']],
    ['selu,elu,leaky_relu,rrelu,prelu,relu,tanh,sigmoid', ['selu', 'elu', 'leaky_relu', 'rrelu', 'prelu', 'relu', 'tanh', 'sigmoid']],
  ])('--candidates %j → %j', (raw, expected) => {
    expect(parseCandidates(raw, cm)).toEqual(expected);
  });

  it('defaults: the guideline order elu, leaky_relu, relu; 3 folds; 3000 images; the model epochs', () => {
    expect(DEFAULT_CANDIDATES).toEqual(['elu', 'leaky_relu', 'relu']);
    expect(checkCrossvalFlags({}, {}, CLI_MESSAGES.en)).toEqual({ candidates: ['elu', 'leaky_relu', 'relu'], folds: 3, limit: 3000, epochs: null });
  });

  it('Korean messages name the same flag and value', () => {
    expect(() => checkCrossvalFlags({ folds: '12' }, {}, CLI_MESSAGES.ko)).toThrow('--folds: crossval에서는 2부터 10까지의 정수여야 합니다. 입력값: "12"');
  });
});

describe('crossval result table and exit code', () => {
  const end: CrossvalFinishedEvent = {
    study_id: 'cv-0123456789ab',
    done: 3,
    total: 4,
    status: 'stopped',
    best: 'relu',
    eta_seconds: null,
    plan: { folds: 2, limit: 200, epochs: 1, candidates: ['elu', 'relu'] },
    folds: [
      { activation: 'elu', fold: 1, run_id: 'a', status: 'diverged', val_accuracy: null },
      { activation: 'elu', fold: 2, run_id: null, status: 'pending', val_accuracy: null },
      { activation: 'relu', fold: 1, run_id: 'b', status: 'completed', val_accuracy: 0.8 },
      { activation: 'relu', fold: 2, run_id: 'c', status: 'completed', val_accuracy: 0.9 },
    ],
    candidates: [
      { activation: 'elu', initializer: 'he_normal', fold_val_accuracy: [], mean: null, std: null },
      { activation: 'relu', initializer: 'he_normal', fold_val_accuracy: [0.8, 0.9], mean: 0.85, std: 0.05 },
    ],
  };

  it.each([
    {
      lang: 'en' as const,
      lines: [
        'candidate   initializer   fold val_accuracy   mean ± std',
        '---------   -----------   -----------------   ---------------',
        'elu         he_normal     diverged  not run   —',
        'relu        he_normal     0.8000  0.9000      0.8500 ± 0.0500   ← best',
      ],
    },
    {
      lang: 'ko' as const,
      lines: [
        '후보   초기화      폴드별 검증 정확도   평균 ± 표준편차',
        '----   ---------   ------------------   ---------------',
        'elu    he_normal   발산  실행 안 됨     —',
        'relu   he_normal   0.8000  0.9000       0.8500 ± 0.0500   ← 최고',
      ],
    },
  ])('$lang', ({ lang, lines }) => {
    expect(resultTable(end, CROSSVAL_MESSAGES[lang])).toEqual(lines);
  });

  it.each([
    { name: 'completed', status: 'completed' as const, folds: ['completed', 'completed'], code: 0 },
    { name: 'stopped with a stopped fold', status: 'stopped' as const, folds: ['completed', 'stopped'], code: 0 },
    { name: 'a fold diverged', status: 'completed' as const, folds: ['completed', 'diverged'], code: 3 },
    { name: 'a fold failed (and one diverged)', status: 'completed' as const, folds: ['failed', 'diverged'], code: 4 },
    { name: 'the study failed', status: 'failed' as const, folds: [], code: 4 },
  ])('exit code: $name → $code', ({ status, folds, code }) => {
    const f = folds.map((s, i) => ({ activation: 'elu' as const, fold: i + 1, run_id: null, status: s as 'completed', val_accuracy: null }));
    expect(crossvalExitCode({ status, folds: f })).toBe(code);
  });
});

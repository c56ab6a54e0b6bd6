/**
 * Exit code 2 (bad usage) for every way a command line can be wrong, always as one line
 * naming the flag, and never after touching the disk. Flags and ranges come from the
 * run-options table, so these cases follow it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKEND_ENV_VAR, RUN_OPTION_SPECS, RUNS_DIR_ENV_VAR } from '../../../src-shared/training/run-options.js';
import { runCli } from '../../helpers/cli.js';
import { examplePath } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir('gl-exit-codes-');
afterAll(() => tmp.cleanup());
const LEAKY = examplePath('leaky-relu');

/** A model path and flags that would train if the flags were right (never reached in these tests). */
const train = (...flags: string[]): string[] => ['train', LEAKY, '--runs-dir', join(tmp.dir, 'never'), ...flags];

function expectUsageError(args: string[], message: string | RegExp, env: Record<string, string> = {}): void {
  const r = runCli(args, env, 30_000);
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  if (typeof message === 'string') expect(lines[0]).toBe(`error: ${message}`);
  else expect(lines[0]).toMatch(message);
  expect(r.stdout).toBe('');
}

describe('exit 2: flags node parseArgs refuses, as one line naming the flag', () => {
  it.each<[string, string[], string]>([
    ['an unknown long flag', train('--bogus'), '--bogus: unknown flag (try --help)'],
    ['an unknown short flag', ['validate', LEAKY, '-x'], '-x: unknown flag (try --help)'],
    ['a missing value at the end', train('--epochs'), '--epochs: missing value'],
    ['a missing value before another flag', train('--epochs', '--json'), '--epochs: missing value'],
    ['an empty value', train('--seed='), '--seed: missing value'],
    ['a value given to a switch', train('--json=yes'), '--json: takes no value'],
    ['a missing --lang value', ['validate', LEAKY, '--lang'], '--lang: missing value'],
  ])('%s', (_label, args, message) => expectUsageError(args, message));
});

describe('exit 2: values outside the run-options table', () => {
  const { epochs, batch_size: batch, seed, limit } = RUN_OPTION_SPECS;
  it.each<[string, string[], string]>([
    ['epochs 0', train('--epochs', '0'), `--epochs: expected an integer from ${epochs.min} to ${epochs.max}, received "0"`],
    ['epochs above the maximum', train('--epochs', String(epochs.max + 1)), `--epochs: expected an integer from 1 to ${epochs.max}, received "${epochs.max + 1}"`],
    ['epochs not a number', train('--epochs', 'ten'), '--epochs: expected an integer from 1 to 1000, received "ten"'],
    ['a fractional batch size', train('--batch-size', '2.5'), `--batch-size: expected an integer from 1 to ${batch.max}, received "2.5"`],
    ['a batch size too large', train('--batch-size', '70000'), `--batch-size: expected an integer from 1 to ${batch.max}, received "70000"`],
    ['a negative seed', train('--seed=-1'), `--seed: expected an integer from 0 to ${seed.max}, received "-1"`],
    ['limit 0', train('--limit', '0'), `--limit: expected an integer from 1 to ${limit.max}, received "0"`],
    ['an unknown backend', train('--backend', 'tpu'), '--backend: expected one of auto, tensorflow-gpu, tensorflow, wasm, cpu, received "tpu"'],
    ['init-stats: a bad seed', ['init-stats', LEAKY, '--seed', 'x'], `--seed: expected an integer from 0 to ${seed.max}, received "x"`],
    ['init-stats: a bad backend', ['init-stats', LEAKY, '--backend', 'gpu'], '--backend: expected one of auto, tensorflow-gpu, tensorflow, wasm, cpu, received "gpu"'],
  ])('%s', (_label, args, message) => expectUsageError(args, message));

  it.each([
    ['train', train()],
    ['init-stats', ['init-stats', LEAKY]],
  ])(`${BACKEND_ENV_VAR}=tpu is refused by %s, naming the variable`, (_cmd, args) => {
    expectUsageError(args, `${BACKEND_ENV_VAR}: expected one of auto, tensorflow-gpu, tensorflow, wasm, cpu, received "tpu"`, { [BACKEND_ENV_VAR]: 'tpu' });
  });
});

describe('exit 2: commands, arguments and flags that do not fit', () => {
  it.each<[string, string[], string]>([
    ['an unknown command', ['fly', 'x.json'], 'unknown command "fly" (try --help)'],
    ['no model file', ['validate'], 'missing <model.json> argument (try --help)'],
    ['an extra argument', ['validate', LEAKY, 'more.json'], 'unexpected argument "more.json" (try --help)'],
    ['a train flag on validate', ['validate', LEAKY, '--epochs', '3'], '--epochs: not a flag of validate (try --help)'],
    ['--runs-dir on export-keras', ['export-keras', LEAKY, '--runs-dir', 'x'], '--runs-dir: not a flag of export-keras (try --help)'],
    ['--limit on init-stats', ['init-stats', LEAKY, '--limit', '5'], '--limit: not a flag of init-stats (try --help)'],
    ['an unknown language', ['validate', LEAKY, '--lang', 'fr'], '--lang: expected one of en, ko, received "fr"'],
  ])('%s', (_label, args, message) => expectUsageError(args, message));

  it('no command at all prints the usage and exits 2; --help exits 0', () => {
    const none = runCli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/^usage: /);
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    // Every train flag of the run-options table is listed, with its help line.
    for (const spec of Object.values(RUN_OPTION_SPECS)) {
      expect(help.stdout).toContain(`--${spec.flag} `);
      expect(help.stdout).toContain(spec.help);
    }
    expect(help.stdout).toMatch(/--lang en\|ko/);
    expect(help.stdout).toMatch(/exit codes: 0 done/);
  });
});

describe('exit 2: an unusable runs folder, found before any run is created', () => {
  it('an existing regular file', () => {
    const file = join(tmp.dir, 'runs-file');
    writeFileSync(file, 'not a folder');
    expectUsageError(['train', LEAKY, '--runs-dir', file], `--runs-dir: cannot use ${JSON.stringify(file)} as the runs folder (ENOTDIR)`);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('a folder under a regular file (mkdir -p cannot create it)', () => {
    const file = join(tmp.dir, 'blocker');
    writeFileSync(file, 'x');
    const dir = join(file, 'a', 'runs');
    expectUsageError(['train', LEAKY, '--runs-dir', dir], `--runs-dir: cannot use ${JSON.stringify(dir)} as the runs folder (ENOTDIR)`);
  });

  it(`${RUNS_DIR_ENV_VAR} pointing at a file: the message names the variable`, () => {
    const file = join(tmp.dir, 'env-runs-file');
    writeFileSync(file, 'x');
    expectUsageError(['train', LEAKY], `${RUNS_DIR_ENV_VAR}: cannot use ${JSON.stringify(file)} as the runs folder (ENOTDIR)`, {
      [RUNS_DIR_ENV_VAR]: file,
    });
  });

  it('a relative folder is named as an absolute path', () => {
    const file = join(tmp.dir, 'rel-blocker');
    writeFileSync(file, 'x');
    const r = runCli(['train', LEAKY, '--runs-dir', join(file, 'runs')], {}, 30_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(JSON.stringify(join(file, 'runs')));
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('a folder that cannot be written (read-only)', async () => {
    const { chmodSync, mkdirSync } = await import('node:fs');
    const dir = join(tmp.dir, 'read-only');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    try {
      expectUsageError(['train', LEAKY, '--runs-dir', dir], `--runs-dir: cannot use ${JSON.stringify(dir)} as the runs folder (EACCES)`);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('a bad flag is exit 2 before the runs folder is created', () => {
    const dir = join(tmp.dir, 'untouched');
    const r = runCli(['train', LEAKY, '--runs-dir', dir, '--epochs', '0'], {}, 30_000);
    expect(r.code).toBe(2);
    expect(existsSync(dir)).toBe(false);
  });

  it('an invalid model is exit 1 before the folder is checked or created', () => {
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(bad, '{"format": "gradient-lab/model"}');
    const dir = join(tmp.dir, 'not-created');
    const r = runCli(['train', bad, '--runs-dir', dir], {}, 30_000);
    expect(r.code).toBe(1);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(tmp.dir)).not.toContain('not-created');
  });
});

describe('values that parseArgs would misread', () => {
  it.each([
    [['--limit', '-5'], /--limit: expected an integer from 1 to 10000000, received "-5"/],
    [['--learning-rate', '-1'], /--learning-rate: .*received "-1"/],
    [['--seed', '-1'], /--seed: .*received "-1"/],
    [['--epochs', '0', '--epochs', '1'], /--epochs: given more than once/],
    [['--runs-dir', '/tmp', '--runs-dir', '/tmp/x'], /--runs-dir: given more than once/],
  ])('train %j → exit 2 naming the flag and the value', (flags, message) => {
    const r = runCli(['train', examplePath('leaky-relu'), ...flags], {}, 30_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

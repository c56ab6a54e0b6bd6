/**
 * `--lang en|ko` and the system-language default: text for people changes, exit codes
 * and JSON never do.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainCommand, type TrainOutput } from '../../../src-main/cli/train-command.js';
import { en, ko } from '../../../src-main/cli/messages.js';
import { resolveRunOptions } from '../../../src-shared/training/run-options.js';
import { runCli } from '../../helpers/cli.js';
import { examplePath, loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir('gl-lang-');
afterAll(() => tmp.cleanup());
const LEAKY = examplePath('leaky-relu');
const HANGUL = /[\uAC00-\uD7A3]/;

describe('--lang ko', () => {
  it.each<[string, string[], number, 'stdout' | 'stderr', string]>([
    ['validate', ['validate', LEAKY], 0, 'stdout', `${LEAKY}: 유효함 (층 6개, 데이터셋 fashion-mnist)\n`],
    ['an unknown flag', ['validate', LEAKY, '--bogus'], 2, 'stderr', '오류: --bogus: 알 수 없는 플래그입니다 (--help 참고)\n'],
    ['a missing value', ['train', LEAKY, '--epochs'], 2, 'stderr', '오류: --epochs: 값이 없습니다\n'],
    ['a value out of range', ['train', LEAKY, '--epochs', '0'], 2, 'stderr', '오류: --epochs: 1에서 1000 사이여야 합니다. 입력값: "0"\n'],
    ['a bad backend', ['train', LEAKY, '--backend', 'tpu'], 2, 'stderr',
      '오류: --backend: auto, tensorflow-gpu, tensorflow, wasm, cpu 중 하나여야 합니다. 입력값: "tpu"\n'],
    ['an unknown command', ['fly'], 2, 'stderr', '오류: 알 수 없는 명령 "fly" (--help 참고)\n'],
    ['a missing file', ['validate', '/nonexistent/m.json'], 1, 'stderr', '오류: /nonexistent/m.json: 모델 파일을 읽을 수 없습니다 (ENOENT)\n'],
  ])('%s', (_label, args, code, stream, text) => {
    const r = runCli([...args, '--lang', 'ko'], {}, 30_000);
    expect(r.code, r.stderr).toBe(code);
    expect(r[stream]).toBe(text);
  });

  it('says the validator’s messages in Korean too (the path and the value stay as they are)', () => {
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...loadExample('leaky-relu'), layers: [{ kind: 'flatten' }, { kind: 'dense', units: 0 }] }));
    const r = runCli(['validate', bad, '--lang', 'ko'], {}, 30_000);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`오류: ${bad}: 모델 문서가 올바르지 않습니다:`);
    expect(lines).toContain(`${bad}: layers[1].units: 양의 정수여야 합니다. 입력값: 0`);
    const en = runCli(['validate', bad, '--lang', 'en'], {}, 30_000);
    expect(en.stderr).toContain(`${bad}: layers[1].units: expected a positive integer, received 0`);
  });

  it('--lang=ko works too, and the last --lang wins', () => {
    expect(runCli(['validate', LEAKY, '--lang=ko'], {}, 30_000).stdout).toMatch(HANGUL);
    expect(runCli(['validate', LEAKY, '--lang', 'ko', '--lang', 'en'], {}, 30_000).stdout).toMatch(/: valid \(6 layers/);
  });

  it('help stays English and says so', () => {
    const r = runCli(['--help', '--lang', 'ko'], {}, 30_000);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run cli/);
    expect(r.stdout).toContain(ko.helpLanguageNote);
  });
});

describe('the system language is the default', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    ['LANG=ko_KR.UTF-8', { LC_ALL: '', LC_MESSAGES: '', LANG: 'ko_KR.UTF-8' }, /유효함/],
    ['LC_ALL=ko_KR.UTF-8 over LANG=en_US', { LC_ALL: 'ko_KR.UTF-8', LANG: 'en_US.UTF-8' }, /유효함/],
    ['LC_ALL=en_US.UTF-8 over LANG=ko_KR', { LC_ALL: 'en_US.UTF-8', LANG: 'ko_KR.UTF-8' }, /: valid \(/],
  ])('%s', (_label, env, expected) => {
    expect(runCli(['validate', LEAKY], env, 30_000).stdout).toMatch(expected);
  });

  it('--lang beats the environment', () => {
    expect(runCli(['validate', LEAKY, '--lang', 'en'], { LC_ALL: 'ko_KR.UTF-8' }, 30_000).stdout).toMatch(/: valid \(/);
  });
});

describe('train in Korean', () => {
  it('progress, epoch, diagnosis and outcome lines are Korean; JSON keys and exit code are the same as in English', () => {
    const args = (lang: string) => [
      'train', LEAKY, '--epochs', '1', '--limit', '500', '--backend', 'wasm', '--runs-dir', join(tmp.dir, `runs-${lang}`), '--json', '--lang', lang,
    ];
    const koRun = runCli(args('ko'), {}, 240_000);
    const enRun = runCli(args('en'), {}, 240_000);
    expect(koRun.code, koRun.stderr).toBe(0);
    expect(enRun.code, enRun.stderr).toBe(0);
    expect(koRun.stderr).toMatch(/^실행 \S+ → /m);
    expect(koRun.stderr).toMatch(/^백엔드: wasm$/m);
    expect(koRun.stderr).toMatch(/^에포크 1: 손실 \d+\.\d{4} 정확도 \d+\.\d{4} 검증 손실 \d+\.\d{4} 검증 정확도 \d+\.\d{4} \(\d+\.\d초\)$/m);
    // The diagnosis: healthy or a finding, in the app's Korean words.
    expect(koRun.stderr).toMatch(/^ {2}(정상|그레이디언트 소실|그레이디언트 폭등|포화|죽은 뉴런)/m);
    expect(koRun.stderr).toMatch(/^완료: 테스트 정확도 \d+\.\d{4}, 테스트 손실 \d+\.\d{4}$/m);
    expect(koRun.stderr).not.toMatch(/^epoch |^backend: |^completed: /m);
    expect(enRun.stderr).toMatch(/^epoch 1: loss /m);

    const koJson = JSON.parse(koRun.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    const enJson = JSON.parse(enRun.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(Object.keys(koJson)).toEqual(Object.keys(enJson));
    expect(koJson.status).toBe('completed');
    // Same seed, same data, same backend: the numbers agree too; only the words differ.
    expect(koJson.test_accuracy).toBe(enJson.test_accuracy);
    expect(koJson.diagnosis).toEqual(enJson.diagnosis);
  });
});

describe('trainCommand never throws', () => {
  it.each([
    ['en', en, /^the run could not be started: /],
    ['ko', ko, /^실행을 시작하지 못했습니다: /],
  ] as const)('a run that cannot be created prints the failed JSON line (run_id null) and returns 4 (%s)', async (_lang, msg, line) => {
    const file = join(tmp.dir, `runs-is-a-file-${_lang}`);
    writeFileSync(file, 'x');
    const model = loadExample('leaky-relu');
    const out: string[] = [];
    const err: string[] = [];
    const io: TrainOutput = { out: (l) => out.push(l), err: (l) => err.push(l), raw: () => undefined, tty: false };
    // The CLI checks --runs-dir first; called directly with a file, creating the run itself fails.
    const code = await trainCommand(model, resolveRunOptions(model, { backend: 'wasm' }), file, true, msg, io);
    expect(code).toBe(4);
    expect(out).toHaveLength(1);
    const json = JSON.parse(out[0]!) as Record<string, unknown>;
    expect(json).toMatchObject({ run_id: null, run_dir: null, status: 'failed', epochs: [] });
    expect(String(json.error)).toMatch(/EEXIST|ENOTDIR/);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(line);
  });
});

/**
 * Everything the command line prints for people, in English and Korean (`--lang en|ko`,
 * default: the system language, as the app does). Both catalogues implement one
 * interface, so a message added to one and missing from the other fails to compile.
 *
 * What never changes with the language: exit codes, JSON keys and values (`--json`),
 * identifiers (flag names, backend names, layer names, file paths) and the model
 * validator's own messages (`layers[1].units: expected …`, English like the model
 * format itself; only their framing is translated). `--help` is English in both.
 */
import type { Diagnosis } from '../../src-shared/training/diagnose.js';
import { describeDiagnosis, evidenceLabel, evidenceOf, signalEvidenceText } from '../../src-shared/training/diagnose.js';
import type { RunFinishedEvent } from '../../src-shared/training/events.js';
import type { EpochMetrics } from '../../src-shared/training/metrics.js';
import type { RunOptionProblem } from '../../src-shared/training/run-options.js';
import { refusalText, type EvaluationRefusalReason } from '../../src-shared/training/evaluation.js';

/** Languages of the command line's messages. */
export const CLI_LANGUAGES = ['en', 'ko'] as const;
export type CliLanguage = (typeof CLI_LANGUAGES)[number];

/** Kinds of filesystem entries named in messages about paths that are not regular files. */
export type FileKind = 'directory' | 'fifo' | 'character-device' | 'block-device' | 'socket' | 'symlink' | 'other';

/** One progress line's numbers (already formatted times). */
export interface ProgressText {
  epoch: number;
  epochs: number;
  percent: string;
  loss: string;
  elapsed: string;
  eta: string;
}

/** The catalogue: one entry per message; functions for messages with values. */
export interface CliMessages {
  /** Prefix of an error line: `error: …`. */
  errorPrefix: string;
  /** Appended to unexpected errors (no stack trace without --debug). */
  debugHint: string;
  /** One line at the end of --help saying the help itself is English. */
  helpLanguageNote: string;

  unknownCommand(command: string): string;
  unexpectedArgument(arg: string): string;
  missingModelArgument: string;
  unknownFlag(flag: string): string;
  missingFlagValue(flag: string): string;
  flagTakesNoValue(flag: string): string;
  flagNotForCommand(flag: string, command: string): string;
  badLang(raw: string): string;
  /** A run option given as a flag (`--epochs`) or an environment variable: `source` names which. */
  badRunOption(source: string, problem: RunOptionProblem, range: { min: number; max: number } | { values: readonly string[] }): string;
  runsDirUnusable(source: string, dir: string, code: string): string;

  fileKind: Record<FileKind, string>;
  modelFileNotRegular(path: string, kind: FileKind): string;
  modelFileTooLarge(path: string, bytes: number | null, limit: number): string;
  modelFileUnreadable(path: string, code: string): string;
  modelFileInvalid(path: string): string;
  valid(path: string, layers: number, dataset: string): string;
  /** The language these messages are in (lint findings are written in it too). */
  lang: CliLanguage;
  /** `summary`'s first line, naming the model. */
  summaryModel(name: string): string;
  /** `summary` table headings and totals. */
  summaryHeader: [layer: string, shape: string, params: string];
  summaryTotals(total: string, trainable: string, nonTrainable: string): string[];
  summaryDense(fanIn: number, fanOut: number, activation: string, init: string, std: string): string;
  /** `lint`: nothing found / how many. */
  lintNone(path: string): string;
  lintCount(path: string, n: number): string;
  lintFixPrefix: string;
  /** A flag given more than once. */
  flagRepeated(flag: string): string;
  /** `evaluate`: a missing RUN_DIR, why a run cannot be evaluated, and the report's lines. */
  missingRunDirArgument: string;
  evaluateRefused(reason: EvaluationRefusalReason): string;
  evaluateHeader(runId: string, dataset: string, count: number): string;
  evaluateAccuracy(accuracy: number, loss: number): string;
  evaluatePerClass: string;
  evaluateConfusion: string;

  backend(active: string): string;
  backendSkipped(name: string, reason: string): string;
  runStarted(id: string, dir: string): string;
  runNotStarted(error: string): string;
  progress(p: ProgressText): string;
  epoch(m: Pick<EpochMetrics, 'epoch' | 'loss' | 'accuracy' | 'val_loss' | 'val_accuracy' | 'seconds'>): string;
  diagnosis(d: Diagnosis): string;
  stopping: string;
  diverged(epoch: number, step: number): string;
  failed(error: string): string;
  finished(status: RunFinishedEvent['status'], testAccuracy: number, testLoss: number | null): string;
}

const ratioText = (d: Diagnosis): string => (d.grad_ratio === null ? 'n/a' : d.grad_ratio.toExponential(1));
const percentText = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(0)}%`);

/** English. The diagnosis is the shared `describeDiagnosis`, word for word. */
export const en: CliMessages = {
  errorPrefix: 'error: ',
  debugHint: ' (run with --debug for details)',
  helpLanguageNote: 'This help is in English; with --lang ko the other messages are in Korean.',

  unknownCommand: (c) => `unknown command ${JSON.stringify(c)} (try --help)`,
  unexpectedArgument: (a) => `unexpected argument ${JSON.stringify(a)} (try --help)`,
  missingModelArgument: 'missing <model.json> argument (try --help)',
  unknownFlag: (f) => `${f}: unknown flag (try --help)`,
  missingFlagValue: (f) => `${f}: missing value`,
  flagTakesNoValue: (f) => `${f}: takes no value`,
  flagNotForCommand: (f, c) => `${f}: not a flag of ${c} (try --help)`,
  badLang: (raw) => `--lang: expected one of ${CLI_LANGUAGES.join(', ')}, received ${JSON.stringify(raw)}`,
  badRunOption: (source, p) => `${source}: ${p.message}`,
  runsDirUnusable: (source, dir, code) => `${source}: cannot use ${JSON.stringify(dir)} as the runs folder (${code})`,

  fileKind: {
    directory: 'a directory',
    fifo: 'a FIFO (named pipe)',
    'character-device': 'a character device',
    'block-device': 'a block device',
    socket: 'a socket',
    symlink: 'a symbolic link',
    other: 'not a regular file',
  },
  modelFileNotRegular: (p, k) => `${p}: cannot read the model file: it is ${en.fileKind[k]}, not a regular file`,
  modelFileTooLarge: (p, bytes, limit) =>
    `${p}: ${bytes === null ? `more than ${limit} bytes` : `${bytes} bytes`} is too large for a model file (limit ${limit})`,
  modelFileUnreadable: (p, code) => `${p}: cannot read the model file (${code})`,
  modelFileInvalid: (p) => `${p}: invalid model document:`,
  valid: (p, layers, dataset) => `${p}: valid (${layers} layers, dataset ${dataset})`,
  lang: 'en',
  summaryModel: (name) => `Model: "${name}"`,
  summaryHeader: ['Layer (type)', 'Output Shape', 'Param #'],
  summaryTotals: (t, tr, nt) => [`Total params: ${t}`, `Trainable params: ${tr}`, `Non-trainable params: ${nt}`],
  summaryDense: (fi, fo, act, init, std) => `    fan_in ${fi}, fan_out ${fo}, activation ${act}, ${init}: theoretical std ${std}`,
  lintNone: (p) => `${p}: no findings — initializers suit their activations.`,
  lintCount: (p, n) => `${p}: ${n} finding${n === 1 ? '' : 's'}`,
  lintFixPrefix: 'fix: ',
  flagRepeated: (f) => `${f}: given more than once; give it once`,
  missingRunDirArgument: 'missing <run-folder> argument (try --help)',
  evaluateRefused: (r) => refusalText(r),
  evaluateHeader: (id, dataset, count) => `run ${id} (${dataset}): ${count} test images`,
  evaluateAccuracy: (acc, loss) => `test accuracy ${acc.toFixed(4)}, test loss ${loss.toFixed(4)}`,
  evaluatePerClass: 'per-class accuracy:',
  evaluateConfusion: 'confusion matrix (rows: true class, columns: predicted class):',

  backend: (a) => `backend: ${a}`,
  backendSkipped: (name, reason) => `  skipped ${name}: ${reason}`,
  runStarted: (id, dir) => `run ${id} → ${dir}`,
  runNotStarted: (e) => `the run could not be started: ${e}`,
  progress: (p) => `epoch ${p.epoch}/${p.epochs}  ${p.percent}%  loss ${p.loss}  elapsed ${p.elapsed}  ETA ${p.eta}`,
  epoch: (m) =>
    `epoch ${m.epoch}: loss ${m.loss.toFixed(4)} acc ${m.accuracy.toFixed(4)} val_loss ${m.val_loss.toFixed(4)} val_acc ${m.val_accuracy.toFixed(4)} (${m.seconds.toFixed(1)} s)`,
  diagnosis: (d) => describeDiagnosis(d),
  stopping: 'stopping after the current step (Ctrl-C again to abort)…',
  diverged: (epoch, step) => `diverged: the loss became NaN/Inf at epoch ${epoch}, step ${step}`,
  failed: (e) => `failed: ${e}`,
  finished: (status, acc, loss) => `${status}: test accuracy ${acc.toFixed(4)}, test loss ${loss?.toFixed(4) ?? 'n/a'}`,
};

/** Run statuses in the app's Korean words (src-renderer/i18n/ko.ts `run.status.*`). */
const KO_STATUS: Record<RunFinishedEvent['status'], string> = {
  completed: '완료',
  stopped: '중지됨',
  diverged: '발산',
  failed: '실패',
};

/** Korean. Diagnosis wording is the app's (src-renderer/i18n/ko.ts `diagnosis.*`, `finding.*`). */
export const ko: CliMessages = {
  errorPrefix: '오류: ',
  debugHint: ' (자세한 내용은 --debug를 붙여 실행하세요)',
  helpLanguageNote: '이 도움말은 영어로만 제공됩니다. --lang ko를 쓰면 나머지 메시지는 한국어로 나옵니다.',

  unknownCommand: (c) => `알 수 없는 명령 ${JSON.stringify(c)} (--help 참고)`,
  unexpectedArgument: (a) => `예상하지 못한 인자 ${JSON.stringify(a)} (--help 참고)`,
  missingModelArgument: '<model.json> 인자가 없습니다 (--help 참고)',
  unknownFlag: (f) => `${f}: 알 수 없는 플래그입니다 (--help 참고)`,
  missingFlagValue: (f) => `${f}: 값이 없습니다`,
  flagTakesNoValue: (f) => `${f}: 값을 받지 않는 플래그입니다`,
  flagNotForCommand: (f, c) => `${f}: ${c} 명령의 플래그가 아닙니다 (--help 참고)`,
  badLang: (raw) => `--lang: ${CLI_LANGUAGES.join(', ')} 중 하나여야 합니다. 입력값: ${JSON.stringify(raw)}`,
  badRunOption: (source, p, range) =>
    'values' in range
      ? `${source}: ${range.values.join(', ')} 중 하나여야 합니다. 입력값: ${JSON.stringify(p.value)}`
      : p.kind === 'integer'
        ? `${source}: ${range.min}에서 ${range.max} 사이의 정수를 입력하세요. 입력값: ${JSON.stringify(p.value)}`
        : `${source}: ${range.min}에서 ${range.max} 사이여야 합니다. 입력값: ${JSON.stringify(p.value)}`,
  runsDirUnusable: (source, dir, code) => `${source}: ${JSON.stringify(dir)}을(를) 실행 기록 폴더로 쓸 수 없습니다 (${code})`,

  fileKind: {
    directory: '디렉터리',
    fifo: 'FIFO(이름 있는 파이프)',
    'character-device': '문자 장치',
    'block-device': '블록 장치',
    socket: '소켓',
    symlink: '심볼릭 링크',
    other: '일반 파일이 아닌 항목',
  },
  modelFileNotRegular: (p, k) => `${p}: 모델 파일을 읽을 수 없습니다. 일반 파일이 아니라 ${ko.fileKind[k]}입니다`,
  modelFileTooLarge: (p, bytes, limit) =>
    `${p}: ${bytes === null ? `${limit}바이트를 넘어` : `${bytes}바이트로`} 모델 파일로는 너무 큽니다 (한도 ${limit}바이트)`,
  modelFileUnreadable: (p, code) => `${p}: 모델 파일을 읽을 수 없습니다 (${code})`,
  modelFileInvalid: (p) => `${p}: 모델 문서가 올바르지 않습니다:`,
  valid: (p, layers, dataset) => `${p}: 유효함 (층 ${layers}개, 데이터셋 ${dataset})`,
  lang: 'ko',
  summaryModel: (name) => `모델: "${name}"`,
  summaryHeader: ['층 (종류)', '출력 크기', '파라미터 수'],
  summaryTotals: (t, tr, nt) => [`전체 파라미터: ${t}`, `훈련되는 파라미터: ${tr}`, `훈련되지 않는 파라미터: ${nt}`],
  summaryDense: (fi, fo, act, init, std) => `    fan_in ${fi}, fan_out ${fo}, 활성화 함수 ${act}, ${init}: 이론상 표준편차 ${std}`,
  lintNone: (p) => `${p}: 지적할 점이 없습니다 — 초기화가 활성화 함수에 맞습니다.`,
  lintCount: (p, n) => `${p}: 지적 사항 ${n}개`,
  lintFixPrefix: '고칠 점: ',
  flagRepeated: (f) => `${f}: 두 번 이상 주어졌습니다. 한 번만 주세요`,
  missingRunDirArgument: '<run-folder> 인자가 없습니다 (--help 참고)',
  evaluateRefused: (r) => {
    switch (r.kind) {
      case 'not_a_run':
        return `${r.path}은(는) 실행 폴더가 아닙니다: ${r.detail}`;
      case 'model_damaged':
        return `실행 ${r.run}을(를) 평가할 수 없습니다. model.json이 손상되었습니다 (${r.detail})`;
      case 'active':
        return `실행 ${r.run}은(는) 아직 ${r.status === 'queued' ? '대기 중' : '학습 중'}입니다. 끝난 뒤에 평가하세요`;
      case 'diverged':
        return `실행 ${r.run}은(는) ${r.epoch === null ? '' : `에포크 ${r.epoch}, 스텝 ${r.step}에서 `}발산했습니다. 가중치가 NaN/무한대라 저장되지 않았으므로 평가할 것이 없습니다`;
      case 'no_weights':
        return `실행 ${r.run}에는 저장된 가중치가 없습니다 (상태 ${r.status}). 평가할 것이 없습니다`;
      case 'weights_damaged':
        return `실행 ${r.run}을(를) 평가할 수 없습니다. 저장된 가중치가 손상되었습니다 (${r.detail})`;
    }
  },
  evaluateHeader: (id, dataset, count) => `실행 ${id} (${dataset}): 테스트 이미지 ${count}개`,
  evaluateAccuracy: (acc, loss) => `테스트 정확도 ${acc.toFixed(4)}, 테스트 손실 ${loss.toFixed(4)}`,
  evaluatePerClass: '클래스별 정확도:',
  evaluateConfusion: '오차 행렬 (행: 실제 클래스, 열: 예측 클래스):',

  backend: (a) => `백엔드: ${a}`,
  backendSkipped: (name, reason) => `  ${name} 건너뜀: ${reason}`,
  runStarted: (id, dir) => `실행 ${id} → ${dir}`,
  runNotStarted: (e) => `실행을 시작하지 못했습니다: ${e}`,
  progress: (p) => `에포크 ${p.epoch}/${p.epochs}  ${p.percent}%  손실 ${p.loss}  경과 시간 ${p.elapsed}  남은 시간 ${p.eta}`,
  epoch: (m) =>
    `에포크 ${m.epoch}: 손실 ${m.loss.toFixed(4)} 정확도 ${m.accuracy.toFixed(4)} 검증 손실 ${m.val_loss.toFixed(4)} 검증 정확도 ${m.val_accuracy.toFixed(4)} (${m.seconds.toFixed(1)}초)`,
  diagnosis: (d) => {
    const ratio = ratioText(d);
    if (d.findings.length === 0) {
      const signal = d.signal_ratio == null ? '' : ` 마지막/첫 번째 은닉층 활성화 표준편차의 비는 ${Number(d.signal_ratio.toPrecision(2))}입니다.`;
      return d.grad_ratio === null
        ? '정상: 기준을 넘는 포화나 죽은 뉴런이 없습니다 (은닉층이 하나뿐이라 깊이에 따른 그레이디언트 비율은 없습니다).'
        : `정상: 첫 번째 은닉층의 그레이디언트 노름이 마지막 은닉층의 ${ratio}배이며, 기준을 넘는 포화나 죽은 뉴런이 없습니다.${signal}`;
    }
    return evidenceOf(d)
      .map((e) => {
        // The forward-signal and gradient-scale sentences are shared with the app (health-messages.ts).
        const signal = signalEvidenceText(d, e, 'ko');
        if (signal !== null) return `${evidenceLabel(e, 'ko')}: ${signal}.`;
        switch (e.kind) {
          case 'vanishing':
            return `그레이디언트 소실: 첫 번째 은닉층의 그레이디언트 노름이 마지막 은닉층의 ${ratio}배에 불과합니다.`;
          case 'exploding':
            return `그레이디언트 폭등: 첫 번째 은닉층의 그레이디언트 노름이 마지막 은닉층의 ${ratio}배입니다.`;
          case 'saturated':
            return `포화: 시그모이드/tanh 출력의 ${percentText(d.saturated_fraction)}가 도함수가 최댓값의 5% 미만인 구간에 있습니다.`;
          case 'dead':
            return `죽은 뉴런(dying ReLU): ReLU 계열 유닛의 ${percentText(d.dead_fraction)}가 모든 샘플에서 0만 출력하는 죽은 뉴런입니다.`;
        }
      })
      .join(' ');
  },
  stopping: '현재 스텝이 끝나면 중지합니다 (바로 중단하려면 Ctrl-C를 한 번 더 누르세요)…',
  diverged: (epoch, step) => `발산: 에포크 ${epoch}, 스텝 ${step}에서 손실이 NaN 또는 무한대가 되었습니다`,
  failed: (e) => `실패: ${e}`,
  finished: (status, acc, loss) => `${KO_STATUS[status]}: 테스트 정확도 ${acc.toFixed(4)}, 테스트 손실 ${loss?.toFixed(4) ?? '없음'}`,
};

/** Both catalogues by language. */
export const CLI_MESSAGES: Record<CliLanguage, CliMessages> = { en, ko };

/** `ko`, `ko_KR.UTF-8`, `ko-KR` → ko; anything else → en (the same rule as the app's `languageFor`). */
export function languageOf(tag: string | null | undefined): CliLanguage {
  return tag?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** The process's ICU locale (`ko-KR`, `en-US`); '' if Intl cannot tell. */
function intlLocale(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return '';
  }
}

/**
 * The system language, as the app picks it: the first of LC_ALL, LC_MESSAGES, LANG that
 * is set (POSIX precedence: LC_ALL=en_US.UTF-8 wins over LANG=ko_KR.UTF-8), unless it is
 * the neutral `C`/`POSIX` locale; else the ICU locale (`Intl.DateTimeFormat`), which is
 * what macOS and Windows report when no variable is set.
 * Example: `systemLanguage({ LANG: 'ko_KR.UTF-8' })` → 'ko'.
 */
export function systemLanguage(env: NodeJS.ProcessEnv = process.env, locale: () => string = intlLocale): CliLanguage {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (!value) continue;
    if (/^(C|POSIX)([._@]|$)/.test(value)) break;
    return languageOf(value);
  }
  return languageOf(locale());
}

/** Reads `--lang`: `en` or `ko` (case-insensitive); null for anything else. */
export function parseLanguage(raw: string): CliLanguage | null {
  const v = raw.trim().toLowerCase();
  return (CLI_LANGUAGES as readonly string[]).includes(v) ? (v as CliLanguage) : null;
}

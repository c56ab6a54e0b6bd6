/**
 * What `crossval` prints for people, in English and Korean (chosen by `--lang`, like
 * messages.ts): flag errors, a line per fold as it starts and ends, and the final table.
 * Both catalogues implement one interface, so a missing line fails to compile. Flag names,
 * activation names, run ids and the `--json` object never change with the language.
 */
import type { RunStatus } from '../../src-shared/training/metrics.js';
import type { CrossvalFinishedEvent } from '../../src-shared/wizard/types.js';
import type { CliLanguage } from './messages.js';

/** A fold's status in the final table and the fold lines (`pending`: never started). */
export type FoldStatusWord = RunStatus | 'pending';

/** The lines of `crossval`, one entry per message; functions for those with values. */
export interface CrossvalMessages {
  candidatesEmpty: (raw: string) => string;
  candidateUnknown: (raw: string, name: string, expected: readonly string[]) => string;
  candidateTwice: (raw: string, name: string) => string;
  candidatesCount: (raw: string, count: number, min: number, max: number) => string;
  /** A flag outside crossval's own range (`--folds`, `--limit`, `--epochs`). */
  outOfRange: (flag: string, raw: string, min: number, max: number) => string;
  /** No --epochs and the model's training.epochs is above crossval's maximum. */
  modelEpochsTooMany: (epochs: number, max: number) => string;
  studyStarted: (id: string, dir: string, candidates: number, folds: number, limit: number, epochs: number) => string;
  foldStarted: (activation: string, fold: number, folds: number, runId: string) => string;
  foldProgress: (activation: string, fold: number, folds: number, epoch: number, epochs: number, percent: string) => string;
  foldCompleted: (activation: string, fold: number, folds: number, valAccuracy: string, seconds: string) => string;
  /** A fold that ended otherwise: diverged, stopped or failed (`detail`: the reason, or empty). */
  foldEnded: (activation: string, fold: number, folds: number, status: string, detail: string) => string;
  studyProgress: (done: number, total: number, eta: string) => string;
  stopping: string;
  notStarted: (error: string) => string;
  tableHeader: [candidate: string, initializer: string, folds: string, meanStd: string];
  best: string;
  status: Record<FoldStatusWord, string>;
  studyEnded: (status: CrossvalFinishedEvent['status'], error: string | null) => string;
}

const en: CrossvalMessages = {
  candidatesEmpty: (raw) => `--candidates: expected a comma-separated list of activations such as selu,elu, received ${JSON.stringify(raw)}`,
  candidateUnknown: (raw, name, expected) =>
    `--candidates: unknown activation ${JSON.stringify(name)} in ${JSON.stringify(raw)} (expected some of ${expected.join(', ')})`,
  candidateTwice: (raw, name) => `--candidates: ${name} is listed twice in ${JSON.stringify(raw)}; list each activation once`,
  candidatesCount: (raw, count, min, max) => `--candidates: expected ${min} to ${max} activations, received ${count} (${JSON.stringify(raw)})`,
  outOfRange: (flag, raw, min, max) => `${flag}: expected an integer from ${min} to ${max} for crossval, received ${JSON.stringify(raw)}`,
  modelEpochsTooMany: (epochs, max) => `--epochs: the model's training.epochs (${epochs}) is above crossval's maximum of ${max} epochs per fold; give --epochs`,
  studyStarted: (id, dir, c, k, limit, epochs) =>
    `study ${id}: ${c} candidate(s) × ${k} folds of the first ${limit} training images, ${epochs} epoch(s) per fold → runs in ${dir}`,
  foldStarted: (a, f, k, run) => `${a} fold ${f}/${k}: training (run ${run})`,
  foldProgress: (a, f, k, e, es, p) => `${a} fold ${f}/${k}: epoch ${e}/${es} ${p}%`,
  foldCompleted: (a, f, k, acc, s) => `${a} fold ${f}/${k}: val_accuracy ${acc} (${s} s)`,
  foldEnded: (a, f, k, status, detail) => `${a} fold ${f}/${k}: ${status}${detail ? ` (${detail})` : ''}`,
  studyProgress: (done, total, eta) => `${done}/${total} folds done${eta ? `, about ${eta} left` : ''}`,
  stopping: 'stopping the study after the current step (Ctrl-C again to abort)…',
  notStarted: (e) => `the study could not be started: ${e}`,
  tableHeader: ['candidate', 'initializer', 'fold val_accuracy', 'mean ± std'],
  best: '← best',
  status: { pending: 'not run', queued: 'queued', running: 'running', completed: 'completed', stopped: 'stopped', diverged: 'diverged', failed: 'failed' },
  studyEnded: (status, error) =>
    status === 'completed'
      ? 'study completed (std: population standard deviation over the completed folds)'
      : status === 'stopped'
        ? 'study stopped: the table shows the folds that completed'
        : `study failed${error ? `: ${error}` : ''}`,
};

const ko: CrossvalMessages = {
  candidatesEmpty: (raw) => `--candidates: selu,elu처럼 쉼표로 구분한 활성화 함수 목록이어야 합니다. 입력값: ${JSON.stringify(raw)}`,
  candidateUnknown: (raw, name, expected) =>
    `--candidates: ${JSON.stringify(raw)}의 ${JSON.stringify(name)}은(는) 알 수 없는 활성화 함수입니다(가능한 값: ${expected.join(', ')})`,
  candidateTwice: (raw, name) => `--candidates: ${JSON.stringify(raw)}에 ${name}이(가) 두 번 있습니다. 활성화 함수는 한 번씩만 쓰세요`,
  candidatesCount: (raw, count, min, max) => `--candidates: 활성화 함수는 ${min}~${max}개여야 합니다. 입력: ${count}개 (${JSON.stringify(raw)})`,
  outOfRange: (flag, raw, min, max) => `${flag}: crossval에서는 ${min}부터 ${max}까지의 정수여야 합니다. 입력값: ${JSON.stringify(raw)}`,
  modelEpochsTooMany: (epochs, max) => `--epochs: 모델의 training.epochs(${epochs})가 crossval의 폴드당 최대 에포크 ${max}보다 큽니다. --epochs를 지정하세요`,
  studyStarted: (id, dir, c, k, limit, epochs) =>
    `연구 ${id}: 후보 ${c}개 × 폴드 ${k}개, 훈련 이미지 앞 ${limit}개, 폴드당 에포크 ${epochs} → 실행 폴더 ${dir}`,
  foldStarted: (a, f, k, run) => `${a} 폴드 ${f}/${k}: 학습 중 (실행 ${run})`,
  foldProgress: (a, f, k, e, es, p) => `${a} 폴드 ${f}/${k}: 에포크 ${e}/${es} ${p}%`,
  foldCompleted: (a, f, k, acc, s) => `${a} 폴드 ${f}/${k}: 검증 정확도 ${acc} (${s}초)`,
  foldEnded: (a, f, k, status, detail) => `${a} 폴드 ${f}/${k}: ${status}${detail ? ` (${detail})` : ''}`,
  studyProgress: (done, total, eta) => `폴드 ${total}개 중 ${done}개 완료${eta ? `, 약 ${eta} 남음` : ''}`,
  stopping: '현재 스텝이 끝나면 연구를 멈춥니다 (중단하려면 Ctrl-C를 한 번 더 누르세요)…',
  notStarted: (e) => `연구를 시작할 수 없습니다: ${e}`,
  tableHeader: ['후보', '초기화', '폴드별 검증 정확도', '평균 ± 표준편차'],
  best: '← 최고',
  status: { pending: '실행 안 됨', queued: '대기 중', running: '학습 중', completed: '완료', stopped: '중지됨', diverged: '발산', failed: '실패' },
  studyEnded: (status, error) =>
    status === 'completed'
      ? '연구 완료 (표준편차: 완료된 폴드에 대한 모표준편차)'
      : status === 'stopped'
        ? '연구 중지됨: 표에는 완료된 폴드만 들어 있습니다'
        : `연구 실패${error ? `: ${error}` : ''}`,
};

/** Every crossval message per language. */
export const CROSSVAL_MESSAGES: Record<CliLanguage, CrossvalMessages> = { en, ko };

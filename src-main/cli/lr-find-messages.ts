/**
 * What `lr-find` prints for people, in English and Korean (chosen by `--lang`, like
 * messages.ts): flag errors, the sweep's table and the suggestion with the book's rule.
 * Both catalogues implement one interface, so a missing line fails to compile. Flag names,
 * numbers and the `--json` object never change with the language.
 */
import type { CliLanguage } from './messages.js';

/** The lines of `lr-find`, one entry per message; functions for those with values. */
export interface LrFindCliMessages {
  /** A flag outside its range (`--min-rate`, `--max-rate`, `--steps`). */
  outOfRange: (flag: string, raw: string, min: number, max: number) => string;
  notAnInteger: (flag: string, raw: string, min: number, max: number) => string;
  minNotBelowMax: (min: number, max: number) => string;
  header: (model: string, dataset: string, backend: string, batchSize: number, steps: number, min: number, max: number) => string;
  tableHeader: [rate: string, loss: string, smoothed: string];
  stoppedEarly: (rate: string, points: number) => string;
  reachedMax: (points: number) => string;
  suggestion: (rate: string, atMin: string) => string;
  noSuggestion: string;
  /** The rule, one sentence. */
  rule: string;
}

const en: LrFindCliMessages = {
  outOfRange: (flag, raw, min, max) => `${flag}: expected a number from ${min} to ${max}, received ${JSON.stringify(raw)}`,
  notAnInteger: (flag, raw, min, max) => `${flag}: expected an integer from ${min} to ${max}, received ${JSON.stringify(raw)}`,
  minNotBelowMax: (min, max) => `--min-rate: expected a rate below --max-rate (${max}), received ${min}`,
  header: (model, dataset, backend, batchSize, steps, min, max) =>
    `learning-rate finder: ${model} on ${dataset} (${backend}), batches of ${batchSize}, up to ${steps} steps from ${min} to ${max}`,
  tableHeader: ['learning rate', 'loss', 'smoothed'],
  stoppedEarly: (rate, points) => `stopped after ${points} steps at rate ${rate}: the loss blew up (over 4× its lowest smoothed value)`,
  reachedMax: (points) => `swept all ${points} steps without the loss blowing up`,
  suggestion: (rate, atMin) => `suggested learning rate: ${rate} (the smoothed loss was lowest at ${atMin})`,
  noSuggestion: 'no suggestion: the smoothed loss never fell below its first value (try a smaller --min-rate, or check the model)',
  rule: 'Rule (Hands-On ML, chapter 11): take a rate about 10 times lower than the one where the loss is lowest, before it shoots back up.',
};

const ko: LrFindCliMessages = {
  outOfRange: (flag, raw, min, max) => `${flag}: ${min}에서 ${max} 사이의 수가 필요합니다. 받은 값: ${JSON.stringify(raw)}`,
  notAnInteger: (flag, raw, min, max) => `${flag}: ${min}에서 ${max} 사이의 정수가 필요합니다. 받은 값: ${JSON.stringify(raw)}`,
  minNotBelowMax: (min, max) => `--min-rate: --max-rate(${max})보다 작은 학습률이 필요합니다. 받은 값: ${min}`,
  header: (model, dataset, backend, batchSize, steps, min, max) =>
    `학습률 탐색: ${model}, ${dataset} (${backend}), 배치 크기 ${batchSize}, ${min}부터 ${max}까지 최대 ${steps}스텝`,
  tableHeader: ['학습률', '손실', '평활 손실'],
  stoppedEarly: (rate, points) => `${points}스텝 뒤 학습률 ${rate}에서 멈췄습니다: 손실이 폭발했습니다(가장 낮은 평활 손실의 4배 초과)`,
  reachedMax: (points) => `손실이 폭발하지 않고 ${points}스텝을 모두 진행했습니다`,
  suggestion: (rate, atMin) => `추천 학습률: ${rate} (평활 손실은 ${atMin}에서 가장 낮았습니다)`,
  noSuggestion: '추천 없음: 평활 손실이 처음 값보다 내려가지 않았습니다(더 작은 --min-rate를 쓰거나 모델을 확인하세요)',
  rule: '규칙(핸즈온 머신러닝 11장): 손실이 다시 치솟기 전 가장 낮은 지점의 학습률보다 약 10배 낮은 학습률을 고릅니다.',
};

/** Both catalogues. */
export const LR_FIND_CLI_MESSAGES: Record<CliLanguage, LrFindCliMessages> = { en, ko };

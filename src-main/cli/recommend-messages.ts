/**
 * What `recommend` prints for people beyond the guideline's own texts (which live in
 * src-shared/wizard/guideline-messages.ts): headings, the checklist's frame and the errors about
 * the answers argument. Both catalogues implement one interface, so a missing line fails to compile.
 */
import type { CliLanguage } from './messages.js';

/** The lines of `recommend`, one entry per message; functions for those with values. */
export interface RecommendMessages {
  heading: string;
  /** A candidate's line: `1. SELU + LeCun normal (selu + lecun_normal)`. */
  candidate: (rank: number, label: string, activation: string, initializer: string) => string;
  tradeoffsHeading: string;
  crossValidateHeading: string;
  /** Stands for the model file in the suggested crossval command when no --model was given. */
  modelPlaceholder: string;
  checkHeading: (file: string) => string;
  /** After the checklist: whether Apply with SELU would leave a self-normalizing network. */
  canSelfNormalize: string;
  cannotSelfNormalize: string;
  /** The checklist and the answer disagree. */
  hintAnswerYes: string;
  hintAnswerNo: string;
  notJson: (value: string) => string;
  notObject: (value: string) => string;
  unknownKey: (key: string, value: string, expected: readonly string[]) => string;
  notBoolean: (key: string, value: string) => string;
}

const en: RecommendMessages = {
  heading: 'Hidden-layer activations, best first (chapter 11 guideline):',
  candidate: (rank, label, activation, initializer) => `${rank}. ${label} (${activation} + ${initializer})`,
  tradeoffsHeading: 'Trade-offs between your answers:',
  crossValidateHeading: 'Time and compute to spare:',
  modelPlaceholder: 'MODEL.json',
  checkHeading: (file) => `SELU's conditions on ${file}:`,
  canSelfNormalize: 'After Apply with SELU this network can self-normalize.',
  cannotSelfNormalize: 'This network cannot self-normalize as it stands: ELU rather than SELU, unless the architecture changes.',
  hintAnswerYes: 'This model can self-normalize after Apply: answer "self_normalizing": true to rank SELU.',
  hintAnswerNo: 'You answered that the network can self-normalize, but this model cannot as it stands.',
  notJson: (value) => `answers: expected a JSON object such as '{"overfitting":true}', received ${value} (not valid JSON)`,
  notObject: (value) => `answers: expected a JSON object, received ${value}`,
  unknownKey: (key, _value, expected) => `answers: unknown key ${key} (expected one of ${expected.join(', ')})`,
  notBoolean: (key, value) => `answers.${key}: expected true or false, received ${value}`,
};

const ko: RecommendMessages = {
  heading: '은닉층 활성화 함수 추천 순위 (11장 가이드라인):',
  candidate: (rank, label, activation, initializer) => `${rank}. ${label} (${activation} + ${initializer})`,
  tradeoffsHeading: '답변 사이의 절충점:',
  crossValidateHeading: '시간과 컴퓨팅파워가 충분한 경우:',
  modelPlaceholder: '모델.json',
  checkHeading: (file) => `${file}에 대한 SELU 조건 점검:`,
  canSelfNormalize: 'SELU로 적용하면 이 신경망은 자기정규화할 수 있습니다.',
  cannotSelfNormalize: '이 신경망은 지금 구조로는 자기정규화할 수 없습니다. 구조를 바꾸지 않는다면 SELU 보다 ELU를 쓰세요.',
  hintAnswerYes: '이 모델은 적용 후 자기정규화할 수 있습니다. SELU를 순위에 넣으려면 "self_normalizing": true로 답하세요.',
  hintAnswerNo: '신경망이 자기정규화할 수 있다고 답했지만, 이 모델은 지금 구조로는 자기정규화할 수 없습니다.',
  notJson: (value) => `answers: '{"overfitting":true}' 같은 JSON 객체여야 합니다. 입력값: ${value} (올바른 JSON이 아님)`,
  notObject: (value) => `answers: JSON 객체여야 합니다. 입력값: ${value}`,
  unknownKey: (key, _value, expected) => `answers: 알 수 없는 키 ${key} (가능한 키: ${expected.join(', ')})`,
  notBoolean: (key, value) => `answers.${key}: true 또는 false여야 합니다. 입력값: ${value}`,
};

/** Both catalogues by language. */
export const RECOMMEND_MESSAGES: Record<CliLanguage, RecommendMessages> = { en, ko };

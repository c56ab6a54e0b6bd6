/**
 * The sentences of the pairing lint (src-shared/model/lint.ts), in both UI languages. Each
 * finding has a message (what is wrong, naming the layer and the values) and a fix (what
 * its one-click action does). Placeholders are `{name}`; layer numbers are `model.layers`
 * indices, the same numbers the summary shows.
 */
import { fillTemplate } from '../i18n/template.js';

/** Languages the lint speaks (the UI's). */
export type LintLanguage = 'en' | 'ko';

const en = {
  'init-activation-mismatch.message':
    'Layer {layer} (dense, {units} units) starts from {init} with std {std}, but its output goes through {activation}, which calls for {family} initialization (std {recommended_std}).',
  'init-activation-mismatch.fix': "Set layer {layer}'s kernel_initializer to {fix_init}.",
  'selu-inputs-not-standardized.message':
    'This network uses SELU (from layer {layer}), which self-normalizes only on standardized inputs (mean 0, std 1), but preprocess is {preprocess}.',
  'selu-inputs-not-standardized.fix': 'Set preprocess to standardize.',
  'selu-init-not-lecun.message': 'Layer {layer} feeds SELU but starts from {init}; self-normalization needs lecun_normal.',
  'selu-init-not-lecun.fix': "Set layer {layer}'s kernel_initializer to lecun_normal.",
  'selu-not-sequential.message':
    "Layer {layer} ({kind}) breaks SELU's self-normalization, which needs a plain sequence of dense layers.",
  'selu-not-sequential.fix': 'Remove layer {layer}.',
  'selu-not-sequential.fix_activation': 'Remove layer {layer} and give layer {dense} the activation selu.',
  'selu-dropout-not-alpha.message':
    'Layer {layer} is plain dropout (rate {rate}) in a SELU network; it breaks self-normalization.',
  'selu-dropout-not-alpha.fix': 'Change layer {layer} to alpha_dropout with the same rate ({rate}).',
  'deep-sigmoid-vanishing.message':
    '{count} hidden {activation} layers (layers {first}–{last}) with weights at {ratio}× the std of Glorot initialization: the gradients shrink layer by layer and vanish before they reach the first layers.',
  'deep-sigmoid-saturation.message':
    '{count} hidden {activation} layers (layers {first}–{last}) with weights at {ratio}× the std of Glorot initialization: most units saturate (outputs pinned near their limits), so learning stalls.',
  'deep-sigmoid.fix': 'Switch these {count} layers to ELU with he_normal.',
  'bias-before-batch-norm.message':
    "Layer {layer} (dense, {units} units) keeps its bias, but batch normalization follows it (layer {bn}): the BN layer's beta makes the bias redundant, so use_bias false saves {units} parameters.",
  'bias-before-batch-norm.fix': "Set layer {layer}'s use_bias to false.",
} as const;

/** Key of one lint sentence: `<code>.message` or `<code>.fix` (plus a few variants). */
export type LintMessageKey = keyof typeof en;

const ko: Record<LintMessageKey, string> = {
  'init-activation-mismatch.message':
    '{layer}번 층(dense, 유닛 {units}개)의 가중치는 {init} 초기화로 표준편차가 {std}입니다. 그런데 출력이 {activation}을(를) 거치므로 {family} 초기화(표준편차 {recommended_std})가 맞습니다.',
  'init-activation-mismatch.fix': '{layer}번 층의 kernel_initializer를 {fix_init}(으)로 바꾸세요.',
  'selu-inputs-not-standardized.message':
    '이 네트워크는 SELU를 씁니다({layer}번 층부터). SELU는 표준화된 입력(평균 0, 표준편차 1)에서만 자기 정규화되는데 preprocess가 {preprocess}입니다.',
  'selu-inputs-not-standardized.fix': 'preprocess를 standardize로 바꾸세요.',
  'selu-init-not-lecun.message': '{layer}번 층은 SELU로 이어지는데 {init}(으)로 초기화됩니다. 자기 정규화에는 lecun_normal이 필요합니다.',
  'selu-init-not-lecun.fix': '{layer}번 층의 kernel_initializer를 lecun_normal로 바꾸세요.',
  'selu-not-sequential.message':
    '{layer}번 층({kind})이 SELU의 자기 정규화를 깨뜨립니다. 자기 정규화는 dense 층만 차례로 쌓았을 때 일어납니다.',
  'selu-not-sequential.fix': '{layer}번 층을 삭제하세요.',
  'selu-not-sequential.fix_activation': '{layer}번 층을 삭제하고 {dense}번 층의 activation을 selu로 바꾸세요.',
  'selu-dropout-not-alpha.message': '{layer}번 층은 SELU 네트워크 안의 일반 dropout(비율 {rate})이라 자기 정규화를 깨뜨립니다.',
  'selu-dropout-not-alpha.fix': '{layer}번 층을 같은 비율({rate})의 alpha_dropout으로 바꾸세요.',
  'deep-sigmoid-vanishing.message':
    '{activation} 은닉층 {count}개({first}–{last}번 층)의 가중치가 Glorot 초기화 표준편차의 {ratio}배입니다. 그레이디언트가 층을 지날 때마다 줄어들어 앞쪽 층에 닿기 전에 사라집니다.',
  'deep-sigmoid-saturation.message':
    '{activation} 은닉층 {count}개({first}–{last}번 층)의 가중치가 Glorot 초기화 표준편차의 {ratio}배입니다. 대부분의 유닛이 포화되어(출력이 한계값 근처에 고정) 학습이 멈춥니다.',
  'deep-sigmoid.fix': '이 {count}개 층을 ELU 활성화와 he_normal 초기화로 바꾸세요.',
  'bias-before-batch-norm.message':
    '{layer}번 층(dense, 유닛 {units}개)에 편향이 있는데 바로 뒤에 배치 정규화({bn}번 층)가 옵니다. BN 층의 beta가 편향과 같은 일을 하므로 편향은 쓸모가 없습니다. use_bias를 false로 하면 파라미터 {units}개가 줄어듭니다.',
  'bias-before-batch-norm.fix': '{layer}번 층의 use_bias를 false로 바꾸세요.',
};

/** Every lint sentence per language. */
export const LINT_MESSAGES: Record<LintLanguage, Record<LintMessageKey, string>> = { en, ko };

/** Values filled into a sentence's `{name}` placeholders. */
export type LintMessageParams = Record<string, string | number>;

/**
 * The sentence `key` in `lang` with its placeholders filled. Example:
 * `lintMessage('en', 'selu-init-not-lecun.fix', { layer: 3 })` → `"Set layer 3's kernel_initializer to lecun_normal."`.
 * Unknown placeholders stay as written, so a missing value shows instead of vanishing.
 */
export function lintMessage(lang: LintLanguage, key: LintMessageKey, params: LintMessageParams = {}): string {
  return fillTemplate(LINT_MESSAGES[lang][key], params);
}

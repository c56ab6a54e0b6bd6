/**
 * The sentences of the training diagnosis and the health rules (diagnose.ts, health.ts) in
 * both UI languages: one copy for the CLI, the health panel and the diagnosis line. Layer
 * numbers are `model.layers` indices, the numbers the editor and the summary show.
 */
import { fillTemplate, type TemplateParams, type UiLanguage } from '../i18n/template.js';

/** Languages the health rules speak (the UI's). */
export type HealthLanguage = UiLanguage;

const en = {
  'label.vanishing': 'vanishing gradients',
  'label.exploding': 'exploding gradients',
  'label.saturated': 'saturated units',
  'label.dead': 'dying ReLU',
  'label.signal-exploding': 'exploding signal',
  'label.signal-vanishing': 'vanishing signal',

  'diagnosis.signal-exploding':
    "the last hidden layer's activation std is {ratio} × the first hidden layer's ({first} → {last}): the signal grows layer by layer on the way forward.",
  'diagnosis.signal-vanishing':
    "the last hidden layer's activation std is only {ratio} × the first hidden layer's ({first} → {last}): the signal fades layer by layer on the way forward.",
  'diagnosis.gradient-scale': "every hidden layer's gradient norm is above {limit} (the smallest is {smallest}).",

  'cite.gradient-ratio': 'Hands-On ML, ch. 11.1 “The Vanishing/Exploding Gradients Problems”',
  'cite.forward-signal': 'Hands-On ML, ch. 11.1.1 “Glorot and He Initialization”',
  'cite.gradient-scale': 'Hands-On ML, ch. 11.1 “The Vanishing/Exploding Gradients Problems”',
  'cite.saturation': 'Hands-On ML, ch. 11.1 “The Vanishing/Exploding Gradients Problems” (the logistic function saturating at 0 and 1)',
  'cite.dead-units': 'Hands-On ML, ch. 11.1.2 “Nonsaturating Activation Functions” (dying ReLUs)',
  'cite.divergence': 'Hands-On ML, ch. 11.1.4 “Gradient Clipping” and 11.3 “Learning Rate Scheduling”',

  'gradient-ratio.vanishing.message':
    'Gradients shrink about {factor}× from the last hidden layer (layer {last}) to the first (layer {first}): vanishing gradients.',
  'gradient-ratio.exploding.message':
    'Gradients grow about {factor}× from the last hidden layer (layer {last}) to the first (layer {first}): exploding gradients.',
  'forward-signal.exploding.message':
    'The signal grows {factor}× on the way forward (activation std {first_std} in layer {first} → {last_std} in layer {last}) where it should stay level: exploding signal — the weights are too large for {activation}.',
  'forward-signal.vanishing.message':
    'The signal shrinks {factor}× on the way forward (activation std {first_std} in layer {first} → {last_std} in layer {last}) where it should stay level: vanishing signal — the weights are too small for {activation}.',
  'gradient-scale.message':
    "Every hidden layer's gradient norm is above {limit} (the smallest, layer {layer}, is {smallest}; a healthy stack measures a few units): exploding gradients.",
  'saturation.message':
    '{percent} of the {activation} outputs (layers {layers}) sit where the derivative is below 5% of its maximum: saturated units.',
  'saturation.large-weights.message':
    '{percent} of the {activation} outputs (layers {layers}) sit where the derivative is below 5% of its maximum: saturated units — weights at {ratio}× the std of Glorot initialization push the units to their limits (0 or 1 for the logistic function).',
  'dead-units.one.message': '{percent} of the units in layer {layer} never activate on any example: dying ReLU.',
  'dead-units.many.message':
    '{percent} of the ReLU-family units never activate on any example (layers {layers}; the most in layer {layer}: {worst}): dying ReLU.',
  'divergence.message': 'The loss became NaN or infinite at step {step} (epoch {epoch}): exploding gradients.',
  'divergence.no-step.message': 'The loss became NaN or infinite: exploding gradients.',

  'fix.elu-he': 'Try He initialization with ReLU-family activations or ELU: switch layers {layers} to ELU with he_normal.',
  'fix.init': 'Use the initialization the activation needs ({families}): set the kernel_initializer of layers {layers} to {inits}.',
  'fix.glorot': 'Use Glorot initialization: set the kernel_initializer of layers {layers} to glorot_normal.',
  'fix.leaky': 'Try LeakyReLU: use leaky_relu instead of relu in layers {layers}.',
  'fix.learning-rate': 'Lower the learning rate: {from} → {to}.',
  'fix.batch-norm':
    'The initializers already suit their activations: add batch normalization between these layers, or lower the learning rate.',
  'fix.learning-rate-plain': 'Lower the learning rate (try a tenth of it).',
} as const;

/** Key of one health sentence, e.g. `'forward-signal.exploding.message'` or `'fix.init'`. */
export type HealthMessageKey = keyof typeof en;

const ko: Record<HealthMessageKey, string> = {
  'label.vanishing': '그레이디언트 소실',
  'label.exploding': '그레이디언트 폭등',
  'label.saturated': '포화',
  'label.dead': '죽은 뉴런(dying ReLU)',
  'label.signal-exploding': '신호 폭등',
  'label.signal-vanishing': '신호 소실',

  'diagnosis.signal-exploding':
    '마지막 은닉층 활성화 출력의 표준편차가 첫 번째 은닉층의 {ratio}배입니다({first} → {last}). 신호가 정방향으로 층을 지날 때마다 커집니다.',
  'diagnosis.signal-vanishing':
    '마지막 은닉층 활성화 출력의 표준편차가 첫 번째 은닉층의 {ratio}배에 불과합니다({first} → {last}). 신호가 정방향으로 층을 지날 때마다 작아집니다.',
  'diagnosis.gradient-scale': '모든 은닉층의 그레이디언트 노름이 {limit}을 넘습니다(가장 작은 값 {smallest}).',

  'cite.gradient-ratio': '핸즈온 머신러닝 11.1 「그레이디언트 소실과 폭등 문제」',
  'cite.forward-signal': '핸즈온 머신러닝 11.1.1 「글로럿과 He 초기화」',
  'cite.gradient-scale': '핸즈온 머신러닝 11.1 「그레이디언트 소실과 폭등 문제」',
  'cite.saturation': '핸즈온 머신러닝 11.1 「그레이디언트 소실과 폭등 문제」(0과 1에서 포화되는 로지스틱 함수)',
  'cite.dead-units': '핸즈온 머신러닝 11.1.2 「포화되지 않는 활성화 함수」(죽은 ReLU)',
  'cite.divergence': '핸즈온 머신러닝 11.1.4 「그레이디언트 클리핑」, 11.3 「학습률 스케줄링」',

  'gradient-ratio.vanishing.message':
    '그레이디언트가 마지막 은닉층({last}번 층)에서 첫 번째 은닉층({first}번 층)으로 가며 약 {factor}배 줄어듭니다: 그레이디언트 소실.',
  'gradient-ratio.exploding.message':
    '그레이디언트가 마지막 은닉층({last}번 층)에서 첫 번째 은닉층({first}번 층)으로 가며 약 {factor}배 커집니다: 그레이디언트 폭등.',
  'forward-signal.exploding.message':
    '신호가 정방향으로 {factor}배 커집니다({first}번 층 활성화 표준편차 {first_std} → {last}번 층 {last_std}). 일정하게 유지되어야 합니다: 신호 폭등 — 가중치가 {activation}에 비해 너무 큽니다.',
  'forward-signal.vanishing.message':
    '신호가 정방향으로 {factor}배 작아집니다({first}번 층 활성화 표준편차 {first_std} → {last}번 층 {last_std}). 일정하게 유지되어야 합니다: 신호 소실 — 가중치가 {activation}에 비해 너무 작습니다.',
  'gradient-scale.message':
    '모든 은닉층의 그레이디언트 노름이 {limit}을 넘습니다(가장 작은 {layer}번 층이 {smallest}, 정상인 네트워크는 한 자릿수). 그레이디언트 폭등입니다.',
  'saturation.message': '{activation} 출력의 {percent}가 도함수가 최댓값의 5% 미만인 구간에 있습니다({layers}번 층): 포화.',
  'saturation.large-weights.message':
    '{activation} 출력의 {percent}가 도함수가 최댓값의 5% 미만인 구간에 있습니다({layers}번 층): 포화 — 가중치의 표준편차가 Glorot 초기화의 {ratio}배라서 유닛이 한계값(로지스틱 함수라면 0 또는 1)으로 밀려납니다.',
  'dead-units.one.message': '{layer}번 층 유닛의 {percent}가 어떤 샘플에서도 활성화되지 않습니다: 죽은 ReLU.',
  'dead-units.many.message':
    'ReLU 계열 유닛의 {percent}가 어떤 샘플에서도 활성화되지 않습니다({layers}번 층, 가장 많은 {layer}번 층은 {worst}): 죽은 ReLU.',
  'divergence.message': '스텝 {step}(에포크 {epoch})에서 손실이 NaN 또는 무한대가 되었습니다: 그레이디언트 폭등.',
  'divergence.no-step.message': '손실이 NaN 또는 무한대가 되었습니다: 그레이디언트 폭등.',

  'fix.elu-he': 'ReLU 계열이나 ELU 활성화 함수에 He 초기화를 써 보세요: {layers}번 층을 ELU와 he_normal로 바꿉니다.',
  'fix.init': '활성화 함수에 맞는 초기화({families})를 쓰세요: {layers}번 층의 kernel_initializer를 {inits}(으)로 바꿉니다.',
  'fix.glorot': 'Glorot 초기화를 쓰세요: {layers}번 층의 kernel_initializer를 glorot_normal로 바꿉니다.',
  'fix.leaky': 'LeakyReLU를 써 보세요: {layers}번 층에서 relu 대신 leaky_relu를 씁니다.',
  'fix.learning-rate': '학습률을 낮추세요: {from} → {to}.',
  'fix.batch-norm': '초기화는 이미 활성화 함수에 맞습니다. 이 층들 사이에 배치 정규화를 넣거나 학습률을 낮추세요.',
  'fix.learning-rate-plain': '학습률을 낮추세요(지금의 10분의 1부터 시도해 보세요).',
};

/** Every health sentence per language. */
export const HEALTH_MESSAGES: Record<HealthLanguage, Record<HealthMessageKey, string>> = { en, ko };

/**
 * The sentence `key` in `lang` with its placeholders filled. Example:
 * `healthMessage('en', 'fix.learning-rate', { from: 0.01, to: 0.001 })` → `'Lower the learning rate: 0.01 → 0.001.'`.
 */
export function healthMessage(lang: HealthLanguage, key: HealthMessageKey, params: TemplateParams = {}): string {
  return fillTemplate(HEALTH_MESSAGES[lang][key], params);
}

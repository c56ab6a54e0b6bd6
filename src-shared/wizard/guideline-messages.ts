/**
 * Everything a student reads about the activation guideline, in both UI languages: the wizard's
 * questions, each rule quoted (Korean verbatim from the lecture notes, typos included, English from
 * the chapter reference) and explained, the candidates, the trade-offs and SELU's conditions.
 * The wizard and the CLI's `recommend` both read these, so a sentence is written once.
 * Placeholders are `{name}`.
 */
import { fillTemplate, type UiLanguage } from '../i18n/template.js';
import { APPLY_FIXES } from './self-normalizing.js';
import type { TradeoffPairKey } from './guideline.js';
import type {
  CandidateActivation,
  ReasonCode,
  SelfNormalizingCheckItem,
  SelfNormalizingCondition,
  Tradeoff,
  WizardAnswerKey,
} from './types.js';

/** Languages of the guideline's texts (the UI's). */
export type GuidelineLanguage = UiLanguage;

/** A wizard question: `title` is the question, `help` one line on when to answer yes. */
export interface QuestionText {
  title: string;
  help: string;
}

/** A rule as the lecture notes state it (`quote`) and why it holds (`explanation`, 1–2 sentences). */
export interface ReasonText {
  quote: string;
  explanation: string;
}

/** A SELU condition: its `label` and `why_not`, a sentence with a `{path}` placeholder for the first offender. */
export interface ConditionTemplate {
  label: string;
  why_not: string;
}

/** All texts of one language. */
export interface GuidelineTexts {
  questions: Record<WizardAnswerKey, QuestionText>;
  reasons: Record<ReasonCode, ReasonText>;
  /** Candidate + its initializer, e.g. "SELU + LeCun normal". */
  candidates: Record<CandidateActivation, string>;
  /** Every decided pair; the conflicting ones explain the trade-off, the others why there is none. */
  tradeoffs: Record<TradeoffPairKey, string>;
  /** Shown when a trade-off names a pair the table does not know: `{first}`, `{second}` are question titles. */
  tradeoff_fallback: string;
  conditions: Record<SelfNormalizingCondition, ConditionTemplate>;
  /** Whether Apply (with SELU) fixes a failed condition. */
  apply_fixes: string;
  apply_cannot_fix: string;
  /** The "time and compute to spare" advice; `{command}` is how to cross-validate. */
  cross_validate: ReasonText;
}

const en: GuidelineTexts = {
  questions: {
    self_normalizing: {
      title: 'Can the network be self-normalizing?',
      help: 'Standardized inputs, lecun_normal in every hidden layer, a plain stack of dense layers, and alpha dropout only.',
    },
    overfitting: {
      title: 'Is overfitting a concern?',
      help: 'Validation accuracy falls well behind training accuracy, or the training set is small for the model.',
    },
    runtime_speed: {
      title: 'Does runtime (inference) speed matter?',
      help: 'The trained model must answer fast, e.g. on a phone or a busy server.',
    },
    training_speed: {
      title: 'Does training speed matter?',
      help: 'You retrain often or on a tight time budget.',
    },
    huge_dataset: {
      title: 'Is the training set huge?',
      help: 'Hundreds of thousands of examples or more, like large image sets.',
    },
    spare_compute: {
      title: 'Is there time and compute to spare?',
      help: 'Then try a few candidates with cross-validation instead of trusting the ranking alone.',
    },
  },
  reasons: {
    self_normalizing: {
      quote: 'In general: SELU > ELU > LeakyReLU (and variants) > ReLU > logistic.',
      explanation:
        'The network can self-normalize, so SELU, the top of the general order, comes first: each layer keeps its outputs near mean 0 and std 1, so gradients neither vanish nor explode.',
    },
    not_self_normalizing: {
      quote: 'network cannot self-normalize → ELU rather than SELU',
      explanation:
        "Without SELU's conditions its outputs drift away from mean 0 and std 1, so ELU, which converges fast and needs none of them, takes its place.",
    },
    overfitting: {
      quote: 'overfitting → RReLU',
      explanation:
        'RReLU draws each negative slope at random from a range while training, which acts as a regularizer; at test time it uses the average slope.',
    },
    huge_dataset: {
      quote: 'huge training set → PReLU',
      explanation:
        'PReLU learns its negative slopes by backpropagation: it beats ReLU on large image sets, but its extra parameters overfit small ones.',
    },
    runtime_speed: {
      quote: 'runtime (inference) speed matters → LeakyReLU',
      explanation:
        "LeakyReLU costs a comparison and a multiply per unit and never lets units die; ELU and SELU compute an exponential, which makes them slower at test time.",
    },
    training_speed: {
      quote: 'training speed matters → ReLU (best supported by libraries and accelerators)',
      explanation: 'ReLU is the most used activation, so libraries and accelerators ship their most optimized kernels for it.',
    },
    general_order: {
      quote: 'In general: SELU > ELU > LeakyReLU (and variants) > ReLU > logistic.',
      explanation:
        'Where no answer moves it, a candidate keeps its place in the general order; tanh, being zero-centred, sits just above the logistic sigmoid.',
    },
  },
  candidates: {
    selu: 'SELU + LeCun normal',
    elu: 'ELU + He normal',
    leaky_relu: 'LeakyReLU (α = 0.2) + He normal',
    rrelu: 'RReLU + He normal',
    prelu: 'PReLU + He normal',
    relu: 'ReLU + He normal',
    tanh: 'tanh + Glorot uniform',
    sigmoid: 'logistic (sigmoid) + Glorot uniform',
  },
  tradeoffs: {
    'self_normalizing/overfitting':
      'SELU comes first because the network can self-normalize, but RReLU is the one that regularizes. With SELU, fight overfitting with alpha dropout (plain dropout breaks self-normalization).',
    'self_normalizing/huge_dataset':
      "SELU self-normalizes the stack; PReLU's learned slopes pay off on a huge training set. Which wins depends on the network: cross-validate both.",
    'self_normalizing/runtime_speed':
      "SELU computes an exponential for negative inputs, so it is slower at inference than LeakyReLU's single multiply. If latency is critical, LeakyReLU may be the better trade.",
    'self_normalizing/training_speed':
      "ReLU has the fastest training step; SELU's exponential costs more per step, though self-normalization may need fewer epochs.",
    'overfitting/huge_dataset':
      "RReLU regularizes; PReLU's learned slopes overfit small sets but win on huge ones. A huge training set itself reduces overfitting, so PReLU is worth a try.",
    'overfitting/runtime_speed': 'No conflict: at inference RReLU uses a fixed average slope, so it runs as fast as LeakyReLU.',
    'overfitting/training_speed': 'RReLU draws new random slopes at every training step, so it trains slower than ReLU, the fastest to train.',
    'huge_dataset/runtime_speed': 'No conflict: at inference PReLU is a LeakyReLU whose slopes were learned, and runs about as fast.',
    'huge_dataset/training_speed':
      "PReLU also backpropagates into its slopes, so each step costs more than ReLU's; on a huge training set the extra time adds up.",
    'runtime_speed/training_speed':
      "LeakyReLU keeps units from dying at almost ReLU's inference cost, but ReLU's kernels are the most optimized for training. Measure both on this machine.",
  },
  tradeoff_fallback: '"{first}" and "{second}" pull in different directions.',
  conditions: {
    standardized_inputs: {
      label: 'Inputs standardized (mean 0, std 1)',
      why_not: '{path} does not standardize the inputs, so the signal does not start at mean 0 and std 1.',
    },
    lecun_normal: {
      label: 'LeCun normal initialization in every hidden layer',
      why_not: "{path} is not lecun_normal; SELU's fixed point at mean 0 and std 1 assumes LeCun's weight variance.",
    },
    sequential_dense: {
      label: 'A plain sequential stack of dense layers',
      why_not: '{path} is batch normalization; self-normalization is proven only for a plain stack of dense layers.',
    },
    alpha_dropout: {
      label: 'Alpha dropout instead of dropout',
      why_not: '{path} is plain dropout, which shifts the mean and variance that SELU keeps; alpha dropout preserves them.',
    },
  },
  apply_fixes: 'Apply with SELU fixes this.',
  apply_cannot_fix: 'Apply cannot fix this: change the architecture.',
  cross_validate: {
    quote: 'time and compute to spare → evaluate several activations with cross-validation',
    explanation: 'The ranking is a rule of thumb; k-fold cross-validation of the top candidates settles it on your data: {command}',
  },
};

const ko: GuidelineTexts = {
  questions: {
    self_normalizing: {
      title: '신경망이 자기정규화할 수 있나요?',
      help: '입력특성 표준화, 모든 은닉층에 르쿤 정규분포 초기화, 완전연결층만 일렬로 쌓기, 드롭아웃은 알파 드롭아웃만 사용.',
    },
    overfitting: {
      title: '과대적합이 걱정되나요?',
      help: '검증 정확도가 훈련 정확도보다 크게 뒤처지거나, 모델에 비해 훈련세트가 작은 경우.',
    },
    runtime_speed: {
      title: '실행속도(추론 속도)가 중요한가요?',
      help: '훈련된 모델이 휴대폰이나 바쁜 서버에서 빠르게 답해야 하는 경우.',
    },
    training_speed: {
      title: '훈련속도가 중요한가요?',
      help: '자주 다시 훈련하거나 훈련 시간이 빠듯한 경우.',
    },
    huge_dataset: {
      title: '훈련세트가 매우 큰가요?',
      help: '대규모 이미지 데이터셋처럼 샘플이 수십만 개 이상인 경우.',
    },
    spare_compute: {
      title: '시간과 컴퓨팅파워가 충분한가요?',
      help: '그렇다면 순위만 믿지 말고 교차검증으로 후보 몇 개를 평가해 보세요.',
    },
  },
  reasons: {
    self_normalizing: {
      quote: '일반적으로 SELU > ELU > LeakyReLU 와 기타 변종들 > ReLU > 로지스틱',
      explanation:
        '신경망이 자기정규화할 수 있으므로 일반 순서의 맨 앞인 SELU가 1위입니다. 각 층의 출력이 평균 0, 표준편차 1 근처에 머물러 그레이디언트가 소실되거나 폭주하지 않습니다.',
    },
    not_self_normalizing: {
      quote: '신경망이 자기정규화(self-normlizing)하지 않은 경우: SELU 보다 ELU 선호',
      explanation:
        'SELU의 조건이 갖춰지지 않으면 출력이 평균 0, 표준편차 1에서 벗어나므로, 수렴이 빠르고 그런 조건이 필요 없는 ELU가 그 자리를 차지합니다.',
    },
    overfitting: {
      quote: '과대적합 발생하는 경우: RReLU',
      explanation:
        'RReLU는 훈련하는 동안 음수 구간의 기울기를 주어진 범위에서 무작위로 골라 규제 역할을 하고, 테스트할 때는 평균 기울기를 씁니다.',
    },
    huge_dataset: {
      quote: '훈련세트가 매우 큰 경우: PReLU',
      explanation:
        'PReLU는 음수 구간의 기울기를 역전파로 학습합니다. 대규모 이미지 데이터셋에서는 ReLU보다 성능이 좋지만, 소규모 데이터셋에서는 추가 파라미터 때문에 과대적합될 위험이 있습니다.',
    },
    runtime_speed: {
      quote: '실행속도가 중요한 경우: LeakyReLU',
      explanation:
        'LeakyReLU는 유닛마다 비교 한 번과 곱셈 한 번이면 되고 유닛이 죽지 않습니다. ELU와 SELU는 지수함수를 계산하므로 테스트할 때 더 느립니다.',
    },
    training_speed: {
      quote: '훈련속도가 중요한 경우: ReLU (이유: 기존에 많은 라이브러리와 가속기가 개발되었기 때문.)',
      explanation: 'ReLU는 가장 많이 쓰이는 활성화 함수라서 라이브러리와 가속기가 가장 최적화된 구현을 제공합니다.',
    },
    general_order: {
      quote: '일반적으로 SELU > ELU > LeakyReLU 와 기타 변종들 > ReLU > 로지스틱',
      explanation:
        '어떤 답도 순위를 바꾸지 않는 후보는 일반 순서의 자리를 지킵니다. 하이퍼볼릭 탄젠트(tanh)는 출력의 중심이 0이라 로지스틱 바로 앞에 둡니다.',
    },
  },
  candidates: {
    selu: 'SELU + 르쿤 정규분포 초기화',
    elu: 'ELU + 헤 정규분포 초기화',
    leaky_relu: 'LeakyReLU (α = 0.2) + 헤 정규분포 초기화',
    rrelu: 'RReLU + 헤 정규분포 초기화',
    prelu: 'PReLU + 헤 정규분포 초기화',
    relu: 'ReLU + 헤 정규분포 초기화',
    tanh: '하이퍼볼릭 탄젠트(tanh) + 글로로 균등분포 초기화',
    sigmoid: '로지스틱(sigmoid) + 글로로 균등분포 초기화',
  },
  tradeoffs: {
    'self_normalizing/overfitting':
      '신경망이 자기정규화할 수 있어 SELU가 앞서지만, 규제 역할을 하는 것은 RReLU입니다. SELU를 쓴다면 과대적합은 알파 드롭아웃으로 막으세요(일반 드롭아웃은 자기정규화를 깨뜨립니다).',
    'self_normalizing/huge_dataset':
      'SELU는 층을 자기정규화하고, PReLU의 학습된 기울기는 훈련세트가 매우 클 때 빛을 발합니다. 어느 쪽이 나은지는 신경망에 따라 다르니 둘 다 교차검증하세요.',
    'self_normalizing/runtime_speed':
      'SELU는 음수 입력에 지수함수를 계산하므로 곱셈 한 번인 LeakyReLU보다 추론이 느립니다. 지연 시간이 결정적이라면 LeakyReLU가 나은 선택일 수 있습니다.',
    'self_normalizing/training_speed':
      'ReLU의 훈련 스텝이 가장 빠릅니다. SELU는 스텝마다 지수함수 비용이 들지만, 자기정규화 덕분에 더 적은 에포크로 수렴할 수도 있습니다.',
    'overfitting/huge_dataset':
      'RReLU는 규제 역할을 하고, PReLU의 학습된 기울기는 소규모 데이터셋에서는 과대적합되지만 매우 큰 데이터셋에서는 이깁니다. 훈련세트가 매우 크면 그 자체로 과대적합이 줄어드니 PReLU도 시도해 볼 만합니다.',
    'overfitting/runtime_speed': '충돌 없음: 추론할 때 RReLU는 고정된 평균 기울기를 쓰므로 LeakyReLU만큼 빠릅니다.',
    'overfitting/training_speed': 'RReLU는 훈련 스텝마다 새 기울기를 무작위로 뽑으므로, 훈련이 가장 빠른 ReLU보다 느립니다.',
    'huge_dataset/runtime_speed': '충돌 없음: 추론할 때 PReLU는 기울기를 학습한 LeakyReLU이므로 속도가 거의 같습니다.',
    'huge_dataset/training_speed':
      'PReLU는 기울기까지 역전파하므로 스텝마다 ReLU보다 비용이 큽니다. 훈련세트가 매우 크면 그 추가 시간이 쌓입니다.',
    'runtime_speed/training_speed':
      'LeakyReLU는 추론 비용이 ReLU와 거의 같으면서 유닛이 죽지 않지만, 훈련에는 ReLU의 구현이 가장 최적화되어 있습니다. 이 컴퓨터에서 둘 다 측정해 보세요.',
  },
  tradeoff_fallback: '"{first}"와(과) "{second}"는 서로 다른 방향을 가리킵니다.',
  conditions: {
    standardized_inputs: {
      label: '입력특성 표준화(평균 0, 표준편차 1)',
      why_not: '{path}가 입력을 표준화하지 않아 신호가 평균 0, 표준편차 1에서 출발하지 않습니다.',
    },
    lecun_normal: {
      label: '모든 은닉층에서 르쿤 정규분포 초기화',
      why_not: '{path}가 lecun_normal이 아닙니다. SELU가 평균 0, 표준편차 1을 유지하려면 르쿤 초기화의 분산이 필요합니다.',
    },
    sequential_dense: {
      label: '완전연결층만 일렬로 쌓은 구조',
      why_not: '{path}는 배치 정규화 층입니다. 자기정규화는 완전연결층만 일렬로 쌓았을 때만 보장됩니다.',
    },
    alpha_dropout: {
      label: '드롭아웃 대신 알파 드롭아웃',
      why_not: '{path}는 일반 드롭아웃이라 SELU가 유지하는 평균과 분산을 바꿉니다. 알파 드롭아웃은 이를 보존합니다.',
    },
  },
  apply_fixes: 'SELU로 적용하면 고쳐집니다.',
  apply_cannot_fix: '적용으로는 고칠 수 없습니다. 구조를 바꾸세요.',
  cross_validate: {
    quote: '시간과 컴퓨팅파워가 충분한 경우: 교차검증을 이용하여 여러 활성화함수 평가',
    explanation: '순위는 경험 법칙일 뿐입니다. 상위 후보들을 k-폴드 교차검증하면 여러분의 데이터로 결론을 낼 수 있습니다: {command}',
  },
};

/** Every guideline text per language. */
export const GUIDELINE_MESSAGES: Record<GuidelineLanguage, GuidelineTexts> = { en, ko };

/** The wizard's question for one answer key, e.g. `questionText('en', 'overfitting').title` → 'Is overfitting a concern?'. */
export function questionText(lang: GuidelineLanguage, key: WizardAnswerKey): QuestionText {
  return GUIDELINE_MESSAGES[lang].questions[key];
}

/** A rule quoted and explained, e.g. `reasonText('en', 'overfitting').quote` → 'overfitting → RReLU'. */
export function reasonText(lang: GuidelineLanguage, code: ReasonCode): ReasonText {
  return GUIDELINE_MESSAGES[lang].reasons[code];
}

/** A candidate with its initializer, e.g. `candidateLabel('en', 'selu')` → 'SELU + LeCun normal'. */
export function candidateLabel(lang: GuidelineLanguage, activation: CandidateActivation): string {
  return GUIDELINE_MESSAGES[lang].candidates[activation];
}

/** The trade-off between two answers; a pair the table does not decide gets a generic sentence naming both questions. */
export function tradeoffText(lang: GuidelineLanguage, t: Tradeoff): string {
  const texts = GUIDELINE_MESSAGES[lang];
  const key = `${t.first}/${t.second}`;
  if (Object.hasOwn(texts.tradeoffs, key)) return texts.tradeoffs[key as TradeoffPairKey];
  return fillTemplate(texts.tradeoff_fallback, { first: texts.questions[t.first].title, second: texts.questions[t.second].title });
}

/** One checked condition for people: `why` (why not; null when ok) names the path; `fix` says whether Apply with SELU repairs it. */
export interface ConditionText {
  label: string;
  why: string | null;
  fix: string | null;
}

/** Texts of one self-normalizing check item, e.g. a failed `lecun_normal` at `layers[2].kernel_initializer`. */
export function conditionText(lang: GuidelineLanguage, item: SelfNormalizingCheckItem): ConditionText {
  const texts = GUIDELINE_MESSAGES[lang];
  const c = texts.conditions[item.condition];
  if (item.ok) return { label: c.label, why: null, fix: null };
  return {
    label: c.label,
    why: fillTemplate(c.why_not, { path: item.path ?? '' }),
    fix: APPLY_FIXES.includes(item.condition) ? texts.apply_fixes : texts.apply_cannot_fix,
  };
}

/** The cross-validation advice with the command (or button) that starts one filled in. */
export function crossValidateText(lang: GuidelineLanguage, command: string): ReasonText {
  const c = GUIDELINE_MESSAGES[lang].cross_validate;
  return { quote: c.quote, explanation: fillTemplate(c.explanation, { command }) };
}

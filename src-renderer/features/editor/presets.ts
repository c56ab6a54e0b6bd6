/**
 * What each shipped example model (examples/*.json, served by `models:examples`) teaches,
 * in both UI languages, keyed by the example's id (its file name without `.json`). The
 * model files keep their one English `description`; the explanations live here so the
 * model format stays as it is. The table's order is the order the presets panel lists
 * them in: the chapter's path from the basic pairings to the deep stacks.
 */
import type { Language } from '../../i18n/index.js';

/** One example's explanation: two or three sentences per language, with the book's number where it has one. */
export interface PresetText {
  id: string;
  en: string;
  ko: string;
}

/** Every shipped example, in the panel's order. */
export const PRESETS: readonly PresetText[] = [
  {
    id: 'he-relu',
    en: 'One hidden layer of 100 ReLU units with he_normal weights (variance 2/fan_in): the chapter’s basic pairing of ReLU with He initialization.',
    ko: 'he_normal(분산 2/fan_in)로 초기화한 ReLU 유닛 100개의 은닉층 하나. ReLU와 He 초기화를 짝짓는 이 장의 기본 조합입니다.',
  },
  {
    id: 'variance-scaling',
    en: 'He-style initialization written out as VarianceScaling(scale=2, mode="fan_avg", distribution="uniform"): the variance 2/fan_avg averages fan_in and fan_out instead of using fan_in alone.',
    ko: 'He 방식 초기화를 VarianceScaling(scale=2, mode="fan_avg", distribution="uniform")으로 직접 적은 예입니다. 분산 2/fan_avg는 fan_in 하나 대신 fan_in과 fan_out의 평균을 씁니다.',
  },
  {
    id: 'leaky-relu',
    en: 'The LeakyReLU net: 300-100 dense layers with he_normal weights, each followed by leaky ReLU (α = 0.2), so no unit can die. Book: 0.8396 validation accuracy after 10 epochs.',
    ko: 'LeakyReLU 네트워크입니다. he_normal로 초기화한 300-100 dense 층 뒤마다 LeakyReLU(α = 0.2)를 두어 죽은 유닛이 생기지 않습니다. 책: 10 에포크 후 검증 정확도 0.8396.',
  },
  {
    id: 'prelu',
    en: 'The same net with PReLU: each unit learns its slope α by backpropagation. Strong on large image sets, it may overfit small ones. Book: 0.8398 after 10 epochs.',
    ko: '같은 네트워크에 PReLU를 씁니다. 유닛마다 기울기 α를 역전파로 학습합니다. 대규모 이미지 데이터셋에서 강하지만 작은 데이터셋에서는 과대적합될 수 있습니다. 책: 10 에포크 후 0.8398.',
  },
  {
    id: 'rrelu',
    en: 'The same net with randomized leaky ReLU: α is drawn from U(1/8, 1/3) while training and fixed at its mean at inference, which regularizes (the guideline’s choice against overfitting).',
    ko: '같은 네트워크에 RReLU를 씁니다. 훈련 중에는 α를 U(1/8, 1/3)에서 무작위로 뽑고 추론할 때는 평균으로 고정해 규제 효과를 냅니다(과대적합일 때 가이드라인이 권하는 선택).',
  },
  {
    id: 'elu-he',
    en: 'Eight ELU layers of 120 units with he_normal weights: the gradients neither vanish nor saturate and stay flat across depth. Compare it with the two sigmoid stacks.',
    ko: 'he_normal로 초기화한 120 유닛 ELU 층 8개. 그레이디언트가 소실되지도 포화되지도 않고 깊이에 관계없이 고르게 유지됩니다. 두 시그모이드 예제와 비교해 보세요.',
  },
  {
    id: 'sigmoid-small-uniform',
    en: 'Eight sigmoid layers of 120 units with small uniform weights (±0.05): each layer multiplies the gradient by at most 0.25, so it vanishes on its way to the input (first/last layer ≈ 4e-8).',
    ko: '작은 균등분포 가중치(±0.05)로 초기화한 120 유닛 시그모이드 층 8개. 층마다 그레이디언트에 최대 0.25가 곱해져 입력 쪽으로 갈수록 소실됩니다(첫 층/마지막 층 ≈ 4e-8).',
  },
  {
    id: 'sigmoid-standard-normal',
    en: 'The same eight sigmoid layers with standard-normal weights (std 1): the gradient norms stay flat, but 55–78% of the units saturate near 0 or 1 and learning stalls. Saturation, not vanishing.',
    ko: '같은 시그모이드 층 8개를 표준정규분포(표준편차 1) 가중치로 초기화했습니다. 그레이디언트 노름은 고르지만 유닛의 55–78%가 0이나 1 근처에서 포화되어 학습이 멈춥니다. 소실이 아니라 포화입니다.',
  },
  {
    id: 'batch-norm',
    en: 'A 300-100 ELU net (he_normal) with batch normalization after the input and after each hidden activation; the first one can stand in for standardizing the inputs. Book: 0.8750 after 10 epochs.',
    ko: 'he_normal로 초기화한 300-100 ELU 네트워크에 입력 바로 뒤와 각 은닉층 활성화 뒤에 배치 정규화를 넣었습니다. 입력 뒤의 배치 정규화는 입력 표준화를 대신할 수 있습니다. 책: 10 에포크 후 0.8750.',
  },
  {
    id: 'relu-100',
    en: '100 hidden ReLU layers with he_normal weights: without self-normalization the gradients vanish or explode and training struggles. Book: 0.7380 after 5 epochs.',
    ko: 'he_normal로 초기화한 ReLU 은닉층 100개. 자기 정규화가 없어 그레이디언트가 소실되거나 폭등하고 훈련이 잘 되지 않습니다. 책: 5 에포크 후 0.7380.',
  },
  {
    id: 'selu-100',
    en: '100 hidden SELU layers with lecun_normal weights on standardized inputs: every condition of self-normalization holds, so even this deep a stack keeps mean 0 and std 1 and trains. Book: 0.8218 after 5 epochs.',
    ko: '표준화된 입력에 lecun_normal로 초기화한 SELU 은닉층 100개. 자기 정규화의 조건을 모두 갖춰 이렇게 깊어도 출력이 평균 0, 표준편차 1을 유지하며 훈련됩니다. 책: 5 에포크 후 0.8218.',
  },
  {
    id: 'default-dnn',
    en: 'The chapter’s default configuration for a deep net: he_normal weights, ELU, and batch normalization after the input and after every hidden activation. The book recommends Nadam (or momentum, or RMSProp) with a 1cycle schedule and early stopping; Adam stands in for Nadam here, and schedules and early stopping are not in the model format yet.',
    ko: '이 장이 권하는 깊은 네트워크의 기본 설정입니다. he_normal 초기화, ELU, 그리고 입력 뒤와 모든 은닉층 활성화 뒤의 배치 정규화. 책은 Nadam(또는 모멘텀, RMSProp)에 1cycle 스케줄과 조기 종료를 권하지만, 여기서는 Nadam 대신 Adam을 쓰며 스케줄과 조기 종료는 아직 모델 형식에 없습니다.',
  },
  {
    id: 'self-normalizing',
    en: 'The chapter’s self-normalizing configuration: standardized inputs, lecun_normal weights and SELU in a plain dense stack, no batch normalization, with alpha dropout as the regularizer (plain dropout would break self-normalization), trained with momentum. The book adds a 1cycle schedule, not in the model format yet.',
    ko: '이 장이 권하는 자기 정규화 네트워크 설정입니다. 표준화된 입력, lecun_normal 초기화, SELU를 쓴 평범한 dense 층 스택에 배치 정규화 없이, 규제로는 알파 드롭아웃을 씁니다(일반 드롭아웃은 자기 정규화를 깨뜨립니다). 옵티마이저는 모멘텀입니다. 책은 1cycle 스케줄도 더하지만 아직 모델 형식에 없습니다.',
  },
];

const BY_ID = new Map(PRESETS.map((p) => [p.id, p]));

/** The explanation of example `id` in `lang`, or null for an example this table does not know (a newly added file). */
export function presetText(id: string, lang: Language): string | null {
  return BY_ID.get(id)?.[lang] ?? null;
}

/**
 * `items` in the table's order; ids the table does not know keep their own order after the
 * known ones. Example: `[{id:'selu-100'}, {id:'x'}, {id:'he-relu'}]` → he-relu, selu-100, x.
 */
export function inPresetOrder<T extends { id: string }>(items: readonly T[]): T[] {
  const rank = (id: string) => {
    const i = PRESETS.findIndex((p) => p.id === id);
    return i < 0 ? PRESETS.length : i;
  };
  return items
    .map((item, n) => ({ item, n }))
    .sort((a, b) => rank(a.item.id) - rank(b.item.id) || a.n - b.n)
    .map((x) => x.item);
}

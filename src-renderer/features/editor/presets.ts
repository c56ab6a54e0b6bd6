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
    id: 'bn-before',
    en: 'The same net with batch normalization before each activation: Dense without activation → BN → ELU, and the dense layers have no bias, since BN’s β takes its place. Book: 0.8660 after 10 epochs, against 0.8750 with BN after the activation.',
    ko: '같은 네트워크에서 배치 정규화를 활성화 함수 앞에 둡니다. 활성화 없는 Dense → BN → ELU 순서이고, BN의 β가 편향 역할을 하므로 dense 층에는 편향이 없습니다. 책: 10 에포크 후 0.8660(활성화 뒤에 둘 때는 0.8750).',
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
    id: 'exploding-gradients',
    en: 'Ten ReLU layers trained by plain SGD at a learning rate far too high (0.3): a few large gradients blow the weights up and the loss turns NaN within the first epoch (measured here at step 18 on the first 5,000 images).',
    ko: 'ReLU 층 10개를 너무 높은 학습률(0.3)의 SGD로 훈련합니다. 큰 그레이디언트 몇 개가 가중치를 폭등시켜 첫 에포크 안에 손실이 NaN이 됩니다(여기서 잰 값: 처음 5,000개 이미지로 18번째 스텝).',
  },
  {
    id: 'exploding-clipped',
    en: 'The same net with the book’s gradient clipping, clipnorm 1.0: each weight’s gradient is rescaled to norm 1 at most, so the same learning rate no longer diverges (measured here: 0.51 validation accuracy after 1 epoch, 0.68 after 5).',
    ko: '같은 네트워크에 책의 그레이디언트 클리핑(clipnorm 1.0)을 씁니다. 가중치마다 그레이디언트의 노름을 최대 1로 줄이므로 같은 학습률에서도 발산하지 않습니다(여기서 잰 값: 1 에포크 후 검증 정확도 0.51, 5 에포크 후 0.68).',
  },
  {
    id: 'default-dnn',
    en: 'The chapter’s default configuration for a deep net: he_normal weights, ELU, and batch normalization after the input and after every hidden activation, with Adam standing in for Nadam. The full recommendation adds a 1cycle schedule and early stopping, as nadam, selu-1cycle and regularized show.',
    ko: '이 장이 권하는 깊은 네트워크의 기본 설정입니다. he_normal 초기화, ELU, 그리고 입력 뒤와 모든 은닉층 활성화 뒤의 배치 정규화에 Nadam 대신 Adam을 씁니다. 전체 권장 설정은 1사이클 스케줄과 조기 종료를 더하며, nadam, selu-1cycle, regularized 예제에서 볼 수 있습니다.',
  },
  {
    id: 'nadam',
    en: 'The 2nd edition’s default for a shallow net: he_normal weights, ELU, no batch normalization (300-100 is not deep), Nadam (β1 0.9, β2 0.999) and early stopping after 5 epochs without progress, keeping the best epoch’s weights.',
    ko: '2판이 권하는 얕은 네트워크의 기본 설정입니다. he_normal 초기화, ELU, 배치 정규화 없음(300-100은 깊지 않습니다), Nadam(β1 0.9, β2 0.999), 그리고 5 에포크 동안 나아지지 않으면 멈추고 가장 좋은 에포크의 가중치를 남기는 조기 종료.',
  },
  {
    id: 'self-normalizing',
    en: 'The chapter’s self-normalizing configuration: standardized inputs, lecun_normal weights and SELU in a plain dense stack, no batch normalization, with alpha dropout as the regularizer (plain dropout would break self-normalization), trained with momentum. The book adds a 1cycle schedule, as selu-1cycle does.',
    ko: '이 장이 권하는 자기 정규화 네트워크 설정입니다. 표준화된 입력, lecun_normal 초기화, SELU를 쓴 평범한 dense 층 스택에 배치 정규화 없이, 규제로는 알파 드롭아웃을 씁니다(일반 드롭아웃은 자기 정규화를 깨뜨립니다). 옵티마이저는 모멘텀입니다. 책은 1사이클 스케줄을 더하며, selu-1cycle 예제가 그렇게 합니다.',
  },
  {
    id: 'selu-1cycle',
    en: 'The book’s 1cycle run: a 300-100 SELU net on standardized inputs, SGD in batches of 128 for 25 epochs while the rate climbs to 0.05 and comes back down. Book: 0.8934 validation accuracy.',
    ko: '책의 1사이클 예제입니다. 표준화된 입력에 300-100 SELU 네트워크를 128개씩 배치로 25 에포크 동안 SGD로 훈련하며, 학습률이 0.05까지 올라갔다가 다시 내려옵니다. 책: 검증 정확도 0.8934.',
  },
  {
    id: 'regularized',
    en: 'ℓ2 regularization as the book writes it, l2(0.01) on every kernel, with ELU, he_normal and Nadam, stopped early once val_loss has not improved for 5 epochs (the book reports no accuracy for it).',
    ko: '책처럼 모든 커널에 l2(0.01) 규제를 걸고 ELU, he_normal, Nadam을 쓰며, val_loss가 5 에포크 동안 나아지지 않으면 조기 종료합니다(책은 정확도를 싣지 않았습니다).',
  },
  {
    id: 'max-norm',
    en: 'Max-norm regularization: after every training step each unit’s incoming weight vector is rescaled to norm 1 at most (max_norm(1.)), on a SELU 300-100 net trained with Nadam.',
    ko: '맥스-노름 규제입니다. 훈련 스텝마다 각 유닛으로 들어오는 가중치 벡터의 노름을 최대 1로 줄입니다(max_norm(1.)). Nadam으로 훈련하는 SELU 300-100 네트워크입니다.',
  },
  {
    id: 'mc-dropout',
    en: 'The book’s dropout net (rate 0.2 before each dense layer, ELU, Nadam). After training, evaluate it with MC dropout: dropout stays on and 100 predictions are averaged, for better-calibrated probabilities.',
    ko: '책의 드롭아웃 네트워크입니다(각 dense 층 앞에 비율 0.2, ELU, Nadam). 훈련한 뒤 MC 드롭아웃으로 평가해 보세요. 드롭아웃을 켠 채 예측 100개를 평균해 더 잘 보정된 확률을 얻습니다.',
  },
  {
    id: 'transfer-a',
    en: 'Transfer learning, step 1: model A on the 8 Fashion-MNIST classes other than sandals and shirts. Train it, then open transfer-b and reuse A’s layers with “Reuse layers of a saved run…”.',
    ko: '전이 학습 1단계: 샌들과 셔츠를 뺀 패션 MNIST 8개 클래스로 모델 A를 훈련합니다. 훈련한 뒤 transfer-b를 열고 “저장된 실행의 층 재사용…”으로 A의 층을 재사용하세요.',
  },
  {
    id: 'transfer-b',
    en: 'Transfer learning, step 2: model B tells sandals from shirts with only 200 training images (run option limit 200). Book: 97.05% test accuracy from scratch, 99.40% reusing A’s layers (frozen for 4 epochs, then unfrozen at 1e-4).',
    ko: '전이 학습 2단계: 모델 B가 훈련 이미지 200개만으로(실행 옵션 limit 200) 샌들과 셔츠를 구별합니다. 책: 처음부터 훈련하면 테스트 정확도 97.05%, A의 층을 재사용하면(4 에포크 동결 후 1e-4로 해제) 99.40%.',
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

/** Korean text of the evaluation's MC dropout and class subsets; spread into ko.ts (keys as in ./mc-dropout.en.ts). */
import type { mcDropoutEn } from './mc-dropout.en.js';

export const mcDropoutKo: { readonly [K in keyof typeof mcDropoutEn]: string } = {
  'mcDropout.subset': '클래스 {total}개 중 {count}개로 학습했습니다: {names}. 이 클래스들의 테스트 이미지만 평가합니다.',
  'mcDropout.title': 'MC 드롭아웃',
  'mcDropout.intro':
    '몬테 카를로 드롭아웃은 테스트할 때도 드롭아웃 층을 켜 둔 채 여러 번 예측해 평균합니다. 더 나은 추정을 얻고, 예측들이 흩어진 정도로 모델이 얼마나 확신하지 못하는지 알 수 있습니다.',
  'mcDropout.samples': '반복 횟수',
  'mcDropout.samplesHint': '1부터 {max}까지의 정수. 책에서는 100번을 평균합니다.',
  'mcDropout.samplesInvalid': '반복 횟수로 1부터 {max}까지의 정수를 입력하세요.',
  'mcDropout.evaluate': 'MC 드롭아웃으로 평가',
  'mcDropout.noDropout': '이 모델에는 드롭아웃 층이 없습니다. 모든 예측이 같으므로 MC 드롭아웃으로 평균할 것이 없습니다.',
  'mcDropout.waiting': '위의 평가가 끝나면 사용할 수 있습니다.',
  'mcDropout.summary': '드롭아웃 층 {layers}개를 켠 채 {samples}번 예측한 평균입니다. 드롭아웃 없이 한 번 예측: 정확도 {accuracy}, 손실 {loss}.',
  'mcDropout.groups': '평균 불확실성 (예측 클래스 확률의 표준편차): 맞은 예측 {right} · 틀린 예측 {wrong}.',
  'mcDropout.entropy': '평균 예측 엔트로피: 맞은 예측 {right} · 틀린 예측 {wrong} (nat).',
  'mcDropout.finding': '예상대로 틀린 예측이 더 불확실합니다.',
  'mcDropout.mostUncertain': '가장 불확실한 테스트 이미지',
  'mcDropout.mostUncertainIntro': '여러 번의 예측이 가장 크게 엇갈린 테스트 이미지입니다. 가장 불확실한 것부터 보여 줍니다 (맞았든 틀렸든).',
  'mcDropout.uncertainty': '불확실성 ±{std}',
  'mcDropout.uncertaintyLabel': '불확실성 ±{std}, 엔트로피 {entropy}',
};

/** Korean UI text of the test-set evaluation; spread into ko.ts. Keys must equal ./evaluation.en.ts's. */
import type { evaluationEn } from './evaluation.en.js';

export const evaluationKo: { readonly [K in keyof typeof evaluationEn]: string } = {
  'evaluation.title': '테스트 세트 평가',
  'evaluation.waiting': '실행이 끝나고 가중치가 저장되면, 그 가중치를 여기서 테스트 세트 전체로 평가합니다.',
  'evaluation.diverged': '이 실행은 발산했습니다. 가중치가 NaN 또는 무한대가 되어 저장되지 않았으므로 평가할 것이 없습니다.',
  'evaluation.failed': '이 실행은 가중치를 저장하기 전에 실패했으므로 평가할 것이 없습니다.',
  'evaluation.loading': '저장된 가중치를 테스트 세트 전체로 평가하는 중…',
  'evaluation.error': '실행을 평가하지 못했습니다: {message}',
  'evaluation.retry': '다시 평가',
  'evaluation.summary': '테스트 정확도 {accuracy} · 테스트 손실 {loss} · 테스트 이미지 {count}개',
  'evaluation.worst': '가장 자주 헷갈린 경우: {true}을(를) {predicted}(으)로 예측 ({count}번).',

  'evaluation.confusion.title': '오차 행렬',
  'evaluation.confusion.caption':
    '행: 실제 클래스, 열: 모델이 예측한 클래스. 테두리를 친 대각선이 올바른 예측의 수이며, 색이 진할수록 이미지가 많습니다.',
  'evaluation.confusion.corner': '실제 ↓ / 예측 →',
  'evaluation.confusion.cell': '{true} 이미지 {count}개를 {predicted}(으)로 예측',
  'evaluation.confusion.correct': '{true} 이미지 {count}개를 올바르게 예측',

  'evaluation.perClass.title': '클래스별 정확도',
  'evaluation.perClass.class': '클래스',
  'evaluation.perClass.accuracy': '정확도',
  'evaluation.perClass.count': '테스트 이미지',

  'evaluation.misclassified.title': '가장 확신한 오답',
  'evaluation.misclassified.intro': '모델이 가장 확신하면서 틀린 테스트 이미지입니다. 확신이 큰 것부터 보여 줍니다.',
  'evaluation.misclassified.none': '잘못 분류된 테스트 이미지가 없습니다.',
  'evaluation.misclassified.true': '실제: {label}',
  'evaluation.misclassified.predicted': '예측: {label} ({probability})',
  'evaluation.misclassified.alt': '테스트 이미지 {index}: 실제 {true}, {predicted}(으)로 예측 (확률 {probability})',
};

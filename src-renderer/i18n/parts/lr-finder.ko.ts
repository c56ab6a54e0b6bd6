/** Korean text of the learning-rate finder panel; spread into ko.ts (keys as in ./lr-finder.en.ts). */
import type { lrFinderEn } from './lr-finder.en.js';

export const lrFinderKo: { readonly [K in keyof typeof lrFinderEn]: string } = {
  'lrFinder.button': '학습률 찾기',
  'lrFinder.title': '학습률 탐색기',
  'lrFinder.intro':
    '이 실행 설정으로 모델의 새 복사본을 짧게 한 번 훈련하면서 학습률을 {min}에서 {max}까지 지수적으로 키우고, 학습률에 따른 손실을 그립니다.',
  'lrFinder.running': '찾는 중… {seconds}초',
  'lrFinder.axisRate': '학습률 (로그 눈금)',
  'lrFinder.axisLoss': '손실',
  'lrFinder.rawLoss': '스텝별 손실',
  'lrFinder.smoothedLoss': '평활 손실',
  'lrFinder.marker': '추천 {rate}',
  'lrFinder.chartLabel': '학습률에 따른 손실',
  'lrFinder.summary': '{backend}에서 이미지 {batch}개짜리 배치로 {steps}스텝.',
  'lrFinder.stoppedEarly': '학습률 {rate}에서 탐색을 멈췄습니다: 손실이 폭발했습니다.',
  'lrFinder.suggestion': '추천 학습률: {rate}',
  'lrFinder.rule': '책의 규칙: 손실이 다시 치솟기 전, 평활 손실이 가장 낮은 지점의 학습률(여기서는 {atMin})보다 약 10배 낮은 학습률을 고릅니다.',
  'lrFinder.noSuggestion':
    '평활 손실이 처음 값보다 내려가지 않아 추천할 학습률이 없습니다. 모델을 확인하거나 더 작은 배치나 다른 옵티마이저를 써 보세요.',
  'lrFinder.apply': '{rate} 적용',
  'lrFinder.applied': '학습률을 {rate}(으)로 바꿨습니다. 실행을 시작하면 이 학습률로 훈련합니다.',
  'lrFinder.close': '닫기',
  'lrFinder.error': '학습률 탐색기가 실패했습니다: {message}',
  'lrFinder.fixForm': '먼저 실행 설정을 고치세요. 탐색기는 배치 크기, 이미지 수 제한, 시드, 옵티마이저를 씁니다.',
};

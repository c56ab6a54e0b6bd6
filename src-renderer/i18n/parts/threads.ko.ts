/** 실행이 쓰는 코어(데이터 병렬 스레드)에 관한 한국어 문구; ko.ts에 펼쳐 넣습니다 (키는 ./threads.en.ts와 같음). */
import type { threadsEn } from './threads.en.js';

export const threadsKo: { readonly [K in keyof typeof threadsEn]: string } = {
  'threads.now': '스레드 {threads}개',
  'threads.nowOne': '스레드 1개',
  'threads.nowTitle': '이 훈련이 지금 쓰는 코어 수입니다. 동시에 실행되는 훈련들은 컴퓨터의 코어를 나눠 쓰고, 혼자 실행되는 훈련은 모든 코어를 씁니다.',
  'threads.detail': 'CPU 코어 {cores}개 중 최대 {threads}개로 훈련했습니다.',
  'threads.limit.native_backend': 'Gradient Lab 자체 스레드는 하나: libtensorflow(tfjs-node)가 자체 스레드 풀을 씁니다.',
  'threads.limit.batch_normalization': '스레드 하나: 배치 정규화는 미니배치 전체의 통계가 필요한데, 여러 스레드로 나누면 그 통계가 달라집니다.',
  'threads.limit.replicas_unavailable': '스레드 하나: 이 설치 환경에서는 추가 훈련 스레드를 시작할 수 없어, 추가 스레드 없이 훈련을 계속했습니다.',
  'threads.limit.unsupported_features':
    '스레드 하나: 추가 훈련 스레드는 이 실행의 설정(학습률 스케줄, 그레이디언트 클리핑, 규제나 맥스-노름 제약, 동결된 층, SGD와 Adam이 아닌 옵티마이저)을 재현하지 못합니다.',
  'threads.limit.small_batch': '코어보다 적은 스레드: 동기화 비용을 감수할 만하려면 스레드마다 미니배치의 행이 {rows}개 이상 필요합니다(배치 크기 32에서는 스레드 하나가 둘보다 빠릅니다).',
};

import type { healthEn } from './health.en.js';

/** Korean UI text of the training-health panel (keys of ./health.en.ts). */
export const healthKo: Record<keyof typeof healthEn, string> = {
  'health.title': '훈련 상태',
  'health.intro': '가장 최근 에포크의 측정값을 11장의 규칙으로 읽습니다: 깊이에 따른 그레이디언트와 신호, 포화와 죽은 뉴런, 발산.',
  'health.epoch': '에포크 {epoch} 이후',
  'health.waiting': '첫 번째 에포크가 끝나면 진단이 나타납니다.',
  'health.healthy':
    '정상: 그레이디언트가 깊이에 따라 크기를 유지하고, 신호가 정방향으로 일정하게 흐르며, 기준을 넘는 포화나 죽은 뉴런이 없습니다.',
  'health.count': '지적 사항 {count}개',
  'health.label.vanishing': '그레이디언트 소실',
  'health.label.exploding': '그레이디언트 폭등',
  'health.label.saturated': '포화',
  'health.label.dead': '죽은 뉴런(dying ReLU)',
  'health.label.signalExploding': '신호 폭등',
  'health.label.signalVanishing': '신호 소실',
  'health.label.diverged': '발산',
  'health.fix': '고칠 점:',
  'health.cite': '규칙: {cite}',
  'health.layers': '{layers}번 층',
  'health.apply': '편집기에 적용',
  'health.applyAria': '편집기에 적용: {fix}',
  'health.applied': '편집기에 적용했습니다: {fix}',
  'health.applyFailed': '이 수정은 모델에 맞지 않습니다 ({message}).',
  'health.highlight': '층 보기',
  'health.highlightAria': '차트에서 {layers}번 층 보기',
  'health.signalRatio': '마지막/첫 번째 은닉층 활성화 표준편차의 비: {ratio}.',
};

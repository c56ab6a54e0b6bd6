/** Korean text of the dashboard's chapter-11 additions (learning rate on the learning curve, raw and clipped gradient norms, batch-norm statistics, early stopping); spread into ko.ts (keys as in ./dashboard-ch11.en.ts). */
import type { dashboardCh11En } from './dashboard-ch11.en.js';

export const dashboardCh11Ko: { readonly [K in keyof typeof dashboardCh11En]: string } = {
  'dashboard.lr.lossTitle': '에포크별 손실과 학습률',
  'dashboard.lr.compareTitle': '에포크별 학습률',
  'dashboard.lr.now': '학습률: {rate}',
  'dashboard.lr.axis': '학습률(로그)',
  'dashboard.lr.actual': '학습률',
  'dashboard.lr.planned': '계획된 스케줄({schedule})',
  'dashboard.lr.drop': '학습률 → {rate}',
  'dashboard.lr.best': '최상 에포크 {epoch}',
  'dashboard.lr.hint': '오른쪽 축(로그): 각 스텝이 사용한 학습률입니다.',
  'dashboard.lr.hintPlanned': '오른쪽 축(로그): 각 스텝이 사용한 학습률이고, 점선은 {schedule} 스케줄이 훈련 전체에 계획한 학습률입니다.',
  'dashboard.lr.hintPerformance': '오른쪽 축(로그): 학습률입니다. 성능 기반 스케줄링은 검증 손실이 더 나아지지 않으면 학습률을 줄이며, 점선이 줄인 지점을 표시합니다.',

  'dashboard.gnorm.title': '전체 그레이디언트 노름',
  'dashboard.gnorm.titleClipped': '전체 그레이디언트 노름: 원래 값과 클리핑 후',
  'dashboard.gnorm.raw': '원래 노름',
  'dashboard.gnorm.clipped': '클리핑 후',
  'dashboard.gnorm.axis': '전체 노름(로그)',
  'dashboard.gnorm.axisStep': '훈련 스텝',
  'dashboard.gnorm.axisEpoch': '에포크(측정한 스텝의 평균)',
  'dashboard.gnorm.threshold': '변수별 clipnorm = {value}',
  'dashboard.gnorm.hintClipnorm':
    '클리핑 전후 전체 그레이디언트의 L2 노름입니다. 점선은 변수별 clipnorm {value}입니다. 케라스는 가중치 텐서마다 그레이디언트를 따로 노름 {value} 이하로 줄이므로, 클리핑 후 전체 노름은 이 선보다 위에 있을 수 있습니다.',
  'dashboard.gnorm.hintClipvalue': 'clipvalue = {value}가 그레이디언트의 모든 원소를 [−{value}, {value}]로 자르기 전후 전체 그레이디언트의 L2 노름입니다.',
  'dashboard.gnorm.hintNone': '측정한 스텝마다 전체 그레이디언트의 L2 노름입니다. 이 옵티마이저는 클리핑하지 않으므로 원래 그레이디언트가 그대로 스텝이 됩니다.',
  'dashboard.gnorm.clippedSteps': '측정한 스텝 {measured}개 중 {clipped}개에서 클리핑이 그레이디언트를 줄였습니다.',
  'dashboard.gnorm.clippedEpochs': '에포크 {measured}개 중 {clipped}개에서 클리핑이 평균 그레이디언트 노름을 낮췄습니다.',
  'dashboard.gnorm.exploding': '훈련하는 동안 원래 노름이 {factor}배로 커졌습니다: 그레이디언트 폭주입니다.',

  'dashboard.bn.title': '배치 정규화: BN 전후의 층 입력',
  'dashboard.bn.hint':
    '에포크 {epoch}, 진단용 배치에서 각 BN 층으로 들어가는 값과 나오는 값입니다. BN은 입력을 표준화한 뒤(훈련 중에는 배치의 평균 0, 표준편차 1, 여기서는 이동 평균 사용) 학습된 γ와 β로 스케일을 조정하고 이동합니다.',
  'dashboard.bn.layer': 'BN 층',
  'dashboard.bn.inMean': '입력 평균',
  'dashboard.bn.inStd': '입력 표준편차',
  'dashboard.bn.outMean': '출력 평균',
  'dashboard.bn.outStd': '출력 표준편차',

  'run.earlyStop.restored': '에포크 {epoch}에서 조기 종료했습니다. 최상 에포크는 {best}입니다(가중치 복원됨).',
  'run.earlyStop.kept': '에포크 {epoch}에서 조기 종료했습니다. 최상 에포크는 {best}입니다(마지막 에포크의 가중치 유지).',
};

/**
 * 한국어 UI 문구. Terms follow the lecture notes (그레이디언트 소실/폭등, 글로로/르쿤/헤
 * 초기화, 활성화 함수, 배치 정규화, 자기정규화). `satisfies Messages` makes a key that
 * is missing here, or present here only, a compile error.
 */
import type { Messages } from './messages.js';

export const ko = {
  'app.title': 'Gradient Lab',
  'app.subtitle': '11장 · 심층신경망 훈련',

  'nav.label': '영역',
  'nav.editor': '모델 편집기',
  'nav.wizard': '가이드라인 마법사',
  'nav.training': '훈련',
  'nav.runs': '실행 기록',
  'nav.shortcut': '단축키: Alt+{n}',

  'placeholder.title': '다음 버전에서 제공됩니다',
  'placeholder.editor':
    '층을 하나씩 쌓아 신경망을 만듭니다. 활성화 함수(ReLU, LeakyReLU, ELU, SELU 등), 초기화(글로로, 르쿤, 헤), 배치 정규화와 드롭아웃을 고르면 훈련과 같은 검증기로 확인하고, 케라스 코드로 내보낼 수 있습니다.',
  'placeholder.wizard':
    '신경망에 관한 몇 가지 질문에 답하면 11장의 가이드라인을 알려 줍니다. 어떤 활성화 함수에 어떤 초기화가 어울리는지, 배치 정규화가 언제 도움이 되는지, 자기정규화(SELU)에 무엇이 필요한지 안내합니다.',
  'placeholder.runs':
    '지난 실행 기록을 보고, 비교하고, 삭제합니다. 손실 곡선, 그레이디언트 진단, 최종 테스트 정확도를 나란히 볼 수 있습니다.',

  'settings.language': '언어',
  'settings.theme': '테마',
  'theme.system': '시스템',
  'theme.light': '밝게',
  'theme.dark': '어둡게',

  'status.label': '상태',
  'status.version': '버전 {version}',
  'status.shell.electron': '데스크톱 앱',
  'status.shell.lab': '실습 서버(브라우저)',
  'status.backend': '백엔드: {name}',
  'status.backendProbing': '백엔드: 확인 중…',
  'status.backendFailed': '백엔드를 알 수 없음: {message}',
  'status.noGpu': 'GPU 미사용: {name} — {reason}',
  'conn.connecting': '연결 중…',
  'conn.open': '연결됨',
  'conn.disconnected': '연결 끊김 — {seconds}초 후 다시 연결',
  'conn.retry': '지금 다시 연결',

  'error.disconnected': '실습 서버에 연결되어 있지 않습니다. 연결이 돌아오면 다시 시도하세요.',
  'error.dismiss': '닫기',

  'training.title': '훈련',
  'training.intro': '예제 모델을 고르고 훈련 길이를 정한 뒤, 에포크마다 손실과 정확도, 그레이디언트 진단을 확인하세요.',

  'model.title': '모델',
  'model.label': '예제 모델',
  'model.loading': '예제 모델을 불러오는 중…',
  'model.none': '예제 모델이 없습니다.',
  'model.loadFailed': '예제 모델을 불러오지 못했습니다: {message}',
  'model.dataset': '데이터셋: {name}',
  'model.optimizer': '옵티마이저: {name}, 학습률 {rate}',
  'model.defaults': '모델 기본값: {epochs} 에포크, 배치 크기 {batch}',

  'layers.title': '층 구성',
  'layers.index': '#',
  'layers.kind': '층',
  'layers.units': '유닛 수',
  'layers.activation': '활성화 함수',
  'layers.initializer': '초기화',
  'layers.count': '층 {count}개, 밀집층 {dense}개',

  'form.title': '실행 설정',
  'form.epochs': '에포크',
  'form.batchSize': '배치 크기',
  'form.limit': '훈련 이미지 수',
  'form.limitHint': '비워 두면 훈련 세트 전체({total}개)를 사용합니다.',
  'form.start': '훈련 시작',
  'form.starting': '시작하는 중…',
  'form.stop': '중지',
  'form.stopping': '중지하는 중…',
  'form.invalid': '표시된 입력란을 먼저 고치세요.',

  'validation.required': '{field}: 숫자를 입력하세요.',
  'validation.integer': '{field}: 정수를 입력하세요. 입력값: {value}.',
  'validation.range': '{field}: {min}에서 {max} 사이여야 합니다. 입력값: {value}.',

  'progress.title': '진행 상황',
  'progress.label': '훈련 진행률',
  'progress.percent': '{percent}%',
  'progress.epoch': '에포크 {epoch} / {epochs}',
  'progress.elapsed': '경과 시간 {time}',
  'progress.eta': '남은 시간 {time}',
  'progress.etaUnknown': '남은 시간 —',
  'progress.loss': '최근 배치 손실',
  'progress.backend': '백엔드: {name}',

  'epochs.title': '에포크',
  'epochs.caption': '에포크별 지표',
  'epochs.epoch': '에포크',
  'epochs.loss': '손실',
  'epochs.accuracy': '정확도',
  'epochs.valLoss': '검증 손실',
  'epochs.valAccuracy': '검증 정확도',
  'epochs.seconds': '초',
  'epochs.empty': '첫 에포크가 끝나면 지표가 여기에 나타납니다.',

  'diagnosis.title': '진단, 에포크 {epoch}',
  'diagnosis.healthyShallow': '정상: 기준을 넘는 포화나 죽은 뉴런이 없습니다 (은닉층이 하나뿐이라 깊이에 따른 그레이디언트 비율은 없습니다).',
  'diagnosis.healthy':
    '정상: 첫 번째 은닉층의 그레이디언트 노름이 마지막 은닉층의 {ratio}배이며, 기준을 넘는 포화나 죽은 뉴런이 없습니다.',
  'diagnosis.vanishing': '첫 번째 은닉층의 그레이디언트 노름이 마지막 은닉층의 {ratio}배에 불과합니다.',
  'diagnosis.exploding': '첫 번째 은닉층의 그레이디언트 노름이 마지막 은닉층의 {ratio}배입니다.',
  'diagnosis.saturated': '시그모이드/tanh 출력의 {percent}가 도함수가 최댓값의 5% 미만인 구간에 있습니다.',
  'diagnosis.dead': 'ReLU 계열 유닛의 {percent}가 모든 샘플에서 0만 출력하는 죽은 뉴런입니다.',
  'finding.vanishing': '그레이디언트 소실',
  'finding.exploding': '그레이디언트 폭등',
  'finding.saturated': '포화',
  'finding.dead': '죽은 뉴런(dying ReLU)',

  'run.status': '상태',
  'run.status.idle': '시작 전',
  'run.status.starting': '시작하는 중',
  'run.status.running': '실행 중',
  'run.status.completed': '완료',
  'run.status.stopped': '중지됨',
  'run.status.diverged': '발산',
  'run.status.failed': '실패',
  'run.id': '실행 {id}',
  'run.testAccuracy': '테스트 정확도: {value}',
  'run.testLoss': '테스트 손실: {value}',
  'run.divergedAt': '에포크 {epoch}, 스텝 {step}에서 손실이 NaN 또는 무한대가 되었습니다.',
  'run.error': '오류: {message}',

  'chart.title': '손실과 검증 정확도',
  'chart.batchLoss': '배치 손실',
  'chart.valAccuracy': '검증 정확도',
  'chart.epoch': '에포크',
  'chart.empty': '훈련이 시작되면 곡선이 나타납니다.',
} as const satisfies Messages;

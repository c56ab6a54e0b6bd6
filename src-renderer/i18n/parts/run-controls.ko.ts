/** Korean UI text of the run controls; spread into ko.ts. Keys must equal ./run-controls.en.ts's. */
import type { runControlsEn } from './run-controls.en.js';

export const runControlsKo: { readonly [K in keyof typeof runControlsEn]: string } = {
  'runControls.dataset': '데이터셋',
  'runControls.optimizer': '옵티마이저',
  'runControls.learningRate': '학습률',
  'runControls.seed': '시드',
  'runControls.backend': '백엔드',
  'runControls.modelValue': '모델 값: {value}',
  'runControls.runOnly': '이 설정은 이번 실행에만 적용됩니다. 실행 폴더에는 실제로 훈련한 모델이 저장되고, 편집기의 모델은 바뀌지 않습니다.',
  'runControls.optimizerHint': '옵티마이저를 바꿔도 학습률은 유지되고, 다른 옵티마이저의 설정은 케라스 기본값을 씁니다.',
  'runControls.learningRateHint': '예: 0.001 또는 1e-3. 너무 크면 손실이 폭등합니다.',
  'runControls.datasetName.fashion-mnist': '패션 MNIST',
  'runControls.datasetName.mnist': 'MNIST 손글씨 숫자',
  'runControls.optimizerName.sgd': 'SGD',
  'runControls.optimizerName.adam': 'Adam',
  'runControls.backendName.auto': '자동 (가능한 최선)',
  'runControls.backendName.tensorflow-gpu': 'TensorFlow GPU',
  'runControls.backendName.tensorflow': 'TensorFlow CPU',
  'runControls.backendName.wasm': 'WebAssembly',
  'runControls.backendName.cpu': '순수 자바스크립트 (가장 느림)',
  'runControls.validation.number': '{field}: 0.001이나 1e-3 같은 수를 입력하세요. 입력값: {value}.',
  'runControls.validation.choice': '{field}: {values} 중 하나를 고르세요. 입력값: {value}.',
  'runControls.samplesPerSecond': '초당 {rate}개 샘플',
};

/**
 * What `evaluate` prints about class subsets and MC dropout, in English and Korean (chosen
 * by `--lang`, like messages.ts). Both catalogues implement one interface, so a missing line
 * fails to compile. JSON keys, numbers and flag names never change with the language.
 */
import type { CliLanguage } from './messages.js';

/** Lines of `evaluate --mc-dropout N` and of a class-subset model's report. */
export interface EvaluateMessages {
  /** `--mc-dropout` out of range (0..max, whole). */
  badMcSamples: (raw: number, max: number) => string;
  /** The subset's dataset classes, e.g. `classes: 5 Sandal, 6 Shirt (2 of 10)`. */
  subset: (names: string, count: number, total: number) => string;
  /** What the numbers above are when MC dropout ran. */
  mcHeader: (samples: number, layers: number) => string;
  /** The model has no dropout layer: the passes are all the same. */
  mcNoDropout: string;
  /** The single deterministic pass, for comparison. */
  mcDeterministic: (accuracy: string, loss: string) => string;
  /** Mean uncertainty of right or wrong predictions. */
  mcGroup: (group: 'correct' | 'wrong', count: number, std: string, entropy: string) => string;
  mcMostUncertain: string;
  /** One of the most uncertain test images. */
  mcImage: (index: number, trueName: string, predictedName: string, probability: string, std: string, entropy: string) => string;
}

const en: EvaluateMessages = {
  badMcSamples: (raw, max) => `--mc-dropout: expected a whole number of passes from 0 to ${max}, received ${raw}`,
  subset: (names, count, total) => `classes: ${names} (${count} of ${total})`,
  mcHeader: (samples, layers) => `MC dropout: mean of ${samples} passes with the ${layers} dropout layer${layers === 1 ? '' : 's'} active (numbers above)`,
  mcNoDropout: 'MC dropout: the model has no dropout layer, so every pass is the same (std 0)',
  mcDeterministic: (acc, loss) => `one deterministic pass: test accuracy ${acc}, test loss ${loss}`,
  mcGroup: (group, count, std, entropy) => `${group === 'correct' ? 'right' : 'wrong'} predictions (${count}): mean std ${std}, mean entropy ${entropy}`,
  mcMostUncertain: 'most uncertain test images:',
  mcImage: (index, t, p, prob, std, entropy) => `#${index}  true ${t}, predicted ${p} (${prob})  std ${std}  entropy ${entropy}`,
};

const ko: EvaluateMessages = {
  badMcSamples: (raw, max) => `--mc-dropout: 0부터 ${max}까지의 정수(반복 횟수)여야 합니다. 입력값: ${raw}`,
  subset: (names, count, total) => `클래스: ${names} (${total}개 중 ${count}개)`,
  mcHeader: (samples, layers) => `MC 드롭아웃: 드롭아웃 층 ${layers}개를 켠 채 ${samples}번 예측한 평균 (위의 수치)`,
  mcNoDropout: 'MC 드롭아웃: 모델에 드롭아웃 층이 없어 모든 예측이 같습니다 (표준편차 0)',
  mcDeterministic: (acc, loss) => `드롭아웃 없이 한 번 예측: 테스트 정확도 ${acc}, 테스트 손실 ${loss}`,
  mcGroup: (group, count, std, entropy) => `${group === 'correct' ? '맞은' : '틀린'} 예측 (${count}개): 평균 표준편차 ${std}, 평균 엔트로피 ${entropy}`,
  mcMostUncertain: '가장 불확실한 테스트 이미지:',
  mcImage: (index, t, p, prob, std, entropy) => `#${index}  실제 ${t}, 예측 ${p} (${prob})  표준편차 ${std}  엔트로피 ${entropy}`,
};

/** The catalogue of `lang`. */
export function evaluateMessages(lang: CliLanguage): EvaluateMessages {
  return lang === 'ko' ? ko : en;
}

/**
 * What `transfer` says to people, in English and Korean (chosen by `--lang`, like
 * messages.ts). Both catalogues implement one interface, so a missing line fails to
 * compile. Flag names, run ids and the printed model document never change with the language.
 */
import type { CliLanguage } from './messages.js';

/** The refusals of `transfer`, one entry per message. */
export interface TransferMessages {
  /** RUN is neither a run id in the runs folder nor a run folder. */
  runNotFound: (run: string, runsDir: string) => string;
  runActive: (run: string, status: string) => string;
  runModelInvalid: (run: string, detail: string) => string;
  runNoWeights: (run: string, status: string) => string;
  runWeightsDamaged: (run: string, detail: string) => string;
  /** The source has no Dense layer before its output: no default for --layers. */
  nothingToReuse: (run: string) => string;
  layersOutOfRange: (layers: number, max: number, sourceLayers: number, targetLayers: number) => string;
  unfreezeAfterInvalid: (value: number) => string;
  unfreezeRateInvalid: (value: number) => string;
  unfreezeRateWithoutAfter: string;
  unfreezeWithoutFreeze: string;
  /** The derived model fails validation (e.g. unfreeze after every epoch); the validator's lines follow. */
  resultInvalid: (path: string) => string;
}

const en: TransferMessages = {
  runNotFound: (run, dir) => `${run}: no such run in the runs folder ${dir}, and not a run folder either`,
  runActive: (run, status) => `run ${run} is still ${status}; its layers can be reused once it has finished`,
  runModelInvalid: (run, detail) => `run ${run}: its model.json is not a valid model document (${detail})`,
  runNoWeights: (run, status) => `run ${run} has no saved weights (status ${status}): there are no layers to reuse`,
  runWeightsDamaged: (run, detail) => `run ${run}: its saved weights are damaged (${detail})`,
  nothingToReuse: (run) => `run ${run}: its model has no layer before its output layer; give --layers`,
  layersOutOfRange: (layers, max, s, t) =>
    `--layers: expected an integer from 1 to ${max} (the source model has ${s} layers; this model needs at least one of its own ${t} left as its output), received ${layers}`,
  unfreezeAfterInvalid: (v) => `--unfreeze-after: expected an integer ≥ 1 (epochs trained frozen), received ${v}`,
  unfreezeRateInvalid: (v) => `--unfreeze-rate: expected a learning rate > 0, received ${v}`,
  unfreezeRateWithoutAfter: '--unfreeze-rate: give --unfreeze-after too (after how many epochs the layers are unfrozen)',
  unfreezeWithoutFreeze: '--unfreeze-after: with --no-freeze the reused layers are not frozen, so there is nothing to unfreeze',
  resultInvalid: (path) => `the model derived from ${path} is not valid:`,
};

const ko: TransferMessages = {
  runNotFound: (run, dir) => `${run}: 실행 폴더 ${dir}에 그런 실행이 없고, 실행 폴더도 아닙니다`,
  runActive: (run, status) => `실행 ${run}이(가) 아직 ${status} 상태입니다. 끝난 뒤에 그 층을 재사용할 수 있습니다`,
  runModelInvalid: (run, detail) => `실행 ${run}: model.json이 올바른 모델 문서가 아닙니다(${detail})`,
  runNoWeights: (run, status) => `실행 ${run}에는 저장된 가중치가 없습니다(상태 ${status}). 재사용할 층이 없습니다`,
  runWeightsDamaged: (run, detail) => `실행 ${run}: 저장된 가중치가 손상되었습니다(${detail})`,
  nothingToReuse: (run) => `실행 ${run}: 모델의 출력층 앞에 층이 없습니다. --layers를 지정하세요`,
  layersOutOfRange: (layers, max, s, t) =>
    `--layers: 1부터 ${max}까지의 정수여야 합니다(원본 모델의 층은 ${s}개이고, 이 모델의 층 ${t}개 중 적어도 하나는 출력층으로 남아야 합니다). 입력값: ${layers}`,
  unfreezeAfterInvalid: (v) => `--unfreeze-after: 1 이상의 정수(동결한 채 학습할 에포크 수)여야 합니다. 입력값: ${v}`,
  unfreezeRateInvalid: (v) => `--unfreeze-rate: 0보다 큰 학습률이어야 합니다. 입력값: ${v}`,
  unfreezeRateWithoutAfter: '--unfreeze-rate: --unfreeze-after도 지정하세요(몇 에포크 뒤에 동결을 풀지)',
  unfreezeWithoutFreeze: '--unfreeze-after: --no-freeze로 재사용한 층을 동결하지 않으므로 동결을 풀 것이 없습니다',
  resultInvalid: (path) => `${path}에서 만든 모델이 올바르지 않습니다:`,
};

/** Every transfer message per language. */
export const TRANSFER_MESSAGES: Record<CliLanguage, TransferMessages> = { en, ko };

/**
 * The training engine: backend selection, model building, initializers, custom layers,
 * the training loop and model export. Imports only tfjs and src-shared.
 */
export { type ModelArtifactsData, exportArtifacts, loadArtifacts } from './artifacts.js';
export {
  BACKEND_ENV_VAR,
  BACKEND_NAMES,
  BACKEND_PREFERENCES,
  type BackendAttempt,
  type BackendName,
  type BackendPreference,
  type BackendReport,
  selectBackend,
  setWasmDir,
} from './backend.js';
export { type InitStat, buildModel, initStats, tensorStd } from './build.js';
export { type InitialWeights, setInitialWeights, setTransferWeights, weightsMismatch } from './initial-weights.js';
export type { DataSplit, PreparedData } from './data-types.js';
export {
  type BatchNormLayer,
  type DenseMeasure,
  SIGMOID_SATURATION_Z,
  batchNormLayers,
  measureBatchNorm,
  TANH_SATURATION_Z,
  inactiveKindOf,
  measureDense,
} from './diagnostics.js';
export {
  type Initializer,
  KerasVarianceScaling,
  TRUNCATION_CORRECTION,
  expectedStd,
  fanFor,
  initializerLabel,
  makeKernelInitializer,
  resolveInitializer,
} from './initializers.js';
export {
  EluAlpha,
  LEAKY_RELU_ACTIVATION_ALPHA,
  LeakyReluActivation,
  RReLU,
  type RReLUArgs,
  SeededAlphaDropout,
  SeededDropout,
} from './layers/index.js';
export {
  type OutputHead,
  PROB_EPSILON,
  crossEntropyFromLogits,
  crossEntropyPerExample,
  evaluate,
  lossForward,
  outputHead,
} from './loss.js';
export { type DensePlan, layerNames, planDense } from './model-plan.js';
export { disposeOptimizer, makeOptimizer } from './optimizer.js';
export { type SyntheticOptions, makeSyntheticData } from './synthetic-data.js';
export {
  type KernelMaxNorm,
  type KernelPenalty,
  MAX_NORM_EPSILON,
  type WeightRules,
  applyMaxNorms,
  regularizationPenalty,
  weightRules,
} from './regularization.js';
export {
  type EarlyStopped,
  type StepParts,
  type TrainCallbacks,
  type TrainOptions,
  type TrainResult,
  optimizerStep,
  stepParts,
  train,
} from './train.js';
export { applyWasmMatMulFix, isWasmMatMulFixApplied } from './wasm-matmul-fix.js';
export {
  applyWasmDenseKernels,
  isWasmDenseKernelsApplied,
  setWasmDenseKernelsEnabled,
  wasmDenseKernelsError,
} from './kernels/wasm-dense-kernels.js';
export { type ParallelStepResult, type ReplicaScript, DataParallel, configureReplicas, shardBounds } from './parallel/data-parallel.js';
export { MIN_SHARD_ROWS, threadsPlan, unsupportedByReplicas } from './parallel/plan.js';

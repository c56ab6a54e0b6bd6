/** Public API of the model document: types, identifiers, validation, defaults, summary, serialization, Keras export. */
export * from './ids.js';
export * from './spec.js';
export {
  formatModelError,
  formatPath,
  previewValue,
  ROOT_PATH,
  type ModelError,
} from './errors.js';
export { locateJsonError, type JsonSyntaxProblem } from './json-locate.js';
export {
  JSON_REASON_TEMPLATES,
  koreanModelMessage,
  MODEL_MESSAGE_TEMPLATES,
  modelErrorLineText,
  modelErrorText,
  modelMessageTemplateIds,
  modelProblemText,
  type ModelErrorLanguage,
  type ModelMessageTemplate,
} from './error-text.js';
export {
  classesSchema,
  earlyStoppingSchema,
  INITIALIZER_OBJECT_NAMES,
  INITIALIZER_OBJECT_SCHEMAS,
  kernelConstraintSchema,
  kernelInitializerSchema,
  kernelRegularizerSchema,
  LAYER_SCHEMAS,
  layerSchema,
  LR_SCHEDULE_SCHEMAS,
  lrScheduleSchema,
  MAX_DESCRIPTION_LENGTH,
  MAX_EPOCHS,
  MAX_LAYERS,
  MAX_NAME_LENGTH,
  MAX_SEED,
  MAX_UNITS,
  modelSchema,
  OPTIMIZER_SCHEMAS,
  optimizerSchema,
  trainingSchema,
  transferSchema,
  unfreezeSchema,
} from './schema.js';
export { MAX_ERRORS, MAX_TEXT_LENGTH, parseModel, parseModelText, type ParseResult } from './validate.js';
export { migrateDocument, migrateModel, migrationNote, type Migration, type OlderModelVersion } from './migrate.js';
export { BYTES_PER_PARAM, checkModelSemantics, outputRule, PARAM_MEMORY_LIMIT_BYTES } from './semantics.js';
export {
  adagradDefaults,
  adamDefaults,
  adamFamilyDefaults,
  adamwDefaults,
  batchNormalizationDefaults,
  DEFAULTS,
  denseDefaults,
  earlyStoppingDefaults,
  eluDefaults,
  isTrainable,
  leakyReluDefaults,
  oneCycleDefaults,
  performanceDefaults,
  rmspropDefaults,
  rreluDefaults,
  sgdDefaults,
} from './defaults.js';
export {
  expectedKernelStd,
  fanFor,
  initializerLabel,
  NAMED_INITIALIZERS,
  type VarianceScalingParams,
} from './initializers.js';
export {
  INPUT_FEATURES,
  INPUT_SHAPE,
  NUM_CLASSES,
  resolveActivation,
  summarizeModel,
  summaryJson,
  type ActivationSite,
  type DenseSummary,
  type LayerSummary,
  type ModelSummary,
  type ResolvedActivation,
  type SummaryJson,
  type SummaryJsonLayer,
} from './summary.js';
export {
  applyLintFix,
  familyKernelStd,
  initializerFamily,
  LINT_CODES,
  lintModel,
  RECOMMENDED_INIT_FAMILY,
  type InitFamily,
  type LintCode,
  type LintEdit,
  type LintFinding,
  type LintFix,
  type LintPathSegment,
  type LintSeverity,
} from './lint.js';
export {
  LINT_MESSAGES,
  lintMessage,
  type LintLanguage,
  type LintMessageKey,
  type LintMessageParams,
} from './lint-messages.js';
export { canonicalModel, serializeModel } from './serialize.js';
export { toKerasScript, VALIDATION_SIZE } from './keras-export.js';

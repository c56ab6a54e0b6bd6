/** After training: the test-set evaluation of a run (runs:evaluate) and its parts. */
export { default as EvaluationPanel } from './EvaluationPanel.svelte';
export { default as ConfusionMatrix } from './ConfusionMatrix.svelte';
export { default as PerClassAccuracy } from './PerClassAccuracy.svelte';
export { default as MisclassifiedGrid } from './MisclassifiedGrid.svelte';
export { default as McDropoutControls } from './McDropoutControls.svelte';
export {
  cellShade,
  classNamesFor,
  evaluationGate,
  imageRgba,
  maxCount,
  outputNamesFor,
  parseMcSamples,
  uncertaintyBar,
  type EvaluationGate,
} from './evaluation-view.js';

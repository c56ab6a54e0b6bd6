/** English UI text of the test-set evaluation (after training); spread into en.ts (ko: ./evaluation.ko.ts, same keys). */
export const evaluationEn = {
  'evaluation.title': 'Evaluation on the test set',
  'evaluation.waiting': 'When the run has finished with saved weights, its weights are evaluated here on the whole test set.',
  'evaluation.diverged': 'This run diverged: its weights became NaN or infinite and were not saved, so there is nothing to evaluate.',
  'evaluation.failed': 'This run failed before its weights were saved, so there is nothing to evaluate.',
  'evaluation.loading': 'Evaluating the saved weights on the whole test set…',
  'evaluation.error': 'The run could not be evaluated: {message}',
  'evaluation.retry': 'Evaluate again',
  'evaluation.summary': 'Test accuracy {accuracy} · test loss {loss} · {count} test images',
  'evaluation.worst': 'Most often confused: {true} taken for {predicted} ({count} times).',

  'evaluation.confusion.title': 'Confusion matrix',
  'evaluation.confusion.caption':
    'Rows: true class; columns: the class the model predicted. The outlined diagonal counts correct predictions; darker cells hold more images.',
  'evaluation.confusion.corner': 'True ↓ / predicted →',
  'evaluation.confusion.cell': '{count} images of {true} predicted as {predicted}',
  'evaluation.confusion.correct': '{count} images of {true} predicted correctly',

  'evaluation.perClass.title': 'Accuracy per class',
  'evaluation.perClass.class': 'Class',
  'evaluation.perClass.accuracy': 'Accuracy',
  'evaluation.perClass.count': 'Test images',

  'evaluation.misclassified.title': 'Most confident mistakes',
  'evaluation.misclassified.intro': 'Test images the model got wrong while most sure of its answer, most confident first.',
  'evaluation.misclassified.none': 'No test image was misclassified.',
  'evaluation.misclassified.true': 'True: {label}',
  'evaluation.misclassified.predicted': 'Predicted: {label} ({probability})',
  'evaluation.misclassified.alt': 'Test image {index}: a {true}, predicted as {predicted} with probability {probability}',
} as const;

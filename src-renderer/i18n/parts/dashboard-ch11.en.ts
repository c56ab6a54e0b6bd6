/** English text of the dashboard's chapter-11 additions (learning rate on the learning curve, raw and clipped gradient norms, batch-norm statistics, early stopping); spread into en.ts (ko: ./dashboard-ch11.ko.ts, same keys). */
export const dashboardCh11En = {
  'dashboard.lr.lossTitle': 'Loss and learning rate per epoch',
  'dashboard.lr.compareTitle': 'Learning rate per epoch',
  'dashboard.lr.now': 'learning rate: {rate}',
  'dashboard.lr.axis': 'Learning rate (log)',
  'dashboard.lr.actual': 'Learning rate',
  'dashboard.lr.planned': 'Planned schedule ({schedule})',
  'dashboard.lr.drop': 'rate → {rate}',
  'dashboard.lr.best': 'best epoch {epoch}',
  'dashboard.lr.hint': 'Right axis (log): the learning rate each step used.',
  'dashboard.lr.hintPlanned': 'Right axis (log): the learning rate each step used; dashed, the rate the {schedule} schedule plans for the whole run.',
  'dashboard.lr.hintPerformance':
    'Right axis (log): the learning rate. Performance scheduling cuts it when the validation loss stops improving; dashed lines mark each cut.',

  'dashboard.gnorm.title': 'Global gradient norm',
  'dashboard.gnorm.titleClipped': 'Global gradient norm: raw vs clipped',
  'dashboard.gnorm.raw': 'Raw norm',
  'dashboard.gnorm.clipped': 'After clipping',
  'dashboard.gnorm.axis': 'Global norm (log)',
  'dashboard.gnorm.axisStep': 'Training step',
  'dashboard.gnorm.axisEpoch': 'Epoch (average of its measured steps)',
  'dashboard.gnorm.threshold': 'per-variable clipnorm = {value}',
  'dashboard.gnorm.hintClipnorm':
    'The L2 norm of the whole gradient before and after clipping. Dashed: the per-variable clipnorm {value}. Keras scales each weight tensor’s gradient down to norm ≤ {value} on its own, so the global norm after clipping may lie above the line.',
  'dashboard.gnorm.hintClipvalue': 'The L2 norm of the whole gradient before and after clipvalue = {value} cut every gradient element to [−{value}, {value}].',
  'dashboard.gnorm.hintNone': 'The L2 norm of the whole gradient at each measured step. This optimizer does not clip: the raw gradient is the step it takes.',
  'dashboard.gnorm.clippedSteps': 'Clipping scaled the gradient down at {clipped} of {measured} measured steps.',
  'dashboard.gnorm.clippedEpochs': 'Clipping lowered the average gradient norm in {clipped} of {measured} epochs.',
  'dashboard.gnorm.exploding': 'The raw norm grew {factor}× during the run: exploding gradients.',

  'dashboard.bn.title': 'Batch normalization: layer inputs without and with BN',
  'dashboard.bn.hint':
    'Epoch {epoch}, on the diagnostic batch: what enters each BN layer and what leaves it. BN standardizes its input (mean 0, std 1 over the batch while training; moving averages here), then scales and shifts it by its learned γ and β.',
  'dashboard.bn.layer': 'BN layer',
  'dashboard.bn.inMean': 'Input mean',
  'dashboard.bn.inStd': 'Input std',
  'dashboard.bn.outMean': 'Output mean',
  'dashboard.bn.outStd': 'Output std',

  'run.earlyStop.restored': 'Stopped early at epoch {epoch}; best epoch {best} (weights restored).',
  'run.earlyStop.kept': 'Stopped early at epoch {epoch}; best epoch {best} (the last epoch’s weights were kept).',
} as const;

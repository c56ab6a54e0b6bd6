/**
 * English UI text. This object defines the message keys: `ko.ts` must have exactly
 * the same keys (a missing or extra one fails to compile) and the same `{name}`
 * placeholders (checked by test/renderer/i18n.test.ts).
 */
export const en = {
  'app.title': 'Gradient Lab',
  'app.subtitle': 'Chapter 11 · Training deep neural networks',

  'nav.label': 'Areas',
  'nav.editor': 'Model editor',
  'nav.wizard': 'Guideline wizard',
  'nav.training': 'Training',
  'nav.runs': 'Runs',
  'nav.shortcut': 'Shortcut: Alt+{n}',

  'placeholder.title': 'Coming in a later version',
  'placeholder.editor':
    'Build a network layer by layer: pick activation functions (ReLU, leaky ReLU, ELU, SELU…), initializers (Glorot, LeCun, He), batch normalization and dropout, checked by the same validator the trainer uses, and export it as a Keras script.',
  'placeholder.wizard':
    'Answer a few questions about your network and get the chapter’s guidelines: which activation function goes with which initializer, when batch normalization helps, and what self-normalization (SELU) requires.',
  'placeholder.runs':
    'Browse, compare and delete past runs: their loss curves, gradient diagnoses and final test accuracy, side by side.',

  'settings.language': 'Language',
  'settings.theme': 'Theme',
  'theme.system': 'System',
  'theme.light': 'Light',
  'theme.dark': 'Dark',

  'status.label': 'Status',
  'status.version': 'Version {version}',
  'status.shell.electron': 'Desktop app',
  'status.shell.lab': 'Lab (browser)',
  'status.backend': 'Backend: {name}',
  'status.backendProbing': 'Backend: probing…',
  'status.backendFailed': 'Backend unknown: {message}',
  'status.noGpu': 'No GPU: {name} — {reason}',
  'conn.connecting': 'Connecting…',
  'conn.open': 'Connected',
  'conn.disconnected': 'Disconnected — retrying in {seconds} s',
  'conn.retry': 'Retry now',

  'error.disconnected': 'Not connected to the lab server. Wait for the connection to come back and try again.',
  'error.dismiss': 'Dismiss',

  'training.title': 'Training',
  'training.intro':
    'Pick an example model, choose how long to train, and watch the loss, the accuracy and the gradient diagnosis epoch by epoch.',

  'model.title': 'Model',
  'model.label': 'Example model',
  'model.loading': 'Loading example models…',
  'model.none': 'No example models were found.',
  'model.loadFailed': 'Could not load the example models: {message}',
  'model.dataset': 'Dataset: {name}',
  'model.optimizer': 'Optimizer: {name}, learning rate {rate}',
  'model.defaults': 'Model defaults: {epochs} epochs, batch size {batch}',

  'layers.title': 'Layer stack',
  'layers.index': '#',
  'layers.kind': 'Layer',
  'layers.units': 'Units',
  'layers.activation': 'Activation function',
  'layers.initializer': 'Initializer',
  'layers.count': '{count} layers, {dense} dense',

  'form.title': 'Run settings',
  'form.epochs': 'Epochs',
  'form.batchSize': 'Batch size',
  'form.limit': 'Training images',
  'form.limitHint': 'Empty = the full training set ({total} images).',
  'form.start': 'Start training',
  'form.starting': 'Starting…',
  'form.stop': 'Stop',
  'form.stopping': 'Stopping…',
  'form.invalid': 'Fix the highlighted fields first.',

  'validation.required': '{field}: enter a number.',
  'validation.integer': '{field}: enter a whole number. Received: {value}.',
  'validation.range': '{field}: must be between {min} and {max}. Received: {value}.',

  'progress.title': 'Progress',
  'progress.label': 'Training progress',
  'progress.percent': '{percent}%',
  'progress.epoch': 'Epoch {epoch} of {epochs}',
  'progress.elapsed': 'Elapsed {time}',
  'progress.eta': 'Remaining {time}',
  'progress.etaUnknown': 'Remaining —',
  'progress.loss': 'Latest batch loss',
  'progress.backend': 'Backend: {name}',

  'epochs.title': 'Epochs',
  'epochs.caption': 'Metrics per epoch',
  'epochs.epoch': 'Epoch',
  'epochs.loss': 'Loss',
  'epochs.accuracy': 'Accuracy',
  'epochs.valLoss': 'Validation loss',
  'epochs.valAccuracy': 'Validation accuracy',
  'epochs.seconds': 'Seconds',
  'epochs.empty': 'The first epoch’s metrics appear here when it ends.',

  'diagnosis.title': 'Diagnosis, epoch {epoch}',
  'diagnosis.healthyShallow': 'Healthy: no saturated or dead units above the threshold (one hidden layer, so there is no gradient ratio across depth).',
  'diagnosis.healthy':
    'Healthy: the first hidden layer’s gradient norm is {ratio} × the last hidden layer’s; no saturated or dead units above the threshold.',
  'diagnosis.vanishing': 'the first hidden layer’s gradient norm is only {ratio} × the last hidden layer’s.',
  'diagnosis.exploding': 'the first hidden layer’s gradient norm is {ratio} × the last hidden layer’s.',
  'diagnosis.saturated': '{percent} of the sigmoid/tanh outputs sit where the derivative is below 5% of its maximum.',
  'diagnosis.dead': '{percent} of the ReLU-family units are dead: they output zero on every example.',
  'finding.vanishing': 'Vanishing gradients',
  'finding.exploding': 'Exploding gradients',
  'finding.saturated': 'Saturation',
  'finding.dead': 'Dead neurons (dying ReLU)',

  'run.status': 'Status',
  'run.status.idle': 'Not started',
  'run.status.starting': 'Starting',
  'run.status.running': 'Running',
  'run.status.completed': 'Completed',
  'run.status.stopped': 'Stopped',
  'run.status.diverged': 'Diverged',
  'run.status.failed': 'Failed',
  'run.id': 'Run {id}',
  'run.testAccuracy': 'Test accuracy: {value}',
  'run.testLoss': 'Test loss: {value}',
  'run.divergedAt': 'The loss became NaN or infinite at epoch {epoch}, step {step}.',
  'run.error': 'Error: {message}',

  'chart.title': 'Loss and validation accuracy',
  'chart.batchLoss': 'Batch loss',
  'chart.valAccuracy': 'Validation accuracy',
  'chart.epoch': 'Epoch',
  'chart.empty': 'The curves appear once training starts.',
} as const;

/** English text of the evaluation's MC dropout and class subsets; spread into en.ts (ko: ./mc-dropout.ko.ts, same keys). */
export const mcDropoutEn = {
  'mcDropout.subset': 'Trained on {count} of {total} classes: {names}. Only their test images are evaluated.',
  'mcDropout.title': 'MC dropout',
  'mcDropout.intro':
    'Monte Carlo dropout keeps the dropout layers active at test time and averages many predictions: a better estimate, and the spread of the passes says how unsure the model is.',
  'mcDropout.samples': 'Passes',
  'mcDropout.samplesHint': 'Whole number from 1 to {max}; the book averages 100.',
  'mcDropout.samplesInvalid': 'Enter a whole number of passes from 1 to {max}.',
  'mcDropout.evaluate': 'Evaluate with MC dropout',
  'mcDropout.noDropout': 'This model has no dropout layer: every pass would give the same prediction, so MC dropout has nothing to average.',
  'mcDropout.waiting': 'Available once the evaluation above has finished.',
  'mcDropout.summary': 'Mean of {samples} passes with {layers} dropout layers active. One deterministic pass: accuracy {accuracy}, loss {loss}.',
  'mcDropout.groups': 'Mean uncertainty (std of the predicted class’s probability): right predictions {right} · wrong predictions {wrong}.',
  'mcDropout.entropy': 'Mean predictive entropy: right {right} · wrong {wrong} (nats).',
  'mcDropout.finding': 'As expected, the wrong predictions are the more uncertain ones.',
  'mcDropout.mostUncertain': 'Most uncertain test images',
  'mcDropout.mostUncertainIntro': 'The test images whose passes disagreed most, most uncertain first (right or wrong).',
  'mcDropout.uncertainty': 'Uncertainty ±{std}',
  'mcDropout.uncertaintyLabel': 'uncertainty ±{std}, entropy {entropy}',
} as const;

/** English text of the learning-rate finder panel; spread into en.ts (ko: ./lr-finder.ko.ts, same keys). */
export const lrFinderEn = {
  'lrFinder.button': 'Find learning rate',
  'lrFinder.title': 'Learning-rate finder',
  'lrFinder.intro':
    'Trains a fresh copy of the model for one short pass while the learning rate grows exponentially from {min} to {max}, with these run settings, and plots the loss against the rate.',
  'lrFinder.running': 'Searching… {seconds} s',
  'lrFinder.axisRate': 'Learning rate (log scale)',
  'lrFinder.axisLoss': 'Loss',
  'lrFinder.rawLoss': 'Loss of each step',
  'lrFinder.smoothedLoss': 'Smoothed loss',
  'lrFinder.marker': 'suggested {rate}',
  'lrFinder.chartLabel': 'Loss against the learning rate',
  'lrFinder.summary': '{steps} steps of {batch} images on {backend}.',
  'lrFinder.stoppedEarly': 'The sweep stopped at {rate}: the loss blew up.',
  'lrFinder.suggestion': 'Suggested learning rate: {rate}',
  'lrFinder.rule':
    'The book’s rule: take a rate about 10 times lower than the one where the smoothed loss is lowest (here {atMin}), before the loss shoots back up.',
  'lrFinder.noSuggestion':
    'The smoothed loss never fell below its first value, so there is nothing to suggest. Check the model, or try a smaller batch or another optimizer.',
  'lrFinder.apply': 'Apply {rate}',
  'lrFinder.applied': 'The learning rate is now {rate}. Start the run to train with it.',
  'lrFinder.close': 'Close',
  'lrFinder.error': 'The learning-rate finder failed: {message}',
  'lrFinder.fixForm': 'Fix the run settings first: the finder uses the batch size, the image limit, the seed and the optimizer.',
} as const;

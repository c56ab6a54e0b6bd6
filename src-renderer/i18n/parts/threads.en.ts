/** English text about the cores a run trains on (data-parallel threads); spread into en.ts (ko: ./threads.ko.ts, same keys). */
export const threadsEn = {
  'threads.now': '{threads} threads',
  'threads.nowOne': '1 thread',
  'threads.nowTitle': 'Cores this training uses now. Trainings running at once share the machine’s cores; a training started alone uses all of them.',
  'threads.detail': 'Trained on {threads} of {cores} CPU cores at most.',
  'threads.limit.native_backend': 'One thread of Gradient Lab’s own: libtensorflow (tfjs-node) runs its own thread pool.',
  'threads.limit.batch_normalization':
    'One thread: batch normalization needs the statistics of the whole minibatch, which splitting it across threads would change.',
  'threads.limit.replicas_unavailable': 'One thread: the extra training threads could not start on this installation, so the run went on without them.',
  'threads.limit.unsupported_features':
    'One thread: the extra training threads do not reproduce a setting of this run (a learning-rate schedule, gradient clipping, a regularizer or max-norm constraint, frozen layers, or an optimizer other than SGD and Adam).',
  'threads.limit.small_batch':
    'Fewer threads than cores: each thread needs at least {rows} rows of the minibatch to be worth its synchronization (at batch 32 one thread is faster than two).',
} as const;

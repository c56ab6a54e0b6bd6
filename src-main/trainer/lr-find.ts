/**
 * The `lr-find` command of the training process: the learning-rate finder (loss against an
 * exponentially growing rate over one short pass). See src-main/engine/lr-finder.ts.
 */
import { selectBackend } from '../engine/index.js';
import { findLearningRate as sweep } from '../engine/lr-finder.js';
import { prepareData } from '../data/index.js';
import type { LrFindResult } from '../../src-shared/training/lr-finder.js';
import type { TrainerCommand } from './protocol.js';

/**
 * Runs the finder for `command` in this (training) process: the backend it asks for, the
 * model's dataset with its preprocessing and the run's image limit and class subset, then the sweep with
 * the run's batch size and seed. `backend` in the answer is the backend that ran.
 */
export async function findLearningRate(command: Extract<TrainerCommand, { type: 'lr-find' }>): Promise<LrFindResult> {
  const { model, options } = command;
  await selectBackend(options.backend);
  const data = prepareData(model.dataset, {
    preprocess: model.preprocess,
    ...(options.limit === null ? {} : { limit: options.limit }),
    ...(command.data_dir === null ? {} : { cacheDir: command.data_dir }),
    // A class subset (model.classes) trains on those classes only, relabelled 0..k−1 (data/prepare.ts).
    ...(model.classes ? { classes: model.classes } : {}),
  });
  return sweep(model, data, {
    minRate: command.min_rate,
    maxRate: command.max_rate,
    steps: command.steps,
    batchSize: options.batch_size,
    seed: options.seed,
  });
}

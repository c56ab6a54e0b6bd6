/**
 * The `lr-find` command of the training process: the learning-rate finder (loss against an
 * exponentially growing rate over one short pass). See src-main/engine/lr-finder.ts.
 */
import type { LrFindResult } from '../../src-shared/training/lr-finder.js';
import type { TrainerCommand } from './protocol.js';

/** Runs the finder for `command` in this (training) process. */
export async function findLearningRate(command: Extract<TrainerCommand, { type: 'lr-find' }>): Promise<LrFindResult> {
  throw new Error(`the learning-rate finder is not built yet (model ${command.model.name})`);
}

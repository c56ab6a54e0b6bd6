/**
 * The `runs:export`, `runs:import` and `runs:export-python` handlers: archives and the
 * Python export travel as base64 (the renderer offers them as downloads, and a lab
 * client's upload arrives the same way), and every refusal goes out as a coded message.
 */
import type { Handlers } from '../../src-shared/ipc/contract.js';
import { ArchiveError } from '../runs/archive-error.js';
import { exportRuns, importRuns } from '../runs/archive.js';
import { pythonExport } from '../runs/python-export.js';
import type { RunStore } from '../runs/store.js';
import { UserError } from './dispatch.js';

/** The handlers this file provides. */
export type RunArchiveHandlers = Pick<Handlers, 'runs:export' | 'runs:import' | 'runs:export-python'>;

/** `gradient-lab-runs-20261130-021500.zip` for 2026-11-30 02:15:00 UTC (UTC like run ids, so names sort with them). */
export function archiveFileName(at: Date): string {
  const stamp = at.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `gradient-lab-runs-${stamp}.zip`;
}

/** An ArchiveError as the coded user error the transports send; anything else passes through (dispatch reports it). */
function coded<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ArchiveError) throw UserError.coded(err.code, err.params, field);
    throw err;
  }
}

/** The handlers, on whichever store is current (`store` is a getter: the runs folder can be moved). */
export function createRunArchiveHandlers(store: () => RunStore, now: () => Date = () => new Date()): RunArchiveHandlers {
  return {
    'runs:export': async ({ run_ids, weights }) => {
      const at = now();
      const zip = coded('run_ids', () => exportRuns(store(), run_ids, { weights, now: at }));
      return { file_name: archiveFileName(at), data_base64: Buffer.from(zip).toString('base64'), bytes: zip.length, runs: new Set(run_ids).size };
    },
    'runs:import': async ({ data_base64 }) => coded('data_base64', () => importRuns(store(), Buffer.from(data_base64, 'base64'))),
    'runs:export-python': async ({ run_id }) => coded('run_id', () => pythonExport(store(), run_id)),
  };
}

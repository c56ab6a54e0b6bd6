/**
 * The run a transfer-learning model reuses layers of (`model.transfer.run`), checked in
 * the run store before a run is created: the training process could only fail later,
 * after the queue, with a less useful message. Every refusal is a main-message code
 * (English and Korean) naming the run and what is wrong with it.
 */
import { formatModelError, parseModel } from '../../src-shared/model/index.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { reuseMismatches } from '../../src-shared/model/transfer.js';
import { mainMessage, type MainMessageCode, type MainMessageParams } from '../../src-shared/i18n/main-messages.js';
import type { RunRecord } from '../../src-shared/training/run.js';
import type { RunStore } from './store.js';
import { inspectWeights } from './weights.js';

/** A usable source: its folder (what the trainer reads the weights from) and its validated model. */
export interface TransferSource {
  ok: true;
  run_id: string;
  dir: string;
  model: ModelSpec;
}

/** Why the source cannot be used; `code` and `params` translate it. */
export interface TransferRefusal {
  ok: false;
  code: MainMessageCode;
  params: MainMessageParams;
}

/**
 * Resolves `model.transfer.run` in `store` and checks that it can lend its first
 * `model.transfer.layers` layers: it exists, has finished (not queued or running), its
 * model.json is a valid model whose first layers match `model`'s (kinds, units,
 * use_bias, preprocess; see reuseMismatches) and its saved weights are there and whole.
 * Example: a run still training → `{ ok: false, code: 'transfer.active', params: { run_id, status: 'running' } }`.
 */
export function resolveTransferSource(store: RunStore, model: ModelSpec & { transfer: NonNullable<ModelSpec['transfer']> }): TransferSource | TransferRefusal {
  const runId = model.transfer.run;
  const refuse = (code: MainMessageCode, params: MainMessageParams): TransferRefusal => ({ ok: false, code, params: { run_id: runId, ...params } });
  let dir: string;
  let record: RunRecord;
  try {
    dir = store.runDir(runId);
    record = store.load(runId);
  } catch {
    // A malformed id or no such folder: either way there is no run by that name here.
    return refuse('transfer.unknown_run', { dir: store.dir });
  }
  const statusProblem = record.warnings.find((w) => w.startsWith('status.json'));
  if (statusProblem !== undefined) return refuse('transfer.damaged', { detail: statusProblem });
  const { status } = record.status;
  if (status === 'running' || status === 'queued') return refuse('transfer.active', { status });
  if (record.model === null) return refuse('transfer.damaged', { detail: record.warnings.find((w) => w.startsWith('model.json')) ?? 'model.json is damaged' });
  const parsed = parseModel(record.model);
  if (!parsed.ok) {
    return refuse('transfer.damaged', { detail: `model.json is not a valid model document (${parsed.errors.slice(0, 3).map(formatModelError).join('; ')})` });
  }
  const weights = inspectWeights(dir);
  if (weights.state === 'none') return refuse('transfer.no_weights', { status });
  if (weights.state === 'damaged') return refuse('transfer.weights_damaged', { detail: weights.problem });
  const problems = reuseMismatches(model, parsed.model, model.transfer.layers);
  if (problems.length > 0) {
    return refuse('transfer.mismatch', { layers: model.transfer.layers, detail: problems.map((p) => mainMessage('en', p.code, p.params)).join('; ') });
  }
  return { ok: true, run_id: runId, dir, model: parsed.model };
}

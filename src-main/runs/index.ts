/** The run store: one folder per training run (types live in src-shared/training/run.ts). */
export { RunStore, type RunHandle, type RunStoreOptions, type CreateRunInput, type RecoveryReport } from './store.js';
export { HEARTBEAT_MS, STALE_AFTER_MS, HEARTBEAT_FILE, type RunOwner, type RunOwnership } from './heartbeat.js';
export { MAX_ERROR_CHARS, type RunStoreFs } from './io.js';
export { RunStoreError, RUN_ID_PATTERN, checkRunId, makeRunId, slugify } from './ids.js';
export { parseMetrics, lastEpoch, type ParsedMetrics } from './metrics-file.js';
export { WEIGHTS_DIR, WEIGHTS_MODEL_FILE, WEIGHTS_BIN_FILE, type WeightArtifacts } from './weights.js';
export { RUN_STATUSES, type EarlyStoppedRecord, type RunStatusPatch } from './schema.js';
export { resolveTransferSource, type TransferRefusal, type TransferSource } from './transfer-source.js';
export { META_FILE, checkMetaPatch, metaProblemText, type MetaPatch, type MetaProblem } from './meta.js';
export { TRASH_DIR, FOREIGN_TRASH_MS, type TrashMark } from './trash.js';
export { watchRuns, runsSignature, type RunsWatcher, type WatchRunsOptions } from './watch.js';
export { RACY_MS, modelFacets } from './summarize.js';

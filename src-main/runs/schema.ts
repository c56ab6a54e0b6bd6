/**
 * Checks for what the run store reads back from disk. A run folder can be damaged
 * (crash, disk full, hand edits), so nothing read is trusted without a check, and
 * a failed check names the file and the field.
 */
import { z } from 'zod';
import type { RunStatus } from '../../src-shared/training/metrics.js';
import type { RunEnvironment, RunStatusRecord } from '../../src-shared/training/run.js';
import { MODEL_FORMAT, type ModelSpec } from '../../src-shared/model/spec.js';
import { DATASET_IDS } from '../../src-shared/model/ids.js';
import { CANDIDATE_ACTIVATIONS, type RunStudyTag } from '../../src-shared/wizard/types.js';

/** Every RunStatus; `satisfies` plus the check below keep it in step with the type. */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'stopped', 'diverged', 'failed'] as const satisfies readonly RunStatus[];
type MissingStatus = Exclude<RunStatus, (typeof RUN_STATUSES)[number]>;
const allStatusesListed: MissingStatus extends never ? true : false = true;
void allStatusesListed;

const num = z.number();

/** status.json's `study`: which cross-validation study, candidate and fold a run is. */
export const runStudyTagSchema: z.ZodType<RunStudyTag> = z.object({
  id: z.string(),
  kind: z.literal('crossval'),
  activation: z.enum(CANDIDATE_ACTIVATIONS),
  fold: z.number().int().min(1),
  folds: z.number().int().min(1),
});

const statusSchema = z
  .object({
    status: z.enum(RUN_STATUSES),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    error: z.string().optional(),
    diverged_at: z.object({ epoch: num, step: num }).optional(),
    test_accuracy: num.nullable().optional(),
    test_loss: num.nullable().optional(),
    options: z.object({
      epochs: num,
      batch_size: num,
      limit: num.nullable(),
      seed: num,
      backend: z.string(),
    }),
    owner: z.object({ pid: num, hostname: z.string(), heartbeat_at: z.string().optional() }).optional(),
    // A damaged tag only loses the run its study (it is read as absent); the run itself stays usable.
    study: runStudyTagSchema.optional().catch(undefined),
    // Likewise: a damaged reference only loses where the run continued from.
    continued_from: z.string().optional().catch(undefined),
    // Likewise: a damaged record only loses how early stopping ended the run.
    early_stopped: z
      .object({ epoch: z.number().int().min(1), best_epoch: z.number().int().min(1), restored: z.boolean() })
      .optional()
      .catch(undefined),
  })
  .loose();

const environmentSchema = z
  .object({
    backend: z.string().nullable(),
    backend_requested: z.string().nullable(),
    backend_attempts: z.array(z.object({ name: z.string(), ok: z.boolean(), reason: z.string() })),
    tfjs_version: z.string().nullable(),
    app_version: z.string(),
    node_version: z.string(),
    electron_version: z.string().nullable(),
    platform: z.string(),
    arch: z.string(),
    cpu_model: z.string(),
    cpu_count: num,
    memory_bytes: num,
    hostname: z.string(),
  })
  .loose();

/** Early stopping's record in status.json (see RunStatusRecord.early_stopped). */
export type EarlyStoppedRecord = NonNullable<RunStatusRecord['early_stopped']>;

/** What `RunStore.setStatus` may change: any status.json field. */
export type RunStatusPatch = Partial<RunStatusRecord>;

/** Parses a JSON file's text with a schema; throws an Error naming the file and the first bad field. */
function parseWith<T>(schema: z.ZodType<T>, text: string, file: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message})`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new Error(`${file} is invalid at ${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  return result.data;
}

/** Parses status.json. */
export function parseStatus(text: string): RunStatusRecord {
  return parseWith(statusSchema, text, 'status.json') as RunStatusRecord;
}

/** Parses environment.json. */
export function parseEnvironment(text: string): RunEnvironment {
  return parseWith(environmentSchema, text, 'environment.json') as RunEnvironment;
}

// Built once: making a zod schema costs far more than using it, and a list of 1,000 runs parses 1,000 of these.
const storedModelSchema = z
  .object({ format: z.literal(MODEL_FORMAT), name: z.string(), dataset: z.enum(DATASET_IDS), layers: z.array(z.unknown()) })
  .loose();

/**
 * Parses model.json far enough to list and show the run. The full model check
 * belongs to the model validator; a run's copy was validated before training.
 */
export function parseStoredModel(text: string): ModelSpec {
  return parseWith(storedModelSchema, text, 'model.json') as unknown as ModelSpec;
}

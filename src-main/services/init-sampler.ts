/**
 * `init:sample`: draws a kernel with the engine's own initializer in a short-lived
 * training process and answers what came out, beside what the chapter promises.
 * tfjs never runs on the app's main thread (the same rule as backend probes), so
 * each sample is one process: about a second, most of it loading tfjs.
 *
 * A classroom of browsers dragging a slider must not start a process per tick:
 * identical requests in flight share one process, at most two processes sample at
 * once, and a bounded number wait; past that the request is refused.
 */
import { createJobPool } from './job-pool.js';
import { INIT_SAMPLE_LIMITS, type InitSampleRequest, type InitSampleResponse } from '../../src-shared/ipc/contract.js';
import { checkRequest } from '../../src-shared/ipc/schemas.js';
import { expectedKernelStd } from '../../src-shared/model/initializers.js';
import { MAX_SEED } from '../../src-shared/model/schema.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../trainer/launcher.js';
import type { InitSampleStats } from '../trainer/protocol.js';
import { runOneShot } from '../trainer/one-shot.js';
import { UserError } from './dispatch.js';

/** Sampling processes at once. */
export const MAX_CONCURRENT_SAMPLES = 2;
/** Requests that may wait for a free slot; more are refused. */
export const MAX_WAITING_SAMPLES = 16;

const pool = createJobPool<InitSampleResponse>(MAX_CONCURRENT_SAMPLES, MAX_WAITING_SAMPLES);

/** Options for tests and the desktop app (which passes its utilityProcess launcher). */
export interface SampleInitOptions {
  launcher?: TrainerLauncher;
  timeoutMs?: number;
}

/**
 * Validates `req` (the same checks as the IPC schema: the model format's initializer
 * schema, fans 1..100000, fan_in·fan_out ≤ 4,000,000) and draws the kernel.
 * Example: `sampleInit({ initializer: 'he_normal', fan_in: 784, fan_out: 300, seed: 1 })` →
 * `{ count: 235200, measured_std: ≈0.0505, expected_std: 0.0505…, values: [20000 weights], … }`.
 */
export async function sampleInit(req: unknown, opts: SampleInitOptions = {}): Promise<InitSampleResponse> {
  // Checked again here, not only by dispatch: the service is also called directly (tests, other services).
  const checked = checkRequest('init:sample', req);
  if (!checked.ok) throw new UserError(checked.error.message, checked.error.field);
  const r = checked.value as InitSampleRequest;
  const seed = r.seed ?? Math.floor(Math.random() * MAX_SEED);
  return pool.run(JSON.stringify([r.initializer, r.fan_in, r.fan_out, seed]), () => draw(r, seed, opts), (count) => {
    throw UserError.coded('busy.sample', { count });
  });
}

async function draw(r: InitSampleRequest, seed: number, opts: SampleInitOptions): Promise<InitSampleResponse> {
  const stats = await runSampler(r, seed, opts.launcher ?? nodeTrainerLauncher(), opts.timeoutMs ?? 60_000);
  return { ...stats, expected_std: expectedKernelStd(r.initializer, r.fan_in, r.fan_out), seed };
}

function runSampler(r: InitSampleRequest, seed: number, launcher: TrainerLauncher, timeoutMs: number): Promise<InitSampleStats> {
  return runOneShot(
    launcher,
    { type: 'sample-init', initializer: r.initializer, fan_in: r.fan_in, fan_out: r.fan_out, seed, max_values: INIT_SAMPLE_LIMITS.max_values },
    (e) => (e.type === 'init-sample' ? e.sample : undefined),
    'init:sample',
    timeoutMs,
  );
}

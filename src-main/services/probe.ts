/**
 * Asks a short-lived training process which backend would train, and why the
 * others were skipped. Done in a separate process because loading tfjs-node-gpu
 * loads CUDA libraries, which must never happen on the app's main thread.
 *
 * Concurrent probes of the same preference share one process (a classroom of
 * browsers opening the lab page at once must not start one process each), and a
 * finished answer is cached for the session.
 */
import type { BackendInfoPayload } from '../../src-shared/training/events.js';
import type { BackendPreference } from '../../src-shared/training/run-options.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../trainer/launcher.js';
import { runOneShot } from '../trainer/one-shot.js';

const cache = new Map<BackendPreference, BackendInfoPayload>();
const inFlight = new Map<BackendPreference, Promise<BackendInfoPayload>>();

/** Forgets cached answers (tests; a settings change that could alter the outcome). */
export function clearProbeCache(): void {
  cache.clear();
}

/** Probes (once per preference per session; concurrent callers share one process) and resolves with the backend report. */
export function probeBackend(pref: BackendPreference, launcher: TrainerLauncher = nodeTrainerLauncher(), timeoutMs = 60_000): Promise<BackendInfoPayload> {
  const hit = cache.get(pref);
  if (hit) return Promise.resolve(hit);
  const running = inFlight.get(pref);
  if (running) return running;
  const probe = runProbe(pref, launcher, timeoutMs).finally(() => inFlight.delete(pref));
  inFlight.set(pref, probe);
  return probe;
}

function runProbe(pref: BackendPreference, launcher: TrainerLauncher, timeoutMs: number): Promise<BackendInfoPayload> {
  return runOneShot(
    launcher,
    { type: 'probe', backend: pref },
    (e) => (e.type === 'backend' ? e.backend : undefined),
    'backend probe',
    timeoutMs,
  ).then((info) => {
    cache.set(pref, info);
    return info;
  });
}

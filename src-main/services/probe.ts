/**
 * Asks a short-lived training process which backend would train, and why the
 * others were skipped. Done in a separate process because loading tfjs-node-gpu
 * loads CUDA libraries, which must never happen on the app's main thread.
 */
import type { BackendInfoPayload } from '../../src-shared/training/events.js';
import type { BackendPreference } from '../../src-shared/training/run-options.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../trainer/launcher.js';
import { trainerEventSchema } from '../trainer/protocol.js';

const cache = new Map<BackendPreference, BackendInfoPayload>();

/** Probes (once per preference per session) and resolves with the backend report. */
export function probeBackend(pref: BackendPreference, launcher: TrainerLauncher = nodeTrainerLauncher(), timeoutMs = 60_000): Promise<BackendInfoPayload> {
  const hit = cache.get(pref);
  if (hit) return Promise.resolve(hit);
  return new Promise((resolve, reject) => {
    const channel = launcher();
    const timer = setTimeout(() => {
      channel.kill();
      reject(new Error(`backend probe timed out after ${timeoutMs / 1000} s`));
    }, timeoutMs);
    channel.onEvent((raw) => {
      const parsed = trainerEventSchema.safeParse(raw);
      if (!parsed.success) return;
      if (parsed.data.type === 'backend') {
        clearTimeout(timer);
        cache.set(pref, parsed.data.backend);
        channel.release();
        resolve(parsed.data.backend);
      } else if (parsed.data.type === 'error') {
        clearTimeout(timer);
        channel.kill();
        reject(new Error(parsed.data.message));
      }
    });
    channel.onExit((exit) => {
      clearTimeout(timer);
      reject(new Error(`backend probe process ended early (code ${exit.code}, signal ${exit.signal})`));
    });
    channel.send({ type: 'probe', backend: pref });
  });
}

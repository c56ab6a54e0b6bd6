/**
 * A short-lived training process that answers one command with one event (a backend
 * probe, an initializer sample): tfjs and native libraries load there, never in the
 * app's main process. One place for the timeout, the error event and an early exit.
 */
import type { TrainerLauncher } from './launcher.js';
import { trainerEventSchema, type TrainerCommand, type TrainerEvent } from './protocol.js';

/**
 * Sends `command` to a fresh training process and resolves with the first event that
 * `pick` accepts (returns non-undefined for). Rejects, prefixed with `label`, on the
 * process's `error` event, an exit before the answer, or `timeoutMs`. Example:
 * `runOneShot(launcher, { type: 'probe', backend: 'auto' }, (e) => (e.type === 'backend' ? e.backend : undefined), 'backend probe', 60_000)`.
 */
export function runOneShot<T>(
  launcher: TrainerLauncher,
  command: TrainerCommand,
  pick: (event: TrainerEvent) => T | undefined,
  label: string,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const channel = launcher();
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      channel.kill();
      settle(() => reject(new Error(`${label} timed out after ${timeoutMs / 1000} s`)));
    }, timeoutMs);
    channel.onEvent((raw) => {
      const parsed = trainerEventSchema.safeParse(raw);
      if (!parsed.success) return;
      if (parsed.data.type === 'error') {
        const msg = parsed.data.message;
        channel.kill();
        settle(() => reject(new Error(`${label}: ${msg}`)));
        return;
      }
      const value = pick(parsed.data);
      if (value === undefined) return;
      channel.release();
      settle(() => resolve(value));
    });
    channel.onExit((exit) => {
      settle(() => reject(new Error(`${label} process ended early (code ${exit.code}, signal ${exit.signal})`)));
    });
    channel.send(command);
  });
}

/**
 * TrainerLauncher for Electron's utilityProcess (the child side is
 * utility-entry.ts). Written against a structural `fork` so it has no runtime
 * dependency on Electron: the app passes `utilityProcess.fork`, tests pass a fake.
 * Messages travel as structured clones, so NaN losses survive the trip. This module
 * must not import the worker: the main bundle imports it, and tfjs stays out of there.
 */
import type { TrainerChannel, TrainerExit, TrainerLauncher } from './launcher.js';

/** The part of Electron's UtilityProcess the launcher uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
  kill(): boolean;
}

/** Options the launcher passes to `fork` (a subset of Electron's ForkOptions). */
export interface UtilityForkOptions {
  serviceName: string;
  stdio: 'inherit';
}

/** Electron's `utilityProcess.fork`, or a stand-in. */
export type UtilityFork = (modulePath: string, args: string[], options: UtilityForkOptions) => UtilityProcessLike;

/** Service name shown in the OS task manager. */
export const TRAINER_SERVICE_NAME = 'Gradient Lab trainer';

/** How long a released trainer may take to exit by itself before it is killed, in ms. */
export const RELEASE_GRACE_MS = 2000;

/**
 * Creates a launcher that forks `entry` (out/main/trainer.js) as a utility process.
 * `wasmDir` (the packaged app's unpacked .wasm folder) is passed as `--wasm-dir=…`.
 */
export function utilityTrainerLauncher(fork: UtilityFork, entry: string, opts: { wasmDir?: string | null } = {}): TrainerLauncher {
  const args = opts.wasmDir ? [`--wasm-dir=${opts.wasmDir}`] : [];
  return (): TrainerChannel => {
    const child = fork(entry, args, { serviceName: TRAINER_SERVICE_NAME, stdio: 'inherit' });
    const exitListeners: ((e: TrainerExit) => void)[] = [];
    let exited: TrainerExit | null = null;
    let releaseTimer: ReturnType<typeof setTimeout> | null = null;
    child.on('exit', (code: number) => {
      if (releaseTimer) clearTimeout(releaseTimer);
      exited = { code, signal: null };
      for (const l of exitListeners) l(exited);
    });
    child.on('error', (type: unknown, location: unknown) => {
      console.error(`[gradient-lab] trainer process error: ${String(type)} at ${String(location)}`);
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (command) => {
        if (!exited) child.postMessage(command);
      },
      onEvent: (listener) => {
        child.on('message', listener);
      },
      onExit: (listener) => {
        if (exited) listener(exited);
        else exitListeners.push(listener);
      },
      release: () => {
        // The entry exits after `done`; the timer only catches a trainer that hangs.
        if (!exited && !releaseTimer) {
          releaseTimer = setTimeout(() => child.kill(), RELEASE_GRACE_MS);
          releaseTimer.unref?.();
        }
      },
      kill: () => {
        if (!exited) child.kill();
      },
    };
  };
}

/** Reads `--wasm-dir=<dir>` (which the launcher passes) from the trainer's arguments, or null. */
export function wasmDirFromArgs(argv: readonly string[]): string | null {
  const arg = argv.find((a) => a.startsWith('--wasm-dir='));
  return arg ? arg.slice('--wasm-dir='.length) || null : null;
}

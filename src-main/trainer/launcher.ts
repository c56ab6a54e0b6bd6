/**
 * Starting the training process. The desktop app passes an Electron utilityProcess
 * launcher (src-main/app); everything else — CLI, lab server, tests — forks a Node
 * child process with the same messages.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainerCommand } from './protocol.js';

/** How the training process ended. `code` 0 with no signal is a normal exit. */
export interface TrainerExit {
  code: number | null;
  signal: string | null;
}

/** A started training process, whatever runs it. Events arrive unvalidated: the caller checks them. */
export interface TrainerChannel {
  readonly pid: number | undefined;
  send(command: TrainerCommand): void;
  onEvent(listener: (event: unknown) => void): void;
  onExit(listener: (exit: TrainerExit) => void): void;
  /** Ends the conversation after `done`; the process then exits by itself. */
  release(): void;
  /** Ends the process at once (the run is then marked by the caller). */
  kill(): void;
}

/** Creates a training process. */
export type TrainerLauncher = () => TrainerChannel;

/**
 * Finds the trainer entry next to this module: `node-entry.ts` when running from
 * source through tsx, `trainer.js` when bundled by electron-vite.
 */
export function defaultTrainerEntry(): { entry: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'trainer.js');
  if (existsSync(bundled)) return { entry: bundled, execArgv: [] };
  return { entry: join(here, 'node-entry.ts'), execArgv: ['--import', 'tsx'] };
}

/** Launcher that forks a Node child process (advanced serialization keeps NaN and typed arrays intact). */
export function nodeTrainerLauncher(opts: Partial<{ entry: string; execArgv: string[] }> = {}): TrainerLauncher {
  const def = defaultTrainerEntry();
  const entry = opts.entry ?? def.entry;
  const execArgv = opts.execArgv ?? def.execArgv;
  return () => {
    const child = fork(entry, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and a
      // training process dying of it would turn the parent's "stop after this step" (train,
      // crossval, the lab server) into a failed run. The parent stops it with `stop`; if the
      // parent dies, the IPC channel closes and the process exits (node-entry.ts). Not on
      // Windows, where a detached child gets a console window of its own.
      detached: process.platform !== 'win32',
    });
    const exitListeners: ((e: TrainerExit) => void)[] = [];
    let exited: TrainerExit | null = null;
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      for (const l of exitListeners) l(exited);
    });
    // A failed spawn (missing entry, bad node) surfaces as 'error' and maybe no 'exit'.
    child.on('error', () => {
      if (!exited) {
        exited = { code: null, signal: 'spawn-error' };
        for (const l of exitListeners) l(exited);
      }
    });
    return {
      pid: child.pid,
      send: (command) => {
        if (child.connected) child.send(command);
      },
      onEvent: (listener) => child.on('message', listener),
      onExit: (listener) => {
        if (exited) listener(exited);
        else exitListeners.push(listener);
      },
      release: () => {
        if (child.connected) child.disconnect();
      },
      kill: () => {
        child.kill('SIGKILL');
      },
    };
  };
}

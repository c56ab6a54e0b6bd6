/**
 * Entry point of the training process in the desktop app (Electron utilityProcess,
 * built to out/main/trainer.js). The parent talks through `process.parentPort`,
 * whose messages arrive as `{ data }` and are queued until a listener exists.
 */
import { configureReplicas, setWasmDir } from '../engine/index.js';
import type { TrainerCommand } from './protocol.js';
import { wasmDirFromArgs } from './utility-launcher.js';
import { serveTrainer } from './worker.js';

/** The part of Electron's `process.parentPort` the trainer uses. */
interface ParentPortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  console.error('gradient-lab trainer: must be started by the app as a utility process (no parentPort)');
  process.exit(2);
}

// The packaged app ships the .wasm binaries outside app.asar; the launcher says where.
const wasmDir = wasmDirFromArgs(process.argv);
if (wasmDir) setWasmDir(wasmDir);
// Data-parallel replicas run the built replica script beside this one, with the same .wasm folder.
configureReplicas({ script: { url: new URL('./parallel-worker.js', import.meta.url) }, wasmDir });

const done = serveTrainer({
  send: (event) => parentPort.postMessage(event),
  onCommand: (listener) => parentPort.on('message', (message) => listener(message.data as TrainerCommand)),
});
// The port's listener would keep this process alive; give the last message a moment to leave.
void done.then(() => setTimeout(() => process.exit(0), 200));

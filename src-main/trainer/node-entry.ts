/**
 * Entry point of the training process when it is a Node child process
 * (`child_process.fork` with advanced serialization, so NaN survives the trip).
 */
import { serveTrainer } from './worker.js';
import type { TrainerCommand } from './protocol.js';

if (!process.send) {
  console.error('gradient-lab trainer: must be started by the app (no IPC channel)');
  process.exit(2);
}

const done = serveTrainer({
  send: (event) => process.send?.(event),
  onCommand: (listener) => process.on('message', (m) => listener(m as TrainerCommand)),
});
// The parent disconnects once it has recorded `done`; before that, the parent going
// away means nobody records the run: stop rather than train for nothing.
process.on('disconnect', () => process.exit(0));
void done;

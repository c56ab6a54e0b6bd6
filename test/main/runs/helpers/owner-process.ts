/**
 * A second process that owns a run, for the ownership tests (run with `node --import tsx`):
 * creates a run in the runs folder given as argv[2], keeps its heartbeat every 50 ms,
 * prints the run id on stdout. Mode (argv[3]) `stay` keeps the process alive until it is
 * killed; `exit` leaves only the heartbeat timer, which must not keep the process alive.
 */
import { RunStore } from '../../../../src-main/runs/store.js';

const [dir, mode] = process.argv.slice(2);
if (!dir) throw new Error('usage: owner-process.ts <runs dir> stay|exit');
const store = new RunStore(dir, { heartbeatMs: 50 });
const run = store.create({
  model: { format: 'gradient-lab/model', version: 2, name: 'child', dataset: 'mnist', preprocess: 'scale', layers: [], training: { optimizer: { name: 'sgd', learning_rate: 0.1 }, epochs: 1, batch_size: 8, seed: 1 } },
  environment: {
    backend: null, backend_requested: null, backend_attempts: [], tfjs_version: null, app_version: '0', node_version: process.version,
    electron_version: null, platform: process.platform, arch: process.arch, cpu_model: 'x', cpu_count: 1, memory_bytes: 1, hostname: 'x',
  },
  options: { epochs: 1, batch_size: 8, limit: null, seed: 1, backend: 'cpu' },
});
store.startHeartbeat(run.id, (err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(3);
});
process.stdout.write(`${run.id}\n`);
if (mode === 'stay') setInterval(() => undefined, 1000);

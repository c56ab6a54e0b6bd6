/**
 * `npm run bench:runs-list`: how long the runs view waits with a big runs folder. Generates
 * RUNS runs (default 1,000) in a temp folder the way training writes them (model.json,
 * environment.json, status.json, weights/, metrics.jsonl with EPOCHS epoch records of 3
 * layers' diagnostics and BATCHES batch samples per epoch, meta.json on every third run,
 * a few damaged), then times:
 * - the first list (a fresh RunStore: every file read; the OS page cache is warm, since
 *   the files were just written),
 * - a re-list with nothing changed, and one after 10 runs changed (what the view does on
 *   runs:changed); timing starts RACY_MS after the last write, since younger files are
 *   always re-read,
 * - the view's sort and filter over the rows (src-renderer/features/runs/runs-table.ts),
 * - the watcher's poll (runsSignature), which runs every 2 s,
 * - `runs list --json` through the real CLI (a fresh process: tsx start-up included).
 * Medians of several rounds. A report, not a test: numbers depend on the machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RACY_MS, RunStore, runsSignature } from '../../src-main/runs/index.js';
import { NO_FILTER, sortRuns, visibleRuns } from '../../src-renderer/features/runs/runs-table.js';
import { loadExample } from '../helpers/examples.js';

const RUNS = Number(process.env['RUNS'] ?? 1000);
const EPOCHS = Number(process.env['EPOCHS'] ?? 10);
const BATCHES = Number(process.env['BATCHES'] ?? 30);
const root = mkdtempSync(join(tmpdir(), 'gl-bench-runs-'));
const dir = join(root, 'runs');

const environment = {
  backend: 'tensorflow', backend_requested: 'auto', backend_attempts: [{ name: 'tensorflow', ok: true, reason: 'loaded' }], tfjs_version: '4.22.0',
  app_version: '0.1.0', node_version: process.version, electron_version: null, platform: process.platform, arch: process.arch,
  cpu_model: cpus()[0]?.model ?? 'cpu', cpu_count: cpus().length, memory_bytes: 16e9, hostname: 'bench',
};
const examples = ['leaky-relu', 'selu-100', 'elu-he', 'he-relu', 'prelu', 'batch-norm'].map(loadExample);
const layer = (i: number) => ({ name: `dense_${i}`, spec_index: i, activation: 'relu', grad_norm: 0.01 * i, weight_norm: 3.2, act_mean: 0.4, act_std: 0.9, inactive_fraction: 0.1, inactive_kind: 'dead' });
// 1,000 float32 weights: inspectWeights checks the size against the manifest, not the values.
const weightSpecs = [{ name: 'dense/kernel', shape: [1000], dtype: 'float32' }];

function generate(): void {
  const t0 = performance.now();
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < RUNS; i++) {
    const store = new RunStore(dir, { now: () => new Date(start + i * 60_000) });
    const run = store.create({ model: examples[i % examples.length]!, environment, options: { epochs: EPOCHS, batch_size: 32, limit: null, seed: i, backend: 'auto' } });
    const lines: string[] = [];
    let step = 0;
    for (let e = 1; e <= EPOCHS; e++) {
      for (let b = 0; b < BATCHES; b++) {
        step++;
        lines.push(JSON.stringify({ type: 'batch', epoch: e, step, loss: 1 / step, samples_done: step * 32, samples_total: EPOCHS * BATCHES * 32 }));
      }
      lines.push(JSON.stringify({ type: 'epoch', epoch: e, loss: 1 / e, accuracy: 0.7 + e / 100, val_loss: 0.6, val_accuracy: 0.7 + ((i * 7 + e) % 20) / 100, seconds: 4.2, layers: [layer(1), layer(2), layer(3)] }));
    }
    // The same lines appendMetric writes, in one write: generating must not take minutes.
    writeFileSync(join(run.dir, 'metrics.jsonl'), `${lines.join('\n')}\n`);
    store.saveWeights(run.id, { modelTopology: {}, weightSpecs, weightData: new Float32Array(1000).buffer });
    store.setStatus(run.id, {
      status: i % 17 === 0 ? 'stopped' : 'completed',
      started_at: new Date(start + i * 60_000).toISOString(),
      finished_at: new Date(start + i * 60_000 + 42_000).toISOString(),
      test_accuracy: 0.8,
      test_loss: 0.5,
    });
    if (i % 3 === 0) store.updateMeta(run.id, { tags: [`week-${i % 12}`, i % 2 ? 'relu' : 'selu'], note: `run ${i}` });
    if (i % 250 === 7) writeFileSync(join(run.dir, 'status.json'), '{"status": "compl');
  }
  console.log(`generated ${RUNS} runs (${EPOCHS} epochs × ${BATCHES} batch samples each) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${dir}`);
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

function median(fn: () => unknown, rounds = 7): number {
  const ms = Array.from({ length: rounds }, () => time(fn).ms).sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}

const row = (label: string, ms: number, extra = '') => console.log(`${label.padEnd(44)}${ms.toFixed(1).padStart(9)} ms${extra ? `  ${extra}` : ''}`);

try {
  generate();
  // Files younger than RACY_MS are always re-read (coarse timestamps): wait, as a folder of finished runs would be.
  await new Promise((r) => setTimeout(r, RACY_MS + 100));
  const store = new RunStore(dir);
  const first = time(() => store.list());
  const rows = first.value;
  row('first list (fresh store, every file read)', first.ms, `${rows.length} rows, ${rows.filter((r) => r.damaged).length} damaged`);
  row('re-list, nothing changed (median of 7)', median(() => store.list()));
  const writer = new RunStore(dir);
  const changed = rows.filter((r) => !r.damaged).slice(0, 10).map((r) => r.id);
  for (const id of changed) writer.updateMeta(id, { note: 'changed' });
  row('re-list after 10 runs changed', time(() => store.list()).ms);
  row('sort by best val accuracy (median)', median(() => sortRuns(rows, { column: 'best_val', descending: true })));
  row('sort by name (median)', median(() => sortRuns(rows, { column: 'name', descending: false })));
  row('filter: status + activation (median)', median(() => visibleRuns(rows, { ...NO_FILTER, status: 'completed', activation: 'selu' }, { column: 'created', descending: true })));
  row('filter: free text "week-3 selu" (median)', median(() => visibleRuns(rows, { ...NO_FILTER, text: 'week-3 selu' }, { column: 'created', descending: true })));
  row('filter: tag (median)', median(() => visibleRuns(rows, { ...NO_FILTER, tag: 'relu' }, { column: 'best_val', descending: true })));
  row('watcher poll: runsSignature (median)', median(() => runsSignature(dir)));
  const cli = time(() =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', 'runs', 'list', '--json', '--runs-dir', dir], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  row('CLI runs list --json (new process, wall)', cli.ms, `exit ${cli.value.status}, ${(JSON.parse(cli.value.stdout) as unknown[]).length} runs`);
} finally {
  // KEEP=1 leaves the folder for a closer look (profiling).
  if (process.env['KEEP'] !== '1') rmSync(root, { recursive: true, force: true });
}

/**
 * `npm run bench`: training speed of one model (default: the seed's LeakyReLU 300-100
 * net, examples/leaky-relu.json) per batch size, with and without per-layer
 * diagnostics, on the active backend: seconds per epoch (median of --epochs epochs of
 * training steps only, TrainResult.step_seconds), samples/s, achieved GFLOP/s, peak
 * RSS and threads; --compare-pytorch times the same model in PyTorch alongside.
 * Speed targets live here, not in timed tests. --help lists the flags; a bad flag value
 * is exit 2 naming the flag and the value.
 */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { BACKEND_ENV_VAR, BACKEND_PREFERENCES, type BackendPreference } from '../../src-shared/training/run-options.js';
import { prepareData } from '../data/index.js';
import { planDense, selectBackend, train, type PreparedData, type TrainCallbacks } from '../engine/index.js';
import { loadExamples } from '../services/examples.js';
import { CliError, EXIT, runOptionFrom, usageErrorOf } from './args.js';
import { findTorchPython, PYTHON_ENV_VAR, PYTORCH_NOT_FOUND, runPytorchBench, type PytorchTiming } from './bench-pytorch.js';
import { en } from './messages.js';
import { readModelFile } from './model-file.js';
import { MIN_SHARD_ROWS } from '../../src-shared/training/threads.js';

const DEFAULT_MODEL = 'leaky-relu';
const DIAGNOSTICS_CHOICES = ['on', 'off', 'both'] as const;
type DiagnosticsChoice = (typeof DIAGNOSTICS_CHOICES)[number];
/** A median needs at least three values to say anything a single epoch does not. */
const MIN_EPOCHS = 3;
const MAX_EPOCHS = 1000;
const MAX_THREADS = 256;

const HELP = `usage: npm run bench -- [options]

Training speed of one model per batch size, with and without per-layer diagnostics.
Epoch time counts training steps only (validation and test are skipped): the median
over --epochs epochs of one fresh model per (batch size, diagnostics).

options:
  --model ID|FILE        an example id (examples/*.json, e.g. selu-100) or a model file
                         (default: ${DEFAULT_MODEL})
  --batch-sizes A,B      batch sizes, comma list (default: 32,256)
  --diagnostics on|off|both
                         on: per-layer gradient norms and throttled layer samples, as the
                         app pays for them; off: none; both: one row each (default)
  --epochs N             epochs per row, median reported [${MIN_EPOCHS}–${MAX_EPOCHS}] (default: 3)
  --threads N            cores the run may use [1–${MAX_THREADS}] (default: all, here ${availableParallelism()});
                         N > 1 trains data-parallel (engine/parallel/); rows show the
                         threads actually used (a model with batch normalization, a
                         native backend or a small batch uses fewer)
  --repeat N             train each row N times, alternating diagnostics on and off, and
                         take the median of all epochs (default 1); evens out a machine
                         whose speed drifts, for the diagnostics overhead
  --min-shard-rows N     fewest minibatch rows per thread (default: ${MIN_SHARD_ROWS}, the
                         engine's); lower it to measure scaling at small batches
  --limit N              training images per epoch (default: all 55,000)
  --backend B            ${BACKEND_PREFERENCES.join('|')} (default: $${BACKEND_ENV_VAR} or auto)
  --compare-pytorch      also time the same model, optimizer, batch size and sample count
                         in PyTorch (scripts/bench_pytorch.py, random data of the same
                         shape: step time does not depend on the values) with
                         --pytorch-threads N threads (default 1, as in the issue's
                         reference measurement); adds PyTorch's s/epoch and
                         the ratio ours/PyTorch. Python: $${PYTHON_ENV_VAR}, else python3,
                         else /usr/bin/python3, the first that can import torch
  --json                 one JSON object per row on stdout: model, backend, batch_size,
                         diagnostics, seconds_per_epoch, samples_per_second, gflops,
                         peak_rss_mb, threads (+ pytorch_seconds_per_epoch, ratio)
  --help                 this text

GFLOP/s counts 6 × (multiply-adds of the Dense kernels per sample) × samples per epoch
(forward plus two backward products; biases and activations not counted), divided by
the seconds per epoch. Peak RSS is the process's largest resident set so far, worker
threads included, in MiB (1 MiB = 1,048,576 bytes); rows run in order, so a row's peak
covers the rows above it too.

exit codes: 0 done, 1 invalid model file, 2 bad usage (or a model PyTorch cannot
mirror, or PyTorch not found), 4 a run failed or diverged.`;

/** The bench's parsed command line. */
interface BenchFlags {
  /** Example id or file path as given. */
  model: string;
  limit: number | undefined;
  backend: BackendPreference;
  batchSizes: number[];
  diagnostics: boolean[];
  epochs: number;
  threads: number;
  /** Trainings per row, alternating diagnostics on and off; rows take the median of all their epochs. */
  repeat: number;
  /** Fewest minibatch rows per thread (the engine's MIN_SHARD_ROWS unless measuring scaling). */
  minShardRows: number;
  /** PyTorch's threads (default 1: the reference, PyTorch on one core). */
  pytorchThreads: number;
  comparePytorch: boolean;
  json: boolean;
  help: boolean;
}

/** One JSON row of --json (key order is the documented one). */
interface BenchRow {
  model: string;
  backend: string;
  batch_size: number;
  diagnostics: boolean;
  seconds_per_epoch: number;
  samples_per_second: number;
  gflops: number;
  peak_rss_mb: number;
  threads: number;
  pytorch_seconds_per_epoch?: number;
  ratio?: number;
}

/** An integer flag in [min, max]; CliError (exit 2) naming the flag and the value otherwise. */
function intFlag(flag: string, raw: string, min: number, max: number, why = ''): number {
  const text = raw.trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(`${flag}: expected an integer from ${min} to ${max}${why}, received ${JSON.stringify(raw)}`);
  }
  return n;
}

const OPTIONS = {
  model: { type: 'string' },
  limit: { type: 'string' },
  backend: { type: 'string' },
  'batch-sizes': { type: 'string' },
  diagnostics: { type: 'string' },
  epochs: { type: 'string' },
  threads: { type: 'string' },
  'min-shard-rows': { type: 'string' },
  repeat: { type: 'string' },
  'pytorch-threads': { type: 'string' },
  'compare-pytorch': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/**
 * `--limit -5` reads to parseArgs as a flag without its value; joined as `--limit=-5`
 * the range check names the value instead (as `npm run cli` does).
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : '';
    if (OPTIONS[name as keyof typeof OPTIONS]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

function readFlags(argv: string[]): BenchFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: joinNegativeValues(argv), strict: true, options: OPTIONS }).values;
  } catch (err) {
    throw usageErrorOf(err, en);
  }
  const str = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

  const diagnosticsRaw = str('diagnostics') ?? 'both';
  if (!(DIAGNOSTICS_CHOICES as readonly string[]).includes(diagnosticsRaw)) {
    throw new CliError(`--diagnostics: expected one of ${DIAGNOSTICS_CHOICES.join(', ')}, received ${JSON.stringify(diagnosticsRaw)}`);
  }
  const choice = diagnosticsRaw as DiagnosticsChoice;
  const limitRaw = str('limit');
  const backendRaw = str('backend');
  const fromEnv = process.env[BACKEND_ENV_VAR];
  // Duplicates would only repeat a row; keep the first occurrence and the given order.
  const batchSizes = [...new Set((str('batch-sizes') ?? '32,256').split(',').map((raw) => runOptionFrom('batch_size', raw, '--batch-sizes', en)))];
  return {
    model: str('model') ?? DEFAULT_MODEL,
    limit: limitRaw === undefined ? undefined : (runOptionFrom('limit', limitRaw, '--limit', en) ?? undefined),
    backend:
      backendRaw !== undefined
        ? runOptionFrom('backend', backendRaw, '--backend', en)
        : fromEnv
          ? runOptionFrom('backend', fromEnv, BACKEND_ENV_VAR, en)
          : 'auto',
    batchSizes,
    diagnostics: choice === 'both' ? [true, false] : [choice === 'on'],
    epochs: intFlag('--epochs', str('epochs') ?? String(MIN_EPOCHS), MIN_EPOCHS, MAX_EPOCHS, ' (a median of at least 3 epochs)'),
    repeat: intFlag('--repeat', str('repeat') ?? '1', 1, 100),
    threads: intFlag('--threads', str('threads') ?? String(availableParallelism()), 1, MAX_THREADS),
    minShardRows: intFlag('--min-shard-rows', str('min-shard-rows') ?? String(MIN_SHARD_ROWS), 1, 65536),
    pytorchThreads: intFlag('--pytorch-threads', str('pytorch-threads') ?? '1', 1, MAX_THREADS),
    comparePytorch: values['compare-pytorch'] === true,
    json: values.json === true,
    help: values.help === true,
  };
}

/**
 * The model to time and the name rows carry: an example id (as the app lists them,
 * src-main/services/examples.ts) names itself; anything else is a model file, named by
 * its file name. A bare word that is neither is a usage error (exit 2); an existing
 * file that is not a valid model is exit 1, as for `npm run cli`.
 */
function resolveModel(arg: string): { name: string; model: ModelSpec } {
  const looksLikePath = /[\\/]/.test(arg) || arg.endsWith('.json');
  if (!looksLikePath) {
    const example = loadExamples().find((e) => e.id === arg);
    if (example) return { name: example.id, model: example.model };
  }
  if (!existsSync(arg)) {
    const ids = loadExamples().map((e) => e.id);
    throw new CliError(`--model: expected an example id (${ids.join(', ')}) or a model file, received ${JSON.stringify(arg)}`);
  }
  return { name: basename(arg), model: readModelFile(arg, en) };
}

/** Multiply-adds per sample of every Dense kernel (fan_in × fan_out each). */
function denseMacs(model: ModelSpec): number {
  return planDense(model).reduce((sum, p) => sum + p.fan_in * p.fan_out, 0);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** maxRSS is in KiB on every platform node supports. */
function peakRssMiB(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

/** Callbacks that make a diagnostics-on run pay what the app pays (throttled samples taken, read and handed over) and nothing more. */
const NOOP_CALLBACKS: TrainCallbacks = { onBatch: () => {}, onLayers: () => {} };

const COLUMNS = ['batch', 'diagnostics', 's/epoch', 'samples/s', 'GFLOP/s', 'peak RSS MiB', 'threads'] as const;
const TORCH_COLUMNS = ['PyTorch s/epoch', 'ours/PyTorch'] as const;

function tableLine(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => c.padStart(widths[i] ?? c.length)).join('  ');
}

function humanCells(row: BenchRow): string[] {
  const cells = [
    String(row.batch_size),
    row.diagnostics ? 'on' : 'off',
    row.seconds_per_epoch.toFixed(3),
    row.samples_per_second.toFixed(0),
    row.gflops.toFixed(2),
    row.peak_rss_mb.toFixed(0),
    String(row.threads),
  ];
  if (row.pytorch_seconds_per_epoch !== undefined && row.ratio !== undefined) {
    cells.push(row.pytorch_seconds_per_epoch.toFixed(3), `${row.ratio.toFixed(2)}×`);
  }
  return cells;
}

/** "batch 32 +12.4%, batch 256 +3.0%": how much slower each batch size is with diagnostics than without. */
function overheadLine(rows: readonly BenchRow[]): string | null {
  const parts: string[] = [];
  for (const b of new Set(rows.map((r) => r.batch_size))) {
    const on = rows.find((r) => r.batch_size === b && r.diagnostics);
    const off = rows.find((r) => r.batch_size === b && !r.diagnostics);
    if (!on || !off) continue;
    const pct = (on.seconds_per_epoch / off.seconds_per_epoch - 1) * 100;
    parts.push(`batch ${b} ${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`);
  }
  return parts.length === 0 ? null : `diagnostics overhead (slower with diagnostics than without): ${parts.join(', ')}`;
}

const EMPTY_SPLIT = { x: new Float32Array(0), y: new Uint8Array(0), count: 0 };

async function bench(flags: BenchFlags): Promise<void> {
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return;
  }
  const { name, model } = resolveModel(flags.model);
  const macs = denseMacs(model);
  // Found before any training, so a missing PyTorch costs nothing.
  const python = flags.comparePytorch ? findTorchPython() : null;
  if (flags.comparePytorch && python === null) throw new CliError(PYTORCH_NOT_FOUND, EXIT.usage);

  const backend = await selectBackend(flags.backend);
  // A model of a class subset trains on those classes' images, as a real run would.
  const prepared = prepareData(model.dataset, { preprocess: model.preprocess, limit: flags.limit, ...(model.classes ? { classes: model.classes } : {}) });
  // Validation and test are outside the timed steps; empty splits skip them (the engine
  // returns NaN scores for an empty split) and keep a short bench short.
  const data: PreparedData = { ...prepared, validation: EMPTY_SPLIT, test: EMPTY_SPLIT };
  const samples = data.train.count;
  process.stderr.write(
    `${name}: ${model.name}; backend ${backend.active}; ${samples} training images per epoch; median of ${flags.epochs} epochs; threads ${flags.threads}\n`,
  );

  let torch: Map<number, PytorchTiming> | null = null;
  if (python !== null) {
    // PyTorch runs first and alone, so the two never compete for the cores, and a model
    // it cannot mirror is refused before any of our training.
    process.stderr.write(`PyTorch (${python}): timing batch ${flags.batchSizes.join(', ')}…\n`);
    torch = runPytorchBench({ python, model, samples, batchSizes: flags.batchSizes, epochs: flags.epochs, threads: flags.pytorchThreads });
  }

  const columns: string[] = [...COLUMNS, ...(torch ? TORCH_COLUMNS : [])];
  const widths = columns.map((c) => Math.max(c.length, 9));
  if (!flags.json) {
    process.stdout.write(`${name} (${model.name}), backend ${backend.active}, ${samples} images/epoch, ${(macs / 1e6).toFixed(3)} M multiply-adds/sample\n`);
    process.stdout.write(tableLine(columns, widths) + '\n');
  }
  const rows: BenchRow[] = [];
  for (const batchSize of flags.batchSizes) {
    // With --repeat R, diagnostics on and off alternate R times (on, off, on, off…) and each
    // row is the median over all its epochs: a machine whose speed drifts during the
    // benchmark then biases neither side of the diagnostics comparison.
    const epochs = new Map<boolean, { seconds: number[]; threads: number }>();
    for (let rep = 0; rep < flags.repeat; rep++) {
      for (const diagnostics of flags.diagnostics) {
        const result = await train(
          model,
          data,
          { epochs: flags.epochs, batchSize, seed: model.training.seed, diagnostics, threads: flags.threads, minShardRows: flags.minShardRows },
          diagnostics ? NOOP_CALLBACKS : {},
        );
        result.model.dispose();
        if (result.status !== 'completed') {
          const where = result.diverged_at ? ` at epoch ${result.diverged_at.epoch}, step ${result.diverged_at.step}` : '';
          throw new CliError(`batch ${batchSize}: the run ${result.status}${where}; the bench needs ${flags.epochs} completed epochs`, EXIT.failed);
        }
        const seen = epochs.get(diagnostics) ?? { seconds: [], threads: result.threads };
        seen.seconds.push(...result.step_seconds);
        seen.threads = result.threads;
        epochs.set(diagnostics, seen);
      }
    }
    for (const diagnostics of flags.diagnostics) {
      const seen = epochs.get(diagnostics) as { seconds: number[]; threads: number };
      const seconds = median(seen.seconds);
      const row: BenchRow = {
        model: name,
        backend: backend.active,
        batch_size: batchSize,
        diagnostics,
        seconds_per_epoch: seconds,
        samples_per_second: samples / seconds,
        gflops: (6 * macs * samples) / seconds / 1e9,
        peak_rss_mb: peakRssMiB(),
        threads: seen.threads,
      };
      const t = torch?.get(batchSize);
      if (t) {
        row.pytorch_seconds_per_epoch = t.seconds_per_epoch;
        row.ratio = seconds / t.seconds_per_epoch;
      }
      rows.push(row);
      process.stdout.write((flags.json ? JSON.stringify(row) : tableLine(humanCells(row), widths)) + '\n');
    }
  }
  const overhead = overheadLine(rows);
  if (!flags.json && overhead !== null) process.stdout.write(overhead + '\n');
  if (!flags.json && torch) {
    const version = [...torch.values()][0]?.torch ?? '?';
    process.stdout.write(`PyTorch ${version}, ${flags.pytorchThreads} thread(s), random data of the same shape; ratio > 1: ours is slower\n`);
  }
}

try {
  await bench(readFlags(process.argv.slice(2)));
} catch (err) {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof CliError ? err.exitCode : EXIT.failed;
}

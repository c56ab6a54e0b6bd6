/**
 * The PyTorch side of `npm run bench -- --compare-pytorch`: finds a Python that can
 * import torch and runs scripts/bench_pytorch.py, which trains the same model document
 * (same layers, optimizer, learning rate, batch size and sample count) and reports the
 * median seconds of training steps per epoch.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { CliError, EXIT } from './args.js';

/** Environment variable naming the Python to use for --compare-pytorch (tried first). */
export const PYTHON_ENV_VAR = 'GRADIENT_LAB_PYTHON';

/** Said when no candidate Python can import torch (exit 2). */
export const PYTORCH_NOT_FOUND = `PyTorch not found: apt-get install python3-torch, or set ${PYTHON_ENV_VAR}`;

/** The comparison script, committed next to the other scripts. */
export const PYTORCH_SCRIPT = fileURLToPath(new URL('../../scripts/bench_pytorch.py', import.meta.url));

/**
 * Pythons to try, in order: `$GRADIENT_LAB_PYTHON`, then `python3` on PATH, then Debian's
 * `/usr/bin/python3`. The second and third differ on machines with pyenv, whose python3
 * comes first on PATH but lacks the distribution's python3-torch.
 */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env[PYTHON_ENV_VAR];
  return [...(fromEnv ? [fromEnv] : []), 'python3', '/usr/bin/python3'];
}

/** The first candidate where `import torch` works, or null. Importing torch takes a second or two, hence the generous timeout. */
export function findTorchPython(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const python of pythonCandidates(env)) {
    const r = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 120_000, env });
    if (r.status === 0) return python;
  }
  return null;
}

/** One batch size's timing as the script prints it. */
export interface PytorchTiming {
  batch_size: number;
  samples: number;
  epochs: number;
  threads: number;
  /** Median of `step_seconds`. */
  seconds_per_epoch: number;
  step_seconds: number[];
  /** torch.__version__ */
  torch: string;
}

/** What the PyTorch run is asked to do. */
export interface PytorchBenchRequest {
  python: string;
  model: ModelSpec;
  samples: number;
  batchSizes: number[];
  epochs: number;
  threads: number;
}

/**
 * Runs the script once for every batch size and returns its timings by batch size.
 * The model goes in on stdin, so the script reads exactly the document the TypeScript
 * side trains (an example id has no path the script could open otherwise).
 * A model the script cannot mirror, or a bad argument, is its exit 2 and ours
 * (CliError with its message); any other failure is exit 4.
 */
export function runPytorchBench(req: PytorchBenchRequest): Map<number, PytorchTiming> {
  const args = [
    PYTORCH_SCRIPT,
    '--model',
    '-',
    '--samples',
    String(req.samples),
    '--batch-sizes',
    req.batchSizes.join(','),
    '--epochs',
    String(req.epochs),
    '--threads',
    String(req.threads),
    '--seed',
    String(req.model.training.seed),
  ];
  // torch.set_num_threads does not bind the BLAS's own pool (Debian's OpenBLAS-pthread
  // starts one thread per core): without these PyTorch would use every core whatever --threads says.
  const threads = String(req.threads);
  const env = { ...process.env, OPENBLAS_NUM_THREADS: threads, OMP_NUM_THREADS: threads, MKL_NUM_THREADS: threads };
  const r = spawnSync(req.python, args, { input: JSON.stringify(req.model), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env });
  const why = (r.stderr ?? '').trim() || r.error?.message || `signal ${r.signal ?? '?'}`;
  if (r.status === EXIT.usage) throw new CliError(`--compare-pytorch: ${why}`, EXIT.usage);
  if (r.status !== 0) throw new CliError(`--compare-pytorch: ${req.python} ${PYTORCH_SCRIPT} failed (exit ${r.status ?? 'none'}): ${why}`, EXIT.failed);
  const out = new Map<number, PytorchTiming>();
  for (const line of r.stdout.split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as PytorchTiming;
    out.set(row.batch_size, row);
  }
  for (const b of req.batchSizes) {
    if (!out.has(b)) throw new CliError(`--compare-pytorch: the script printed no timing for batch ${b}`, EXIT.failed);
  }
  return out;
}

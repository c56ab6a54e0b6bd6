/**
 * `train <model.json>`: one run through the same TrainingService the app uses (a
 * separate training process), with progress on stderr and, with --json, one JSON
 * object as the last line of stdout.
 */
import { resolve } from 'node:path';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { EpochMetrics } from '../../src-shared/training/metrics.js';
import type { BackendInfoPayload, RunFinishedEvent } from '../../src-shared/training/events.js';
import { diagnoseEpoch, describeDiagnosis } from '../../src-shared/training/diagnose.js';
import { RunStore } from '../runs/index.js';
import { TrainingService } from '../services/training-service.js';
import type { RunOptions } from '../trainer/protocol.js';

/** The `--json` result: the contract scripts and tests read. */
export interface TrainJson {
  run_id: string;
  run_dir: string;
  status: RunFinishedEvent['status'];
  error: string | null;
  backend: string | null;
  backend_attempts: BackendInfoPayload['attempts'];
  options: RunOptions;
  epochs: { epoch: number; loss: number; accuracy: number; val_loss: number; val_accuracy: number; seconds: number }[];
  layers: {
    name: string;
    spec_index: number;
    activation: string;
    inactive_kind: string | null;
    epochs: { grad_norm: number; weight_norm: number; act_mean: number; act_std: number; inactive_fraction: number | null }[];
  }[];
  diagnosis: ReturnType<typeof diagnoseEpoch>[];
  diverged_at: { epoch: number; step: number } | null;
  test_loss: number | null;
  test_accuracy: number | null;
}

/** Reshapes per-epoch diagnostics into per-layer series (input to output). */
export function layersByEpoch(epochs: EpochMetrics[]): TrainJson['layers'] {
  const out: TrainJson['layers'] = [];
  for (const e of epochs) {
    e.layers.forEach((l, i) => {
      const row = (out[i] ??= { name: l.name, spec_index: l.spec_index, activation: l.activation, inactive_kind: l.inactive_kind, epochs: [] });
      row.epochs.push({
        grad_norm: l.grad_norm,
        weight_norm: l.weight_norm,
        act_mean: l.act_mean,
        act_std: l.act_std,
        inactive_fraction: l.inactive_fraction,
      });
    });
  }
  return out;
}

function fmtSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}

/** Runs the training and prints; returns the process exit code (0 completed/stopped, 3 diverged, 4 failed). */
export async function trainCommand(
  model: ModelSpec,
  options: RunOptions,
  runsDir: string,
  json: boolean,
  out: (line: string) => void = (l) => process.stdout.write(l + '\n'),
  err: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Promise<number> {
  const store = new RunStore(resolve(runsDir));
  const service = new TrainingService({ store });
  const epochs: EpochMetrics[] = [];
  let backend: BackendInfoPayload | null = null;
  const tty = Boolean(process.stderr.isTTY);
  let lastLine = 0;

  service.on('run:backend', (e) => {
    backend = e.backend;
    err(`backend: ${e.backend.active}`);
    for (const a of e.backend.attempts.filter((x) => !x.ok)) err(`  skipped ${a.name}: ${a.reason}`);
  });
  service.on('run:progress', (e) => {
    const now = Date.now();
    if (!tty && now - lastLine < 5000) return;
    lastLine = now;
    const line = `epoch ${e.sample.epoch}/${options.epochs}  ${(e.fraction * 100).toFixed(1)}%  loss ${e.sample.loss.toFixed(4)}  elapsed ${fmtSeconds(e.elapsed_seconds)}  ETA ${fmtSeconds(e.eta_seconds)}`;
    if (tty) process.stderr.write(`\r${line}\u001b[K`);
    else err(line);
  });
  service.on('run:epoch', (e) => {
    epochs.push(e.metrics);
    const m = e.metrics;
    if (tty) process.stderr.write('\r\u001b[K');
    err(
      `epoch ${m.epoch}: loss ${m.loss.toFixed(4)} acc ${m.accuracy.toFixed(4)} val_loss ${m.val_loss.toFixed(4)} val_acc ${m.val_accuracy.toFixed(4)} (${m.seconds.toFixed(1)} s)`,
    );
    err(`  ${describeDiagnosis(diagnoseEpoch(m))}`);
  });

  const runId = service.start(model, options);
  err(`run ${runId} → ${resolve(runsDir, runId)}`);
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      err('\nstopping after the current step (Ctrl-C again to abort)…');
      void service.stop(runId).catch(() => undefined);
    } else process.exit(130);
  };
  process.on('SIGINT', onSigint);
  const finished = await service.finished(runId);
  process.off('SIGINT', onSigint);
  if (tty) process.stderr.write('\r\u001b[K');

  const backendInfo = backend as BackendInfoPayload | null;
  const summary: TrainJson = {
    run_id: runId,
    run_dir: resolve(runsDir, runId),
    status: finished.status,
    error: finished.error,
    backend: backendInfo?.active ?? null,
    backend_attempts: backendInfo?.attempts ?? [],
    options,
    epochs: epochs.map(({ epoch, loss, accuracy, val_loss, val_accuracy, seconds }) => ({ epoch, loss, accuracy, val_loss, val_accuracy, seconds })),
    layers: layersByEpoch(epochs),
    diagnosis: epochs.map((e) => diagnoseEpoch(e)),
    diverged_at: finished.diverged_at,
    test_loss: finished.test_loss,
    test_accuracy: finished.test_accuracy,
  };
  if (finished.status === 'diverged' && finished.diverged_at) {
    err(`diverged: the loss became NaN/Inf at epoch ${finished.diverged_at.epoch}, step ${finished.diverged_at.step}`);
  } else if (finished.status === 'failed') {
    err(`failed: ${finished.error}`);
  } else if (finished.test_accuracy !== null) {
    err(`${finished.status}: test accuracy ${finished.test_accuracy.toFixed(4)}, test loss ${finished.test_loss?.toFixed(4)}`);
  }
  if (json) out(JSON.stringify(summary));
  return finished.status === 'diverged' ? 3 : finished.status === 'failed' ? 4 : 0;
}

/**
 * `train <model.json>`: one run through the same TrainingService the app uses (a
 * separate training process), with progress on stderr and, with --json, one JSON
 * object as the last line of stdout, whatever the outcome. Text for people is in the
 * chosen language (messages.ts); the JSON keys and values never are.
 */
import { backendReasonText } from '../../src-shared/i18n/backend-reasons.js';
import { runErrorText } from '../../src-shared/i18n/run-errors.js';
import { mainMessage } from '../../src-shared/i18n/main-messages.js';
import { resolve } from 'node:path';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { EpochMetrics } from '../../src-shared/training/metrics.js';
import type { BackendInfoPayload, RunFinishedEvent } from '../../src-shared/training/events.js';
import { diagnoseEpoch } from '../../src-shared/training/diagnose.js';
import { RunStore } from '../runs/index.js';
import { QueueLimitError, TrainingService } from '../services/training-service.js';
import type { RunOptions } from '../../src-shared/training/run-options.js';
import { EXIT } from './args.js';
import { en, type CliMessages } from './messages.js';

/** The `--json` result: the contract scripts and tests read. */
export interface TrainJson {
  /** Null only when the training service could not start the run (status `failed`, `error` says why). */
  run_id: string | null;
  run_dir: string | null;
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
  /** Early stopping ended the run: the last epoch trained, the best epoch, whether its weights were restored. Absent otherwise. */
  early_stopped?: { epoch: number; best_epoch: number; restored: boolean };
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

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Where `trainCommand` prints; tests pass their own. */
export interface TrainOutput {
  /** One line of stdout (the `--json` object). */
  out: (line: string) => void;
  /** One line of stderr (everything for people). */
  err: (line: string) => void;
  /** Raw stderr, for the self-overwriting progress line on a terminal. */
  raw: (text: string) => void;
  /** Whether stderr is a terminal (progress overwrites one line) or not (a line every 5 s). */
  tty: boolean;
}

const processOutput = (): TrainOutput => ({
  out: (l) => void process.stdout.write(l + '\n'),
  err: (l) => void process.stderr.write(l + '\n'),
  raw: (t) => void process.stderr.write(t),
  tty: Boolean(process.stderr.isTTY),
});

/**
 * Runs the training and prints; returns the process exit code (0 completed/stopped,
 * 3 diverged, 4 failed). Never throws: whatever happens once it is called (the run
 * cannot be created, the training process dies, a write fails), the outcome is printed
 * and, with `json`, the JSON line is the last line of stdout (`run_id` is null only
 * when the service could not start the run). `runsDir` should already be checked
 * (checkRunsDir), so that an unusable folder is a usage error rather than a failed run.
 */
export async function trainCommand(
  model: ModelSpec,
  options: RunOptions,
  runsDir: string,
  json: boolean,
  msg: CliMessages = en,
  io: TrainOutput = processOutput(),
): Promise<number> {
  const { out, err, raw, tty } = io;
  const epochs: EpochMetrics[] = [];
  let backend: BackendInfoPayload | null = null;
  let lastLine = 0;
  let runId: string | null = null;
  let finished: RunFinishedEvent;
  // Printing must never take the run down with it (a closed stderr, a formatting bug).
  const safely =
    <A extends unknown[]>(f: (...a: A) => void) =>
    (...a: A): void => {
      try {
        f(...a);
      } catch {
        // ignored on purpose: the run and its JSON result matter more than one progress line
      }
    };

  let interrupts = 0;
  let service: TrainingService | null = null;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1 && runId !== null) {
      safely(err)(`\n${msg.stopping}`);
      void service?.stop(runId).catch(() => undefined);
    } else process.exit(130);
  };
  try {
    const store = new RunStore(resolve(runsDir));
    service = new TrainingService({ store });
    service.on(
      'run:backend',
      safely((e) => {
        backend = e.backend;
        err(msg.backend(e.backend.active));
        for (const a of e.backend.attempts.filter((x) => !x.ok)) err(msg.backendSkipped(a.name, backendReasonText(a.reason, msg.lang)));
      }),
    );
    service.on(
      'run:progress',
      safely((e) => {
        const now = Date.now();
        if (!tty && now - lastLine < 5000) return;
        lastLine = now;
        const line = msg.progress({
          epoch: e.sample.epoch,
          epochs: options.epochs,
          percent: (e.fraction * 100).toFixed(1),
          loss: e.sample.loss.toFixed(4),
          elapsed: fmtSeconds(e.elapsed_seconds),
          eta: fmtSeconds(e.eta_seconds),
        });
        if (tty) raw(`\r${line}\u001b[K`);
        else err(line);
      }),
    );
    service.on(
      'run:epoch',
      safely((e) => {
        epochs.push(e.metrics);
        if (tty) raw('\r\u001b[K');
        err(msg.epoch(e.metrics));
        err(`  ${msg.diagnosis(diagnoseEpoch(e.metrics))}`);
      }),
    );

    runId = service.start(model, options);
    safely(err)(msg.runStarted(runId, resolve(runsDir, runId)));
    process.on('SIGINT', onSigint);
    finished = await service.finished(runId);
  } catch (e) {
    // The run could not be created, or ended without telling the service how: either way it failed.
    finished = { run_id: runId ?? '', status: 'failed', test_loss: null, test_accuracy: null, diverged_at: null, error: messageOf(e) };
    // A refusal with a code (queue limits, a transfer source that cannot lend its layers) speaks the user's language.
    const why = e instanceof QueueLimitError ? mainMessage(msg.lang, e.code, e.params) : messageOf(e);
    if (runId === null) safely(err)(msg.runNotStarted(why));
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (tty) safely(raw)('\r\u001b[K');

  const backendInfo = backend as BackendInfoPayload | null;
  const summary: TrainJson = {
    run_id: runId,
    run_dir: runId === null ? null : resolve(runsDir, runId),
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
    ...(finished.early_stopped ? { early_stopped: finished.early_stopped } : {}),
  };
  safely(() => {
    if (finished.status === 'diverged' && finished.diverged_at) err(msg.diverged(finished.diverged_at.epoch, finished.diverged_at.step));
    else if (finished.status === 'failed') {
      if (runId !== null) err(msg.failed(runErrorText(finished.error ?? 'unknown error', msg.lang)));
    } else {
      const early = finished.early_stopped;
      if (early) err(mainMessage(msg.lang, early.restored ? 'train.early_stopped' : 'train.early_stopped_kept', { epoch: early.epoch, best_epoch: early.best_epoch }));
      if (finished.test_accuracy !== null) err(msg.finished(finished.status, finished.test_accuracy, finished.test_loss));
    }
  })();
  if (json) safely(out)(JSON.stringify(summary));
  return finished.status === 'diverged' ? EXIT.diverged : finished.status === 'failed' ? EXIT.failed : EXIT.ok;
}

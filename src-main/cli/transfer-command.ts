/**
 * `transfer <run> <model-b.json>`: the book's "reusing pretrained layers" as a model
 * document. Reads a trained run (model A) and a model B, and prints B with A's first
 * layers in front (frozen unless told otherwise) and `transfer: { run, layers }`, which
 * `train` then loads A's saved weights into. Nothing is trained or written here: the
 * derived document is printed (canonical key order), to be saved and trained, e.g.
 * `transfer <A's run id> examples/transfer-b.json --unfreeze-after 4 > b-on-a.json`.
 */
import { basename, dirname, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { parseModel } from '../../src-shared/model/index.js';
import { modelErrorText } from '../../src-shared/model/index.js';
import { canonicalModel, serializeModel } from '../../src-shared/model/serialize.js';
import type { ModelSpec, UnfreezeSpec } from '../../src-shared/model/spec.js';
import { defaultReuseCount, reuseLayers } from '../../src-shared/model/transfer.js';
import type { RunRecord } from '../../src-shared/training/run.js';
import { RunStore, RUN_ID_PATTERN } from '../runs/index.js';
import { inspectWeights } from '../runs/weights.js';
import { CliError, EXIT } from './args.js';
import type { CliMessages } from './messages.js';
import { readModelFile } from './model-file.js';
import { TRANSFER_MESSAGES, type TransferMessages } from './transfer-messages.js';

/** What `transfer` is asked; main.ts parses the flags into this. */
export interface TransferCommandOptions {
  /** A run id in `runsDir`, or the path of a run folder. */
  run: string;
  /** Model B's file: its layers after the reused ones, its classes and training stay. */
  modelFile: string;
  /** How many of the run's first layers to reuse; null: every layer before its output layer. */
  layers: number | null;
  /** Freeze the reused layers (trainable: false). */
  freeze: boolean;
  /** Unfreeze after this many epochs (training.unfreeze); null: no unfreeze phase. */
  unfreezeAfter: number | null;
  /** The learning rate after unfreezing; null: a tenth of model B's (the book: 1e-3 → 1e-4). */
  unfreezeRate: number | null;
  runsDir: string;
  /** Print one JSON object `{ model, run, layers, frozen }` instead of the document. */
  json: boolean;
  msg: CliMessages;
  out: (line: string) => void;
}

/** The run folder RUN names and its id: an id in the runs folder first, else a folder path. */
function locateRun(run: string, runsDir: string, tm: TransferMessages): { store: RunStore; id: string } {
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
  if (RUN_ID_PATTERN.test(run) && isDir(resolve(runsDir, run))) return { store: new RunStore(resolve(runsDir)), id: run };
  const path = resolve(run);
  const id = basename(path);
  if (isDir(path) && RUN_ID_PATTERN.test(id)) return { store: new RunStore(dirname(path)), id };
  throw new CliError(tm.runNotFound(run, resolve(runsDir)), EXIT.invalidInput);
}

/** The source run's validated model, refusing runs that cannot lend their layers (active, no or damaged weights). */
function sourceModel(store: RunStore, id: string, run: string, tm: TransferMessages): ModelSpec {
  let record: RunRecord;
  try {
    record = store.load(id);
  } catch {
    throw new CliError(tm.runNotFound(run, store.dir), EXIT.invalidInput);
  }
  const { status } = record.status;
  if (status === 'running' || status === 'queued') throw new CliError(tm.runActive(id, status), EXIT.invalidInput);
  if (record.model === null) {
    throw new CliError(tm.runModelInvalid(id, record.warnings.find((w) => w.startsWith('model.json')) ?? 'model.json is damaged'), EXIT.invalidInput);
  }
  const parsed = parseModel(record.model);
  if (!parsed.ok) throw new CliError(tm.runModelInvalid(id, parsed.errors.slice(0, 3).map((e) => modelErrorText(e, 'en')).join('; ')), EXIT.invalidInput);
  const weights = inspectWeights(store.runDir(id));
  if (weights.state === 'none') throw new CliError(tm.runNoWeights(id, status), EXIT.invalidInput);
  if (weights.state === 'damaged') throw new CliError(tm.runWeightsDamaged(id, weights.problem), EXIT.invalidInput);
  return parsed.model;
}

/** The unfreeze phase the flags ask for, or null; refuses inconsistent flags. */
function unfreezeOf(o: TransferCommandOptions, target: ModelSpec, tm: TransferMessages): UnfreezeSpec | null {
  if (o.unfreezeAfter === null) {
    if (o.unfreezeRate !== null) throw new CliError(tm.unfreezeRateWithoutAfter, EXIT.usage);
    return null;
  }
  if (!o.freeze) throw new CliError(tm.unfreezeWithoutFreeze, EXIT.usage);
  if (!Number.isInteger(o.unfreezeAfter) || o.unfreezeAfter < 1) throw new CliError(tm.unfreezeAfterInvalid(o.unfreezeAfter), EXIT.usage);
  // The book lowers the rate tenfold for the unfrozen phase (1e-3 → 1e-4): the reused layers need gentle updates.
  const rate = o.unfreezeRate ?? target.training.optimizer.learning_rate / 10;
  if (!Number.isFinite(rate) || rate <= 0) throw new CliError(tm.unfreezeRateInvalid(rate), EXIT.usage);
  return { after_epochs: o.unfreezeAfter, learning_rate: rate };
}

/**
 * Prints model B built on run A's first layers (see reuseLayers) and returns 0. Refusals
 * (exit 1: the run or the model file; exit 2: inconsistent flags) are CliErrors in the
 * chosen language. The printed model names the run by its id: `train` looks it up in its
 * runs folder, so a run given as a folder path elsewhere needs `train --runs-dir` to point
 * at that folder's parent.
 * Example: `transfer 20261130-071500-transfer-a-8-classes-1a2b examples/transfer-b.json --unfreeze-after 4`
 * → B with A's Flatten and five hidden layers frozen, unfrozen after 4 epochs at 1e-4.
 */
export async function transferCommand(o: TransferCommandOptions): Promise<number> {
  const tm = TRANSFER_MESSAGES[o.msg.lang];
  const target = readModelFile(o.modelFile, o.msg);
  const { store, id } = locateRun(o.run, o.runsDir, tm);
  const source = sourceModel(store, id, o.run, tm);
  const max = Math.min(source.layers.length, target.layers.length - 1);
  let layers = o.layers;
  if (layers === null) {
    layers = Math.min(defaultReuseCount(source), max);
    if (layers < 1) throw new CliError(tm.nothingToReuse(id), EXIT.invalidInput);
  } else if (!Number.isInteger(layers) || layers < 1 || layers > max) {
    throw new CliError(tm.layersOutOfRange(layers, max, source.layers.length, target.layers.length), EXIT.usage);
  }
  const unfreeze = unfreezeOf(o, target, tm);
  const derived = reuseLayers(target, source, id, { layers, freeze: o.freeze, unfreeze });
  // The derived document must be one `train` accepts (e.g. unfreeze.after_epochs below training.epochs).
  const checked = parseModel(JSON.parse(JSON.stringify(derived)));
  if (!checked.ok) {
    throw new CliError([tm.resultInvalid(o.modelFile), ...checked.errors.map((e) => `  ${modelErrorText(e, o.msg.lang)}`)].join('\n'), EXIT.invalidInput);
  }
  if (o.json) o.out(JSON.stringify({ model: canonicalModel(checked.model), run: id, layers, frozen: o.freeze }));
  else o.out(serializeModel(checked.model).trimEnd());
  return EXIT.ok;
}

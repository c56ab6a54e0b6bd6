/**
 * `diff A B [--json] [--runs-dir D]`: what changed from model A to model B, grouped into
 * runs of layers (src-shared/model/diff.ts). A and B are model files or run ids: an
 * existing path is read as a model file, anything else is looked up as a run in the runs
 * folder (--runs-dir, else $GRADIENT_LAB_RUNS_DIR, else ./runs), whose model.json is the
 * model as trained. The runs folder is only read, never created. Exit codes: 0 (with or
 * without differences), 1 an invalid model file or a damaged run, 2 a missing argument or
 * one that is neither a file nor a run.
 */
import { statSync } from 'node:fs';
import { describeDiff, noDifferencesText } from '../../src-shared/model/diff-text.js';
import { diffModels } from '../../src-shared/model/diff.js';
import { modelErrorText, parseModel } from '../../src-shared/model/index.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { ModelDiff } from '../../src-shared/runs/types.js';
import type { RunRecord } from '../../src-shared/training/run.js';
import { RunStoreError } from '../runs/ids.js';
import { RunStore } from '../runs/store.js';
import { CliError, EXIT, runsDirChoice, type ExitCode, type ParsedArgs } from './args.js';
import { DIFF_MESSAGES, type DiffMessages } from './diff-messages.js';
import type { CliMessages } from './messages.js';
import { readModelFile } from './model-file.js';

/** What main.ts hands the command. */
export interface DiffArgs {
  a: string | undefined;
  b: string | undefined;
  values: ParsedArgs['values'];
  json: boolean;
  msg: CliMessages;
  out: (line: string) => void;
}

/** One entry of `--json`: the change without `kind`, `layers` only for layer changes. */
export interface DiffJsonChange {
  path: string;
  from: unknown;
  to: unknown;
  layers?: [number, number];
}

/** Prints the changes from A to B; returns the exit code. Problems throw CliError (exit 1 or 2). */
export async function diffCommand(args: DiffArgs): Promise<ExitCode> {
  const { a, b, values, json, msg, out } = args;
  const dm = DIFF_MESSAGES[msg.lang];
  if (a === undefined || b === undefined) throw new CliError(dm.missingArguments, EXIT.usage);
  const runsDir = runsDirOf(values);
  const diff = diffModels(modelOf(a, runsDir, msg, dm), modelOf(b, runsDir, msg, dm));
  if (json) out(JSON.stringify(diffJson(diff)));
  else {
    const lines = describeDiff(msg.lang, diff);
    for (const line of lines.length ? lines : [noDifferencesText(msg.lang)]) out(line);
  }
  return EXIT.ok;
}

/** The `--json` object: `{"changes":[{"path","from","to","layers"?}]}`, keys in that order. */
export function diffJson(diff: ModelDiff): { changes: DiffJsonChange[] } {
  return {
    changes: diff.changes.map(({ path, from, to, layers }) => (layers ? { path, from, to, layers } : { path, from, to })),
  };
}

/** The runs folder as train resolves it, absolute; unlike train's, it is not created. */
function runsDirOf(values: ParsedArgs['values']): string {
  return runsDirChoice(values).dir;
}

/** An existing path is a model file (exit 1 when invalid); anything else a run id. */
function modelOf(arg: string, runsDir: string, msg: CliMessages, dm: DiffMessages): ModelSpec {
  if (statSync(arg, { throwIfNoEntry: false }) !== undefined) return readModelFile(arg, msg);
  const dirMissing = statSync(runsDir, { throwIfNoEntry: false })?.isDirectory() !== true;
  if (dirMissing) throw new CliError(dm.neither(arg, runsDir, true), EXIT.usage);
  let record: RunRecord;
  try {
    record = new RunStore(runsDir).load(arg);
  } catch (err) {
    // load throws only for an id that is malformed or names no run folder.
    if (err instanceof RunStoreError) throw new CliError(dm.neither(arg, runsDir, false), EXIT.usage);
    throw err;
  }
  if (record.model === null) {
    const reason = record.warnings.find((w) => w.includes('model.json')) ?? record.warnings[0] ?? 'model.json';
    throw new CliError(dm.runModelDamaged(arg, runsDir, reason), EXIT.invalidInput);
  }
  // The store checks only what listing needs; the diff reads every field, so validate it all.
  const parsed = parseModel(record.model);
  if (!parsed.ok) {
    const lines = parsed.errors.map((e) => `${arg}/model.json: ${modelErrorText(e, msg.lang)}`);
    throw new CliError([dm.runModelInvalid(arg, runsDir), ...lines].join('\n'), EXIT.invalidInput);
  }
  return parsed.model;
}

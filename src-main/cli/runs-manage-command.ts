/**
 * `runs list|delete|rename|tag`: what the runs view does, for scripts and terminals.
 *
 * - `runs list [--json]`: every run with the reason where damaged. `--json` prints one
 *   array of `{run_id, status, best_val_accuracy, test_accuracy, damaged}` plus `reason`
 *   where `damaged` is true (null for values a run does not have).
 * - `runs delete RUN_ID…`: deletes for good. The view's undo lives as long as its session;
 *   a command has none, and a script that deletes wants the folder (and its space) gone.
 *   Every id is checked before anything goes: a malformed or unknown id is exit 2, a run
 *   that a live process trains or queues is exit 4 (the command was right; the run's
 *   state refuses it now), and then nothing is deleted.
 * - `runs rename RUN_ID NAME`: the name the view shows; `""` shows the model's name again.
 * - `runs tag RUN_ID TAG…`: adds tags; a tag written `-name` removes `name` (put `--`
 *   before the first such argument, so it is not read as a flag).
 *
 * The runs folder is `--runs-dir`, else $GRADIENT_LAB_RUNS_DIR, else ./runs, and must
 * exist (these commands never create one): otherwise exit 2 naming it. A write the OS
 * refuses (read-only folder, full disk) is exit 4.
 */
import { statSync } from 'node:fs';
import type { RunSummary } from '../../src-shared/training/run.js';
import { checkMetaPatch, RUN_ID_PATTERN, RunStore, RunStoreError } from '../runs/index.js';
import { CliError, EXIT, runsDirChoice, type ExitCode } from './args.js';
import type { RunsArgs } from './runs-command.js';
import { RUNS_MANAGE_MESSAGES, type RunsManageMessages } from './runs-manage-messages.js';
import { displayWidth } from './summary-command.js';

/** One element of `runs list --json`. */
export interface RunListJson {
  run_id: string;
  status: RunSummary['status'];
  best_val_accuracy: number | null;
  test_accuracy: number | null;
  damaged: boolean;
  /** Only where `damaged` is true: what is wrong, file by file. */
  reason?: string;
}

/** A list row as `runs list --json` prints it, e.g. `{run_id, status: 'failed', …, damaged: true, reason: 'metrics.jsonl: …'}`. */
export function listJson(r: RunSummary): RunListJson {
  const out: RunListJson = {
    run_id: r.id,
    status: r.status,
    best_val_accuracy: r.best_val_accuracy ?? null,
    test_accuracy: r.test_accuracy ?? null,
    damaged: r.damaged !== undefined,
  };
  if (r.damaged !== undefined) out.reason = r.error ?? `${r.damaged} damaged`;
  return out;
}

/** Runs one management subcommand; returns the exit code (usage errors throw CliError). */
export async function runsManageCommand(sub: 'list' | 'delete' | 'rename' | 'tag', a: RunsArgs): Promise<ExitCode> {
  const m = RUNS_MANAGE_MESSAGES[a.msg.lang];
  const dir = runsDirOf(a, m);
  const store = new RunStore(dir);
  switch (sub) {
    case 'list':
      if (a.args.length) throw new CliError(a.msg.unexpectedArgument(a.args[0]!));
      return list(store, a, m);
    case 'delete':
      return remove(store, a, m);
    case 'rename':
      return rename(store, a, m);
    case 'tag':
      return tag(store, a, m);
  }
}

/** The runs folder: --runs-dir, else the environment variable, else ./runs; it must exist. */
function runsDirOf(a: RunsArgs, m: RunsManageMessages): string {
  const { dir, source } = runsDirChoice(a.values);
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st) throw new CliError(m.runsDirMissing(source, dir));
  if (!st.isDirectory()) throw new CliError(m.runsDirNotFolder(source, dir));
  return dir;
}

/** The id argument, checked: malformed or not in the folder is exit 2. */
function existingId(store: RunStore, id: string | undefined, sub: string, m: RunsManageMessages): string {
  if (id === undefined) throw new CliError(m.missingRunId(sub));
  if (!RUN_ID_PATTERN.test(id)) throw new CliError(m.badRunId(id));
  if (statSync(store.runDir(id), { throwIfNoEntry: false })?.isDirectory() !== true) throw new CliError(m.unknownRun(id, store.dir));
  return id;
}

function list(store: RunStore, a: RunsArgs, m: RunsManageMessages): ExitCode {
  const rows = store.list();
  if (a.json) {
    a.out(JSON.stringify(rows.map(listJson)));
    return EXIT.ok;
  }
  if (rows.length === 0) {
    a.out(m.noRuns(store.dir));
    return EXIT.ok;
  }
  const pct = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');
  const table = rows.map((r) => [
    r.id,
    clip(r.display_name ?? r.name ?? '—', 40),
    `${m.status[r.status]}${r.damaged !== undefined ? m.damagedMark : ''}`,
    String(r.epochs_done),
    pct(r.best_val_accuracy),
    pct(r.test_accuracy),
    r.created_at.slice(0, 16).replace('T', ' '),
  ]);
  const widths = m.header.map((h, i) => Math.max(displayWidth(h), ...table.map((row) => displayWidth(row[i]!))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - displayWidth(c))))
      .join('  ')
      .trimEnd();
  a.out(line(m.header));
  for (const row of table) a.out(line(row));
  // The reasons go below the table: they are too long for a column.
  const notes = rows.filter((r) => r.error !== undefined && (r.damaged !== undefined || r.status === 'failed' || r.status === 'diverged'));
  if (notes.length) a.out('');
  for (const r of notes) a.out(r.damaged !== undefined ? m.damagedNote(r.id, r.damaged, r.error!) : m.errorNote(r.id, r.error!));
  a.out('');
  a.out(m.count(rows.length, store.dir));
  return EXIT.ok;
}

function remove(store: RunStore, a: RunsArgs, m: RunsManageMessages): ExitCode {
  if (a.args.length === 0) throw new CliError(m.missingRunId('delete'));
  const ids = [...new Set(a.args.map((id) => existingId(store, id, 'delete', m)))];
  for (const id of ids) {
    const own = store.ownership(id);
    if (own.state === 'live') throw new CliError(m.liveRun(id, own.owner?.pid ?? null, own.owner?.hostname ?? null), EXIT.failed);
  }
  const done: string[] = [];
  for (const id of ids) {
    try {
      store.delete(id);
    } catch (err) {
      throw new CliError(m.deleteFailed(id, reasonOf(err), done), EXIT.failed);
    }
    done.push(id);
    if (!a.json) a.out(m.deleted(id));
  }
  if (a.json) a.out(JSON.stringify({ deleted: done }));
  return EXIT.ok;
}

function rename(store: RunStore, a: RunsArgs, m: RunsManageMessages): ExitCode {
  const [rawId, name, extra] = a.args;
  const id = existingId(store, rawId, 'rename', m);
  if (name === undefined) throw new CliError(m.missingName);
  if (extra !== undefined) throw new CliError(a.msg.unexpectedArgument(extra));
  const checked = checkMetaPatch({ name: name.trim() === '' ? null : name });
  if (!checked.ok) throw new CliError(m.metaProblem(checked.problem));
  const meta = write(store, id, checked.patch, m);
  const row = store.summary(id);
  if (a.json) a.out(JSON.stringify({ run_id: id, name: meta.name, tags: meta.tags }));
  else a.out(meta.name === null ? m.nameReset(id, row.name ?? '—') : m.renamed(id, meta.name));
  return EXIT.ok;
}

function tag(store: RunStore, a: RunsArgs, m: RunsManageMessages): ExitCode {
  const [rawId, ...words] = a.args;
  const id = existingId(store, rawId, 'tag', m);
  if (words.length === 0) throw new CliError(m.missingTags);
  const remove = new Set(words.filter((w) => w.startsWith('-')).map((w) => w.slice(1)));
  const add = words.filter((w) => !w.startsWith('-'));
  // A removal is checked like an addition: `-a b` is a typo, not a tag that could exist.
  for (const t of [...remove, ...add]) {
    const c = checkMetaPatch({ tags: [t] });
    if (!c.ok) throw new CliError(m.metaProblem(c.problem));
  }
  let current: string[];
  try {
    current = store.readMeta(id).tags;
  } catch {
    // A damaged meta.json is replaced by the write below, as the view does.
    current = [];
  }
  const tags = [...current.filter((t) => !remove.has(t)), ...add.filter((t) => !remove.has(t))];
  const checked = checkMetaPatch({ tags });
  if (!checked.ok) throw new CliError(m.metaProblem(checked.problem));
  const meta = write(store, id, checked.patch, m);
  if (a.json) a.out(JSON.stringify({ run_id: id, name: meta.name, tags: meta.tags }));
  else a.out(m.tagged(id, meta.tags));
  return EXIT.ok;
}

function write(store: RunStore, id: string, patch: Parameters<RunStore['updateMeta']>[1], m: RunsManageMessages): ReturnType<RunStore['updateMeta']> {
  try {
    return store.updateMeta(id, patch);
  } catch (err) {
    throw new CliError(m.writeFailed(id, reasonOf(err)), err instanceof RunStoreError && err.code === undefined ? EXIT.usage : EXIT.failed);
  }
}

function clip(s: string, cols: number): string {
  if (displayWidth(s) <= cols) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > cols - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

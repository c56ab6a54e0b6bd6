/**
 * `runs export RUN_ID… --out FILE [--weights]` and `runs import FILE` (both with
 * `--runs-dir D` and `--json`): run archives for classrooms (src-main/runs/archive.ts).
 *
 * Exit codes: 0 done; 1 an archive refused (hostile, broken, not ours; nothing written) or
 * an export of a damaged run; 2 bad usage: an unknown or still training run, an existing
 * `--out`, a missing argument (all checked before anything is written); 4 a write failed.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { mainMessage } from '../../src-shared/i18n/main-messages.js';
import { ARCHIVE_LIMITS } from '../../src-shared/runs/types.js';
import { writeFileAtomic } from '../data/atomic.js';
import { ArchiveError, type ArchiveErrorKind } from '../runs/archive-error.js';
import { exportRuns, importRuns } from '../runs/archive.js';
import { RunStore } from '../runs/store.js';
import { checkRunsDir, CliError, EXIT, runsDirChoice, type ExitCode } from './args.js';
import { fileKindOf } from './model-file.js';
import type { CliLanguage } from './messages.js';
import type { RunsArgs } from './runs-command.js';
import { RUNS_ARCHIVE_MESSAGES, type RunsArchiveMessages } from './runs-archive-messages.js';

const EXIT_OF: Record<ArchiveErrorKind, ExitCode> = { refused: EXIT.invalidInput, damaged: EXIT.invalidInput, usage: EXIT.usage, failed: EXIT.failed };

/** Runs `export` or `import`. */
export async function runsArchiveCommand(sub: 'export' | 'import', a: RunsArgs): Promise<ExitCode> {
  const m = RUNS_ARCHIVE_MESSAGES[a.msg.lang];
  try {
    return sub === 'export' ? exportCommand(a, m) : importCommand(a, m);
  } catch (err) {
    if (err instanceof ArchiveError) throw new CliError(mainMessage(a.msg.lang, err.code, err.params), EXIT_OF[err.kind]);
    throw err;
  }
}

/** The runs folder as `train` finds it (--runs-dir, then the environment, then ./runs), absolute. */
function runsDirOf(a: RunsArgs): { dir: string; source: string } {
  return runsDirChoice(a.values);
}

function exportCommand(a: RunsArgs, m: RunsArchiveMessages): ExitCode {
  if (a.args.length === 0) throw new CliError(m.missingRunIds);
  const outFlag = a.values.out;
  if (typeof outFlag !== 'string' || outFlag === '') throw new CliError(m.missingOut);
  const out = resolve(outFlag);
  if (lstatSync(out, { throwIfNoEntry: false }) !== undefined) throw new CliError(m.outExists(out));
  if (statSync(dirname(out), { throwIfNoEntry: false })?.isDirectory() !== true) throw new CliError(m.outFolderMissing(out, dirname(out)));
  const weights = a.values.weights === true;
  // Not created when missing: every id is then unknown (exit 2), and a typo leaves no empty folder behind.
  const { dir } = runsDirOf(a);
  const zip = exportRuns(new RunStore(dir), a.args, { weights });
  try {
    writeFileAtomic(out, zip);
  } catch (err) {
    throw new CliError(m.cannotWrite(out, (err as NodeJS.ErrnoException).code ?? String(err)), EXIT.failed);
  }
  const runs = [...new Set(a.args)];
  a.out(a.json ? JSON.stringify({ out, runs, weights, bytes: zip.length }) : m.exported(runs.length, zip.length, weights, out));
  return EXIT.ok;
}

function importCommand(a: RunsArgs, m: RunsArchiveMessages): ExitCode {
  for (const flag of ['out', 'weights'] as const) if (a.values[flag] !== undefined) throw new CliError(m.flagNotFor('import', `--${flag}`));
  const [file, extra] = a.args;
  if (file === undefined) throw new CliError(m.missingFile);
  if (extra !== undefined) throw new CliError(a.msg.unexpectedArgument(extra));
  const { dir, source } = runsDirOf(a);
  const runsDir = checkRunsDir(dir, source, a.msg);
  const bytes = readArchive(resolve(file), m, a.msg.lang);
  const { imported } = importRuns(new RunStore(runsDir), bytes);
  if (a.json) a.out(JSON.stringify({ imported }));
  else {
    for (const r of imported) a.out(m.importedRun(r.from, r.to));
    a.out(m.importedAll(imported.length, runsDir));
  }
  return EXIT.ok;
}

/**
 * The archive's bytes: a regular file of at most ARCHIVE_LIMITS.archive_bytes, checked
 * before it is opened (a FIFO would block, /dev/zero never ends) and again while reading
 * (a file still growing). Exit 1 naming the path otherwise.
 */
function readArchive(path: string, m: RunsArchiveMessages, lang: CliLanguage): Uint8Array {
  const limit = ARCHIVE_LIMITS.archive_bytes;
  // The app's own refusal of an oversized archive: one sentence for both.
  const tooLarge = (bytes: number) => new CliError(mainMessage(lang, 'archive.too_large', { bytes, limit }), EXIT.invalidInput);
  const code = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    throw new CliError(m.fileUnreadable(path, code(err)), EXIT.invalidInput);
  }
  if (!st.isFile()) throw new CliError(m.fileNotRegular(path, fileKindOf(st)), EXIT.invalidInput);
  if (st.size > limit) throw tooLarge(st.size);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new CliError(m.fileUnreadable(path, code(err)), EXIT.invalidInput);
  }
  try {
    const again = fstatSync(fd);
    if (!again.isFile()) throw new CliError(m.fileNotRegular(path, fileKindOf(again)), EXIT.invalidInput);
    // One byte more than the limit tells a file that grew past it from one that fits.
    const buf = Buffer.alloc(Math.min(limit, again.size) + 1);
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > limit) throw tooLarge(n);
    return buf.subarray(0, n);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(m.fileUnreadable(path, code(err)), EXIT.invalidInput);
  } finally {
    closeSync(fd);
  }
}

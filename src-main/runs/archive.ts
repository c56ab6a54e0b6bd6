/**
 * Run archives: selected runs as one zip, e.g. a class's runs collected by the teacher.
 *
 *   gradient-lab-archive.json         manifest: format, version, app version, run ids
 *   runs/<id>/status.json, model.json, environment.json, metrics.jsonl, meta.json
 *   runs/<id>/weights/model.json, weights/weights.bin     (when asked for)
 *
 * Import trusts nothing: the whole archive is checked (zip-read.ts: names, links, sizes;
 * archive-files.ts: layout and every file's contents) before anything is written, then each
 * run is written into a temp folder inside the runs folder and renamed into place under its
 * own id, or a new one when that id is taken. A failure removes what the import wrote.
 */
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { ARCHIVE_LIMITS, type RunImportResponse } from '../../src-shared/runs/types.js';
import { tempName } from '../data/atomic.js';
import { appVersion } from '../services/app-version.js';
import { ArchiveError, entryLabel, refused } from './archive-error.js';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_MANIFEST,
  ARCHIVE_VERSION,
  isRunFolderEntry,
  parseManifest,
  RUN_FILES,
  runFileOf,
  WEIGHT_FILES,
  type ArchiveManifest,
  type FileProblem,
} from './archive-files.js';
import { RUN_ID_PATTERN } from './ids.js';
import { renameWith, withDefaults, type RunStoreFs } from './io.js';
import { parseStatus } from './schema.js';
import type { RunStore } from './store.js';
import { listZip, readEntry, type ZipEntryInfo, type ZipLimits } from './zip-read.js';

/** Options of `exportRuns`. */
export interface ExportOptions {
  /** Include each run's saved weights (`weights/`), where it has them. */
  weights: boolean;
  /** Written into the manifest; default the app's. */
  appVersion?: string;
  now?: Date;
  /** Default ARCHIVE_LIMITS (tests pass smaller ones). */
  limits?: ZipLimits;
}

/**
 * The runs `ids` as one zip archive (bytes), e.g. `exportRuns(store, ['20261130-021500-net-1a2b'], {weights: true})`.
 * Files are taken byte for byte after the checks import applies, so the archive always
 * imports. Throws ArchiveError: `usage` for an unknown, queued or running run or too many
 * runs, `damaged` for a run whose files fail their check, `usage` when the archive would be
 * larger than an import accepts.
 */
export function exportRuns(store: RunStore, ids: readonly string[], opts: ExportOptions): Uint8Array {
  const limits = opts.limits ?? ARCHIVE_LIMITS;
  const unique = [...new Set(ids)];
  if (unique.length > ARCHIVE_LIMITS.runs) throw new ArchiveError('archive.too_many_runs', { count: unique.length, limit: ARCHIVE_LIMITS.runs }, 'usage');
  const files: Zippable = {};
  let total = 0;
  for (const id of unique) {
    for (const [file, data] of runFilesForExport(store, id, opts.weights, limits)) {
      total += data.length;
      if (total > limits.total_bytes) throw new ArchiveError('archive.export_too_large', { bytes: total, limit: limits.total_bytes }, 'usage');
      files[`runs/${id}/${file}`] = data;
    }
  }
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    app_version: opts.appVersion ?? appVersion(),
    created_at: (opts.now ?? new Date()).toISOString(),
    runs: unique,
    weights: opts.weights,
  };
  const zip = zipSync(
    { [ARCHIVE_MANIFEST]: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`), ...files },
    { level: 6, mtime: opts.now ?? new Date() },
  );
  if (zip.length > limits.archive_bytes) throw new ArchiveError('archive.export_too_large', { bytes: zip.length, limit: limits.archive_bytes }, 'usage');
  return zip;
}

/** status.json with `weights_left_out: true` (the bytes unchanged when they are not a JSON object). */
function markWeightsLeftOut(data: Uint8Array): Uint8Array {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(data));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return data;
    return new TextEncoder().encode(JSON.stringify({ ...value, weights_left_out: true }, null, 2) + '\n');
  } catch {
    return data;
  }
}

/** A run's files for the archive, as [path inside the run folder, bytes], each checked. */
function runFilesForExport(store: RunStore, id: string, weights: boolean, limits: ZipLimits): [string, Uint8Array][] {
  const dir = RUN_ID_PATTERN.test(id) ? join(store.dir, id) : null;
  if (dir === null || !isDirectory(dir)) throw new ArchiveError('archive.unknown_run', { run_id: id, dir: store.dir }, 'usage');
  const damaged = (detail: string): ArchiveError => new ArchiveError('archive.run_damaged', { run_id: id, detail }, 'damaged');
  const out: [string, Uint8Array][] = [];
  const sizes = new Map<string, number>();
  for (const [file, rule] of Object.entries(RUN_FILES)) {
    if (rule.weights && !weights) continue;
    const data = readRunFile(join(dir, ...file.split('/')), file, limits, damaged);
    if (data === null) {
      if (rule.required) throw damaged(`${file} is missing`);
      continue;
    }
    // A crash mid-append leaves half a last line; the records before it are whole and worth sharing.
    let kept = file === 'metrics.jsonl' ? withoutCutLastLine(data) : data;
    // Weights left out on purpose: said in the copy's status.json, so the runs list of whoever imports
    // it does not call a completed run without weights damaged.
    if (file === 'status.json' && !weights && isDirectory(join(dir, 'weights'))) kept = markWeightsLeftOut(kept);
    out.push([file, kept]);
    sizes.set(file, kept.length);
  }
  const active = activeStatus(out.find(([f]) => f === 'status.json')?.[1]);
  if (active !== null) throw new ArchiveError('archive.run_active', { run_id: id, status: active }, 'usage');
  const hasWeights = WEIGHT_FILES.filter((f) => sizes.has(f));
  if (hasWeights.length === 1) throw damaged(`${WEIGHT_FILES.find((f) => !sizes.has(f))} is missing`);
  for (const [file, data] of out) {
    const problem = (RUN_FILES[file] as (typeof RUN_FILES)[string]).check(data, sizes);
    if (problem) throw damaged(problem.detail);
  }
  return out;
}

/** A run file's bytes, null when absent; a link, folder or oversized file is damage (a link could leak any file of the machine). */
function readRunFile(path: string, file: string, limits: ZipLimits, damaged: (detail: string) => ArchiveError): Uint8Array | null {
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw damaged(`${file} cannot be read (${code ?? String(err)})`);
  }
  if (!st.isFile()) throw damaged(`${file} is not a regular file`);
  if (st.size > limits.entry_bytes) throw damaged(`${file} is ${st.size} bytes; an archive takes at most ${limits.entry_bytes} per file`);
  try {
    return readFileSync(path);
  } catch (err) {
    throw damaged(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/** `queued` or `running` when status.json says so (a damaged one is left to its check). */
function activeStatus(data: Uint8Array | undefined): string | null {
  try {
    const s = parseStatus(new TextDecoder().decode(data)).status;
    return s === 'queued' || s === 'running' ? s : null;
  } catch {
    return null;
  }
}

function withoutCutLastLine(data: Uint8Array): Uint8Array {
  if (data.length === 0 || data[data.length - 1] === 0x0a) return data;
  return data.subarray(0, data.lastIndexOf(0x0a) + 1);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Options of `importRuns`. */
export interface ImportOptions {
  /** Default ARCHIVE_LIMITS (tests pass smaller ones). */
  limits?: ZipLimits;
  /** The fs calls the writes go through (tests make one fail as a full disk would); default the real ones. */
  fs?: Partial<RunStoreFs>;
}

/** One run of an archive, once checked: its id and its entries by path inside the run folder. */
interface CheckedRun {
  id: string;
  files: Map<string, ZipEntryInfo>;
}

/**
 * Imports an archive made by `exportRuns` into `store`'s folder: `{imported: [{from, to}]}`,
 * `to` differing from `from` where that id was taken (`…-net-2-1a2b`); nothing is ever
 * overwritten. A hostile or broken archive throws ArchiveError (kind `refused`) naming the
 * entry and the problem, before anything is written; a write that fails throws kind
 * `failed` after removing what this import wrote.
 */
export function importRuns(store: RunStore, bytes: Uint8Array, opts: ImportOptions = {}): RunImportResponse {
  const runs = checkArchive(bytes, opts.limits ?? ARCHIVE_LIMITS);
  return writeRuns(store, bytes, runs, withDefaults(opts.fs));
}

/** Every check, in order of cost: structure and names, layout, manifest, then each file inflated and checked. */
function checkArchive(bytes: Uint8Array, limits: ZipLimits): CheckedRun[] {
  const entries = listZip(bytes, limits);
  let manifestEntry: ZipEntryInfo | null = null;
  const byRun = new Map<string, Map<string, ZipEntryInfo>>();
  for (const e of entries) {
    if (e.directory && isRunFolderEntry(e.name)) continue;
    if (!e.directory && e.name === ARCHIVE_MANIFEST) {
      manifestEntry = e;
      continue;
    }
    const at = e.directory ? null : runFileOf(e.name);
    if (at === null) throw refused('archive.unknown_entry', { entry: entryLabel(e.name) });
    const files = byRun.get(at.id) ?? new Map<string, ZipEntryInfo>();
    files.set(at.file, e);
    byRun.set(at.id, files);
  }
  if (manifestEntry === null) throw refused('archive.no_manifest');
  const manifest = parseManifest(readEntry(bytes, manifestEntry));
  if ('newer' in manifest) {
    throw refused('archive.newer_format', { version: manifest.newer.version, app_version: manifest.newer.app_version, supported: ARCHIVE_VERSION });
  }
  if ('problem' in manifest) throw refused('archive.bad_manifest', { detail: manifest.problem });
  const missing = manifest.runs.find((id) => !byRun.has(id));
  if (missing !== undefined) throw refused('archive.run_missing', { run_id: missing });
  const unlisted = [...byRun.keys()].find((id) => !manifest.runs.includes(id));
  if (unlisted !== undefined) throw refused('archive.run_unlisted', { run_id: unlisted });
  if (manifest.runs.length === 0) throw refused('archive.no_runs');

  const checked = manifest.runs.map((id) => ({ id, files: byRun.get(id) as Map<string, ZipEntryInfo> }));
  for (const run of checked) checkRun(bytes, run);
  return checked;
}

/** A run's files are all there and each passes its check; inflated one at a time and let go (at most one entry in memory). */
function checkRun(bytes: Uint8Array, run: CheckedRun): void {
  for (const [file, rule] of Object.entries(RUN_FILES)) {
    if (rule.required && !run.files.has(file)) throw refused('archive.missing_file', { run_id: run.id, file });
  }
  const weights = WEIGHT_FILES.filter((f) => run.files.has(f));
  if (weights.length === 1) throw refused('archive.missing_file', { run_id: run.id, file: WEIGHT_FILES.find((f) => !run.files.has(f)) as string });
  const sizes = new Map([...run.files].map(([file, e]) => [file, e.size]));
  for (const [file, entry] of run.files) {
    const problem: FileProblem | null = (RUN_FILES[file] as (typeof RUN_FILES)[string]).check(readEntry(bytes, entry), sizes);
    if (problem) {
      throw refused(problem.kind === 'invalid_model' ? 'archive.invalid_model' : 'archive.malformed_file', {
        entry: entryLabel(entry.name),
        detail: problem.detail,
      });
    }
  }
}

/**
 * Writes the checked runs: first every run into its own temp folder (a full disk shows up
 * here, before any run is visible), then each renamed into place under a free id. Any
 * failure removes the temp folders and the runs already renamed.
 */
function writeRuns(store: RunStore, bytes: Uint8Array, runs: readonly CheckedRun[], fs: RunStoreFs): RunImportResponse {
  const temps: string[] = [];
  const placed: string[] = [];
  const imported: RunImportResponse['imported'] = [];
  try {
    fs.mkdirSync(store.dir, { recursive: true });
    for (const run of runs) {
      const tmp = tempName(join(store.dir, run.id));
      fs.mkdirSync(tmp);
      temps.push(tmp);
      if ([...run.files.keys()].some((f) => f.includes('/'))) fs.mkdirSync(join(tmp, 'weights'));
      // Names come from RUN_FILES (checked by runFileOf), never from the archive as such.
      for (const [file, entry] of run.files) fs.writeFileAtomic(join(tmp, ...file.split('/')), readEntry(bytes, entry));
    }
    const taken = new Set<string>();
    runs.forEach((run, i) => {
      const to = placeRun(fs, store.dir, temps[i] as string, run.id, taken);
      taken.add(to);
      placed.push(join(store.dir, to));
      imported.push({ from: run.id, to });
    });
    return { imported };
  } catch (err) {
    for (const path of [...temps, ...placed]) {
      try {
        fs.rmSync(path, { recursive: true, force: true });
      } catch {
        // a temp name is swept at the next start; a placed run that cannot be removed is reported below
      }
    }
    const code = (err as NodeJS.ErrnoException).code;
    const detail = err instanceof Error ? err.message : String(err);
    throw new ArchiveError('archive.cannot_import', { dir: store.dir, detail: code && !detail.includes(code) ? `${code}: ${detail}` : detail }, 'failed');
  }
}

/** Most ids tried for one run (`-2` … `-N`) before giving up. */
const MAX_ID_TRIES = 1000;

/**
 * Renames the temp folder to the run's id, or to the first free `<id with -N before its hex>`
 * (`20261130-021500-net-1a2b` → `20261130-021500-net-2-1a2b`): the id's time stays, so the
 * run sorts where it was made, and the hex shows which run it came from.
 */
function placeRun(fs: RunStoreFs, dir: string, tmp: string, id: string, taken: ReadonlySet<string>): string {
  for (let n = 1; n <= MAX_ID_TRIES; n++) {
    const to = n === 1 ? id : `${id.slice(0, -5)}-${n}${id.slice(-5)}`;
    const final = join(dir, to);
    if (taken.has(to) || exists(final)) continue;
    try {
      renameWith(fs, tmp, final);
      return to;
    } catch (err) {
      // Another process took that id between the check and the rename: a non-empty folder is never replaced.
      const code = (err as NodeJS.ErrnoException).code;
      if ((code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM') && exists(final)) continue;
      throw err;
    }
  }
  throw new Error(`no free run id for ${id} after ${MAX_ID_TRIES} tries`);
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The runs folder's trash, `<runs>/.trash/<id>`: the runs view's delete moves a run
 * there so that it can be undone for the rest of the session, and the next session
 * empties it. Moving is one rename inside the runs folder, so a run is always either
 * listed or in the trash, never half of each.
 *
 * Why not the OS trash (Electron's `shell.trashItem`): the lab server has none, a shared
 * network folder often has none either, and restoring from it is the OS's business, so
 * the view's undo could not promise anything. One mechanism serves both shells.
 *
 * Several processes share a runs folder, so "the session" is the process that trashed a
 * run: next to each trashed folder, `<id>.json` records its pid, host and time, and a
 * store empties only what no live process may still want to undo (see `stale`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_ID_PATTERN, RunStoreError } from './ids.js';
import { io, renameWith, type RunStoreFs } from './io.js';
import { fileKind } from './weights.js';

/** The trash folder's name inside the runs folder (not a run id, so `list` skips it). */
export const TRASH_DIR = '.trash';

/** A trashed run whose marker says it came from another host is kept this long (ms): its session can't be checked. */
export const FOREIGN_TRASH_MS = 24 * 60 * 60 * 1000;

/** Who trashed a run and when (the `<id>.json` next to it). */
export interface TrashMark {
  pid: number;
  hostname: string;
  /** ISO 8601 UTC. */
  trashed_at: string;
}

/** The folder a trashed run lies in. */
export function trashedDir(runsDir: string, id: string): string {
  return join(runsDir, TRASH_DIR, id);
}

/**
 * Moves `<runs>/<id>` to the trash and records `mark` beside it. A leftover of the same id
 * in the trash (from an earlier session) is replaced. The caller has checked the id and
 * that no live process owns the run.
 */
export function moveToTrash(runsDir: string, id: string, fs: RunStoreFs, mark: TrashMark): void {
  const trash = join(runsDir, TRASH_DIR);
  const target = join(trash, id);
  io('trash', TRASH_DIR, 'create', runsDir, () => fs.mkdirSync(trash, { recursive: true }));
  if (fileKind(target) !== 'missing') io('trash', `${TRASH_DIR}/${id}`, 'remove an earlier copy of', runsDir, () => fs.rmSync(target, { recursive: true, force: true }));
  io('trash', 'run folder', 'move to the trash', runsDir, () => renameWith(fs, join(runsDir, id), target));
  try {
    fs.writeFileAtomic(join(trash, `${id}.json`), `${JSON.stringify(mark)}\n`);
  } catch {
    // Without its mark the run is emptied by the next store to open the folder: undo still works until then.
  }
}

/**
 * Moves a trashed run back to `<runs>/<id>`. Refused (RunStoreError) when the run is not
 * in the trash, or when a run folder of that id exists again (nothing is overwritten).
 */
export function restoreFromTrash(runsDir: string, id: string, fs: RunStoreFs): void {
  const source = trashedDir(runsDir, id);
  if (fileKind(source) !== 'dir') throw new RunStoreError(`restore: run ${id} is not in the trash of ${runsDir} (only runs deleted in this session can be restored)`);
  const target = join(runsDir, id);
  if (fileKind(target) !== 'missing') throw new RunStoreError(`restore: a run ${id} exists in ${runsDir} again; it was left as it is`);
  io('restore', 'run folder', 'move back from the trash', runsDir, () => renameWith(fs, source, target));
  quietRm(fs, join(runsDir, TRASH_DIR, `${id}.json`));
}

/** Ids of the runs in the trash. */
export function trashedIds(runsDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(runsDir, TRASH_DIR));
  } catch {
    return [];
  }
  return names.filter((n) => RUN_ID_PATTERN.test(n) && fileKind(trashedDir(runsDir, n)) === 'dir');
}

/** The mark of a trashed run, or null when it has none or it is unreadable. */
export function readTrashMark(runsDir: string, id: string): TrashMark | null {
  try {
    const m = JSON.parse(readFileSync(join(runsDir, TRASH_DIR, `${id}.json`), 'utf8')) as Partial<TrashMark>;
    const ok = typeof m.pid === 'number' && typeof m.hostname === 'string' && typeof m.trashed_at === 'string' && !Number.isNaN(Date.parse(m.trashed_at));
    return ok ? (m as TrashMark) : null;
  } catch {
    return null;
  }
}

/**
 * Whether a trashed run may go: no mark (nobody can undo it); trashed on this host by a
 * process that has ended; trashed on another host more than FOREIGN_TRASH_MS ago.
 */
export function stale(mark: TrashMark | null, here: { host: string; nowMs: number; isAlive: (pid: number) => boolean }): boolean {
  if (!mark) return true;
  if (mark.hostname === here.host) return !here.isAlive(mark.pid);
  return here.nowMs - Date.parse(mark.trashed_at) > FOREIGN_TRASH_MS;
}

/**
 * Removes every trashed run that is `stale`, with its mark, and marks left without a
 * run. Returns the ids removed. Never throws: what cannot be removed stays for the next try.
 */
export function emptyTrash(runsDir: string, fs: RunStoreFs, isStale: (mark: TrashMark | null) => boolean): string[] {
  const trash = join(runsDir, TRASH_DIR);
  let names: string[];
  try {
    names = readdirSync(trash);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const id of names.filter((n) => RUN_ID_PATTERN.test(n))) {
    if (!isStale(readTrashMark(runsDir, id))) continue;
    try {
      fs.rmSync(join(trash, id), { recursive: true, force: true });
      removed.push(id);
      quietRm(fs, join(trash, `${id}.json`));
    } catch {
      // in use or read-only: the next session tries again
    }
  }
  for (const name of names) {
    const m = /^(.*)\.json$/.exec(name);
    if (m && RUN_ID_PATTERN.test(m[1]!) && fileKind(join(trash, m[1]!)) === 'missing') quietRm(fs, join(trash, name));
  }
  return removed;
}

function quietRm(fs: RunStoreFs, path: string): void {
  try {
    fs.rmSync(path, { force: true });
  } catch {
    // a stray mark is harmless: emptyTrash removes it later
  }
}

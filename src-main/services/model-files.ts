/**
 * Model files in the desktop app (`files:*`): the native open and save dialogs, and a
 * recent-files list kept by the shell (settings.json). The renderer never names a path
 * main has not seen: a path comes from a dialog the user answered, and afterwards only
 * a path on the recent list may be read again or overwritten. Reading is the command
 * line's (regular files only, at most 4 MiB, checked while reading); writing is the
 * app's one atomic write. Dialogs and the list are injected, so all of this runs in
 * plain Node with fakes.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MAX_MODEL_FILE_BYTES, MAX_RECENT_FILES, type FileRef, type Handlers, type OpenedFile } from '../../src-shared/ipc/contract.js';
import { formatModelError, parseModelText } from '../../src-shared/model/index.js';
import { CliError } from '../cli/args.js';
import { fileKindOf, readModelText } from '../cli/model-file.js';
import { writeFileAtomic } from '../data/atomic.js';
import { UserError } from './dispatch.js';

/** The native dialogs `files:open` and `files:save` show (Electron's, in the desktop app). */
export interface ModelFileDialogs {
  /** An open dialog filtered to .json; resolves with the chosen absolute path, or null when cancelled. */
  open(defaultDir: string | null): Promise<string | null>;
  /** A save dialog starting at `defaultPath` (a folder + the model's file name, or the file name alone); null when cancelled. */
  save(defaultPath: string): Promise<string | null>;
}

/** Where the recent-files list lives (the desktop app: `recent_files` in settings.json). */
export interface RecentFilesStore {
  /** Absolute paths, newest first. */
  read(): string[];
  write(paths: string[]): void;
}

/** The `files:*` channels' handlers. */
export type ModelFileHandlers = Pick<Handlers, 'files:open' | 'files:save' | 'files:recent' | 'files:open-recent'>;

/** A recent-files store in memory, for the lab server's tests and as a fallback. */
export function memoryRecentFiles(initial: string[] = []): RecentFilesStore {
  let paths = [...initial];
  return { read: () => [...paths], write: (next) => (paths = [...next]) };
}

/**
 * `list` with `path` put first, duplicates dropped, at most MAX_RECENT_FILES long.
 * Example: `withRecent(['/a.json', '/b.json'], '/b.json')` → `['/b.json', '/a.json']`.
 */
export function withRecent(list: readonly string[], path: string): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, MAX_RECENT_FILES);
}

function errnoCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
}

function refOf(path: string): FileRef {
  return { path, name: basename(path) };
}

/**
 * The text of the model file at `path`, read the command line's way (`readModelText`): a
 * directory, FIFO or device is refused without opening it for a blocking read, a file over
 * `maxBytes` is refused from its size or while reading. Throws UserError naming the path.
 */
export function readModelFileText(path: string, maxBytes: number = MAX_MODEL_FILE_BYTES): string {
  try {
    return readModelText(path, undefined, maxBytes);
  } catch (err) {
    if (err instanceof CliError) throw new UserError(err.message, 'path');
    throw err;
  }
}

/**
 * Writes a model document to `path` atomically (temp file, fsync, rename). An existing
 * entry must be a regular file (a link is followed, so the file it points at is replaced,
 * not the link); `text` must pass the model validator, so nothing but a model document is
 * ever written. Throws UserError naming the path.
 */
export function writeModelFileText(path: string, text: string): void {
  const parsed = parseModelText(text);
  if (!parsed.ok) {
    const shown = parsed.errors.slice(0, 3).map(formatModelError).join('; ');
    throw new UserError(`${path}: not saved: the text is not a valid model document (${shown}${parsed.errors.length > 3 ? '; …' : ''})`, 'text');
  }
  let target = path;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UserError(`${path}: cannot save over it: it is ${fileKindName(fileKindOf(st))}, not a regular file`, 'path');
    target = realpathSync(path);
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (errnoCode(err) !== 'ENOENT') throw new UserError(`${path}: cannot save (${errnoCode(err)})`, 'path');
  }
  try {
    writeFileAtomic(target, text);
  } catch (err) {
    throw new UserError(`${path}: cannot save (${errnoCode(err)})`, 'path');
  }
}

function fileKindName(kind: ReturnType<typeof fileKindOf>): string {
  return { directory: 'a directory', fifo: 'a FIFO (named pipe)', 'character-device': 'a character device', 'block-device': 'a block device', socket: 'a socket', symlink: 'a symbolic link', other: 'not a regular file' }[kind];
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Options of {@link createModelFileHandlers}. */
export interface ModelFileOptions {
  /** Absent (lab mode): every `files:*` channel is refused; the page uploads and downloads instead. */
  dialogs?: ModelFileDialogs;
  recent?: RecentFilesStore;
  /** Largest file read, in bytes (tests make it small). */
  maxBytes?: number;
}

/** Refused where there are no native dialogs (lab clients): one message for all four channels. */
function notHere(channel: string): UserError {
  return new UserError(`${channel} is only available in the desktop app; here, open a model by uploading it and save it by downloading it`);
}

/**
 * The `files:*` handlers. Example: after `files:open` read `/home/me/net.json`,
 * `files:open-recent {path: '/home/me/net.json'}` reads it again, while
 * `files:open-recent {path: '/etc/passwd'}` is refused naming `/etc/passwd`.
 */
export function createModelFileHandlers(opts: ModelFileOptions): ModelFileHandlers {
  const { dialogs } = opts;
  const store = opts.recent ?? memoryRecentFiles();
  const maxBytes = opts.maxBytes ?? MAX_MODEL_FILE_BYTES;

  // The list is a convenience: a settings.json that cannot be written must not fail the open or save itself.
  function remember(path: string): void {
    try {
      store.write(withRecent(store.read(), path));
    } catch {
      // Not remembered: the file was still opened or saved.
    }
  }

  function forget(path: string): void {
    try {
      store.write(store.read().filter((p) => p !== path));
    } catch {
      // As above.
    }
  }

  function read(path: string): OpenedFile {
    const text = readModelFileText(path, maxBytes);
    remember(path);
    return { ...refOf(path), text };
  }

  /** Refuses a renderer-given path that main did not put on the list (a dialog answer, an earlier save). */
  function requireRecent(path: string, what: 'read' | 'overwrite'): void {
    if (store.read().includes(path)) return;
    throw new UserError(
      `path: ${JSON.stringify(path)} is not on the recent-files list; the app ${what === 'read' ? 'reads' : 'overwrites'} only files opened or saved through its own dialogs`,
      'path',
    );
  }

  return {
    'files:open': async () => {
      if (!dialogs) throw notHere('files:open');
      const first = store.read()[0];
      const picked = await dialogs.open(first ? dirname(first) : null);
      return picked === null ? null : read(resolve(picked));
    },
    'files:save': async ({ text, name, path }) => {
      if (!dialogs) throw notHere('files:save');
      let target: string;
      if (path !== undefined) {
        requireRecent(path, 'overwrite');
        target = path;
      } else {
        const first = store.read()[0];
        const picked = await dialogs.save(first ? join(dirname(first), name) : name);
        if (picked === null) return null;
        target = resolve(picked);
      }
      writeModelFileText(target, text);
      remember(target);
      return refOf(target);
    },
    'files:recent': async () => {
      if (!dialogs) throw notHere('files:recent');
      const all = store.read();
      const kept = all.filter(exists);
      if (kept.length !== all.length) store.write(kept);
      return kept.map(refOf);
    },
    'files:open-recent': async ({ path }) => {
      if (!dialogs) throw notHere('files:open-recent');
      requireRecent(path, 'read');
      try {
        return read(path);
      } catch (err) {
        // Gone or renamed since: it leaves the list, so the next files:recent no longer offers it.
        if (!exists(path)) forget(path);
        throw err;
      }
    },
  };
}

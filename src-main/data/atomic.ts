/**
 * Atomic file replacement: the one helper for every whole-file write the app makes
 * (the dataset cache, the run store, settings.json and window-state.json).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';

/** A unique sibling name for temp files and folders: `<path>.tmp-<pid>-<8 hex>`. */
export function tempName(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Writes `data` to a temp file next to `file`, flushes it, then renames it over
 * `file`: readers (another process loading the cache, the UI listing runs) see the
 * old file or the new one, never half of one; a crash leaves only a stray temp file.
 */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  const tmp = tempName(file);
  try {
    const fd = openSync(tmp, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameRetry(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

const TRANSIENT = new Set(['EPERM', 'EACCES', 'EBUSY']);

/**
 * renameSync, retried briefly: on Windows a virus scanner or indexer holding the
 * target open makes rename fail for a few milliseconds with EPERM/EACCES/EBUSY.
 * `rename` is replaceable so the run store's tests can inject failures.
 */
export function renameRetry(from: string, to: string, attempts = 8, rename: (from: string, to: string) => void = renameSync): void {
  for (let i = 1; ; i++) {
    try {
      rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (i >= attempts || process.platform !== 'win32' || !TRANSIENT.has(code)) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 * i);
    }
  }
}

/**
 * `mkdir -p` one level at a time. Node 20's `mkdirSync(path, { recursive: true })` spins
 * forever (and ignores SIGINT) for a path below a folder that refuses new entries with
 * ENOENT, such as `/proc/x`; a runs folder typed by a user must fail with the code instead.
 * Throws the first real error (ENOENT, ENOTDIR, EACCES …) with its path.
 */
export function makeDirs(path: string, mkdir: (p: string) => void = (p) => mkdirSync(p)): void {
  const abs = resolve(path);
  const missing: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    if (isDirectory(p)) break;
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing.reverse()) {
    try {
      mkdir(p);
    } catch (err) {
      // Another process made it meanwhile: fine, if it really is a folder now.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        if (isDirectory(p)) continue;
        // A file where a folder should be: say so as recursive mkdir does (ENOTDIR), naming it.
        throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${abs}' (${p} is a file)`), { code: 'ENOTDIR', path: p });
      }
      throw err;
    }
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

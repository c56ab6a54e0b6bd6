/**
 * Where the desktop app finds its parts. The bundle sits in out/main; in the
 * packaged app that is inside app.asar, and the datasets, examples and .wasm
 * binaries sit next to it in resources/ (electron-builder's extraResources).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Files and folders the app uses. `null` means "the module's own default". */
export interface AppPaths {
  preload: string;
  rendererIndex: string;
  rendererFileUrl: string;
  trainerEntry: string;
  /** Dataset cache folder for the services. */
  dataDir: string | null;
  /** Shipped example models. */
  examplesDir: string | null;
  /** Folder with tfjs-backend-wasm*.wasm for the training process. */
  wasmDir: string | null;
}

function hasFiles(dir: string): boolean {
  try {
    return readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

/**
 * Computes the paths. `mainDir` is the folder of out/main/index.js; `resourcesPath`
 * is set only in the packaged app (process.resourcesPath). Example (packaged):
 * `resources/app.asar/out/main` → preload `…/app.asar/out/preload/index.cjs`,
 * dataDir `resources/datasets` when it holds the caches, else `<userData>/datasets`.
 */
export function appPaths(mainDir: string, resourcesPath: string | null, userData: string): AppPaths {
  const out = dirname(mainDir);
  const rendererIndex = join(out, 'renderer', 'index.html');
  const base = {
    preload: join(out, 'preload', 'index.cjs'),
    rendererIndex,
    rendererFileUrl: pathToFileURL(rendererIndex).href,
    trainerEntry: join(mainDir, 'trainer.js'),
  };
  if (resourcesPath === null) return { ...base, dataDir: null, examplesDir: null, wasmDir: null };
  const shipped = join(resourcesPath, 'datasets');
  const wasm = join(resourcesPath, 'wasm');
  return {
    ...base,
    // The shipped caches are read-only; without them the app converts into userData.
    dataDir: hasFiles(shipped) ? shipped : join(userData, 'datasets'),
    examplesDir: join(resourcesPath, 'examples'),
    wasmDir: existsSync(wasm) ? wasm : null,
  };
}

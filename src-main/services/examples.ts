import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { formatModelError, parseModelText } from '../../src-shared/model/index.js';
import type { ExampleModel } from '../../src-shared/ipc/contract.js';
import { readModelFileText } from './model-files.js';

let examplesDirOverride: string | null = null;

/** Points the services at the examples folder (the packaged app ships it as an extra resource). */
export function setExamplesDir(dir: string): void {
  examplesDirOverride = dir;
}

function examplesDir(): string {
  if (examplesDirOverride) return examplesDirOverride;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'examples')) && existsSync(join(dir, 'package.json'))) return join(dir, 'examples');
    dir = dirname(dir);
  }
  throw new Error('examples folder not found');
}

/** Loads every valid example model; an invalid file is skipped with a warning, never fatal. */
export function loadExamples(): ExampleModel[] {
  const dir = examplesDir();
  const out: ExampleModel[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const r = parseModelText(readFileSync(join(dir, file), 'utf8'));
    if (r.ok) out.push({ id: basename(file, '.json'), model: r.model, source: 'bundled' });
    else console.warn(`[gradient-lab] examples/${file} is invalid and was skipped`);
  }
  return out;
}

/**
 * Bounds of a shared models folder, read on every `models:examples`: files looked at
 * (in name order) and bytes served in all. Each file is also held to MAX_MODEL_FILE_BYTES.
 */
export const SHARED_MODELS_LIMITS = { files: 200, total_bytes: 16 * 1024 * 1024 } as const;

/** Prefix of a shared model's id, so that it never shadows a bundled example (whose id the UI explains). */
export const SHARED_ID_PREFIX = 'shared:';

/**
 * Reads the teacher's models folder (the lab server's `--models-dir`) on every call, so
 * files added during a class appear at the next request. Every `*.json` that is a regular
 * file of at most MAX_MODEL_FILE_BYTES and a valid model document becomes a preset with
 * `source: 'shared'` and the id `shared:<file name without .json>`; anything else (a
 * folder or FIFO named x.json, a file too large, invalid JSON or an invalid model) is
 * skipped and logged with its reason — each reason once per file, not once per student.
 * An unreadable folder gives no shared models, never an error.
 * Example: `sharedModelsReader('/srv/class')()` → `[{ id: 'shared:week-3', model: {…}, source: 'shared' }]`.
 */
export function sharedModelsReader(dir: string, log: (line: string) => void = (line) => console.warn(line)): () => ExampleModel[] {
  const reported = new Set<string>();
  const skip = (what: string, why: string): void => {
    const key = `${what}\0${why}`;
    if (reported.has(key)) return;
    // Bounded: a file whose reason keeps changing (one still being written) must not grow this forever.
    if (reported.size >= 1000) reported.clear();
    reported.add(key);
    log(`[gradient-lab] shared models: ${what} skipped: ${why}`);
  };
  return () => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      skip(dir, `the folder cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      return [];
    }
    const files = names.filter((n) => n.toLowerCase().endsWith('.json') && n.length > '.json'.length).sort();
    if (files.length > SHARED_MODELS_LIMITS.files) {
      skip(`${files.length - SHARED_MODELS_LIMITS.files} file(s) after ${files[SHARED_MODELS_LIMITS.files - 1]!}`, `at most ${SHARED_MODELS_LIMITS.files} files are served`);
    }
    const out: ExampleModel[] = [];
    let total = 0;
    for (const file of files.slice(0, SHARED_MODELS_LIMITS.files)) {
      let text: string;
      try {
        // The command line's rules: regular files only (a FIFO is never opened for a blocking read), size-limited.
        text = readModelFileText(join(dir, file));
      } catch (err) {
        skip(file, err instanceof Error ? err.message : String(err));
        continue;
      }
      const r = parseModelText(text);
      if (!r.ok) {
        skip(file, `not a valid model document (${r.errors.slice(0, 3).map(formatModelError).join('; ')})`);
        continue;
      }
      const bytes = Buffer.byteLength(text);
      if (total + bytes > SHARED_MODELS_LIMITS.total_bytes) {
        skip(file, `the shared models would exceed ${SHARED_MODELS_LIMITS.total_bytes} bytes in all`);
        continue;
      }
      total += bytes;
      out.push({ id: `${SHARED_ID_PREFIX}${file.slice(0, -'.json'.length)}`, model: r.model, source: 'shared' });
    }
    return out;
  };
}

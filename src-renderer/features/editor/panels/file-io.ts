/**
 * Reading and writing model files in the renderer, which has no file system. In a lab browser
 * a file comes from an `<input type=file>` (its upload dialog) and a save is a download of a
 * Blob. In the desktop app main shows the native dialogs (`files:open`, `files:save`) and
 * answers the text; the renderer checks it with the same parser either way.
 */
import { MAX_MODEL_FILE_BYTES, type FileRef } from '../../../../src-shared/ipc/contract.js';
import { formatModelError, parseModelText, type ModelSpec } from '../../../../src-shared/model/index.js';
import type { OlderModelVersion } from '../../../../src-shared/model/migrate.js';

/** Largest model file opened, in bytes: the command line's limit (main checks it too), checked before reading a byte. */
export { MAX_MODEL_FILE_BYTES };

/** What reading a chosen file gave: the checked model, or why not (errors formatted `path: message`). */
export type ReadModelResult =
  | { ok: true; model: ModelSpec; migrated_from?: OlderModelVersion }
  | { ok: false; kind: 'too-large'; size: number }
  | { ok: false; kind: 'unreadable'; message: string }
  | { ok: false; kind: 'invalid'; errors: string[] };

/**
 * Reads and validates a chosen file with the shared parser, which also reports what
 * `JSON.parse` hides (a duplicate key) and puts line and column on a syntax error:
 * `(root): invalid JSON at line 3, column 5: …`, `layers[1]: duplicate key "units"`.
 */
export async function readModelFile(file: Blob): Promise<ReadModelResult> {
  if (file.size > MAX_MODEL_FILE_BYTES) return { ok: false, kind: 'too-large', size: file.size };
  let text: string;
  try {
    text = await file.text();
  } catch (err) {
    return { ok: false, kind: 'unreadable', message: err instanceof Error ? err.message : String(err) };
  }
  return checkModelText(text);
}

/** Checks a model file's text (a chosen file's, or what `files:open` answered) with the shared parser. */
export function checkModelText(text: string): ReadModelResult {
  const result = parseModelText(text);
  if (!result.ok) return { ok: false, kind: 'invalid', errors: result.errors.map(formatModelError) };
  // An older file opens as the newest version: the panel says so, since saving rewrites it.
  return result.migrated_from === undefined ? { ok: true, model: result.model } : { ok: true, model: result.model, migrated_from: result.migrated_from };
}

/**
 * The file on disk each editor's document came from or was last saved to (desktop app), kept
 * beside the editor instead of in it, and outside the panel so that it survives the panel
 * being mounted again. It counts only while the editor still shows that file's name: opening
 * a preset or a new model clears the name, and with it the path.
 */
const filePaths = new WeakMap<object, FileRef>();

/** Records that `editor`'s document is the file `ref` (after `files:open` or `files:save`). */
export function rememberFile(editor: object, ref: FileRef): void {
  filePaths.set(editor, ref);
}

/** What {@link rememberFile} recorded for `editor`, or null (the panel starts from it when mounted again). */
export function rememberedFile(editor: object): FileRef | null {
  return filePaths.get(editor) ?? null;
}

/**
 * The path Save writes to without asking, or null (Save then asks where, like "Save as…").
 * Examples: `({path: '/m/a.json', name: 'a.json'}, 'a.json')` → `'/m/a.json'`; with file name
 * null (a preset was opened since) or another name → null.
 */
export function savePathFor(ref: FileRef | null, fileName: string | null): string | null {
  return ref && fileName === ref.name ? ref.path : null;
}

/**
 * A file name for saving: the file the model came from when there is one, else the model's
 * name made file-safe. Examples: `('my.json', …)` → `'my.json'`; `(null, 'LeakyReLU 300-100 (he_normal)')`
 * → `'leakyrelu-300-100-he_normal.json'`; `(null, '')` → `'model.json'`; `ext` `'py'` gives `'…_300_100….py'`.
 */
export function fileNameFor(fileName: string | null, modelName: string, ext: 'json' | 'py' = 'json'): string {
  const base = fileName ? fileName.replace(/\.[^.]*$/, '') : slug(modelName);
  // Python imports modules by name, and a module name cannot hold a hyphen.
  const stem = ext === 'py' ? base.replace(/[^\p{L}\p{N}_]+/gu, '_') : base;
  return `${stem || 'model'}.${ext}`;
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** `3_500_000` → `'3.3 MiB'`, `900` → `'900 B'`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Offers `text` as a download named `fileName` (a lab browser; the desktop app saves through `files:save`). */
export { downloadText } from '../../../lib/download.js';

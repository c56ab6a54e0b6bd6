/**
 * Saved weights in the TF.js layers format: `weights/model.json` (topology plus a
 * weights manifest) and `weights/weights.bin`. This is what `tf.loadLayersModel`
 * and `tensorflowjs_converter --input_format=tfjs_layers_model` read.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempName } from '../data/atomic.js';
import { RunStoreError } from './ids.js';
import { io, NODE_FS, renameWith, type RunStoreFs } from './io.js';

/** What `model.save(tf.io.withSaveHandler(...))` hands over (tfjs `ModelArtifacts`, the parts we keep). */
export interface WeightArtifacts {
  modelTopology: unknown;
  weightSpecs: unknown[];
  /** One buffer, or several that are concatenated in order (tfjs ≥ 4.10 may pass a list). */
  weightData: ArrayBuffer | ArrayBuffer[];
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
  userDefinedMetadata?: unknown;
}

/** The folder, manifest and weight file names inside a run folder. */
export const WEIGHTS_DIR = 'weights';
export const WEIGHTS_MODEL_FILE = 'model.json';
export const WEIGHTS_BIN_FILE = 'weights.bin';

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

/** Bytes the specs describe, or null when they can't be counted (quantized or string weights). */
function expectedBytes(specs: unknown[]): number | null {
  let total = 0;
  for (const spec of specs) {
    const s = spec as { shape?: unknown; dtype?: unknown; quantization?: unknown };
    const per = typeof s.dtype === 'string' ? DTYPE_BYTES[s.dtype] : undefined;
    if (s.quantization !== undefined || per === undefined || !Array.isArray(s.shape)) return null;
    total += per * (s.shape as number[]).reduce((a, b) => a * b, 1);
  }
  return total;
}

function concat(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  if (!Array.isArray(data)) return new Uint8Array(data);
  const out = new Uint8Array(data.reduce((a, b) => a + b.byteLength, 0));
  let at = 0;
  for (const part of data) {
    out.set(new Uint8Array(part), at);
    at += part.byteLength;
  }
  return out;
}

/**
 * Writes `<runDir>/weights` atomically: the files go into a temp folder that is
 * renamed into place, so a crash never leaves a manifest without its weights.
 * When a write fails (disk full, folder gone) the earlier weights stay as they
 * were and no temp folder is left; the error is a RunStoreError naming the file.
 */
export function writeWeights(runDir: string, artifacts: WeightArtifacts, generatedBy: string, fs: RunStoreFs = NODE_FS): void {
  const bin = concat(artifacts.weightData);
  const expected = expectedBytes(artifacts.weightSpecs);
  if (expected !== null && expected !== bin.byteLength) {
    throw new RunStoreError(`saveWeights: the weight specs describe ${expected} bytes. Received: weightData of ${bin.byteLength} bytes`);
  }
  const manifest = {
    format: 'layers-model',
    generatedBy: artifacts.generatedBy ?? generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    ...(artifacts.trainingConfig !== undefined ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(artifacts.userDefinedMetadata !== undefined ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
    weightsManifest: [{ paths: [WEIGHTS_BIN_FILE], weights: artifacts.weightSpecs }],
  };
  const op = 'saveWeights';
  const final = join(runDir, WEIGHTS_DIR);
  const tmp = tempName(final);
  io(op, WEIGHTS_DIR, 'create its temp folder', runDir, () => fs.mkdirSync(tmp));
  let old: string | null = null;
  try {
    io(op, `${WEIGHTS_DIR}/${WEIGHTS_BIN_FILE}`, 'write', runDir, () => fs.writeFileAtomic(join(tmp, WEIGHTS_BIN_FILE), bin));
    io(op, `${WEIGHTS_DIR}/${WEIGHTS_MODEL_FILE}`, 'write', runDir, () =>
      fs.writeFileAtomic(join(tmp, WEIGHTS_MODEL_FILE), `${JSON.stringify(manifest, null, 2)}\n`),
    );
    // A folder can't be renamed over a non-empty one: move the old weights aside first.
    if (existsSync(final)) {
      const aside = tempName(`${final}.old`);
      io(op, WEIGHTS_DIR, 'move the earlier weights aside', runDir, () => renameWith(fs, final, aside));
      old = aside;
    }
    io(op, WEIGHTS_DIR, 'rename into place', runDir, () => renameWith(fs, tmp, final));
  } catch (err) {
    // Put the earlier weights back: a failed save must not lose the last good ones.
    if (old !== null && !existsSync(final)) {
      try {
        renameWith(fs, old, final);
        old = null;
      } catch {
        // left as weights.old.tmp-*: still on disk for a person to recover; sweepTemps removes it later
      }
    }
    quietRm(fs, tmp);
    throw err;
  }
  // The new weights are in place; a leftover old folder is only clutter (sweepTemps removes it).
  if (old !== null) quietRm(fs, old);
}

function quietRm(fs: RunStoreFs, path: string): void {
  try {
    fs.rmSync(path, { recursive: true, force: true });
  } catch {
    // a temp name: sweepTemps removes it at the next start
  }
}

/** A weights manifest as read back (the parts we use). */
interface StoredManifest {
  modelTopology: unknown;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
  userDefinedMetadata?: unknown;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
}

/** What `inspectWeights` found: no weights, usable ones (with the manifest), or damaged ones (with the reason naming the file). */
export type WeightsCheck =
  | { state: 'none' }
  | { state: 'ok'; manifest: StoredManifest; files: string[] }
  | { state: 'damaged'; file: string; problem: string };

const MANIFEST = `${WEIGHTS_DIR}/${WEIGHTS_MODEL_FILE}`;

/**
 * Checks saved weights without loading them: the manifest parses, every weight
 * file it lists is a regular file, and together they hold the bytes the manifest's
 * specs declare (a truncated or swapped weights.bin loads as garbage otherwise).
 */
export function inspectWeights(runDir: string): WeightsCheck {
  const dir = join(runDir, WEIGHTS_DIR);
  const kind = fileKind(dir);
  if (kind === 'missing') return { state: 'none' };
  if (kind !== 'dir') return { state: 'damaged', file: WEIGHTS_DIR, problem: `${WEIGHTS_DIR} is not a folder` };
  const mkind = fileKind(join(dir, WEIGHTS_MODEL_FILE));
  if (mkind === 'missing') return { state: 'damaged', file: MANIFEST, problem: `${MANIFEST} is missing` };
  if (mkind !== 'file') return { state: 'damaged', file: MANIFEST, problem: `${MANIFEST} is not a regular file` };
  let m: StoredManifest;
  try {
    m = JSON.parse(readFileSync(join(dir, WEIGHTS_MODEL_FILE), 'utf8')) as StoredManifest;
  } catch (err) {
    return { state: 'damaged', file: MANIFEST, problem: `${MANIFEST} is not valid JSON (${(err as Error).message})` };
  }
  const groups: unknown = m?.weightsManifest;
  const valid =
    Array.isArray(groups) &&
    groups.every(
      (g) =>
        typeof g === 'object' && g !== null && Array.isArray((g as { paths?: unknown }).paths) && Array.isArray((g as { weights?: unknown }).weights),
    );
  if (!valid) return { state: 'damaged', file: MANIFEST, problem: `${MANIFEST} has no valid weightsManifest` };
  const files: string[] = [];
  let total = 0;
  for (const p of m.weightsManifest.flatMap((g) => g.paths)) {
    // Paths come from a file: only plain names inside the weights folder are followed.
    if (typeof p !== 'string' || !/^[\w.-]+$/.test(p) || p === '.' || p === '..') {
      return { state: 'damaged', file: MANIFEST, problem: `${MANIFEST} lists a weight file outside its folder: ${JSON.stringify(p)}` };
    }
    const file = join(dir, p);
    const k = fileKind(file);
    if (k === 'missing') return { state: 'damaged', file: `${WEIGHTS_DIR}/${p}`, problem: `${WEIGHTS_DIR}/${p} is missing` };
    if (k !== 'file') return { state: 'damaged', file: `${WEIGHTS_DIR}/${p}`, problem: `${WEIGHTS_DIR}/${p} is not a regular file` };
    total += statSync(file).size;
    files.push(file);
  }
  const expected = expectedBytes(m.weightsManifest.flatMap((g) => g.weights));
  if (expected !== null && expected !== total) {
    const names = m.weightsManifest.flatMap((g) => g.paths).map((p) => `${WEIGHTS_DIR}/${p}`);
    const what = names.length === 1 ? `${names[0]!} has` : `the weight files (${names.join(', ')}) have`;
    return { state: 'damaged', file: names.join(', ') || WEIGHTS_DIR, problem: `${what} ${total} bytes but ${MANIFEST} declares ${expected}` };
  }
  return { state: 'ok', manifest: m, files };
}

/** 'file', 'dir', 'other' (socket, fifo...), 'missing', or 'unreadable' (stat failed otherwise). */
export function fileKind(path: string): 'file' | 'dir' | 'other' | 'missing' | 'unreadable' {
  try {
    const st = statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'missing' : 'unreadable';
  }
}

/**
 * Reads saved weights back as tfjs-style artifacts (for `tf.io.fromMemory`), or
 * null if none were saved. Damaged weights (see `inspectWeights`) are an error.
 */
export function readWeights(runDir: string): (WeightArtifacts & { weightData: ArrayBuffer }) | null {
  const check = inspectWeights(runDir);
  if (check.state === 'none') return null;
  if (check.state === 'damaged') throw new RunStoreError(`readWeights: ${check.problem} (in ${runDir})`);
  const m = check.manifest;
  const weightSpecs = m.weightsManifest.flatMap((g) => g.weights);
  const bytes = Buffer.concat(check.files.map((f) => io('readWeights', f.slice(runDir.length + 1), 'read', runDir, () => readFileSync(f))));
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const out: WeightArtifacts & { weightData: ArrayBuffer } = { modelTopology: m.modelTopology, weightSpecs, weightData };
  if (m.generatedBy !== undefined) out.generatedBy = m.generatedBy;
  if (m.convertedBy !== undefined) out.convertedBy = m.convertedBy;
  if (m.trainingConfig !== undefined) out.trainingConfig = m.trainingConfig;
  if (m.userDefinedMetadata !== undefined) out.userDefinedMetadata = m.userDefinedMetadata;
  return out;
}

/**
 * Saved weights in the TF.js layers format: `weights/model.json` (topology plus a
 * weights manifest) and `weights/weights.bin`. This is what `tf.loadLayersModel`
 * and `tensorflowjs_converter --input_format=tfjs_layers_model` read.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { renameRetry, tempName, writeFileAtomic } from '../data/atomic.js';

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
 */
export function writeWeights(runDir: string, artifacts: WeightArtifacts, generatedBy: string): void {
  const bin = concat(artifacts.weightData);
  const expected = expectedBytes(artifacts.weightSpecs);
  if (expected !== null && expected !== bin.byteLength) {
    throw new Error(`saveWeights: the weight specs describe ${expected} bytes. Received: weightData of ${bin.byteLength} bytes`);
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
  const final = join(runDir, WEIGHTS_DIR);
  const tmp = tempName(final);
  mkdirSync(tmp);
  try {
    writeFileAtomic(join(tmp, WEIGHTS_BIN_FILE), bin);
    writeFileAtomic(join(tmp, WEIGHTS_MODEL_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    // A folder can't be renamed over a non-empty one: move the old weights aside first.
    const old = existsSync(final) ? tempName(`${final}.old`) : null;
    if (old) renameRetry(final, old);
    renameRetry(tmp, final);
    if (old) rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Reads saved weights back as tfjs-style artifacts (for `tf.io.fromMemory`), or null if none were saved. */
export function readWeights(runDir: string): (WeightArtifacts & { weightData: ArrayBuffer }) | null {
  const dir = join(runDir, WEIGHTS_DIR);
  const manifestFile = join(dir, WEIGHTS_MODEL_FILE);
  if (!existsSync(manifestFile)) return null;
  const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    modelTopology: unknown;
    generatedBy?: string;
    convertedBy?: string | null;
    trainingConfig?: unknown;
    userDefinedMetadata?: unknown;
    weightsManifest: { paths: string[]; weights: unknown[] }[];
  };
  const groups = m.weightsManifest ?? [];
  const weightSpecs = groups.flatMap((g) => g.weights);
  // Paths come from a file: only plain names inside the weights folder are followed.
  const parts = groups.flatMap((g) => g.paths).map((p) => {
    if (!/^[\w.-]+$/.test(p)) throw new Error(`weights/model.json lists a weight file outside its folder: ${JSON.stringify(p)}`);
    return readFileSync(join(dir, p));
  });
  const bytes = Buffer.concat(parts);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const out: WeightArtifacts & { weightData: ArrayBuffer } = { modelTopology: m.modelTopology, weightSpecs, weightData };
  if (m.generatedBy !== undefined) out.generatedBy = m.generatedBy;
  if (m.convertedBy !== undefined) out.convertedBy = m.convertedBy;
  if (m.trainingConfig !== undefined) out.trainingConfig = m.trainingConfig;
  if (m.userDefinedMetadata !== undefined) out.userDefinedMetadata = m.userDefinedMetadata;
  return out;
}

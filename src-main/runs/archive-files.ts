/**
 * What a run archive may hold: the manifest and, per run, the files in RUN_FILES, each
 * with the check its contents must pass. One table serves export (which files to take,
 * and a run that fails a check is not exported) and import (any other entry is refused,
 * and so is a file that fails its check), so an exported archive always imports.
 */
import { z } from 'zod';
import { formatModelError, parseModelText } from '../../src-shared/model/index.js';
import { ARCHIVE_LIMITS } from '../../src-shared/runs/types.js';
import { RUN_ID_PATTERN } from './ids.js';
import { parseMetrics } from './metrics-file.js';
import { parseEnvironment, parseStatus } from './schema.js';
import { WEIGHTS_BIN_FILE, WEIGHTS_DIR, WEIGHTS_MODEL_FILE } from './weights.js';

/** The manifest's entry name, at the archive's root. */
export const ARCHIVE_MANIFEST = 'gradient-lab-archive.json';
/** `format` and `version` of the manifest; an archive of a higher version is refused (it may hold files this version cannot check). */
export const ARCHIVE_FORMAT = 'gradient-lab/runs-archive';
export const ARCHIVE_VERSION = 1;

/** `gradient-lab-archive.json`. */
export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  app_version: string;
  /** ISO 8601 UTC. */
  created_at: string;
  /** The runs inside, in the order they were exported. */
  runs: string[];
  /** Whether weights were asked for (runs without saved weights have none either way). */
  weights: boolean;
}

/** Why a file's contents fail their check (`invalid_model`: model.json, `malformed`: any other). */
export type FileProblem = { kind: 'malformed' | 'invalid_model'; detail: string };

/** A run file's rules: whether every run has it, whether it belongs to the weights, and its check (null: passes). */
interface RunFileRule {
  required: boolean;
  weights: boolean;
  /** `sizes`: every file of the run in the archive, by path, with its size in bytes. */
  check: (data: Uint8Array, sizes: ReadonlyMap<string, number>) => FileProblem | null;
}

const WEIGHTS_MANIFEST = `${WEIGHTS_DIR}/${WEIGHTS_MODEL_FILE}`;
const WEIGHTS_BIN = `${WEIGHTS_DIR}/${WEIGHTS_BIN_FILE}`;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a UTF-8 file, or the problem. */
function text(data: Uint8Array): string | FileProblem {
  try {
    return utf8.decode(data);
  } catch {
    return { kind: 'malformed', detail: 'not UTF-8 text' };
  }
}

/** Runs a throwing parser on a file's text; its message becomes the problem. */
function parsed(data: Uint8Array, parse: (text: string) => void): FileProblem | null {
  const t = text(data);
  if (typeof t !== 'string') return t;
  try {
    parse(t);
    return null;
  } catch (err) {
    return { kind: 'malformed', detail: err instanceof Error ? err.message : String(err) };
  }
}

function parseJson(t: string, file: string): unknown {
  try {
    return JSON.parse(t);
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message})`);
  }
}

function checkStatus(data: Uint8Array): FileProblem | null {
  return parsed(data, (t) => {
    const s = parseStatus(t);
    // Its owner is on another machine: here it would look abandoned and be marked interrupted.
    if (s.status === 'queued' || s.status === 'running') throw new Error(`status.json says the run is ${s.status}; only finished runs travel in archives`);
  });
}

function checkModel(data: Uint8Array): FileProblem | null {
  const t = text(data);
  if (typeof t !== 'string') return t;
  const r = parseModelText(t);
  if (r.ok) return null;
  const more = r.errors.length > 1 ? ` (and ${r.errors.length - 1} more)` : '';
  return { kind: 'invalid_model', detail: `${formatModelError(r.errors[0] as NonNullable<(typeof r.errors)[0]>)}${more}` };
}

function checkMetrics(data: Uint8Array): FileProblem | null {
  return parsed(data, (t) => {
    const first = parseMetrics(t).warnings[0];
    if (first !== undefined) throw new Error(first);
  });
}

// Loose on purpose: meta.json only labels a run, and its strict rules belong to the runs view.
const metaSchema = z
  .object({
    name: z.string().nullable().optional(),
    tags: z.array(z.string()).optional(),
    note: z.string().optional(),
  })
  .loose();

function checkMeta(data: Uint8Array): FileProblem | null {
  return parsed(data, (t) => {
    const r = metaSchema.safeParse(parseJson(t, 'meta.json'));
    if (!r.success) throw new Error(`meta.json is invalid at ${r.error.issues[0]?.path.join('.') || '(root)'}: ${r.error.issues[0]?.message ?? ''}`);
  });
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

const weightsManifestSchema = z
  .object({
    modelTopology: z.record(z.string(), z.unknown()),
    weightsManifest: z.array(
      z.object({
        paths: z.array(z.literal(WEIGHTS_BIN_FILE)),
        weights: z.array(
          z.object({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.enum(['float32', 'int32', 'bool']) }).loose(),
        ),
      }),
    ),
  })
  .loose();

/** weights/model.json: a TF.js layers manifest whose one weight file is weights.bin, holding exactly the bytes its specs declare. */
function checkWeights(data: Uint8Array, sizes: ReadonlyMap<string, number>): FileProblem | null {
  return parsed(data, (t) => {
    const r = weightsManifestSchema.safeParse(parseJson(t, WEIGHTS_MANIFEST));
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new Error(`${WEIGHTS_MANIFEST} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`);
    }
    const specs = r.data.weightsManifest.flatMap((g) => g.weights);
    const declared = specs.reduce((sum, s) => sum + (DTYPE_BYTES[s.dtype] as number) * s.shape.reduce((a, b) => a * b, 1), 0);
    const bin = sizes.get(WEIGHTS_BIN);
    if (bin !== undefined && bin !== declared) throw new Error(`${WEIGHTS_BIN} has ${bin} bytes but ${WEIGHTS_MANIFEST} declares ${declared}`);
  });
}

/**
 * The files of a run folder that travel, by path inside the run folder. Not here, so never
 * exported and refused on import: heartbeat.json (a live process's pulse), temp files.
 */
export const RUN_FILES: Readonly<Record<string, RunFileRule>> = {
  'status.json': { required: true, weights: false, check: checkStatus },
  'model.json': { required: true, weights: false, check: checkModel },
  'environment.json': { required: true, weights: false, check: (d) => parsed(d, parseEnvironment) },
  'metrics.jsonl': { required: false, weights: false, check: checkMetrics },
  'meta.json': { required: false, weights: false, check: checkMeta },
  [WEIGHTS_MANIFEST]: { required: false, weights: true, check: checkWeights },
  // Checked against its manifest, above.
  [WEIGHTS_BIN]: { required: false, weights: true, check: () => null },
};

/** The weight files come as a pair: one without the other is a missing file. */
export const WEIGHT_FILES = [WEIGHTS_MANIFEST, WEIGHTS_BIN] as const;

/** Folder entries a zip tool may add; they carry nothing and are skipped. */
export function isRunFolderEntry(name: string): boolean {
  const m = /^runs\/(?:([^/]+)\/(?:weights\/)?)?$/.exec(name);
  return m !== null && (m[1] === undefined || RUN_ID_PATTERN.test(m[1]));
}

/** `runs/<id>/<file>` → `{id, file}` for a valid run id and a known file; null for anything else. */
export function runFileOf(name: string): { id: string; file: string } | null {
  const m = /^runs\/([^/]+)\/(.+)$/.exec(name);
  if (!m || !RUN_ID_PATTERN.test(m[1] as string) || !Object.hasOwn(RUN_FILES, m[2] as string)) return null;
  return { id: m[1] as string, file: m[2] as string };
}

const manifestSchema = z
  .object({
    format: z.literal(ARCHIVE_FORMAT),
    version: z.literal(ARCHIVE_VERSION),
    app_version: z.string().max(200),
    created_at: z.string().max(100),
    runs: z
      .array(z.string().regex(RUN_ID_PATTERN, 'expected run ids'))
      .max(ARCHIVE_LIMITS.runs)
      .refine((ids) => new Set(ids).size === ids.length, 'a run is listed twice'),
    weights: z.boolean(),
  })
  .loose();

/**
 * Parses the manifest. Returns it, `{newer}` for an archive of a later format version, or
 * `{problem}` naming the first bad field.
 */
export function parseManifest(data: Uint8Array): ArchiveManifest | { newer: { version: number; app_version: string } } | { problem: string } {
  const t = text(data);
  if (typeof t !== 'string') return { problem: t.detail };
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch (err) {
    return { problem: `not valid JSON (${(err as Error).message})` };
  }
  const v = value as { format?: unknown; version?: unknown; app_version?: unknown } | null;
  if (v && typeof v === 'object' && v.format === ARCHIVE_FORMAT && typeof v.version === 'number' && v.version > ARCHIVE_VERSION) {
    return { newer: { version: v.version, app_version: typeof v.app_version === 'string' ? v.app_version.slice(0, 40) : 'unknown' } };
  }
  const r = manifestSchema.safeParse(value);
  if (r.success) return r.data as ArchiveManifest;
  const issue = r.error.issues[0];
  return { problem: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}

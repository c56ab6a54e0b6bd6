/**
 * Reading older model documents. Version 2 only added keys (optimizers, schedules, early
 * stopping, regularizers, classes, transfer…), so a version-1 document means the same thing
 * as a version-2 one with `"version": 2`; migrating is rewriting that one number. The
 * validator migrates before it checks, and says so (`migrated_from`), so the CLI and the
 * editor can tell the user the file will be saved as the newest version.
 */
import type { UiLanguage } from '../i18n/template.js';
import { READABLE_MODEL_VERSIONS } from './ids.js';
import { MODEL_VERSION, type ModelSpec, type ModelSpecV1 } from './spec.js';

/** A version this app reads but no longer writes (1). */
export type OlderModelVersion = Exclude<(typeof READABLE_MODEL_VERSIONS)[number], typeof MODEL_VERSION>;

/** What migration did to a parsed JSON value: the value to validate, and the version it was read as when older. */
export interface Migration {
  value: unknown;
  /** The document's version when it was older than MODEL_VERSION; absent when nothing was migrated. */
  migrated_from?: OlderModelVersion;
}

function isOlderVersion(v: unknown): v is OlderModelVersion {
  return v !== MODEL_VERSION && (READABLE_MODEL_VERSIONS as readonly unknown[]).includes(v);
}

/**
 * A version-1 document as version 2 (same content, `version: 2`, key order kept); a typed
 * version-2 document unchanged. Example: `migrateModel({format, version: 1, name: "x", …})` →
 * `{format, version: 2, name: "x", …}`.
 */
export function migrateModel(doc: ModelSpecV1 | ModelSpec): ModelSpec {
  const { value } = migrateDocument(doc);
  return value as ModelSpec;
}

/**
 * Any parsed JSON value: an object whose own `version` is an older readable one comes back as a
 * fresh copy with the newest version (spread copies own keys as data properties, so a
 * `"__proto__"` key stays a key); anything else comes back as it is, for the schema to judge.
 */
export function migrateDocument(input: unknown): Migration {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !Object.hasOwn(input, 'version')) return { value: input };
  const version: unknown = (input as { version?: unknown }).version;
  if (!isOlderVersion(version)) return { value: input };
  // v1 → v2: the same content; the one number changes, in place in the key order.
  return { value: { ...input, version: MODEL_VERSION }, migrated_from: version };
}

const NOTES: Record<UiLanguage, (from: number, to: number) => string> = {
  en: (from, to) => `read a version-${from} file; saved as version ${to}`,
  ko: (from, to) => `버전 ${from} 파일을 읽었습니다. 저장하면 버전 ${to}(으)로 저장됩니다`,
};

/** The note shown after reading an older file: `read a version-1 file; saved as version 2` / Korean. */
export function migrationNote(from: OlderModelVersion, lang: UiLanguage): string {
  return NOTES[lang](from, MODEL_VERSION);
}

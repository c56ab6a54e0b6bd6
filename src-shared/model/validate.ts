import type { z } from 'zod';
import { boundedCopy, formatPath, previewValue, ROOT_PATH, type ModelError } from './errors.js';
import { findDuplicateKeys, locateJsonError } from './json-locate.js';
import { migrateDocument, type OlderModelVersion } from './migrate.js';
import { MAX_LAYERS, modelSchema } from './schema.js';
import { checkModelSemantics } from './semantics.js';
import type { ModelSpec } from './spec.js';

/**
 * Either the validated model or every problem found, each with a path. `migrated_from` is
 * present when the document was an older version, read as the newest (migrate.ts); the
 * model then carries the newest version, so saving it writes the newest.
 */
export type ParseResult = { ok: true; model: ModelSpec; migrated_from?: OlderModelVersion } | { ok: false; errors: ModelError[] };

/** Most problems listed; past that a final `(root)` entry says how many more there were. */
export const MAX_ERRORS = 100;
/** Longest document text accepted, in characters (a 1000-layer model is far smaller). */
export const MAX_TEXT_LENGTH = 10_000_000;

type Issue = z.core.$ZodIssue;

/** Validates a parsed JSON value against the schema, then the semantic rules; never throws. */
export function parseModel(input: unknown): ParseResult {
  const checked = check(input);
  return Array.isArray(checked) ? failure(checked) : success(checked);
}

function success(checked: Checked): ParseResult {
  return checked.migrated_from === undefined ? { ok: true, model: checked.model } : { ok: true, model: checked.model, migrated_from: checked.migrated_from };
}

interface Checked {
  model: ModelSpec;
  migrated_from?: OlderModelVersion;
}

/** The validated model, or every problem found (not yet capped, so callers can add their own first). */
function check(input: unknown): Checked | ModelError[] {
  try {
    const migration = migrateDocument(input);
    const { value, errors } = capLayers(migration.value);
    const result = modelSchema.safeParse(value, { reportInput: true, error: fallbackMessage });
    if (!result.success) {
      const schemaErrors: ModelError[] = [];
      for (const issue of result.error.issues) collect(issue, [], schemaErrors);
      errors.unshift(...schemaErrors);
    }
    if (errors.length > 0 || !result.success) return errors;
    const semantic = checkModelSemantics(result.data);
    if (semantic.length > 0) return semantic;
    return migration.migrated_from === undefined ? { model: result.data } : { model: result.data, migrated_from: migration.migrated_from };
  } catch (e) {
    // A proxy or getter that throws: report it rather than crash the caller.
    return [{ path: ROOT_PATH, message: `could not read the document (${e instanceof Error ? e.name : 'error'})` }];
  }
}

/**
 * Parses JSON text, then validates it; a syntax error gives one `(root)` error with line
 * and column. A key repeated within one object is an error at that object's path, e.g.
 * `layers[1]: duplicate key "units"`: `JSON.parse` would keep the last value without a
 * word, so the author's first value would silently not be the one trained. The other
 * problems of the document (as `JSON.parse` read it) are listed after those.
 */
export function parseModelText(text: string): ParseResult {
  if (typeof text !== 'string') return failure([{ path: ROOT_PATH, message: 'expected the text of a JSON document' }]);
  if (text.length > MAX_TEXT_LENGTH) {
    return failure([
      { path: ROOT_PATH, message: `the document is ${text.length} characters long; a model document may have at most ${MAX_TEXT_LENGTH}` },
    ]);
  }
  // Editors on Windows may save a byte-order mark; it is not part of the JSON.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return failure([{ path: ROOT_PATH, message: 'the document is empty; expected a JSON object' }]);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const where = locateJsonError(body);
    return failure([
      {
        path: ROOT_PATH,
        message: where ? `invalid JSON at line ${where.line}, column ${where.column}: ${where.reason}` : 'invalid JSON (too deeply nested to read)',
      },
    ]);
  }
  const duplicates: ModelError[] = findDuplicateKeys(body).map((d) => ({
    path: formatPath(d.path),
    message: `duplicate key ${previewValue(d.key)}`,
  }));
  const checked = check(value);
  if (duplicates.length === 0) return Array.isArray(checked) ? failure(checked) : success(checked);
  return failure([...duplicates, ...(Array.isArray(checked) ? checked : [])]);
}

/** Huge layer arrays are refused before the schema walks every element. */
function capLayers(input: unknown): { value: unknown; errors: ModelError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { value: input, errors: [] };
  const layers: unknown = (input as { layers?: unknown }).layers;
  if (!Array.isArray(layers) || layers.length <= MAX_LAYERS || !Object.hasOwn(input, 'layers')) return { value: input, errors: [] };
  // Spread copies own keys as data properties, so a "__proto__" key stays a key.
  return {
    value: { ...input, layers: [] },
    errors: [{ path: 'layers', message: `expected at most ${MAX_LAYERS} layers, received ${layers.length} layers` }],
  };
}

function failure(errors: ModelError[]): ParseResult {
  if (errors.length <= MAX_ERRORS) return { ok: false, errors };
  const more = errors.length - MAX_ERRORS;
  return { ok: false, errors: [...errors.slice(0, MAX_ERRORS), { path: ROOT_PATH, message: `${more} more problems not listed` }] };
}

/** Turns one zod issue into our errors: unknown keys one per key, unions reduced to the branch that was meant. */
function collect(issue: Issue, prefix: readonly PropertyKey[], out: ModelError[]): void {
  const path = [...prefix, ...issue.path];
  const input: unknown = issue.input;
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) out.push({ path: formatPath([...path, key]), message: issue.message });
      return;
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        // The issue's path already ends at the discriminator key; report the value found there.
        return push(out, path, issue.message, readKey(input, issue.discriminator));
      }
      const meant = issue.errors.filter((branch) => !branch.every((i) => i.path.length === 0 && isMismatch(i)));
      const branch = meant.length === 1 ? meant[0] : undefined;
      if (branch) {
        for (const sub of branch) collect(sub, path, out);
        return;
      }
      return push(out, path, issue.message, input);
    }
    default:
      return push(out, path, issue.message, input);
  }
}

/** An issue saying the value is of another form altogether (so its branch was not the one meant). */
function isMismatch(issue: Issue): boolean {
  return issue.code === 'invalid_type' || issue.code === 'invalid_value' || (issue.code === 'invalid_union' && issue.discriminator === undefined);
}

function push(out: ModelError[], path: readonly PropertyKey[], message: string, received: unknown): void {
  // A value of undefined can only come from a missing key (JSON has no undefined).
  if (received === undefined) out.push({ path: formatPath(path), message: `missing; ${message}` });
  else if (typeof received === 'function' || typeof received === 'symbol' || typeof received === 'bigint') {
    // Not plain data, so it cannot travel in `received`; the text says what it was.
    out.push({ path: formatPath(path), message: `${message}, received ${previewValue(received)}` });
  } else out.push({ path: formatPath(path), message, received: boundedCopy(received) });
}

function readKey(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** Plain wording for any issue a schema did not word itself, so zod's defaults never reach the user. */
function fallbackMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'unrecognized_keys':
      return 'unknown key';
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}`;
    case 'too_small':
      return `expected at least ${String(issue.minimum)}`;
    default:
      return 'is not a valid value here';
  }
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseModelText, formatModelError } from '../../src-shared/model/index.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';

/** Path of a shipped example model, e.g. `examplePath('leaky-relu')`. */
export function examplePath(id: string): string {
  return fileURLToPath(new URL(`../../examples/${id}.json`, import.meta.url));
}

/** Loads and validates a shipped example model. */
export function loadExample(id: string): ModelSpec {
  const r = parseModelText(readFileSync(examplePath(id), 'utf8'));
  if (!r.ok) throw new Error(r.errors.map(formatModelError).join('\n'));
  return r.model;
}

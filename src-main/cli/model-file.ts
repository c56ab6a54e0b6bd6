import { readFileSync, statSync } from 'node:fs';
import { parseModelText, formatModelError } from '../../src-shared/model/index.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { CliError } from './args.js';

/** Largest model file read (a 1000-layer document is ~150 KB; anything far bigger is not a model). */
const MAX_MODEL_BYTES = 4 * 1024 * 1024;

/** Reads and validates a model document; throws CliError (exit 1) listing every problem. */
export function readModelFile(path: string | undefined): ModelSpec {
  if (!path) throw new CliError('missing <model.json> argument');
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_MODEL_BYTES) throw new CliError(`${path}: ${size} bytes is too large for a model file (limit ${MAX_MODEL_BYTES})`, 1);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`${path}: cannot read the model file (${code ?? (err as Error).message})`, 1);
  }
  const result = parseModelText(text);
  if (!result.ok) {
    throw new CliError(result.errors.map((e) => `${path}: ${formatModelError(e)}`).join('\n'), 1);
  }
  return result.model;
}

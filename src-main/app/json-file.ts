/**
 * Small JSON files in the userData folder (settings, window state): validated on
 * read, because a hand-edited or half-written file must never stop the app from
 * starting, and written atomically so a crash cannot leave half a file.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { makeDirs, writeFileAtomic } from '../data/atomic.js';

/** Reads and validates a JSON file; null when it is missing, unreadable or invalid (with a warning for the last two). */
export function readJsonFile<T>(file: string, schema: z.ZodType<T>, warn: (line: string) => void = console.warn): T | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    warn(`[gradient-lab] ${file} is not valid JSON; using defaults`);
    return null;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    warn(`[gradient-lab] ${file}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}; using defaults`);
    return null;
  }
  return parsed.data;
}

/**
 * Writes JSON through the app's one atomic-write helper (temp file, fsync, rename;
 * the same as the run store's), so a crash or a full disk leaves the old file and
 * no temp file behind. Throws the fs error when the write fails.
 */
export function writeJsonFile(file: string, value: unknown): void {
  makeDirs(dirname(file));
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The desktop app's settings.json in userData: the runs folder and how many trainings run at once. */
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file.js';
import { MAX_CONCURRENT_RUNS_LIMIT } from '../../src-shared/training/queue.js';

/** Persisted settings; every field optional so older files stay valid. */
export interface AppSettings {
  /** Absolute path of the runs folder; absent: `<userData>/runs`. */
  runs_dir?: string;
  /** Trainings at once; absent: cores − 1 (at least 1). */
  max_concurrent_runs?: number;
}

const settingsSchema = z.object({
  runs_dir: z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => isAbsolute(p), 'expected an absolute path')
    .optional(),
  max_concurrent_runs: z.number().int().min(1).max(MAX_CONCURRENT_RUNS_LIMIT).optional(),
});

/** Path of settings.json in a userData folder. */
export function settingsFile(userData: string): string {
  return join(userData, 'settings.json');
}

/** Reads settings; a missing or invalid file gives `{}`. Unknown keys are dropped. */
export function readSettings(userData: string, warn?: (line: string) => void): AppSettings {
  const s = readJsonFile(settingsFile(userData), settingsSchema, warn);
  const out: AppSettings = {};
  if (s?.runs_dir) out.runs_dir = s.runs_dir;
  if (s?.max_concurrent_runs !== undefined) out.max_concurrent_runs = s.max_concurrent_runs;
  return out;
}

/** Merges `patch` into the stored settings. */
export function updateSettings(userData: string, patch: AppSettings): AppSettings {
  const next = { ...readSettings(userData, () => undefined), ...patch };
  writeJsonFile(settingsFile(userData), next);
  return next;
}

/** The runs folder: the stored choice, else `<userData>/runs`. */
export function runsDirFor(userData: string, settings: AppSettings): string {
  return settings.runs_dir ?? join(userData, 'runs');
}

/** The desktop app's settings.json in userData: the runs folder, how many trainings run at once, the recent model files. */
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file.js';
import { MAX_CONCURRENT_RUNS_LIMIT } from '../../src-shared/training/queue.js';
import { MAX_RECENT_FILES } from '../../src-shared/ipc/contract.js';
import type { RecentFilesStore } from '../services/model-files.js';

/** Persisted settings; every field optional so older files stay valid. */
export interface AppSettings {
  /** Absolute path of the runs folder; absent: `<userData>/runs`. */
  runs_dir?: string;
  /** Trainings at once; absent: cores − 1 (at least 1). */
  max_concurrent_runs?: number;
  /** Model files last opened or saved (absolute paths, newest first, at most MAX_RECENT_FILES): the only paths `files:open-recent` reads. */
  recent_files?: string[];
}

const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => isAbsolute(p), 'expected an absolute path');

/**
 * The recent-files list as stored, cleaned instead of refused: a hand-edited entry that is
 * not an absolute path is dropped (with the duplicates and anything past the limit), and
 * never costs the other settings. Example: `['/a.json', 'rel.json', 3, '/a.json']` → `['/a.json']`.
 */
export function cleanRecentFiles(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  for (const p of raw) {
    if (absolutePath.safeParse(p).success && !p.includes('\0') && !out.includes(p)) out.push(p as string);
  }
  return out.slice(0, MAX_RECENT_FILES);
}

const settingsSchema = z.object({
  runs_dir: absolutePath.optional(),
  max_concurrent_runs: z.number().int().min(1).max(MAX_CONCURRENT_RUNS_LIMIT).optional(),
  // Checked entry by entry in readSettings: one bad entry must not reset the runs folder.
  recent_files: z.unknown().optional(),
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
  if (s?.recent_files !== undefined) out.recent_files = cleanRecentFiles(s.recent_files);
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

/** The recent-files list of `files:*`, kept in settings.json as `recent_files` (read fresh each time, so a hand edit counts). */
export function recentFilesStore(userData: string): RecentFilesStore {
  return {
    read: () => readSettings(userData, () => undefined).recent_files ?? [],
    write: (paths) => void updateSettings(userData, { recent_files: cleanRecentFiles(paths) }),
  };
}

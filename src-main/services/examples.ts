import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { parseModelText } from '../../src-shared/model/index.js';
import type { ExampleModel } from '../../src-shared/ipc/contract.js';

let examplesDirOverride: string | null = null;

/** Points the services at the examples folder (the packaged app ships it as an extra resource). */
export function setExamplesDir(dir: string): void {
  examplesDirOverride = dir;
}

function examplesDir(): string {
  if (examplesDirOverride) return examplesDirOverride;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'examples')) && existsSync(join(dir, 'package.json'))) return join(dir, 'examples');
    dir = dirname(dir);
  }
  throw new Error('examples folder not found');
}

/** Loads every valid example model; an invalid file is skipped with a warning, never fatal. */
export function loadExamples(): ExampleModel[] {
  const dir = examplesDir();
  const out: ExampleModel[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const r = parseModelText(readFileSync(join(dir, file), 'utf8'));
    if (r.ok) out.push({ id: basename(file, '.json'), model: r.model });
    else console.warn(`[gradient-lab] examples/${file} is invalid and was skipped`);
  }
  return out;
}

/**
 * `npm run data -- prepare [--data-dir D]`: converts the bundled datasets into the
 * binary cache once (the app and CLI also do it on first use; this makes the first
 * run fast and lets packaging ship the cache).
 */
import { parseArgs } from 'node:util';
import { DATASET_IDS } from '../../src-shared/model/ids.js';
import { loadRaw, resolveCacheDir } from './index.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'data-dir': { type: 'string' } } });
if (positionals[0] !== 'prepare') {
  process.stderr.write('usage: npm run data -- prepare [--data-dir D]\n');
  process.exit(2);
}
const dir = resolveCacheDir(values['data-dir']);
for (const id of DATASET_IDS) {
  const t0 = performance.now();
  const raw = loadRaw(id, { cacheDir: dir, onNotice: (m) => process.stderr.write(`${m}\n`) });
  process.stderr.write(`${id}: ${raw.count} images (${raw.source}, ${(performance.now() - t0).toFixed(0)} ms) in ${dir}\n`);
}

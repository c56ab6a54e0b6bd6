/**
 * `npm run data -- prepare [--data-dir D]`: converts the bundled datasets into the
 * binary cache once (the app and CLI also do it on first use; this makes the first
 * run fast and lets packaging ship the cache). Exit codes: 0 done, 1 a cache could not
 * be built (the message names the path), 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { DATASET_IDS } from '../../src-shared/model/ids.js';
import { loadRaw, resolveCacheDir } from './index.js';

const USAGE = 'usage: npm run data -- prepare [--data-dir D]';

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ allowPositionals: true, options: { 'data-dir': { type: 'string' } } });
}
try {
  parsed = parse();
} catch (err) {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
  process.exit(2);
}
const { positionals, values } = parsed;
if (positionals[0] !== 'prepare' || positionals.length > 1) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
try {
  const dir = resolveCacheDir(values['data-dir']);
  for (const id of DATASET_IDS) {
    const t0 = performance.now();
    const raw = loadRaw(id, { cacheDir: dir, onNotice: (m) => process.stderr.write(`${m}\n`) });
    process.stderr.write(`${id}: ${raw.count} images (${raw.source}, ${(performance.now() - t0).toFixed(0)} ms) in ${dir}\n`);
  }
} catch (err) {
  // One line naming the path (CacheError messages do), not a stack trace.
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

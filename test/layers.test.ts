/**
 * Layer rules the per-layer tsconfig projects cannot express by module name: which
 * folders may import Electron, and that no layer reaches into a layer above it by
 * a relative path. (Package imports such as `electron` in src-shared or `@tensorflow/*`
 * in src-renderer already fail to compile through tsconfig `paths`.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) return files(rel);
    return /\.(ts|svelte)$/.test(name) ? [rel] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** Electron may only be imported by the thin app shell, the preload and the utilityProcess entry/launcher. */
const ELECTRON_ALLOWED = [/^src-main\/app\//, /^src-main\/preload\//, /^src-main\/trainer\/utility-(entry|launcher)\.ts$/, /^src-main\/trainer\/parent-port\.ts$/];

describe('layer boundaries', () => {
  it.each([
    ['src-shared', ['src-main', 'src-renderer']],
    ['src-main', ['src-renderer']],
    ['src-renderer', ['src-main']],
  ])('%s does not import from %j by relative path', (layer, forbidden) => {
    const offenders: string[] = [];
    for (const f of files(layer)) {
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(root, join(root, f, '..', spec));
        if (forbidden.some((l) => target.startsWith(l + '/'))) offenders.push(`${f} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('only the Electron shell imports electron; the engine, data, runs, services and CLI run in plain Node', () => {
    const offenders = files('src-main')
      .filter((f) => imports(f).includes('electron'))
      .filter((f) => !ELECTRON_ALLOWED.some((re) => re.test(f)));
    expect(offenders).toEqual([]);
  });

  it('the engine imports only tfjs, shared code and its own modules', () => {
    const offenders = files('src-main/engine').flatMap((f) =>
      imports(f)
        .filter((s) => {
          // node:os (core count), node:worker_threads (data-parallel replicas), node:crypto (the kernels' checksum):
          // plain Node, available in Electron's utility process as in the CLI; never electron itself.
          const allowed = ['node:module', 'node:url', 'node:path', 'node:fs', 'node:os', 'node:worker_threads', 'node:crypto', 'seedrandom'];
          if (s.startsWith('@tensorflow/') || allowed.includes(s)) return false;
          if (!s.startsWith('.')) return true;
          const target = relative(root, join(root, f, '..', s));
          return !(target.startsWith('src-main/engine/') || target.startsWith('src-shared/'));
        })
        .map((s) => `${f} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** The app's version from package.json (walks up from this module; bundled builds inject it at build time). */
export function appVersion(): string {
  if (cached) return cached;
  const injected = (globalThis as { __GRADIENT_LAB_VERSION__?: string }).__GRADIENT_LAB_VERSION__;
  if (injected) return (cached = injected);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'gradient-lab' && pkg.version) return (cached = pkg.version);
    } catch {
      // not here; keep walking up
    }
    dir = dirname(dir);
  }
  return (cached = 'unknown');
}

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cacheFile,
  DATA_DIR_ENV,
  findProjectRoot,
  loadRaw,
  readCache,
  resolveCacheDir,
} from '../../../src-main/data/cache.js';
import { CacheError, HEADER_BYTES } from '../../../src-main/data/format.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const scratch = mkdtempSync(join(tmpdir(), 'gl-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let savedEnv: string | undefined;
beforeEach(() => {
  savedEnv = process.env[DATA_DIR_ENV];
  delete process.env[DATA_DIR_ENV];
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env[DATA_DIR_ENV];
  else process.env[DATA_DIR_ENV] = savedEnv;
});

let n = 0;
const freshDir = (): string => join(scratch, `c${n++}`);

describe('resolveCacheDir', () => {
  it.each([
    { env: '/env/dir', explicit: '/explicit/dir', expected: '/env/dir' },
    { env: undefined, explicit: '/explicit/dir', expected: '/explicit/dir' },
    { env: '', explicit: '/explicit/dir', expected: '/explicit/dir' },
    { env: undefined, explicit: undefined, expected: join(repoRoot, '.cache', 'datasets') },
  ])('env=$env explicit=$explicit → $expected', ({ env, explicit, expected }) => {
    if (env !== undefined) process.env[DATA_DIR_ENV] = env;
    expect(resolveCacheDir(explicit)).toBe(resolve(expected));
  });
});

describe('findProjectRoot', () => {
  it('finds the repository from this module', () => {
    expect(findProjectRoot()).toBe(repoRoot);
  });

  it('walks past package.json files with another name', () => {
    const top = join(scratch, 'tree');
    mkdirSync(join(top, 'node_modules', 'dep', 'src'), { recursive: true });
    writeFileSync(join(top, 'package.json'), JSON.stringify({ name: 'gradient-lab' }));
    writeFileSync(join(top, 'node_modules', 'dep', 'package.json'), JSON.stringify({ name: 'dep' }));
    expect(findProjectRoot(join(top, 'node_modules', 'dep', 'src'))).toBe(top);
  });

  it('refuses a root inside app.asar, which is read-only', () => {
    const asar = join(scratch, 'app.asar');
    mkdirSync(join(asar, 'out'), { recursive: true });
    writeFileSync(join(asar, 'package.json'), JSON.stringify({ name: 'gradient-lab' }));
    expect(() => findProjectRoot(join(asar, 'out'))).toThrow(/read-only; pass cacheDir/);
  });

  it('says what to do when there is no project root', () => {
    const lone = join(scratch, 'lone');
    mkdirSync(lone, { recursive: true });
    // tmpdir has no gradient-lab package.json above it.
    expect(() => findProjectRoot(lone)).toThrow(/no package.json named "gradient-lab".*GRADIENT_LAB_DATA_DIR/);
  });
});

describe('loadRaw', () => {
  it('converts once, then reads the cache file without rewriting it', () => {
    const dir = freshDir();
    const notices: string[] = [];
    const first = loadRaw('mnist', { cacheDir: dir, onNotice: (m) => notices.push(m) });
    expect(first.source).toBe('converted');
    expect(first.file).toBe(join(dir, 'mnist.glds'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/building the mnist cache/);
    expect(statSync(first.file).size).toBe(HEADER_BYTES + 10_000 * 785);
    const mtime = statSync(first.file).mtimeMs;

    const second = loadRaw('mnist', { cacheDir: dir, onNotice: (m) => notices.push(m) });
    expect(second.source).toBe('cache');
    expect(notices).toHaveLength(1);
    expect(statSync(first.file).mtimeMs).toBe(mtime);
    expect(Buffer.from(second.pixels).equals(Buffer.from(first.pixels))).toBe(true);
    expect(Buffer.from(second.labels).equals(Buffer.from(first.labels))).toBe(true);
    // No leftover temp files from the atomic write.
    expect(readdirSync(dir)).toEqual(['mnist.glds']);
  });

  it('honours GRADIENT_LAB_DATA_DIR over the explicit option', () => {
    const envDir = freshDir();
    process.env[DATA_DIR_ENV] = envDir;
    const raw = loadRaw('mnist', { cacheDir: freshDir() });
    expect(raw.file).toBe(join(envDir, 'mnist.glds'));
  });

  const damage = [
    { name: 'truncated', edit: (f: string) => truncateSync(f, 5000), reason: /wrong size: 5000 bytes.*truncated/ },
    {
      name: 'flipped byte',
      edit: (f: string) => {
        const b = readFileSync(f);
        b[HEADER_BYTES + 123_456]! ^= 0xff;
        writeFileSync(f, b);
      },
      reason: /checksum mismatch/,
    },
    {
      name: 'wrong magic',
      edit: (f: string) => {
        const b = readFileSync(f);
        b.write('PK\u0003\u0004', 0, 'latin1');
        writeFileSync(f, b);
      },
      reason: /bad magic/,
    },
    { name: 'header-only', edit: (f: string) => writeFileSync(f, readFileSync(f).subarray(0, HEADER_BYTES)), reason: /wrong size/ },
  ];

  it.each(damage)('a $name cache is reported clearly, then rebuilt once', ({ edit, reason }) => {
    const dir = freshDir();
    const good = loadRaw('mnist', { cacheDir: dir });
    const file = cacheFile('mnist', dir);
    edit(file);

    expect(() => readCache('mnist', file)).toThrow(CacheError);
    expect(() => readCache('mnist', file)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is unusable: `));
    expect(() => readCache('mnist', file)).toThrow(reason);

    const notices: string[] = [];
    const rebuilt = loadRaw('mnist', { cacheDir: dir, onNotice: (m) => notices.push(m) });
    expect(rebuilt.source).toBe('rebuilt');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(file);
    expect(notices[0]).toMatch(reason);
    expect(notices[0]).toMatch(/rebuilding it from the mnist package/);
    expect(rebuilt.checksum).toBe(good.checksum);
    expect(loadRaw('mnist', { cacheDir: dir }).source).toBe('cache');
  });

  it('refuses a valid cache file that holds another dataset', () => {
    const dir = freshDir();
    loadRaw('mnist', { cacheDir: dir });
    expect(() => readCache('fashion-mnist', cacheFile('mnist', dir))).toThrow(/holds 10000 images, fashion-mnist has 70000/);
  });

  it('uses <project root>/.cache/datasets by default', () => {
    const raw = loadRaw('mnist');
    expect(raw.file).toBe(join(repoRoot, '.cache', 'datasets', 'mnist.glds'));
    expect(existsSync(raw.file)).toBe(true);
    expect(raw.count).toBe(10_000);
  });
});

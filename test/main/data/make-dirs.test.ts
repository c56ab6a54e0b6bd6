/**
 * makeDirs: mkdir -p one level at a time. Node 20's recursive mkdirSync spins forever below
 * /proc (ENOENT from a folder that refuses new entries); ours fails at once with the code.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDirs } from '../../../src-main/data/atomic.js';
import { runCli } from '../../helpers/cli.js';
import { examplePath } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('makeDirs', () => {
  it('creates missing levels and accepts an existing folder', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const deep = join(t.dir, 'a', 'b', 'c');
    makeDirs(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeDirs(deep);
  });

  it.each([
    ['below /proc (recursive mkdirSync hangs there on Node 20)', () => '/proc/gradient-lab-x/y', /ENOENT/],
    ['below a regular file', (dir: string) => {
      writeFileSync(join(dir, 'f'), 'x');
      return join(dir, 'f', 'runs');
    }, /ENOTDIR/],
  ])('fails at once %s', (_what, make, code) => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const started = Date.now();
    expect(() => makeDirs(make(t.dir))).toThrow(code);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a race with another creator of the same folder is fine', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const target = join(t.dir, 'x');
    makeDirs(target, (p) => {
      mkdirSync(p); // someone else got there first …
      mkdirSync(p); // … so ours sees EEXIST
    });
    expect(statSync(target).isDirectory()).toBe(true);
  });

  it('the CLI refuses --runs-dir below /proc with exit 2 instead of hanging', () => {
    const r = runCli(['train', examplePath('leaky-relu'), '--epochs', '1', '--limit', '100', '--runs-dir', '/proc/gradient-lab-x'], {}, 20_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--runs-dir: cannot use "\/proc\/gradient-lab-x" as the runs folder \(ENOENT\)/);
  }, 30_000);
});

/**
 * Runs tsc on contract-types.ts, and on a copy with every `@ts-expect-error`
 * removed: the first must compile, the second must fail once per removed
 * directive, on exactly those lines — so each expectation is a real error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const source = join(root, 'test/types/contract-types.ts');
const tmp = mkdtempSync(join(tmpdir(), 'gl-types-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tsc = join(root, 'node_modules/typescript/bin/tsc');
const flags = ['--ignoreConfig', '--noEmit', '--strict', '--noUncheckedIndexedAccess', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler',
  '--verbatimModuleSyntax', '--skipLibCheck', '--types', 'node', '--lib', 'es2023'];

function check(file: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [tsc, ...flags, file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('contract type tests', () => {
  it('compile as written (every expected error occurs)', () => {
    const r = check(source);
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });

  it('fail on exactly the marked lines once the directives are removed', () => {
    const lines = readFileSync(source, 'utf8').split('\n');
    const marked: number[] = [];
    const stripped = lines.map((line, i) => {
      if (!line.trim().startsWith('// @ts-expect-error')) return line;
      marked.push(i + 2); // the line after the directive, 1-based
      return '';
    });
    const copy = join(tmp, 'contract-types.ts');
    // Absolute imports, since the copy lives outside the tree.
    writeFileSync(copy, stripped.join('\n').replaceAll("'../../src-shared/", `'${join(root, 'src-shared')}/`));
    const r = check(copy);
    expect(r.status).not.toBe(0);
    const errorLines = [...new Set([...r.out.matchAll(/contract-types\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1])))];
    expect(marked.length).toBeGreaterThanOrEqual(9);
    expect(errorLines.sort((a, b) => a - b)).toEqual(marked);
  });
});

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../../src-main/lab/static-files.js';
import { makeRendererFixture } from './lab-fixture.js';

const fx = makeRendererFixture();
afterAll(() => fx.cleanup());

describe('resolveStaticPath', () => {
  it.each([
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/app.js', 'assets/app.js'],
    ['/assets//app.js', 'assets/app.js'],
    ['/assets/%61pp.js', 'assets/app.js'],
  ])('%s → %s', (path, file) => {
    expect(resolveStaticPath(fx.renderer, path)).toEqual({ ok: true, file: join(fx.renderer, file) });
  });

  it.each([
    ['/../secret.txt', 403],
    ['/%2e%2e/secret.txt', 403],
    ['/..%2fsecret.txt', 403],
    ['/assets/..%2f..%2fsecret.txt', 403],
    ['/..%5csecret.txt', 400],
    ['/..\\secret.txt', 400],
    ['/%00', 400],
    ['/%', 400],
    ['assets/app.js', 400],
    ['/.env', 403],
    ['/link-out.txt', 403],
    ['/assets', 404],
    ['/nope', 404],
  ])('%s → %i', (path, status) => {
    expect(resolveStaticPath(fx.renderer, path)).toEqual({ ok: false, status });
  });
});

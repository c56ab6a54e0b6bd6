import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { appPaths } from '../../../src-main/app/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'gl-paths-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('appPaths', () => {
  it('development: the out/ siblings and the modules\' own defaults', () => {
    const p = appPaths('/repo/out/main', null, '/home/u/.config/gradient-lab');
    expect(p).toEqual({
      preload: '/repo/out/preload/index.cjs',
      rendererIndex: '/repo/out/renderer/index.html',
      rendererFileUrl: pathToFileURL('/repo/out/renderer/index.html').href,
      trainerEntry: '/repo/out/main/trainer.js',
      dataDir: null,
      examplesDir: null,
      wasmDir: null,
    });
  });

  it('packaged with shipped datasets and wasm: everything from resources/', () => {
    const res = join(tmp, 'full');
    mkdirSync(join(res, 'datasets'), { recursive: true });
    mkdirSync(join(res, 'wasm'));
    writeFileSync(join(res, 'datasets', 'fashion-mnist.bin'), 'x');
    const p = appPaths(join(res, 'app.asar', 'out', 'main'), res, '/ud');
    expect(p.preload).toBe(join(res, 'app.asar', 'out', 'preload', 'index.cjs'));
    expect(p.dataDir).toBe(join(res, 'datasets'));
    expect(p.examplesDir).toBe(join(res, 'examples'));
    expect(p.wasmDir).toBe(join(res, 'wasm'));
  });

  it('packaged without dataset caches: converts into userData', () => {
    const res = join(tmp, 'bare');
    mkdirSync(join(res, 'datasets'), { recursive: true });
    const p = appPaths(join(res, 'app.asar', 'out', 'main'), res, '/ud');
    expect(p.dataDir).toBe(join('/ud', 'datasets'));
    expect(p.wasmDir).toBeNull();
  });
});

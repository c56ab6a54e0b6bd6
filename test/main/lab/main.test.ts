/** `npm run lab` as a user runs it: a real process, its printed URL, and Ctrl+C/SIGTERM. */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRendererFixture, rawGet } from './lab-fixture.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const entry = 'src-main/lab/main.ts';
const fx = makeRendererFixture();
afterAll(() => fx.cleanup());

function runSync(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

describe('npm run lab', () => {
  it.each([
    ['a missing build', ['--renderer-dir', '/nonexistent/renderer'], /built renderer is missing.*electron-vite build/s],
    ['a LAN bind without --allow-remote', ['--host', '0.0.0.0', '--renderer-dir', fx.renderer], /--allow-remote/],
    ['a bad port', ['--port', 'eighty'], /port:/],
    ['an unknown flag', ['--open-wide'], /Unknown option/],
  ])('exits 2 with a clear message for %s', (_name, args, message) => {
    const r = runSync(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: npm run lab');
  });

  it('--help prints the usage and exits 0', () => {
    const r = runSync(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--allow-remote');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('prints the URL, serves, and stops cleanly on %s', async (signal) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, '--renderer-dir', fx.renderer, '--runs-dir', fx.runs], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
      child.stdout.on('data', () => {
        const m = /open: (http:\/\/127\.0\.0\.1:(\d+)\/)\n/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const port = Number(new URL(url).port);
    expect(port).toBeGreaterThan(0);
    expect(out).toContain(`runs folder: ${fx.runs}`);
    expect((await rawGet(port, '/')).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill(signal);
    expect(await exited).toBe(0);
    expect(out).toMatch(new RegExp(`${signal}: stopping`));
    await expect(rawGet(port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});

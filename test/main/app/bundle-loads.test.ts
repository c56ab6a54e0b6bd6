/**
 * Loads the BUILT main bundle (out/main/index.js) in plain Node with `electron`
 * replaced by a fake (fixtures/), since no Electron binary can run here. It proves
 * the bundle starts, builds a secure window, wires every contract channel and the
 * guards, and quits cleanly. Run `npx electron-vite build` first.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS } from '../../../src-shared/ipc/contract.js';
import { extractMetaCsp } from '../../../src-main/transport/csp.js';
import { runBundle } from './fixtures/run-bundle.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundle = join(root, 'out/main/index.js');
const built = existsSync(bundle);
if (!built) console.warn(`[bundle-loads] skipped: ${bundle} does not exist — run \`npx electron-vite build\` first`);

const tmp = mkdtempSync(join(tmpdir(), 'gl-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(name: string, env: Record<string, string> = {}) {
  return runBundle(bundle, join(tmp, name), env);
}

describe.skipIf(!built)('the built main bundle under a fake Electron', () => {
  const dev = built ? run('dev') : null;
  const report = dev!.report;

  it('starts and quits without errors', () => {
    expect(report.errors).toEqual([]);
    expect(dev!.status).toBe(0);
    expect(report.quit).toBe(true);
    expect(report.singleInstanceLock).toBe(true);
    // Quitting closes the windows first (where unsaved changes may call the quit off), then stops trainings.
    expect(report.windowsClosed).toBeGreaterThanOrEqual(1);
  });

  it('creates one window with exactly the secure webPreferences', () => {
    expect(report.windows).toHaveLength(1);
    const prefs = report.windows[0]!.options.webPreferences;
    expect(prefs).toEqual({
      preload: join(root, 'out/preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: true,
    });
    expect(existsSync(prefs['preload'] as string)).toBe(true);
  });

  it('loads the built renderer file', () => {
    expect(report.windows[0]!.loadFile).toBe(join(root, 'out/renderer/index.html'));
  });

  it('registers a handler for every contract channel, and only those', () => {
    expect([...report.ipcChannels].sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('answers the app page, refuses other pages and iframes, and validates payloads', () => {
    const s = report.scenario;
    expect(s['trustedInfo']).toMatchObject({ ok: true, result: { shell: 'electron', can_change_runs_dir: true, runs_dir: join(dev!.userData, 'runs') } });
    expect(s['untrustedInfo']).toMatchObject({ ok: false, error: { message: expect.stringMatching(/refused/) } });
    expect(s['iframeInfo']).toMatchObject({ ok: false });
    expect(s['hostileLoad']).toMatchObject({ ok: false, error: { field: 'run_id' } });
    expect(s['examples']).toMatchObject({ ok: true });
  });

  it('installs the navigation and window-open guards', () => {
    const s = report.scenario;
    expect(s['navigateAway']).toBe(true);
    expect(s['navigateSelf']).toBe(false);
    expect(s['openHttps']).toEqual({ action: 'deny' });
    expect(s['openFile']).toEqual({ action: 'deny' });
    expect(report.openedExternally).toEqual(['https://evil.example/', 'https://keras.io/']);
  });

  it('denies permissions and sends the renderer CSP as a header', () => {
    const s = report.scenario;
    expect(s['permission']).toBe(false);
    expect(s['permissionCheck']).toBe(false);
    const csp = extractMetaCsp(readFileSync(join(root, 'out/renderer/index.html'), 'utf8'));
    expect(s['csp']).toEqual({ 'Content-Security-Policy': [csp] });
  });

  it('trains in a utility process forked from out/main/trainer.js', () => {
    expect(report.scenario['probe']).toMatchObject({ ok: true, result: { active: 'wasm' } });
    expect(report.forks[0]).toEqual({
      modulePath: join(root, 'out/main/trainer.js'),
      args: [],
      options: { serviceName: 'Gradient Lab trainer', stdio: 'inherit' },
    });
    expect(existsSync(report.forks[0]!.modulePath)).toBe(true);
  });

  it('files: the native dialogs (.json), the recent list in settings.json, and a path not on it refused', () => {
    const s = report.scenario;
    const parent = join(dev!.userData, '..');
    expect(s['filesOpenCancelled']).toEqual({ ok: true, result: null });
    expect(s['filesOpen']).toEqual({ ok: true, path: join(parent, 'net.json'), name: 'net.json', same: true });
    expect(s['filesSave']).toEqual({ ok: true, result: { path: join(parent, 'saved.json'), name: 'saved.json' } });
    expect(s['filesRecent']).toEqual({
      ok: true,
      result: [
        { path: join(parent, 'saved.json'), name: 'saved.json' },
        { path: join(parent, 'net.json'), name: 'net.json' },
      ],
    });
    expect(s['filesOpenRecentHostile']).toMatchObject({ ok: false, error: { field: 'path', message: expect.stringContaining('"/etc/passwd" is not on the recent-files list') } });
    expect(s['filesOpenRecentTraversal']).toMatchObject({ ok: false, error: { field: 'path' } });
    const filters = [{ name: 'Gradient Lab model (JSON)', extensions: ['json'] }];
    expect(s['fileDialogs']).toEqual([
      { kind: 'open', filters, defaultPath: null },
      { kind: 'open', filters, defaultPath: null },
      { kind: 'save', filters, defaultPath: join(parent, 'copy.json') },
    ]);
    expect(s['settingsAfterFiles']).toMatchObject({ recent_files: [join(parent, 'saved.json'), join(parent, 'net.json')] });
  });

  it('asks before a page with unsaved changes unloads: Leave unloads, Stay keeps it, in English and Korean', () => {
    expect(report.scenario['unload']).toEqual({
      leave: true,
      stay: false,
      asked: 2,
      question: {
        message: 'You have unsaved changes. Leave anyway?',
        detail: '저장하지 않은 변경 사항이 있습니다. 그래도 나가시겠습니까?',
        buttons: ['Leave / 나가기', 'Stay / 머무르기'],
        cancelId: 1,
      },
    });
  });

  it('has the menu: File (runs folder, quit), Edit, View, Window, Help', () => {
    expect(report.menu.map((m) => m.label ?? m.role)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);
    expect(report.menu[0]!.submenu?.map((i) => i.label ?? i.role)).toContain('Change Runs Folder…');
  });

  it('saves the window bounds on close', () => {
    const saved = JSON.parse(readFileSync(join(dev!.userData, 'window-state.json'), 'utf8')) as unknown;
    expect(saved).toEqual({ bounds: { x: 10, y: 20, width: 1111, height: 777 }, maximized: false });
  });

  it('restores saved bounds and the runs folder from settings.json on the next start', () => {
    const ud = join(tmp, 'second', 'userData');
    mkdirSync(ud, { recursive: true });
    writeFileSync(join(ud, 'window-state.json'), JSON.stringify({ bounds: { x: 30, y: 40, width: 1000, height: 700 }, maximized: false }));
    writeFileSync(join(ud, 'settings.json'), JSON.stringify({ runs_dir: join(tmp, 'elsewhere-runs') }));
    const r = run('second');
    expect(r.report.errors).toEqual([]);
    expect(r.report.windows[0]!.options).toMatchObject({ x: 30, y: 40, width: 1000, height: 700 });
    expect(r.report.scenario['trustedInfo']).toMatchObject({ ok: true, result: { runs_dir: join(tmp, 'elsewhere-runs') } });
  });

  it('packaged: examples, datasets and .wasm come from resources/, devtools off', () => {
    const res = join(tmp, 'resources');
    mkdirSync(join(res, 'wasm'), { recursive: true });
    mkdirSync(join(res, 'datasets'), { recursive: true });
    cpSync(join(root, 'examples'), join(res, 'examples'), { recursive: true });
    const r = run('packaged', { FAKE_ELECTRON_PACKAGED: '1', FAKE_ELECTRON_RESOURCES: res });
    expect(r.report.errors).toEqual([]);
    expect(r.report.windows[0]!.options.webPreferences['devTools']).toBe(false);
    const exampleCount = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json')).length;
    expect(r.report.scenario['examples']).toEqual({ ok: true, count: exampleCount });
    expect(r.report.forks[0]!.args).toEqual([`--wasm-dir=${join(res, 'wasm')}`]);
    expect(r.report.menu.flatMap((m) => m.submenu ?? []).some((i) => i.role === 'toggleDevTools')).toBe(false);
  });

  it('keeps tfjs out of the main process: index.js and its chunks import no @tensorflow package', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from\s*["']@tensorflow\//);
      for (const m of text.matchAll(/from\s*["'](\.{1,2}\/[^"']+)["']/g)) visit(join(file, '..', m[1]!));
    };
    visit(bundle);
    expect(seen.size).toBeGreaterThan(1);
  });
});

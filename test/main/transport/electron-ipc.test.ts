/**
 * The Electron IPC adapter with a fake ipcMain and the real services (temp runs
 * folder): sender checks, hostile payloads, valid calls, event broadcasting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS, type Handlers } from '../../../src-shared/ipc/contract.js';
import { createAppServices } from '../../../src-main/services/app-services.js';
import {
  appUrlMatcher,
  broadcastEvents,
  registerIpcHandlers,
  trustedRendererFrame,
  UNTRUSTED_SENDER,
  type EventTargetLike,
  type FrameLike,
} from '../../../src-main/transport/electron-ipc.js';
import { FakeIpcMain, subFrame, topFrame } from './fakes.js';

const APP = 'file:///opt/Gradient%20Lab/resources/app.asar/out/renderer/index.html';
const DEV = 'http://localhost:5173/';
const runs = mkdtempSync(join(tmpdir(), 'gl-ipc-'));
afterAll(() => rmSync(runs, { recursive: true, force: true }));

const services = createAppServices({ shell: 'electron', runsDir: runs, canChangeRunsDir: true });
const example = JSON.parse(readFileSync(fileURLToPath(new URL('../../../examples/relu-100.json', import.meta.url)), 'utf8')) as unknown;

/** The real handlers, counting the calls that reach them. */
function countingHandlers(): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    Object.entries(services.handlers).map(([ch, fn]) => [
      ch,
      (req: unknown, ctx: unknown) => {
        calls.push(ch);
        return (fn as (r: unknown, c: unknown) => Promise<unknown>)(req, ctx);
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

let ipc: FakeIpcMain;
let calls: string[];
let logged: string[];
beforeEach(() => {
  ipc = new FakeIpcMain();
  const c = countingHandlers();
  calls = c.calls;
  logged = [];
  registerIpcHandlers(ipc, c.handlers, trustedRendererFrame({ fileUrl: APP, devUrl: DEV }), (l) => logged.push(l));
});

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per contract channel', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('an unknown channel has no handler at all', async () => {
    await expect(ipc.invoke(topFrame(APP), 'fs:read', {})).rejects.toThrow(/No handler/);
  });

  it('the returned function removes every handler', () => {
    const other = new FakeIpcMain();
    const off = registerIpcHandlers(other, services.handlers, () => true);
    off();
    expect(other.handlers.size).toBe(0);
  });

  it.each<[string, FrameLike | null]>([
    ['a web page', topFrame('https://evil.example/')],
    ['another local file', topFrame('file:///home/user/Downloads/evil.html')],
    ['a file next to the renderer', topFrame('file:///opt/Gradient%20Lab/resources/app.asar/out/renderer/other.html')],
    ['an iframe showing the app page', subFrame(APP, APP)],
    ['an iframe inside the app page', subFrame('https://evil.example/', APP)],
    ['a destroyed frame', null],
    ['another dev-server port', topFrame('http://localhost:5174/')],
    ['a look-alike dev host', topFrame('http://localhost.evil.example:5173/')],
    ['a data URL', topFrame('data:text/html,<script>1</script>')],
    ['a malformed URL', topFrame('not a url')],
  ])('refuses a call from %s without reaching the services', async (_name, frame) => {
    const r = await ipc.invoke(frame, 'app:info', {});
    expect(r).toEqual(UNTRUSTED_SENDER);
    expect(calls).toEqual([]);
    expect(logged[0]).toMatch(/refused app:info/);
  });

  it.each([
    ['the renderer file', APP],
    ['the renderer file with a hash route', `${APP}#/runs`],
    ['the dev server', DEV],
    ['a dev-server page', 'http://localhost:5173/index.html?x=1'],
  ])('accepts a call from %s', async (_name, url) => {
    const r = (await ipc.invoke(topFrame(url), 'app:info', {})) as { ok: boolean; result: { shell: string } };
    expect(r.ok).toBe(true);
    expect(r.result.shell).toBe('electron');
    expect(calls).toEqual(['app:info']);
  });

  it.each<[string, string, unknown, string]>([
    ['a path as run id', 'runs:load', { run_id: '../../etc' }, 'run_id'],
    ['an absolute path as run id', 'runs:delete', { run_id: '/etc/passwd' }, 'run_id'],
    ['a number as run id', 'runs:load', { run_id: 7 }, 'run_id'],
    ['no payload', 'runs:stop', undefined, 'run_id'],
    ['null payload', 'runs:load', null, 'run_id'],
    ['an array payload', 'app:info', [1, 2], 'payload'],
    ['a string payload', 'runs:list', 'all', 'payload'],
    ['extra keys', 'datasets:list', { everything: true }, 'payload'],
    ['__proto__ as a key', 'models:examples', JSON.parse('{"__proto__":{"polluted":1}}'), 'payload'],
    ['constructor as a key', 'runs:load', { run_id: '20260101-000000-a-abcd', constructor: {} }, 'payload'],
    ['an unknown backend', 'backends:probe', { backend: 'tpu' }, 'backend'],
    ['a huge string', 'settings:set-runs-dir', { path: 'p'.repeat(10_000) }, 'path'],
    ['an empty path', 'settings:set-runs-dir', { path: '' }, 'path'],
    ['wrong option types', 'runs:start', { model: example, options: { batch_size: '32' } }, 'options.batch_size'],
    ['an unknown option', 'runs:start', { model: example, options: { gpu: true } }, 'options'],
    ['an invalid model', 'models:export-keras', { model: { layers: 'many' } }, 'model'],
  ])('answers %s with an error naming the field', async (_name, channel, payload, field) => {
    const r = (await ipc.invoke(topFrame(APP), channel, payload)) as { ok: boolean; error: { field?: string; message: string } };
    expect(r.ok).toBe(false);
    expect(r.error.field).toBe(field);
    expect(r.error.message).toContain(field === 'payload' ? '' : field.split('.').pop()!);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a model over the size limit before validating it', async () => {
    const r = (await ipc.invoke(topFrame(APP), 'models:validate', { model: 'x'.repeat(3_000_000) })) as { ok: boolean; error: { message: string } };
    expect(r).toMatchObject({ ok: false });
    expect(r.error.message).toMatch(/limit/);
  });

  it('a rejected payload never reaches the handler', async () => {
    await ipc.invoke(topFrame(APP), 'runs:load', { run_id: '../../etc' });
    expect(calls).toEqual([]);
  });

  it.each<[string, string, unknown, (result: unknown) => void]>([
    ['app:info', 'app:info', {}, (r) => expect(r).toMatchObject({ shell: 'electron', runs_dir: runs, can_change_runs_dir: true })],
    ['models:validate', 'models:validate', { model: example }, (r) => expect(r).toMatchObject({ ok: true })],
    ['models:export-keras', 'models:export-keras', { model: example }, (r) => expect((r as { script: string }).script).toMatch(/keras/)],
    ['runs:list', 'runs:list', {}, (r) => expect(r).toEqual([])],
    ['models:examples', 'models:examples', {}, (r) => expect((r as unknown[]).length).toBeGreaterThan(0)],
  ])('a valid %s call reaches the handler and answers', async (_name, channel, payload, check) => {
    const r = (await ipc.invoke(topFrame(APP), channel, payload)) as { ok: boolean; result: unknown };
    expect(r.ok).toBe(true);
    check(r.result);
    expect(calls).toEqual([channel]);
  });
});

describe('appUrlMatcher', () => {
  it('ignores a dev URL that is not http(s)', () => {
    const m = appUrlMatcher({ fileUrl: APP, devUrl: 'file:///tmp/' });
    expect(m('file:///tmp/x.html')).toBe(false);
    expect(m(APP)).toBe(true);
  });

  it('without a dev URL only the renderer file matches', () => {
    const m = appUrlMatcher({ fileUrl: APP });
    expect(m(DEV)).toBe(false);
  });
});

describe('broadcastEvents', () => {
  class Target implements EventTargetLike {
    sent: [string, unknown][] = [];
    constructor(private destroyed = false) {}
    send(channel: string, payload: unknown): void {
      this.sent.push([channel, payload]);
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
  }

  it('sends each service event on its channel to every live window, including windows opened later', () => {
    const a = new Target();
    const gone = new Target(true);
    const windows: Target[] = [a, gone];
    const off = broadcastEvents(services.events, () => windows);
    const epoch = { run_id: 'r', metrics: { epoch: 1 } } as never;
    services.events.emit('run:epoch', epoch);
    const b = new Target();
    windows.push(b);
    const fin = { run_id: 'r', status: 'completed', test_loss: 1, test_accuracy: 0.5, diverged_at: null, error: null } as const;
    services.events.emit('run:finished', fin);
    off();
    services.events.emit('run:finished', fin);
    expect(a.sent).toEqual([
      ['run:epoch', epoch],
      ['run:finished', fin],
    ]);
    expect(b.sent).toEqual([['run:finished', fin]]);
    expect(gone.sent).toEqual([]);
  });
});

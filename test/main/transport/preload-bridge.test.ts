/** The preload's API object, over fakes of ipcRenderer → ipcMain → the real services. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBridgeApi } from '../../../src-main/preload/bridge.js';
import { createAppServices } from '../../../src-main/services/app-services.js';
import { registerIpcHandlers, trustedRendererFrame } from '../../../src-main/transport/electron-ipc.js';
import type { GradientLabApi } from '../../../src-shared/ipc/contract.js';
import { FakeIpcMain, FakeIpcRenderer, topFrame } from './fakes.js';

const APP = 'file:///app/out/renderer/index.html';
const runs = mkdtempSync(join(tmpdir(), 'gl-bridge-'));
afterAll(() => rmSync(runs, { recursive: true, force: true }));

function setup(frameUrl = APP) {
  const main = new FakeIpcMain();
  const services = createAppServices({ shell: 'electron', runsDir: runs, canChangeRunsDir: true });
  registerIpcHandlers(main, services.handlers, trustedRendererFrame({ fileUrl: APP }), () => undefined);
  const renderer = new FakeIpcRenderer(main, topFrame(frameUrl));
  return { api: createBridgeApi(renderer), renderer, services };
}

describe('createBridgeApi', () => {
  it('exposes exactly invoke and on — never ipcRenderer', () => {
    const { api } = setup();
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('invoke resolves with the result of a valid call', async () => {
    const { api } = setup();
    await expect(api.invoke('app:info', {})).resolves.toMatchObject({ shell: 'electron', runs_dir: runs });
  });

  it('invoke rejects with {message, field} for a bad payload', async () => {
    const { api } = setup();
    const err = await api.invoke('runs:load', { run_id: '../../etc' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ field: 'run_id' });
    expect((err as { message: string }).message).toContain('../../etc');
  });

  it.each(['ipc:raw', 'app:info ', '', 'constructor', '__proto__', 'run:epoch'])('invoke refuses channel %j without sending', async (channel) => {
    const { api, renderer } = setup();
    const err = await (api as unknown as { invoke(c: string, r: unknown): Promise<unknown> }).invoke(channel, {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ field: 'channel' });
    expect(renderer.invoked).toEqual([]);
  });

  it('a page that is not the app gets the refusal as a rejection', async () => {
    const { api } = setup('https://evil.example/');
    await expect(api.invoke('app:info', {})).rejects.toMatchObject({ message: expect.stringMatching(/refused/) });
  });

  it('on delivers only the payload (no IPC event, whose sender is ipcRenderer) and unsubscribes', () => {
    const { api, renderer } = setup();
    const got: unknown[][] = [];
    const off = api.on('run:epoch', (...args: unknown[]) => got.push(args));
    renderer.emit('run:epoch', { run_id: 'r' });
    off();
    renderer.emit('run:epoch', { run_id: 's' });
    expect(got).toEqual([[{ run_id: 'r' }]]);
    expect(renderer.listeners.get('run:epoch')?.size).toBe(0);
  });

  it.each(['app:info', 'ipc:any', 'run:secret'])('on refuses the non-event channel %j', (channel) => {
    const { api } = setup();
    expect(() => (api as GradientLabApi).on(channel as 'run:epoch', () => undefined)).toThrow(/channel/);
  });

  it('on refuses a listener that is not a function', () => {
    const { api } = setup();
    expect(() => api.on('run:epoch', 'alert(1)' as never)).toThrow(/listener/);
  });

  it('a service event travels main → window → listener', () => {
    const { api, renderer, services } = setup();
    const got: unknown[] = [];
    api.on('run:finished', (p) => got.push(p));
    // What broadcastEvents does with a real window, routed to this fake renderer.
    services.events.on('run:finished', (p) => renderer.emit('run:finished', p));
    const fin = { run_id: 'r', status: 'stopped', test_loss: null, test_accuracy: null, diverged_at: null, error: null } as const;
    services.events.emit('run:finished', fin);
    expect(got).toEqual([fin]);
  });
});

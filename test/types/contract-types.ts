/**
 * Compile-time tests of the IPC contract, checked by `tsc -p tsconfig.test.json`
 * (and by test/types/contract-types.test.ts). Each `@ts-expect-error` line must
 * really be an error: if the contract stopped catching the mistake below it, tsc
 * would fail with "Unused '@ts-expect-error' directive".
 */
import type { AppInfo, GradientLabApi, Handlers, ResponseOf } from '../../src-shared/ipc/contract.js';
import type { RunFinishedEvent } from '../../src-shared/training/events.js';

declare const complete: Handlers;
declare const api: GradientLabApi;

const info: AppInfo = {
  app_version: '1.0.0',
  shell: 'lab',
  platform: 'linux',
  runs_dir: '/runs',
  can_change_runs_dir: false,
  can_change_settings: false,
  can_browse: false,
  max_concurrent_runs: 1,
  max_runs_per_client: 1,
  cpu_count: 2,
};

// A correct handlers object compiles.
export const correct: Handlers = {
  ...complete,
  'app:info': async () => info,
  'runs:delete': async ({ run_id }) => ({ run_id }),
};

export const wrongPayload: Handlers = {
  ...complete,
  // @ts-expect-error run_id is a string in the contract, not a number
  'runs:delete': async (req: { run_id: number }) => ({ run_id: String(req.run_id) }),
};

export const wrongResponse: Handlers = {
  ...complete,
  // @ts-expect-error app:info must answer an AppInfo, not a string
  'app:info': async () => 'Gradient Lab',
};

export const wrongResponseShape: Handlers = {
  ...complete,
  // @ts-expect-error shell is 'electron' | 'lab'
  'app:info': async () => ({ ...info, shell: 'browser' }),
};

// @ts-expect-error a handlers object without 'runs:stop' (and the rest) does not compile
export const missing: Handlers = {
  'app:info': async () => info,
};

export const extraChannel: Handlers = {
  ...complete,
  // @ts-expect-error a channel that is not in the contract
  'fs:read': async () => '',
};

export async function callers(): Promise<void> {
  const appInfo: AppInfo = await api.invoke('app:info', {});
  const exported: ResponseOf<'models:export-keras'> = await api.invoke('models:export-keras', { model: {} });
  void appInfo;
  void exported;
  // @ts-expect-error run_id must be a string
  await api.invoke('runs:load', { run_id: 5 });
  // @ts-expect-error unknown channel
  await api.invoke('fs:read', {});
  // @ts-expect-error app:info answers AppInfo, not a run
  const wrong: RunFinishedEvent = await api.invoke('app:info', {});
  void wrong;
  api.on('run:finished', (e) => void e.status);
  // @ts-expect-error run:epoch carries a RunEpochEvent, not a RunFinishedEvent
  api.on('run:epoch', (e: RunFinishedEvent) => void e.status);
  // @ts-expect-error app:info is a request channel, not an event
  api.on('app:info', () => undefined);
}

/// <reference path="../../src-renderer/env.d.ts" />
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../src-shared/ipc/contract.js';
import SettingsView from '../../src-renderer/features/settings/SettingsView.svelte';
import { checkConcurrentRuns, defaultConcurrentRuns } from '../../src-renderer/features/settings/concurrency.js';
import { locale } from '../../src-renderer/i18n/index.js';
import type { Connection } from '../../src-renderer/lib/api.js';
import { ApiError } from '../../src-renderer/lib/api-error.js';
import { AppState } from '../../src-renderer/state/app.svelte.js';
import { fakeApi, type FakeHandlers } from './fake-api.js';

const DESKTOP: AppInfo = {
  app_version: '0.1.0',
  shell: 'electron',
  platform: 'linux',
  runs_dir: '/home/student/.config/gradient-lab/runs',
  can_change_runs_dir: true,
  can_change_settings: true,
  can_browse: true,
  max_concurrent_runs: 7,
  max_runs_per_client: null,
  cpu_count: 8,
};
const LAB: AppInfo = {
  ...DESKTOP,
  shell: 'lab',
  runs_dir: '/srv/lab/runs',
  can_change_runs_dir: false,
  can_change_settings: false,
  can_browse: false,
  max_concurrent_runs: 2,
  max_runs_per_client: 1,
};

function connection(shell: 'electron' | 'lab'): Connection {
  return { shell, state: () => ({ kind: 'open' }), subscribe: () => () => {}, reconnectNow: () => {} };
}

async function renderSettings(info: AppInfo, handlers: FakeHandlers = {}) {
  const fake = fakeApi({
    'app:info': async () => info,
    'backends:probe': () => new Promise(() => {}),
    ...handlers,
  });
  const app = new AppState(fake.api, connection(info.shell));
  app.start();
  render(SettingsView, { props: { app } });
  await waitFor(() => expect(app.info).not.toBeNull());
  return { fake, app };
}

beforeEach(() => locale.set('en'));

describe('settings area, desktop app', () => {
  it('shows the runs folder and moves it with Browse…; the answer becomes AppState.info', async () => {
    const { fake, app } = await renderSettings(DESKTOP, {
      'settings:browse-runs-dir': async () => ({ ...DESKTOP, runs_dir: '/data/runs' }),
    });
    expect(screen.getByTestId('runs-dir-current').textContent).toBe(DESKTOP.runs_dir);
    expect(screen.getByLabelText<HTMLInputElement>('New folder path').value).toBe(DESKTOP.runs_dir);
    await fireEvent.click(screen.getByRole('button', { name: 'Browse…' }));
    await waitFor(() => expect(screen.getByTestId('runs-dir-saved').textContent).toBe('Runs are now saved in /data/runs.'));
    expect(fake.calls.filter((c) => c.channel === 'settings:browse-runs-dir')).toEqual([{ channel: 'settings:browse-runs-dir', req: {} }]);
    expect(app.info?.runs_dir).toBe('/data/runs');
    expect(screen.getByTestId('runs-dir-current').textContent).toBe('/data/runs');
    expect(screen.getByLabelText<HTMLInputElement>('New folder path').value).toBe('/data/runs');
  });

  it('says so when the folder dialog was cancelled', async () => {
    await renderSettings(DESKTOP, { 'settings:browse-runs-dir': async () => DESKTOP });
    await fireEvent.click(screen.getByTestId('runs-dir-browse'));
    await waitFor(() => expect(screen.getByTestId('runs-dir-saved').textContent).toContain('No folder was chosen'));
  });

  it('applies a typed folder with Enter and shows main’s refusal beside the field', async () => {
    const refusal = 'path: cannot use "/root/x" as the runs folder (EACCES)';
    const { fake, app } = await renderSettings(DESKTOP, {
      'settings:set-runs-dir': ({ path }) =>
        path === '/root/x' ? Promise.reject(new ApiError(refusal, { field: 'path' })) : Promise.resolve({ ...DESKTOP, runs_dir: path }),
    });
    const input = screen.getByLabelText<HTMLInputElement>('New folder path');
    await fireEvent.input(input, { target: { value: '  /root/x ' } });
    await fireEvent.submit(input.form!);
    const error = await screen.findByTestId('runs-dir-error');
    await waitFor(() => expect(error.textContent).toBe(refusal));
    expect(fake.calls.at(-1)).toEqual({ channel: 'settings:set-runs-dir', req: { path: '/root/x' } });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
    expect(input.value).toBe('  /root/x ');
    expect(app.info?.runs_dir).toBe(DESKTOP.runs_dir);

    // Editing clears the complaint; a good folder is applied.
    await fireEvent.input(input, { target: { value: '/data/runs2' } });
    expect(input.getAttribute('aria-invalid')).toBe('false');
    await fireEvent.click(within(screen.getByRole('region', { name: 'Runs folder' })).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(screen.getByTestId('runs-dir-saved').textContent).toBe('Runs are now saved in /data/runs2.'));
    expect(screen.getByTestId('runs-dir-error').textContent).toBe('');
    expect(app.info?.runs_dir).toBe('/data/runs2');
  });

  it('sets the trainings at once, explains the default from the core count, and refuses values out of range', async () => {
    const { fake, app } = await renderSettings(DESKTOP, {
      'settings:set-max-concurrent-runs': async ({ value }) => ({ ...DESKTOP, max_concurrent_runs: value }),
    });
    const input = screen.getByLabelText<HTMLInputElement>('Trainings at once');
    expect(input.value).toBe('7');
    expect(input.min).toBe('1');
    expect(input.max).toBe('64');
    expect(screen.getByTestId('concurrency-hint').textContent).toContain('This machine has 8 CPU cores. The default is cores − 1 (7)');

    await fireEvent.input(input, { target: { value: '0' } });
    await fireEvent.click(screen.getByTestId('concurrency-apply'));
    expect(screen.getByTestId('concurrency-problem').textContent).toBe('Trainings at once: must be between 1 and 64. Received: 0.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(input);
    expect(fake.calls.some((c) => c.channel === 'settings:set-max-concurrent-runs')).toBe(false);

    await fireEvent.input(input, { target: { value: '3' } });
    await fireEvent.click(screen.getByTestId('concurrency-apply'));
    await waitFor(() => expect(screen.getByTestId('concurrency-saved').textContent).toBe('Saved: up to 3 trainings at once.'));
    expect(fake.calls.at(-1)).toEqual({ channel: 'settings:set-max-concurrent-runs', req: { value: 3 } });
    expect(app.info?.max_concurrent_runs).toBe(3);
    expect(screen.getByTestId('concurrency-problem').textContent).toBe('');
  });

  it('shows main’s error for the trainings at once, and “not connected” when the request never arrived', async () => {
    let n = 0;
    await renderSettings(DESKTOP, {
      'settings:set-max-concurrent-runs': () =>
        Promise.reject(n++ === 0 ? new ApiError('value: expected an integer ≤ 64, received 65', { field: 'value' }) : new ApiError('gone', { code: 'disconnected' })),
    });
    const input = screen.getByLabelText<HTMLInputElement>('Trainings at once');
    await fireEvent.input(input, { target: { value: '5' } });
    await fireEvent.click(screen.getByTestId('concurrency-apply'));
    await waitFor(() => expect(screen.getByTestId('concurrency-error').textContent).toBe('value: expected an integer ≤ 64, received 65'));
    await fireEvent.click(screen.getByTestId('concurrency-apply'));
    await waitFor(() => expect(screen.getByTestId('concurrency-error').textContent).toMatch(/^Not connected to the lab server/));
  });
});

describe('settings area, main’s coded refusals', () => {
  it('shows a refused folder in Korean when main sends a message code', async () => {
    locale.set('ko');
    await renderSettings(DESKTOP, {
      'settings:set-runs-dir': ({ path }) =>
        Promise.reject(
          new ApiError(`Cannot use ${path} as the runs folder (EACCES).`, {
            field: 'path',
            messageCode: 'settings.bad_folder',
            params: { path, reason: 'EACCES' },
          }),
        ),
    });
    const input = screen.getByLabelText<HTMLInputElement>('새 폴더 경로');
    await fireEvent.input(input, { target: { value: '/root/x' } });
    await fireEvent.submit(input.form!);
    await waitFor(() => expect(screen.getByTestId('runs-dir-error').textContent).toBe('/root/x을(를) 실행 폴더로 쓸 수 없습니다(EACCES).'));
    locale.set('en');
    await waitFor(() => expect(screen.getByTestId('runs-dir-error').textContent).toBe('Cannot use /root/x as the runs folder (EACCES).'));
  });
});

describe('settings area, lab client', () => {
  it('shows the server’s folder and limits read-only, with the flags that set them (English)', async () => {
    await renderSettings(LAB);
    expect(screen.getByTestId('runs-dir-current').textContent).toBe('/srv/lab/runs');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('spinbutton')).toBeNull();
    expect(screen.queryByTestId('runs-dir-browse')).toBeNull();
    expect(screen.getByTestId('runs-dir-lab').textContent).toContain('--runs-dir');
    expect(screen.getByTestId('concurrency-current').textContent).toBe('Trainings at once on this machine: 2');
    expect(screen.getByTestId('concurrency-lab').textContent).toContain('--max-concurrent-runs');
    expect(screen.getByTestId('per-client').textContent?.trim()).toBe(
      'Runs per browser session: 1, training or queued (the lab server’s --max-runs-per-client flag).',
    );
  });

  it('reads the same in Korean', async () => {
    locale.set('ko');
    await renderSettings(LAB);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('설정');
    expect(screen.getByTestId('concurrency-current').textContent).toBe('이 컴퓨터에서 한 번에 실행하는 훈련 수: 2');
    expect(screen.getByTestId('per-client').textContent).toContain('--max-runs-per-client');
    expect(screen.getByTestId('per-client').textContent).toContain('1개');
  });
});

describe('settings area, language and theme', () => {
  it('switches language and theme from its own controls', async () => {
    const { app } = await renderSettings(LAB);
    const group = screen.getByRole('group', { name: 'Language' });
    expect(group.dataset.testid).toBe('settings-language-switch');
    await fireEvent.click(screen.getByTestId('settings-language-ko'));
    expect(locale.lang).toBe('ko');
    expect(screen.getByRole('group', { name: '언어' })).toBe(group);
    await fireEvent.change(screen.getByLabelText('테마'), { target: { value: 'dark' } });
    expect(app.theme).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });
});

describe('trainings-at-once rules', () => {
  it.each([
    [4, { ok: true, value: 4 }],
    [64, { ok: true, value: 64 }],
    [0, { ok: false, problem: { kind: 'range', value: '0', min: 1, max: 64 } }],
    [65, { ok: false, problem: { kind: 'range', value: '65', min: 1, max: 64 } }],
    [2.5, { ok: false, problem: { kind: 'integer', value: '2.5' } }],
    [null, { ok: false, problem: { kind: 'required' } }],
  ] as const)('%s → %j', (value, expected) => {
    expect(checkConcurrentRuns(value)).toEqual(expected);
  });

  it('defaults to cores − 1, at least 1', () => {
    expect([1, 2, 8].map(defaultConcurrentRuns)).toEqual([1, 1, 7]);
  });
});

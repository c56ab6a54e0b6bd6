/// <reference path="../../src-renderer/env.d.ts" />
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabClientMessage } from '../../src-shared/ipc/contract.js';
import type { RunFinishedEvent, RunProgressEvent } from '../../src-shared/training/events.js';
import { ApiError, toApiError } from '../../src-renderer/lib/api-error.js';
import { CLIENT_ID_STORAGE_KEY, fromBridge, labClientId, labSocketUrl, newClientId } from '../../src-renderer/lib/api.js';
import { CLIENT_ID_PATTERN } from '../../src-shared/training/queue.js';
import { LabClient, type ConnectionState } from '../../src-renderer/lib/lab-client.js';
import { fakeApi } from './fake-api.js';

/** A WebSocket stand-in the test drives by hand: open it, push frames, drop it. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  readyState: WebSocket['readyState'] = 0;
  sent: string[] = [];
  onopen: WebSocket['onopen'] = null;
  onmessage: WebSocket['onmessage'] = null;
  onclose: WebSocket['onclose'] = null;
  onerror: WebSocket['onerror'] = null;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
    this.sent.push(data);
  }
  close(): void {
    this.drop();
  }
  // Test controls.
  open(): void {
    this.readyState = 1;
    this.onopen?.call(this as unknown as WebSocket, new Event('open'));
  }
  push(frame: unknown): void {
    const data = typeof frame === 'string' ? frame : JSON.stringify(frame);
    this.onmessage?.call(this as unknown as WebSocket, new MessageEvent('message', { data }));
  }
  drop(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.call(this as unknown as WebSocket, new CloseEvent('close'));
  }
  frames(): LabClientMessage[] {
    return this.sent.map((s) => JSON.parse(s) as LabClientMessage);
  }
}

function latest(): FakeSocket {
  const s = FakeSocket.instances.at(-1);
  if (!s) throw new Error('no socket created');
  return s;
}

function client(): LabClient {
  return new LabClient({ url: 'ws://lab.test/ws?token=t0k', WebSocket: FakeSocket, random: () => 0.5, now: () => 1000 });
}

const progress = (run_id: string): RunProgressEvent => ({
  run_id,
  sample: { epoch: 1, step: 3, loss: 0.9, samples_done: 96, samples_total: 5000 },
  fraction: 0.0192,
  elapsed_seconds: 1,
  eta_seconds: 51, samples_per_second: null,
});

beforeEach(() => {
  FakeSocket.instances = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LabClient requests', () => {
  it('connects to the given URL, queues requests until open, and matches answers to requests by id', async () => {
    const c = client();
    const ws = latest();
    expect(ws.url).toBe('ws://lab.test/ws?token=t0k');
    expect(c.state.kind).toBe('connecting');

    const info = c.invoke('app:info', {});
    const probe = c.invoke('backends:probe', { backend: 'auto' });
    expect(ws.sent).toEqual([]);
    ws.open();
    const [f1, f2] = ws.frames();
    expect(f1).toMatchObject({ channel: 'app:info', payload: {} });
    expect(f2).toMatchObject({ channel: 'backends:probe', payload: { backend: 'auto' } });
    expect(f1?.id).not.toBe(f2?.id);

    // Answered in the opposite order: each promise still gets its own result.
    ws.push({ id: f2?.id, ok: true, result: { active: 'wasm', requested: 'auto', attempts: [] } });
    ws.push({ id: f1?.id, ok: true, result: { app_version: '0.1.0', shell: 'lab' } });
    await expect(probe).resolves.toEqual({ active: 'wasm', requested: 'auto', attempts: [] });
    await expect(info).resolves.toMatchObject({ app_version: '0.1.0' });
  });

  it('sends at once when open', () => {
    const c = client();
    latest().open();
    void c.invoke('runs:list', {});
    expect(latest().frames()).toEqual([{ id: expect.any(Number), channel: 'runs:list', payload: {} }]);
  });

  it('rejects with an ApiError carrying the server’s message and field', async () => {
    const c = client();
    const ws = latest();
    ws.open();
    const p = c.invoke('runs:stop', { run_id: 'nope' });
    const id = ws.frames()[0]?.id;
    ws.push({ id, ok: false, error: { message: 'run_id: no running run with id "nope"', field: 'run_id' } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ message: 'run_id: no running run with id "nope"', field: 'run_id', code: 'server' });
  });

  it('keeps main’s message code and its scalar params, and drops codes it does not know', async () => {
    const c = client();
    const ws = latest();
    ws.open();
    const coded = c.invoke('runs:start', { model: {}, options: {} });
    const unknown = c.invoke('runs:start', { model: {}, options: {} });
    const [f1, f2] = ws.frames();
    ws.push({
      id: f1?.id,
      ok: false,
      error: { message: 'This browser already has 1 run(s)…', code: 'queue.per_client', params: { held: 1, limit: 1, nested: { x: 1 } } },
    });
    ws.push({ id: f2?.id, ok: false, error: { message: 'plain', code: 'no.such.code', params: { a: 1 } } });
    const e1 = (await coded.catch((e: unknown) => e)) as ApiError;
    expect(e1).toMatchObject({ messageCode: 'queue.per_client', params: { held: 1, limit: 1 }, code: 'server' });
    expect(e1.text('ko')).toBe(
      '이 브라우저에는 이미 학습 중이거나 대기 중인 실행이 1개 있습니다(이 랩 서버에서는 브라우저당 1개까지). 그 실행을 멈추거나 끝날 때까지 기다리세요.',
    );
    const e2 = (await unknown.catch((e: unknown) => e)) as ApiError;
    expect(e2.messageCode).toBeUndefined();
    expect(e2.text('ko')).toBe('plain');
  });

  it('ignores malformed frames and answers to unknown ids', async () => {
    const c = client();
    const ws = latest();
    ws.open();
    const p = c.invoke('app:info', {});
    ws.push('not json');
    ws.push({ id: 999, ok: true, result: 1 });
    ws.push({ hello: 'world' });
    ws.push({ id: ws.frames()[0]?.id, ok: true, result: { app_version: '1' } });
    await expect(p).resolves.toEqual({ app_version: '1' });
  });
});

describe('LabClient events', () => {
  it('delivers events to the subscribers of that channel until they unsubscribe', () => {
    const c = client();
    const ws = latest();
    ws.open();
    const got: string[] = [];
    const finished: RunFinishedEvent[] = [];
    const off = c.on('run:progress', (e) => got.push(e.run_id));
    c.on('run:finished', (e) => finished.push(e));

    ws.push({ event: 'run:progress', payload: progress('a') });
    ws.push({ event: 'run:progress', payload: progress('b') });
    ws.push({ event: 'run:nonsense', payload: progress('c') });
    expect(got).toEqual(['a', 'b']);
    expect(finished).toEqual([]);
    const done: RunFinishedEvent = { run_id: 'a', status: 'completed', test_loss: 0.4, test_accuracy: 0.86, diverged_at: null, error: null };
    ws.push({ event: 'run:finished', payload: done });
    expect(finished).toEqual([done]);
    expect(got).toEqual(['a', 'b']);

    off();
    ws.push({ event: 'run:progress', payload: progress('d') });
    expect(got).toEqual(['a', 'b']);
  });

  it('keeps delivering to other subscribers when one throws', () => {
    const c = client();
    latest().open();
    const got: string[] = [];
    vi.spyOn(console, 'error').mockImplementation(() => {});
    c.on('run:progress', () => {
      throw new Error('boom');
    });
    c.on('run:progress', (e) => got.push(e.run_id));
    latest().push({ event: 'run:progress', payload: progress('a') });
    expect(got).toEqual(['a']);
  });
});

describe('LabClient connection', () => {
  it('rejects pending requests on disconnect, reports it, and reconnects with growing backoff', async () => {
    const c = client();
    const states: ConnectionState[] = [];
    c.onState((s) => states.push(s));
    const first = latest();
    first.open();
    const p = c.invoke('app:info', {});
    first.drop();

    const err = await p.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'disconnected' });
    // 500 ms × jitter 1.0 (random 0.5)
    expect(c.state).toEqual({ kind: 'disconnected', attempt: 1, retryAt: 1500 });
    await expect(c.invoke('app:info', {})).rejects.toMatchObject({ code: 'disconnected' });

    vi.advanceTimersByTime(499);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(c.state).toEqual({ kind: 'connecting', attempt: 2 });

    latest().drop(); // the server is still down: the wait doubles
    expect(c.state).toEqual({ kind: 'disconnected', attempt: 2, retryAt: 2000 });
    vi.advanceTimersByTime(1000);
    latest().open();
    expect(c.state.kind).toBe('open');
    expect(states.map((s) => s.kind)).toEqual(['open', 'disconnected', 'connecting', 'disconnected', 'connecting', 'open']);

    // After a successful open the backoff starts again from the first delay.
    latest().drop();
    expect(c.state).toMatchObject({ kind: 'disconnected', retryAt: 1500 });
  });

  it('reconnects at once on request, and not at all after close()', () => {
    const c = client();
    latest().drop();
    c.reconnectNow();
    expect(FakeSocket.instances).toHaveLength(2);
    c.close();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.instances).toHaveLength(2);
  });
});

describe('transport helpers', () => {
  it('builds the socket URL from the page location, keeping the token and naming the client', () => {
    expect(labSocketUrl({ protocol: 'http:', host: '10.0.0.5:8080', search: '?token=ab%2B12' }, 'abcd1234-EF_gh')).toBe(
      'ws://10.0.0.5:8080/ws?token=ab%2B12&client=abcd1234-EF_gh',
    );
    expect(labSocketUrl({ protocol: 'https:', host: 'lab.example', search: '' }, 'abcd1234')).toBe('wss://lab.example/ws?client=abcd1234');
  });

  it('uses this session’s client id from sessionStorage by default', () => {
    const url = new URL(labSocketUrl({ protocol: 'http:', host: 'lab.test', search: '' }));
    const id = url.searchParams.get('client');
    expect(id).toMatch(CLIENT_ID_PATTERN);
    expect(sessionStorage.getItem(CLIENT_ID_STORAGE_KEY)).toBe(id);
  });
});

describe('lab client id', () => {
  beforeEach(() => sessionStorage.clear());

  it('is made once per browser session and kept across reloads (sessionStorage)', () => {
    const first = labClientId(sessionStorage);
    expect(first).toMatch(CLIENT_ID_PATTERN);
    expect(sessionStorage.getItem(CLIENT_ID_STORAGE_KEY)).toBe(first);
    expect(labClientId(sessionStorage)).toBe(first);
  });

  it('replaces a stored value the server would not accept', () => {
    sessionStorage.setItem(CLIENT_ID_STORAGE_KEY, 'bad id!');
    const id = labClientId(sessionStorage);
    expect(id).toMatch(CLIENT_ID_PATTERN);
    expect(sessionStorage.getItem(CLIENT_ID_STORAGE_KEY)).toBe(id);
  });

  it('falls back to one in-memory id when storage is blocked', () => {
    const blocked = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const a = labClientId(blocked);
    expect(a).toMatch(CLIENT_ID_PATTERN);
    expect(labClientId(blocked)).toBe(a);
    expect(labClientId(null)).toBe(a);
  });

  it('is url-safe without crypto.randomUUID (a LAN page over plain http)', () => {
    const ids = new Set(
      Array.from({ length: 50 }, () => newClientId({ getRandomValues: (a) => globalThis.crypto.getRandomValues(a) })),
    );
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newClientId()).toMatch(CLIENT_ID_PATTERN);
  });

  it('turns Electron’s wrapped rejection into a plain ApiError', async () => {
    const bridge = fakeApi({
      'runs:load': () =>
        Promise.reject(Object.assign(new Error("Error invoking remote method 'runs:load': Error: run_id: not found"), { field: 'run_id' })),
    });
    const err = await fromBridge(bridge.api)
      .invoke('runs:load', { run_id: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ message: 'run_id: not found', field: 'run_id' });
    expect(toApiError('plain').message).toBe('plain');

    // The preload bridge rejects with the payload itself: its code survives.
    const coded = toApiError({ message: 'Cannot use /x as the runs folder (EACCES).', field: 'path', code: 'settings.bad_folder', params: { path: '/x', reason: 'EACCES' } });
    expect(coded).toMatchObject({ field: 'path', messageCode: 'settings.bad_folder' });
    expect(coded.text('ko')).toBe('/x을(를) 실행 폴더로 쓸 수 없습니다(EACCES).');
    expect(coded.text('en')).toBe('Cannot use /x as the runs folder (EACCES).');
  });
});

/**
 * The lab server under a class: per-client job limits keyed by browser session,
 * the queue cap over the WebSocket, and bounded memory per client — a client that
 * stops reading is throttled and then disconnected, and other clients go on.
 * Real server, real sockets; trainings are the stand-in trainer (real processes).
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { clientIdOf, DEFAULT_RUNS_PER_CLIENT, startLabServer, type LabServer } from '../../../src-main/lab/server.js';
import { parseLabArgs } from '../../../src-main/lab/args.js';
import { LabConfigError } from '../../../src-main/lab/config.js';
import { CLIENT_BUFFER_LIMIT } from '../../../src-main/transport/lab-websocket.js';
import { nodeTrainerLauncher } from '../../../src-main/trainer/launcher.js';
import type { LabServerMessage } from '../../../src-shared/ipc/contract.js';
import type { IncomingMessage } from 'node:http';
import { connect, makeRendererFixture, TestClient } from './lab-fixture.js';

const STAND_IN = fileURLToPath(new URL('../services/fixtures/stand-in-trainer.mjs', import.meta.url));
const model = JSON.parse(readFileSync(fileURLToPath(new URL('../../../examples/leaky-relu.json', import.meta.url)), 'utf8')) as Record<string, unknown>;

const fixture = makeRendererFixture();
let lab: LabServer;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  process.env['STAND_IN_EPOCH_MS'] = '80';
  lab = await startLabServer({
    rendererDir: fixture.renderer,
    runsDir: fixture.runs,
    log: () => undefined,
    maxConcurrentRuns: 1,
    launcher: nodeTrainerLauncher({ entry: STAND_IN, execArgv: [] }),
  });
});
afterAll(async () => {
  await lab.close();
  fixture.cleanup();
});
let cleanupHandlers = (): void => undefined;
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
  cleanupHandlers();
});

async function client(session?: string): Promise<TestClient> {
  const h = await connect(`ws://127.0.0.1:${lab.port}/ws${session ? `?client=${session}` : ''}`);
  if (!h.open) throw new Error(`handshake refused: ${h.status}`);
  sockets.push(h.ws);
  return new TestClient(h.ws);
}

function resultOf(m: LabServerMessage): Record<string, unknown> {
  if ('event' in m || !m.ok) throw new Error(`expected a result, got ${JSON.stringify(m)}`);
  return m.result as Record<string, unknown>;
}
function errorOf(m: LabServerMessage): { message: string } {
  if ('event' in m || m.ok) throw new Error(`expected an error, got ${JSON.stringify(m)}`);
  return m.error;
}

const opts = { epochs: 4, limit: 500, backend: 'wasm' };

describe('lab flags', () => {
  it('parses --max-concurrent-runs and --max-runs-per-client', () => {
    const a = parseLabArgs(['--max-concurrent-runs', '3', '--max-runs-per-client', '2'], {});
    expect(a.help === false && a.options.maxConcurrentRuns).toBe(3);
    expect(a.help === false && a.options.maxRunsPerClient).toBe(2);
  });
  it.each([
    [['--max-concurrent-runs', '0'], /--max-concurrent-runs: expected a whole number from 1 to 64, received "0"/],
    [['--max-concurrent-runs', 'many'], /--max-concurrent-runs: .*received "many"/],
    [['--max-runs-per-client=-1'], /--max-runs-per-client: .*received "-1"/],
    [['--max-runs-per-client', '1e3'], /--max-runs-per-client: .*received "1e3"/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseLabArgs(argv, {})).toThrow(LabConfigError);
    expect(() => parseLabArgs(argv, {})).toThrow(message);
  });
});

describe('client identity', () => {
  const req = (url: string) => ({ url }) as IncomingMessage;
  it('is the page-kept session id when well-formed, else one id per connection', () => {
    expect(clientIdOf(req('/ws?client=abcdEFGH1234'))).toBe('lab-abcdEFGH1234');
    const a = clientIdOf(req('/ws?client=../../etc'));
    const b = clientIdOf(req('/ws'));
    expect(a).toMatch(/^conn-[0-9a-f]{16}$/);
    expect(b).toMatch(/^conn-[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
  });
});

describe('queue and per-client limits over the WebSocket', () => {
  it('app:info reports the cap and the per-client limit', async () => {
    const c = await client('session-info-1');
    const info = resultOf(await c.request('app:info', {}));
    expect(info['max_concurrent_runs']).toBe(1);
    expect(info['max_runs_per_client']).toBe(DEFAULT_RUNS_PER_CLIENT);
    expect(info['can_change_settings']).toBe(false);
    const refused = errorOf(await c.request('settings:set-max-concurrent-runs', { value: 4 }));
    expect(refused.message).toMatch(/may not change the settings/);
  });

  it('one session holds one job across reconnects; another session queues behind it; stop a queued run', async () => {
    const alice = await client('session-alice-1');
    const first = resultOf(await alice.request('runs:start', { model, options: opts }));
    expect(first['status']).toBe('running');

    // Same browser session on a new socket (a reconnect): still one job.
    const aliceAgain = await client('session-alice-1');
    const refused = errorOf(await aliceAgain.request('runs:start', { model, options: opts }));
    expect(refused.message).toMatch(/already has 1 run\(s\) training or queued \(limit 1 per browser/);
    expect((refused as { code?: string }).code).toBe("queue.per_client");

    // The reconnected page finds its own run (and only its own).
    expect(resultOf(await aliceAgain.request('runs:mine', {}))).toEqual([{ run_id: first['run_id'], status: 'running', position: null }]);

    const bob = await client('session-bob-01');
    const second = resultOf(await bob.request('runs:start', { model, options: opts }));
    expect(second).toMatchObject({ status: 'queued', position: 1 });
    expect(resultOf(await bob.request('runs:mine', {}))).toEqual([{ run_id: second['run_id'], status: 'queued', position: 1 }]);
    const queuedEvent = await bob.waitForEvent((e) => e.event === 'run:queued' && (e.payload as { run_id: string }).run_id === second['run_id']);
    expect(queuedEvent.payload).toEqual({ run_id: second['run_id'], position: 1 });

    const stopped = resultOf(await bob.request('runs:stop', { run_id: second['run_id'] }));
    expect(stopped['status']).toBe('stopped');
    // Bob's slot is free again, and his new run waits behind Alice's.
    const third = resultOf(await bob.request('runs:start', { model, options: opts }));
    expect(third['status']).toBe('queued');
    await bob.waitForEvent((e) => e.event === 'run:started' && (e.payload as { run_id: string }).run_id === third['run_id']);
    await bob.waitForEvent((e) => e.event === 'run:finished' && (e.payload as { run_id: string }).run_id === third['run_id']);
  }, 30_000);

  it('a burst of 30 sessions starting at once: one trains at a time, all finish', async () => {
    const clients = await Promise.all(Array.from({ length: 30 }, (_, i) => client(`burst-session-${String(i).padStart(3, '0')}`)));
    let running = 0;
    let peak = 0;
    const onStart = () => (peak = Math.max(peak, ++running));
    const onEnd = () => running--;
    lab.services.events.on('run:started', onStart);
    lab.services.events.on('run:finished', onEnd);
    try {
      const answers = await Promise.all(clients.map((c) => c.request('runs:start', { model, options: { ...opts, epochs: 1 } })));
      const ids = answers.map((a) => resultOf(a)['run_id'] as string);
      expect(answers.filter((a) => resultOf(a)['status'] === 'queued').length).toBeGreaterThanOrEqual(29);
      await Promise.all(
        clients.map((c, i) => c.waitForEvent((e) => e.event === 'run:finished' && (e.payload as { run_id: string }).run_id === ids[i])),
      );
      expect(peak).toBe(1);
    } finally {
      lab.services.events.off('run:started', onStart);
      lab.services.events.off('run:finished', onEnd);
    }
  }, 90_000);
});

describe('bounded memory per client', () => {
  /** An epoch event as large as a 100-layer model's (~20 KB). */
  function bigEpoch(i: number) {
    const layers = Array.from({ length: 100 }, (_, k) => ({
      name: `dense_${k}`, spec_index: k, activation: 'selu', grad_norm: 0.1, weight_norm: 1, act_mean: 0, act_std: 1, inactive_fraction: null, inactive_kind: null,
    }));
    return { run_id: '20260101-000000-big-abcd', metrics: { epoch: i, loss: 1, accuracy: 0.5, val_loss: 1, val_accuracy: 0.5, seconds: 1, layers } };
  }

  it('a client that never reads is disconnected once its buffer passes the limit; a reading client gets everything', async () => {
    const slow = await client('session-slow-1');
    const fast = await client('session-fast-1');
    // Stop reading on the slow client: the kernel buffers fill, then the server's.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    let received = 0;
    // Epochs only: runs:changed (the runs folder watch, after the previous test's runs) may arrive meanwhile.
    fast.ws.on('message', (data: Buffer) => {
      if (String(data).includes('"event":"run:epoch"')) received++;
    });
    const closed = new Promise<number>((resolve) => slow.ws.once('close', (code) => resolve(code)));
    const before = process.memoryUsage();
    const N = 3000; // ~60 MB of events in all
    let peak = 0;
    for (let i = 1; i <= N; i++) {
      lab.services.events.emit('run:epoch', bigEpoch(i) as never);
      if (i % 25 === 0) {
        // A reading client keeps up with the stream; the slow one falls further behind.
        await expect.poll(() => received, { timeout: 10_000, interval: 2 }).toBeGreaterThanOrEqual(i);
        const m = process.memoryUsage();
        peak = Math.max(peak, m.external + m.arrayBuffers - (before.external + before.arrayBuffers));
      }
    }
    // The reading client got every epoch (none is droppable).
    expect(received).toBe(N);
    // The slow one was cut off instead of being buffered for: the server holds at most the limit for it.
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
    expect(peak).toBeLessThan(4 * CLIENT_BUFFER_LIMIT);
  }, 60_000);

  it('answers count too: a client that sends requests but never reads is throttled or cut off, and others are answered meanwhile', async () => {
    const slow = await client('session-slow-2');
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const handlers = lab.services.handlers;
    const original = handlers['models:examples'];
    let answered = 0;
    handlers['models:examples'] = async (req, ctx) => {
      answered++;
      return original(req, ctx);
    };
    cleanupHandlers = () => (handlers['models:examples'] = original);
    const base = process.memoryUsage();
    let peak = 0;
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.external + m.arrayBuffers - (base.external + base.arrayBuffers));
    }, 10);
    // 100 batches of 30 requests (under the in-flight cap), each answered by the example list (~25 KB):
    // ~75 MB of answers if the server hoarded them for a client that reads nothing.
    let id = 1;
    for (let b = 0; b < 100 && slow.ws.readyState === WebSocket.OPEN; b++) {
      for (let i = 0; i < 30; i++) slow.ws.send(JSON.stringify({ id: id++, channel: 'models:examples', payload: {} }));
      await new Promise((r) => setTimeout(r, 15));
    }
    const fast = await client('session-fast-2');
    const info = resultOf(await fast.request('app:info', {}));
    expect(info['shell']).toBe('lab');
    clearInterval(sample);
    expect(peak).toBeLessThan(4 * CLIENT_BUFFER_LIMIT);
    // Throttled: once its send buffer passed the slow-client mark, its requests were no longer read
    // (3,000 were sent; each answer is ~25 KB, so a few hundred fill the budget).
    expect(answered).toBeLessThan(1000);
  }, 30_000);
});

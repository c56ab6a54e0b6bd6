/**
 * The lab server end to end, on real services (temp runs folder) and real sockets:
 * static files, security headers, tokens, Host/Origin checks, the WebSocket
 * contract, hostile input, events and shutdown.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLabServer, MAX_FRAME_BYTES, type LabServer } from '../../../src-main/lab/server.js';
import { LabConfigError } from '../../../src-main/lab/config.js';
import { tokenCookieName } from '../../../src-main/lab/auth.js';
import { UNKNOWN_ID } from '../../../src-main/transport/lab-websocket.js';
import type { LabServerMessage } from '../../../src-shared/ipc/contract.js';
import { connect, FIXTURE_CSP, makeRendererFixture, rawGet, SECRET, TestClient } from './lab-fixture.js';

const exampleModel = JSON.parse(readFileSync(fileURLToPath(new URL('../../../examples/leaky-relu.json', import.meta.url)), 'utf8')) as Record<string, unknown>;
/** Softmax regression: trains in seconds, so the end-to-end run stays quick. */
const tinyModel = { ...exampleModel, name: 'tiny', layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }] };

const fixture = makeRendererFixture();
const quiet = () => undefined;
let lab: LabServer;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  lab = await startLabServer({ rendererDir: fixture.renderer, runsDir: fixture.runs, log: quiet });
});
afterAll(async () => {
  await lab.close();
  fixture.cleanup();
});
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});

async function client(url = `ws://127.0.0.1:${lab.port}/ws`, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
  const h = await connect(url, options);
  if (!h.open) throw new Error(`handshake refused: ${h.status}`);
  sockets.push(h.ws);
  return new TestClient(h.ws);
}

function errorOf(m: LabServerMessage): { message: string; field?: string } {
  if ('event' in m || m.ok) throw new Error(`expected an error answer, got ${JSON.stringify(m)}`);
  return m.error;
}

function resultOf(m: LabServerMessage): unknown {
  if ('event' in m || !m.ok) throw new Error(`expected a result, got ${JSON.stringify(m)}`);
  return m.result;
}

describe('startup', () => {
  it('binds 127.0.0.1 on a free port and prints a token-free URL', () => {
    expect(lab.url).toBe(`http://127.0.0.1:${lab.port}/`);
    expect(lab.port).toBeGreaterThan(0);
    expect(lab.token).toBeNull();
  });

  it('refuses to start without a built renderer, saying how to build it', async () => {
    await expect(startLabServer({ rendererDir: `${fixture.root}/nope`, runsDir: fixture.runs, log: quiet })).rejects.toThrow(
      /electron-vite build/,
    );
  });

  it.each(['0.0.0.0', '::', '192.168.1.20', 'example.com'])('refuses non-loopback host %s without --allow-remote', async (host) => {
    const p = startLabServer({ host, rendererDir: fixture.renderer, runsDir: fixture.runs, log: quiet });
    await expect(p).rejects.toBeInstanceOf(LabConfigError);
    await expect(p).rejects.toThrow(/--allow-remote/);
  });
});

describe('static files', () => {
  it.each([
    ['/', 'text/html; charset=utf-8', 'lab'],
    ['/index.html', 'text/html; charset=utf-8', 'lab'],
    ['/assets/app.js', 'text/javascript; charset=utf-8', 'console.log'],
    ['/assets/style.css', 'text/css; charset=utf-8', 'body'],
    ['/assets/icon.svg', 'image/svg+xml', '<svg'],
    ['/assets/engine.wasm', 'application/wasm', ''],
    ['/assets/blob.xyz', 'application/octet-stream', 'bytes'],
    ['/index.html?x=1', 'text/html; charset=utf-8', 'lab'],
  ])('GET %s → 200 %s', async (path, type, text) => {
    const r = await rawGet(lab.port, path);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    expect(r.body).toContain(text);
  });

  it('sends the renderer meta tag CSP and the other security headers on every answer', async () => {
    for (const path of ['/', '/assets/app.js', '/missing', '/../x']) {
      const r = await rawGet(lab.port, path);
      expect(r.headers['content-security-policy'], path).toBe(FIXTURE_CSP);
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      expect(r.headers['referrer-policy'], path).toBe('no-referrer');
      expect(r.headers['x-frame-options'], path).toBe('DENY');
    }
  });

  it.each(['/assets', '/assets/', '/missing.js', '/assets/nope.css'])('%s → 404 (no directory listing)', async (path) => {
    const r = await rawGet(lab.port, path);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('app.js');
  });

  it.each([
    '/../secret.txt',
    '/../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/link-out.txt',
    '/.env',
    '/assets/../.env',
    '/%00',
    '/index.html%00.js',
    '/%',
    '//secret.txt',
    '/%252e%252e/secret.txt',
  ])('path traversal %s is refused', async (path) => {
    const r = await rawGet(lab.port, path);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toContain('root:');
  });

  it.each(['POST', 'PUT', 'DELETE'])('%s → 405', async (method) => {
    const r = await rawGet(lab.port, '/', {}, method);
    expect(r.status).toBe(405);
    expect(r.headers['allow']).toBe('GET, HEAD');
  });

  it('HEAD answers headers without a body', async () => {
    const r = await rawGet(lab.port, '/assets/app.js', {}, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe(String('console.log(1);\n'.length));
    expect(r.body).toBe('');
  });

  it.each(['evil.example', `evil.example:${0}`, 'attacker.test:80'])('refuses Host %s (DNS rebinding) on loopback', async (host) => {
    const r = await rawGet(lab.port, '/', { Host: host.replace(':0', `:${lab.port}`) });
    expect(r.status).toBe(403);
  });

  it.each(['127.0.0.1', 'localhost'])('accepts Host %s:PORT', async (name) => {
    const r = await rawGet(lab.port, '/', { Host: `${name}:${lab.port}` });
    expect(r.status).toBe(200);
  });
});

describe('WebSocket origin checks', () => {
  it.each([
    ['another site', 'http://evil.example', 403],
    ['another site on the same port', `http://evil.example:PORT`, 403],
    ['localhost when the Host is 127.0.0.1', 'http://localhost:PORT', 403],
    ['https variant of the origin', 'https://127.0.0.1:PORT', 403],
    ['an opaque origin', 'null', 403],
    ['garbage', 'not a url', 403],
  ])('refuses a page from %s', async (_name, origin, status) => {
    const h = await connect(`ws://127.0.0.1:${lab.port}/ws`, { origin: origin.replace('PORT', String(lab.port)) });
    expect(h.open).toBe(false);
    if (!h.open) expect(h.status).toBe(status);
  });

  it('accepts the page it served (same origin) and clients without Origin', async () => {
    const same = await connect(`ws://127.0.0.1:${lab.port}/ws`, { origin: `http://127.0.0.1:${lab.port}` });
    expect(same.open).toBe(true);
    if (same.open) sockets.push(same.ws);
    const none = await connect(`ws://127.0.0.1:${lab.port}/ws`);
    expect(none.open).toBe(true);
    if (none.open) sockets.push(none.ws);
  });

  it('refuses a rebound Host on the upgrade and other paths', async () => {
    const rebound = await connect(`ws://127.0.0.1:${lab.port}/ws`, { headers: { Host: `evil.example:${lab.port}` } });
    expect(rebound).toMatchObject({ open: false, status: 403 });
    const elsewhere = await connect(`ws://127.0.0.1:${lab.port}/other`);
    expect(elsewhere).toMatchObject({ open: false, status: 404 });
  });
});

describe('the contract over the WebSocket', () => {
  it('app:info says lab, with the temp runs folder, and forbids moving it', async () => {
    const c = await client();
    const info = resultOf(await c.request('app:info', {})) as Record<string, unknown>;
    expect(info).toMatchObject({ shell: 'lab', can_change_runs_dir: false, runs_dir: fixture.runs });
    const moved = errorOf(await c.request('settings:set-runs-dir', { path: '/tmp/elsewhere' }));
    expect(moved.field).toBe('path');
    expect(moved.message).toMatch(/may not change/);
  });

  it('models:validate answers a bad model with an error list naming the paths', async () => {
    const c = await client();
    const bad = { ...exampleModel, layers: [{ kind: 'flatten' }, { kind: 'dense', units: 0 }, { kind: 'dense', units: 10, activation: 'softmax' }] };
    const r = resultOf(await c.request('models:validate', { model: bad })) as { ok: boolean; errors?: { path: string; text: string }[] };
    expect(r.ok).toBe(false);
    expect(r.errors?.some((e) => e.path.includes('layers[1].units') || e.path.includes('layers.1.units'))).toBe(true);
    const good = resultOf(await c.request('models:validate', { model: exampleModel })) as { ok: boolean };
    expect(good.ok).toBe(true);
  });

  it('lists datasets, examples and (no) runs', async () => {
    const c = await client();
    expect((resultOf(await c.request('datasets:list', {})) as unknown[]).length).toBeGreaterThan(0);
    expect((resultOf(await c.request('models:examples', {})) as unknown[]).length).toBeGreaterThan(0);
    expect(resultOf(await c.request('runs:list', {}))).toEqual([]);
  });

  it.each([
    ['a path as run id', 'runs:load', { run_id: '../../etc' }, 'run_id'],
    ['a number as run id', 'runs:delete', { run_id: 42 }, 'run_id'],
    ['a missing run id', 'runs:stop', {}, 'run_id'],
    ['an unknown backend', 'backends:probe', { backend: 'gpu9000' }, 'backend'],
    ['extra keys', 'app:info', { admin: true }, 'payload'],
    ['__proto__ as a key', 'app:info', JSON.parse('{"__proto__":{"polluted":true}}'), 'payload'],
    ['a huge string', 'settings:set-runs-dir', { path: 'x'.repeat(100_000) }, 'path'],
    ['wrong option types', 'runs:start', { model: {}, options: { epochs: 'many' } }, 'options.epochs'],
    ['a negative epoch count', 'runs:start', { model: {}, options: { epochs: -1 } }, 'options.epochs'],
    ['an unknown channel', 'fs:read', { path: '/etc/passwd' }, 'channel'],
    ['a channel that is not a string', 7, {}, 'channel'],
    ['a prototype key as channel', '__proto__', {}, 'channel'],
    ['a payload that is not an object', 'runs:list', 'please', 'payload'],
  ])('answers %s with an error naming the field', async (_name, channel, payload, field) => {
    const c = await client();
    const e = errorOf(await c.request(channel as string, payload));
    expect(e.field).toBe(field);
    expect(e.message.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a run id like a path never reaches the file system', async () => {
    const c = await client();
    const e = errorOf(await c.request('runs:load', { run_id: '../../etc' }));
    expect(e.message).toContain('../../etc');
    expect(e.message).not.toMatch(/ENOENT/);
  });

  it.each([
    ['malformed JSON', '{"id": 1, "channel": '],
    ['an array', '[1, 2]'],
    ['a number', '42'],
    ['null', 'null'],
    ['a string', '"app:info"'],
    ['a negative id', '{"id": -5, "channel": "app:info", "payload": {}}'],
    ['a fractional id', '{"id": 1.5, "channel": "app:info", "payload": {}}'],
    ['a string id', '{"id": "1", "channel": "app:info", "payload": {}}'],
  ])('answers %s with an error (id -1) and keeps serving', async (_name, text) => {
    const c = await client();
    const e = errorOf(await c.sendRaw(text, UNKNOWN_ID));
    expect(e.message).toMatch(/^(message|id):/);
    expect(resultOf(await c.request('app:info', {}))).toMatchObject({ shell: 'lab' });
  });

  it('answers unknown envelope keys and binary frames with errors', async () => {
    const c = await client();
    expect(errorOf(await c.sendRaw('{"id": 3, "channel": "app:info", "payload": {}, "x": 1}', 3)).message).toMatch(/unknown key/);
    expect(errorOf(await c.sendRaw(Buffer.from([1, 2, 3]), UNKNOWN_ID)).message).toMatch(/binary/);
  });

  it('answers a payload over the size limit with an error, and closes on a frame over maxPayload', async () => {
    const c = await client();
    const big = errorOf(await c.request('models:validate', { model: 'x'.repeat(2_500_000) }));
    expect(big.message).toMatch(/larger than the .*limit/);
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    c.ws.send(JSON.stringify({ id: 9, channel: 'models:validate', payload: { model: 'y'.repeat(MAX_FRAME_BYTES + 10) } }));
    expect(await closed).toBe(1009);
    // The server is unharmed: a new client is served.
    const again = await client();
    expect(resultOf(await again.request('app:info', {}))).toMatchObject({ shell: 'lab' });
  });

  it('pushes service events to every connected client', async () => {
    const a = await client();
    const b = await client();
    const payload = { run_id: '20260101-000000-x-abcd', status: 'stopped', test_loss: null, test_accuracy: null, diverged_at: null, error: null } as const;
    lab.services.events.emit('run:finished', payload);
    for (const c of [a, b]) {
      const e = await c.waitForEvent((m) => m.event === 'run:finished');
      expect(e.payload).toEqual(payload);
    }
  });

  it('a real training run streams backend, epoch and finished events and is listed afterwards', async () => {
    const c = await client();
    const start = resultOf(await c.request('runs:start', { model: tinyModel, options: { epochs: 1, limit: 500, batch_size: 64, backend: 'wasm' } })) as {
      run_id: string;
    };
    expect(start.run_id).toMatch(/^[0-9]{8}-[0-9]{6}-/);
    const finished = (await c.waitForEvent((m) => m.event === 'run:finished' && (m.payload as { run_id: string }).run_id === start.run_id)).payload as {
      status: string;
    };
    expect(finished.status).toBe('completed');
    expect(c.events.some((e) => e.event === 'run:backend')).toBe(true);
    expect(c.events.some((e) => e.event === 'run:epoch')).toBe(true);
    const runs = resultOf(await c.request('runs:list', {})) as { run_id?: string; id?: string }[];
    expect(JSON.stringify(runs)).toContain(start.run_id);
    const loaded = resultOf(await c.request('runs:load', { run_id: start.run_id }));
    expect(JSON.stringify(loaded)).toContain('completed');
    expect(resultOf(await c.request('runs:delete', { run_id: start.run_id }))).toEqual({ run_id: start.run_id });
  });
});

describe('tokens', () => {
  const token = 'a-classroom-token-1234';
  let secured: LabServer;
  beforeAll(async () => {
    secured = await startLabServer({ token, rendererDir: fixture.renderer, runsDir: fixture.runs, log: quiet });
  });
  afterAll(() => secured.close());

  it('prints the token in the URL', () => {
    expect(secured.url).toBe(`http://127.0.0.1:${secured.port}/?token=${token}`);
  });

  it.each([
    ['no token', 401, '/', {}],
    ['a wrong token', 403, '/?token=wrong', {}],
    ['a token that is a prefix', 403, `/?token=${token.slice(0, -1)}`, {}],
    ['a wrong cookie', 403, '/', { Cookie: `${tokenCookieName(0)}=x` }],
    ['another port\'s cookie', 401, '/', { Cookie: `gradient_lab_token_1=${token}` }],
    ['a wrong bearer', 403, '/', { Authorization: 'Bearer nope' }],
    ['the right token', 200, `/?token=${token}`, {}],
    ['the right bearer', 200, '/', { Authorization: `Bearer ${token}` }],
    ['an asset and no token', 401, '/assets/app.js', {}],
  ])('HTTP with %s → %i', async (_name, status, path, headers) => {
    const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(tokenCookieName(0), tokenCookieName(secured.port))]));
    const r = await rawGet(secured.port, path, h);
    expect(r.status).toBe(status);
    if (status !== 200) expect(r.body).not.toContain('lab</body>');
  });

  it('the first visit sets an HttpOnly SameSite cookie that then opens the assets and the socket', async () => {
    const first = await rawGet(secured.port, `/?token=${token}`);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toContain(`${tokenCookieName(secured.port)}=${token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    expect((await rawGet(secured.port, '/assets/app.js', { Cookie: cookie })).status).toBe(200);
    const ws = await connect(`ws://127.0.0.1:${secured.port}/ws`, { headers: { Cookie: cookie } });
    expect(ws.open).toBe(true);
    if (ws.open) sockets.push(ws.ws);
  });

  it.each([
    ['no token', '', 401],
    ['a wrong token', '?token=wrong', 403],
    ['the right token', `?token=${token}`, 101],
  ])('WebSocket upgrade with %s → %i', async (_name, query, status) => {
    const h = await connect(`ws://127.0.0.1:${secured.port}/ws${query}`);
    if (status === 101) {
      expect(h.open).toBe(true);
      if (h.open) {
        sockets.push(h.ws);
        expect(resultOf(await new TestClient(h.ws).request('app:info', {}))).toMatchObject({ shell: 'lab' });
      }
    } else expect(h).toMatchObject({ open: false, status });
  });

  it('a right token does not excuse a cross-site origin', async () => {
    const h = await connect(`ws://127.0.0.1:${secured.port}/ws?token=${token}`, { origin: 'http://evil.example' });
    expect(h).toMatchObject({ open: false, status: 403 });
  });
});

describe('remote binding', () => {
  it('with --allow-remote and no --token generates a 32-byte token and requires it', async () => {
    const remote = await startLabServer({ host: '0.0.0.0', allowRemote: true, rendererDir: fixture.renderer, runsDir: fixture.runs, log: quiet });
    try {
      expect(remote.token).toMatch(/^[0-9a-f]{64}$/);
      expect(remote.url).toBe(`http://0.0.0.0:${remote.port}/?token=${remote.token}`);
      expect((await rawGet(remote.port, '/')).status).toBe(401);
      expect((await rawGet(remote.port, `/?token=${remote.token}`)).status).toBe(200);
      expect(await connect(`ws://127.0.0.1:${remote.port}/ws`)).toMatchObject({ open: false, status: 401 });
      const ok = await connect(`ws://127.0.0.1:${remote.port}/ws?token=${remote.token}`);
      expect(ok.open).toBe(true);
      if (ok.open) ok.ws.terminate();
    } finally {
      await remote.close();
    }
  });

  it('refuses a short --token on a network-reachable address', async () => {
    await expect(
      startLabServer({ host: '0.0.0.0', allowRemote: true, token: 'short', rendererDir: fixture.renderer, runsDir: fixture.runs, log: quiet }),
    ).rejects.toThrow(/at least 16/);
  });
});

describe('shutdown', () => {
  it('close() ends client sockets (1001) and frees the port', async () => {
    const s = await startLabServer({ rendererDir: fixture.renderer, runsDir: fixture.runs, log: quiet });
    const h = await connect(`ws://127.0.0.1:${s.port}/ws`);
    if (!h.open) throw new Error('refused');
    const code = new Promise<number>((resolve) => h.ws.once('close', (c) => resolve(c)));
    await s.close();
    expect(await code).toBe(1001);
    await expect(rawGet(s.port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('close() stops a running training first: clients hear run:finished (stopped), the record says stopped', async () => {
    const s = await startLabServer({ rendererDir: fixture.renderer, runsDir: fixture.runs, log: quiet });
    const h = await connect(`ws://127.0.0.1:${s.port}/ws`);
    if (!h.open) throw new Error('refused');
    const c = new TestClient(h.ws);
    const { run_id } = resultOf(await c.request('runs:start', { model: tinyModel, options: { epochs: 200, limit: 2000, backend: 'wasm' } })) as {
      run_id: string;
    };
    await c.waitForEvent((m) => m.event === 'run:epoch');
    await s.close();
    const finished = c.events.find((e) => e.event === 'run:finished');
    expect(finished?.payload).toMatchObject({ run_id, status: 'stopped' });
    const again = await startLabServer({ rendererDir: fixture.renderer, runsDir: fixture.runs, log: quiet });
    try {
      const h2 = await connect(`ws://127.0.0.1:${again.port}/ws`);
      if (!h2.open) throw new Error('refused');
      sockets.push(h2.ws);
      const rec = resultOf(await new TestClient(h2.ws).request('runs:load', { run_id })) as { status: { status: string } };
      expect(rec.status.status).toBe('stopped');
    } finally {
      await again.close();
    }
  });
});

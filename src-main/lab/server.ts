/**
 * Lab-server mode: the built renderer over HTTP plus the typed IPC contract over a
 * WebSocket at /ws, on the same services as the desktop app. It lets a browser
 * (a classroom machine, or Chromium in the e2e tests) use Gradient Lab without Electron.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { join, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { LARGE_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES } from '../../src-shared/ipc/schemas.js';
import { CLIENT_ID_PATTERN } from '../../src-shared/training/queue.js';
import { RUNS_DIR_ENV_VAR } from '../../src-shared/training/run-options.js';
import { createAppServices, type AppServices } from '../services/app-services.js';
import type { TrainerLauncher } from '../trainer/launcher.js';
import { findProjectRoot } from '../data/index.js';
import { broadcastLabEvents, serveLabConnection } from '../transport/lab-websocket.js';
import { extractMetaCsp, FALLBACK_CSP } from '../transport/csp.js';
import { checkToken, hostAllowed, originAllowed, tokenCookieName } from './auth.js';
import { LabConfigError, labUrl, resolveLabAccess, type LabAccessOptions } from './config.js';
import { serveStatic } from './static-files.js';

/** Options of `startLabServer`; everything is optional (loopback, free port, no token). */
export interface LabServerOptions extends LabAccessOptions {
  /** Runs folder; default `$GRADIENT_LAB_RUNS_DIR` or `runs` in the current directory. */
  runsDir?: string;
  /** Folder with the built renderer (index.html); default `<project>/out/renderer`. */
  rendererDir?: string;
  /** Dataset cache folder; null: the data module's default. */
  dataDir?: string | null;
  /** How training processes start; default: a Node child process. */
  launcher?: TrainerLauncher;
  /** Where warnings go; default stderr. */
  log?: (line: string) => void;
  /** Trainings at once; default cores − 1 (at least 1). */
  maxConcurrentRuns?: number;
  /** Active or queued runs one browser session may hold; default {@link DEFAULT_RUNS_PER_CLIENT}. */
  maxRunsPerClient?: number;
  /** A folder of model files served to every client as presets (`--models-dir`); re-read on each request. */
  modelsDir?: string;
}

/** Runs one lab client (a browser session) may have training or queued by default, so one student cannot starve a class. */
export const DEFAULT_RUNS_PER_CLIENT = 1;

/** A running lab server. */
export interface LabServer {
  /** The URL to open, token included when one is required, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  port: number;
  host: string;
  token: string | null;
  /** The services behind the WebSocket (tests emit events on `services.events`). */
  services: AppServices;
  /** Stops running trainings, closes every socket and the listener. */
  close(): Promise<void>;
}

/**
 * Largest WebSocket frame in bytes: the largest payload any channel accepts plus room for the
 * envelope; larger frames close the socket (1009). The largest is `runs:import`'s archive as
 * base64 (LARGE_PAYLOAD_BYTES, ~86 MiB): with the plain limit a class's archive would close the
 * socket instead of being imported. Every other channel is still held to MAX_PAYLOAD_BYTES by
 * the payload check, which answers with an error rather than a closed socket.
 */
export const MAX_FRAME_BYTES = Math.max(MAX_PAYLOAD_BYTES, ...Object.values(LARGE_PAYLOAD_BYTES)) + 1024 * 1024;
/** Simultaneous WebSocket clients; more are refused with 503. */
export const MAX_CLIENTS = 64;

/** Folder of the built renderer in this checkout. */
export function defaultRendererDir(): string {
  return join(findProjectRoot(), 'out', 'renderer');
}

function securityHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // frame-ancestors cannot live in a meta tag, so framing is refused here instead.
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${message}\n`);
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

/**
 * The browser session a WebSocket belongs to: the `client` query parameter the lab
 * page keeps across reconnects, or (from an older page or a script) one id per
 * connection, which is stricter, never looser.
 */
export function clientIdOf(req: IncomingMessage): string {
  const id = splitUrl(req.url ?? '/').query.get('client');
  return id && CLIENT_ID_PATTERN.test(id) ? `lab-${id}` : `conn-${randomBytes(8).toString('hex')}`;
}

function splitUrl(raw: string): { path: string; query: URLSearchParams } {
  const q = raw.indexOf('?');
  return q < 0 ? { path: raw, query: new URLSearchParams() } : { path: raw.slice(0, q), query: new URLSearchParams(raw.slice(q + 1)) };
}

function readRenderer(dir: string): { root: string; csp: string | null } {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    throw new LabConfigError(
      `the built renderer is missing (${index} not found). Build it first: \`npx electron-vite build\` ` +
        '(`npm run lab` does this for you).',
    );
  }
  return { root, csp: extractMetaCsp(readFileSync(index, 'utf8')) };
}

/**
 * Starts the server. Example: `const lab = await startLabServer({ runsDir: tmp })`
 * → `lab.url === 'http://127.0.0.1:41234/'`; `await lab.close()` ends it.
 * Throws `LabConfigError` for refused options (non-loopback host without allowRemote, missing build).
 */
export async function startLabServer(opts: LabServerOptions = {}): Promise<LabServer> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const access = resolveLabAccess(opts);
  const renderer = readRenderer(opts.rendererDir ?? defaultRendererDir());
  if (!renderer.csp) log('[gradient-lab] warning: out/renderer/index.html has no CSP meta tag; sending a default policy');
  const csp = renderer.csp ?? FALLBACK_CSP;

  const services = createAppServices({
    shell: 'lab',
    runsDir: opts.runsDir ?? process.env[RUNS_DIR_ENV_VAR] ?? 'runs',
    dataDir: opts.dataDir ?? null,
    canChangeRunsDir: false,
    maxRunsPerClient: opts.maxRunsPerClient ?? DEFAULT_RUNS_PER_CLIENT,
    log,
    ...(opts.maxConcurrentRuns !== undefined ? { maxConcurrentRuns: opts.maxConcurrentRuns } : {}),
    ...(opts.launcher ? { launcher: opts.launcher } : {}),
    ...(opts.modelsDir ? { modelsDir: opts.modelsDir } : {}),
  });

  let port = access.port;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, clientTracking: true });
  const stopEvents = broadcastLabEvents(services.events, () => wss.clients);
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => serveLabConnection(ws, services.handlers, clientIdOf(req)));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res, csp);
    if (!hostAllowed(req, access, port)) return reply(res, 403, 'Host not allowed: open the lab server by the URL it printed');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return reply(res, 405, 'Method Not Allowed');
    }
    const { path, query } = splitUrl(req.url ?? '/');
    if (!path.startsWith('/')) return reply(res, 400, 'Bad Request');
    const auth = checkToken(req, query, access, port);
    if (!auth.ok) return reply(res, auth.status, auth.message);
    if (auth.source === 'query') {
      // The page's own asset requests carry no ?token=, so the first visit also gets a cookie.
      // The URL keeps its token: the renderer's lab client reads it from location.search.
      res.setHeader('Set-Cookie', `${tokenCookieName(port)}=${access.token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (path === '/ws') return reply(res, 426, 'Upgrade Required: /ws is the WebSocket endpoint');
    serveStatic(req, res, renderer.root, path);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const { path, query } = splitUrl(req.url ?? '/');
    if (path !== '/ws') return refuseUpgrade(socket, 404, 'no WebSocket here: connect to /ws');
    if (!hostAllowed(req, access, port)) return refuseUpgrade(socket, 403, 'Host not allowed');
    if (!originAllowed(req)) return refuseUpgrade(socket, 403, 'cross-origin WebSocket refused');
    const auth = checkToken(req, query, access, port);
    if (!auth.ok) return refuseUpgrade(socket, auth.status, auth.message);
    if (wss.clients.size >= MAX_CLIENTS) return refuseUpgrade(socket, 503, `too many clients (limit ${MAX_CLIENTS})`);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(access.port, access.host, () => {
        server.off('error', fail);
        ok();
      });
    });
  } catch (err) {
    stopEvents();
    await services.dispose();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new LabConfigError(`port: ${access.port} is already in use (omit --port to pick a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new LabConfigError(`host: ${access.host} is not an address of this machine`);
    throw err;
  }
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : access.port;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const listenerClosed = new Promise<void>((ok) => server.close(() => ok()));
      // Stop trainings first so clients still hear each run's `run:finished`.
      await services.dispose();
      stopEvents();
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      await new Promise((ok) => setTimeout(ok, 50));
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await listenerClosed;
    })());

  return { url: labUrl(access.host, port, access.token), port, host: access.host, token: access.token, services, close };
}

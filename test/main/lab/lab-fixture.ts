/** Helpers of the lab-server tests: a throwaway renderer folder, raw HTTP and WebSocket clients. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { LabServerMessage } from '../../../src-shared/ipc/contract.js';

/** The CSP the fixture's index.html declares. */
export const FIXTURE_CSP = "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; object-src 'none'";
/** Text of a file next to (outside) the renderer folder that no request may read. */
export const SECRET = 'TOP-SECRET-outside-the-renderer';

/** A temp folder with `renderer/` (index.html, assets, a dotfile, a symlink out) and `secret.txt` beside it. */
export function makeRendererFixture(): { root: string; renderer: string; runs: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'gl-lab-'));
  const renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(
    join(renderer, 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${FIXTURE_CSP}"><title>GL</title></head><body>lab</body></html>`,
  );
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1);\n');
  writeFileSync(join(renderer, 'assets', 'style.css'), 'body{}\n');
  writeFileSync(join(renderer, 'assets', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(renderer, 'assets', 'engine.wasm'), Buffer.from([0, 97, 115, 109]));
  writeFileSync(join(renderer, 'assets', 'blob.xyz'), 'bytes');
  writeFileSync(join(renderer, '.env'), SECRET);
  writeFileSync(join(root, 'secret.txt'), SECRET);
  symlinkSync(join(root, 'secret.txt'), join(renderer, 'link-out.txt'));
  const runs = join(root, 'runs');
  return { root, renderer, runs, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** An HTTP answer. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends a request with the path exactly as given (Node does not normalise it). */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Outcome of a WebSocket handshake: open (with the socket) or refused (with the HTTP status). */
export type Handshake = { open: true; ws: WebSocket } | { open: false; status: number };

/** Opens a WebSocket; resolves when open or refused. */
export function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => resolve({ open: true, ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ open: false, status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

/** A connected client that pairs answers with requests and records events. */
export class TestClient {
  private nextId = 1;
  readonly events: Extract<LabServerMessage, { event: string }>[] = [];
  readonly stray: LabServerMessage[] = [];
  private readonly waiting = new Map<number, (m: LabServerMessage) => void>();
  private readonly eventWaiters: { match: (e: { event: string; payload: unknown }) => boolean; resolve: (e: unknown) => void }[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as LabServerMessage;
      if ('event' in msg) {
        this.events.push(msg);
        for (const w of [...this.eventWaiters]) {
          if (w.match(msg)) {
            this.eventWaiters.splice(this.eventWaiters.indexOf(w), 1);
            w.resolve(msg);
          }
        }
        return;
      }
      const waiter = this.waiting.get(msg.id);
      if (waiter) {
        this.waiting.delete(msg.id);
        waiter(msg);
      } else this.stray.push(msg);
    });
  }

  /** Sends `{id, channel, payload}` and resolves with the answer. */
  request(channel: string, payload: unknown): Promise<LabServerMessage> {
    const id = this.nextId++;
    return this.sendRaw(JSON.stringify({ id, channel, payload }), id);
  }

  /** Sends a raw text frame; resolves with the answer carrying `id`. */
  sendRaw(text: string | Buffer, id: number): Promise<LabServerMessage> {
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(text);
    });
  }

  /** Resolves with the first event matching `match` (already received ones count). */
  waitForEvent(match: (e: { event: string; payload: unknown }) => boolean): Promise<{ event: string; payload: unknown }> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.eventWaiters.push({ match, resolve: resolve as (e: unknown) => void }));
  }
}

/**
 * The lab server's WebSocket adapter: the same contract as Electron IPC, framed as
 * JSON. A client sends `{id, channel, payload}` and gets `{id, ok, result|error}`;
 * service events arrive as `{event, payload}`. Anything malformed gets an error
 * answer; nothing a client sends can throw out of here.
 */
import type { EventEmitter } from 'node:events';
import { WebSocket, type RawData } from 'ws';
import { EVENT_CHANNELS, type EventChannel, type Handlers, type LabServerMessage } from '../../src-shared/ipc/contract.js';
import { dispatch } from '../services/dispatch.js';
import type { AppEvents } from '../services/app-services.js';

/** Id used in answers to messages whose own id could not be read (malformed JSON, not an object). */
export const UNKNOWN_ID = -1;

/** Requests one client may have in flight at once; more are answered with an error. */
export const MAX_IN_FLIGHT = 32;

/** Bytes waiting in a client's send buffer beyond which progress events are skipped for it (epochs never are). */
export const SLOW_CLIENT_BYTES = 4 * 1024 * 1024;

const MESSAGE_KEYS = new Set(['id', 'channel', 'payload']);

/** A parsed client request, or the error answer to send instead. */
export type ParsedClientMessage =
  | { ok: true; id: number; channel: unknown; payload: unknown }
  | { ok: false; answer: LabServerMessage };

function fail(id: number, message: string, field?: string): ParsedClientMessage {
  return { ok: false, answer: { id, ok: false, error: field ? { message, field } : { message } } };
}

/**
 * Reads one text frame. Example: `parseClientMessage('{"id":1,"channel":"app:info","payload":{}}')`
 * → `{ ok: true, id: 1, channel: 'app:info', payload: {} }`; `parseClientMessage('[1]')` → an error answer with id -1.
 */
export function parseClientMessage(text: string): ParsedClientMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return fail(UNKNOWN_ID, 'message: not valid JSON');
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
    return fail(UNKNOWN_ID, 'message: expected an object {id, channel, payload}');
  }
  const rec = msg as Record<string, unknown>;
  const id = rec['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    return fail(UNKNOWN_ID, `id: expected a whole number ≥ 0, received ${JSON.stringify(id) ?? 'nothing'}`, 'id');
  }
  const extra = Object.keys(rec).filter((k) => !MESSAGE_KEYS.has(k));
  if (extra.length) return fail(id, `message: unknown key(s) ${extra.join(', ')}`, 'message');
  return { ok: true, id, channel: rec['channel'], payload: rec['payload'] };
}

function send(ws: WebSocket, message: LabServerMessage): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/** Serves one authenticated connection: every text frame is a request answered through `dispatch`. */
export function serveLabConnection(ws: WebSocket, handlers: Handlers): void {
  let inFlight = 0;
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      send(ws, { id: UNKNOWN_ID, ok: false, error: { message: 'message: expected a JSON text frame, received binary' } });
      return;
    }
    const parsed = parseClientMessage(toText(data));
    if (!parsed.ok) {
      send(ws, parsed.answer);
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      send(ws, { id: parsed.id, ok: false, error: { message: `too many requests in flight (limit ${MAX_IN_FLIGHT}); wait for answers` } });
      return;
    }
    inFlight++;
    void dispatch(handlers, parsed.channel, parsed.payload, { transport: 'lab' })
      .then((r) => send(ws, r.ok ? { id: parsed.id, ok: true, result: r.result } : { id: parsed.id, ok: false, error: r.error }))
      .finally(() => inFlight--);
  });
  // A socket error (bad frame, reset) only ends this client; 'close' follows.
  ws.on('error', () => undefined);
}

/**
 * Pushes every service event to every connected client as `{event, payload}`.
 * Progress events are skipped for a client whose send buffer is backed up, so a
 * slow browser cannot make the server hoard memory. Returns the unsubscribe function.
 */
export function broadcastLabEvents(events: EventEmitter<AppEvents>, clients: () => Iterable<WebSocket>): () => void {
  const offs = EVENT_CHANNELS.map((event: EventChannel) => {
    const forward = (payload: unknown): void => {
      const frame = JSON.stringify({ event, payload } satisfies LabServerMessage);
      for (const ws of clients()) {
        if (ws.readyState !== WebSocket.OPEN) continue;
        if (event === 'run:progress' && ws.bufferedAmount > SLOW_CLIENT_BYTES) continue;
        ws.send(frame);
      }
    };
    (events as EventEmitter).on(event, forward);
    return () => (events as EventEmitter).off(event, forward);
  });
  return () => offs.forEach((off) => off());
}

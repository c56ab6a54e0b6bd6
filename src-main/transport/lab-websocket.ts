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

/**
 * Bytes waiting in a client's send buffer beyond which it counts as slow: progress
 * events are skipped for it (later ones supersede them) and its further requests are
 * not read until the buffer drains to half of this.
 */
export const SLOW_CLIENT_BYTES = 1 * 1024 * 1024;

/**
 * Most bytes one client's send buffer may hold. A frame that would go beyond it
 * (an answer, an epoch, a finished run — anything but droppable progress) ends the
 * connection instead: the client has stopped reading, and holding every frame for it
 * would let one tab grow the server without bound. Its page reconnects and re-reads
 * the run store. One frame is always allowed into an empty buffer, however large.
 */
export const CLIENT_BUFFER_LIMIT = 8 * 1024 * 1024;

/** How often a throttled client's buffer is checked, in ms. */
const DRAIN_POLL_MS = 50;

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

/**
 * Sends one frame within the client's buffer budget. `droppable` frames (progress)
 * are skipped for a slow client; any other frame that would overflow the budget
 * closes the connection (code 1008) and frees what it held. Returns whether it was sent.
 */
export function sendBounded(ws: WebSocket, frame: string, droppable: boolean): boolean {
  if (ws.readyState !== WebSocket.OPEN) return false;
  const buffered = ws.bufferedAmount;
  if (droppable && buffered > SLOW_CLIENT_BYTES) return false;
  if (buffered > 0 && buffered + Buffer.byteLength(frame) > CLIENT_BUFFER_LIMIT) {
    // close() would queue a close frame behind the backlog; terminate drops it now.
    ws.terminate();
    return false;
  }
  ws.send(frame);
  return true;
}

function send(ws: WebSocket, message: LabServerMessage): void {
  sendBounded(ws, JSON.stringify(message), false);
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/**
 * Serves one authenticated connection: every text frame is a request answered
 * through `dispatch`, on behalf of `client` (the browser session's id, for per-client
 * limits). A client whose send buffer backs up is not read until it drains.
 */
export function serveLabConnection(ws: WebSocket, handlers: Handlers, client: string): void {
  let inFlight = 0;
  let drainTimer: ReturnType<typeof setInterval> | null = null;
  const throttle = (): void => {
    if (drainTimer !== null || ws.bufferedAmount <= SLOW_CLIENT_BYTES) return;
    ws.pause();
    drainTimer = setInterval(() => {
      if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount <= SLOW_CLIENT_BYTES / 2) {
        clearInterval(drainTimer!);
        drainTimer = null;
        if (ws.readyState === WebSocket.OPEN) ws.resume();
      }
    }, DRAIN_POLL_MS);
  };
  ws.on('close', () => {
    if (drainTimer !== null) clearInterval(drainTimer);
    drainTimer = null;
  });
  ws.on('message', (data, isBinary) => {
    throttle();
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
    void dispatch(handlers, parsed.channel, parsed.payload, { transport: 'lab', client })
      .then((r) => send(ws, r.ok ? { id: parsed.id, ok: true, result: r.result } : { id: parsed.id, ok: false, error: r.error }))
      .finally(() => {
        inFlight--;
        throttle();
      });
  });
  // A socket error (bad frame, reset) only ends this client; 'close' follows.
  ws.on('error', () => undefined);
}

/**
 * Pushes every service event to every connected client as `{event, payload}`,
 * within each client's buffer budget ({@link sendBounded}): progress is skipped for a
 * slow client, and a client that stopped reading is disconnected rather than hoarded
 * for. Returns the unsubscribe function.
 */
export function broadcastLabEvents(events: EventEmitter<AppEvents>, clients: () => Iterable<WebSocket>): () => void {
  const offs = EVENT_CHANNELS.map((event: EventChannel) => {
    const forward = (payload: unknown): void => {
      const frame = JSON.stringify({ event, payload } satisfies LabServerMessage);
      // Progress and intra-epoch layer samples are superseded by the next ones: droppable for a slow client.
      for (const ws of clients()) sendBounded(ws, frame, event === 'run:progress' || event === 'run:layers');
    };
    (events as EventEmitter).on(event, forward);
    return () => (events as EventEmitter).off(event, forward);
  });
  return () => offs.forEach((off) => off());
}

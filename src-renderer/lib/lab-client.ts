/**
 * The lab-mode API: the contract's requests and events over one WebSocket to the
 * lab server, framed as LabClientMessage / LabServerMessage JSON. Each request gets
 * an id and a promise; the connection reconnects with backoff and reports its
 * state so the UI can say "disconnected" instead of silently hanging.
 */
import {
  EVENT_CHANNELS,
  type EventChannel,
  type EventChannels,
  type GradientLabApi,
  type IpcErrorPayload,
  type LabClientMessage,
  type LabServerMessage,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
} from '../../src-shared/ipc/contract.js';
import { isMainMessageCode } from '../../src-shared/i18n/main-messages.js';
import { ApiError } from './api-error.js';

/** What the client needs of a WebSocket: the browser's class satisfies it, and so does a test fake. */
export type WebSocketLike = Pick<WebSocket, 'readyState' | 'send' | 'close' | 'onopen' | 'onmessage' | 'onclose' | 'onerror'>;
/** A WebSocket class, e.g. `globalThis.WebSocket`. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Connection state: `retryAt` is a `now()` timestamp in ms; `attempt` counts tries since the last open connection (from 1). */
export type ConnectionState =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open' }
  | { kind: 'disconnected'; attempt: number; retryAt: number };

/** Options of the lab client. Timers and randomness are injectable for tests. */
export interface LabClientOptions {
  /** `ws://host/ws?token=…`. */
  url: string;
  WebSocket: WebSocketConstructor;
  /** First reconnect delay and the cap, in ms. Defaults 500 and 10,000. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
  /** In [0, 1); spreads reconnects so a classroom of browsers does not hit a restarted server at once. */
  random?: () => number;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: ApiError) => void;
}

const OPEN = 1;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Reads one server frame, or null when it is not a LabServerMessage. Example:
 * `'{"id":3,"ok":false,"error":{"message":"run_id: …","field":"run_id"}}'` → the error answer to request 3.
 * An error's message `code` and its `params` (strings and numbers) are kept when main sent them.
 */
export function parseServerMessage(text: string): LabServerMessage | null {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(msg)) return null;
  if (typeof msg.event === 'string') {
    const event = EVENT_CHANNELS.find((c) => c === msg.event);
    return event ? { event, payload: msg.payload } : null;
  }
  if (typeof msg.id !== 'number') return null;
  if (msg.ok === true) return { id: msg.id, ok: true, result: msg.result };
  if (msg.ok === false && isRecord(msg.error)) {
    const message = typeof msg.error.message === 'string' ? msg.error.message : 'request failed';
    const error: IpcErrorPayload = { message };
    if (typeof msg.error.field === 'string') error.field = msg.error.field;
    if (isMainMessageCode(msg.error.code)) {
      error.code = msg.error.code;
      if (isRecord(msg.error.params)) {
        error.params = Object.fromEntries(
          Object.entries(msg.error.params).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'),
        );
      }
    }
    return { id: msg.id, ok: false, error };
  }
  return null;
}

/** A GradientLabApi over the lab server's WebSocket. */
export class LabClient implements GradientLabApi {
  private ws: WebSocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Frames of requests made while connecting; sent once the socket opens. */
  private queue: string[] = [];
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private current: ConnectionState = { kind: 'connecting', attempt: 1 };
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly opts: LabClientOptions) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.connect();
  }

  /** The connection state now. */
  get state(): ConnectionState {
    return this.current;
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  invoke<C extends RequestChannel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> {
    // Queuing while the server is known to be away would leave the user staring at a dead button.
    if (this.closed || this.current.kind === 'disconnected') {
      return Promise.reject(new ApiError('not connected to the lab server', { code: 'disconnected' }));
    }
    const id = this.nextId++;
    const frame: LabClientMessage = { id, channel, payload: req };
    const text = JSON.stringify(frame);
    return new Promise<ResponseOf<C>>((resolve, reject) => {
      // The server validates requests and answers with the contract's response type; the wire itself is untyped.
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.current.kind === 'open' && this.ws) this.ws.send(text);
      else this.queue.push(text);
    });
  }

  on<E extends EventChannel>(channel: E, listener: (payload: EventChannels[E]) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    // Events are produced by the main side from the same contract types.
    const untyped = listener as (payload: unknown) => void;
    set.add(untyped);
    return () => {
      set.delete(untyped);
    };
  }

  /** Skips the backoff wait and connects now (the status bar's "retry now"). */
  reconnectNow(): void {
    if (this.closed || this.current.kind !== 'disconnected') return;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  /** Closes for good: pending requests are rejected and no reconnect follows. */
  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.failAll('the lab connection was closed');
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    for (const l of [...this.stateListeners]) l(state);
  }

  private connect(): void {
    this.setState({ kind: 'connecting', attempt: this.failures + 1 });
    let ws: WebSocketLike;
    try {
      ws = new this.opts.WebSocket(this.opts.url);
    } catch {
      this.disconnected();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.failures = 0;
      this.setState({ kind: 'open' });
      const frames = this.queue;
      this.queue = [];
      for (const f of frames) ws.send(f);
    };
    ws.onmessage = (ev) => {
      if (this.ws === ws && typeof ev.data === 'string') this.receive(ev.data);
    };
    // An error is always followed by close, which is where reconnecting happens.
    ws.onerror = null;
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.disconnected();
    };
  }

  private disconnected(): void {
    // Request ids belong to one connection: the server cannot answer them after a reconnect.
    this.failAll('the connection to the lab server was lost');
    if (this.closed) return;
    const initial = this.opts.initialDelayMs ?? 500;
    const max = this.opts.maxDelayMs ?? 10_000;
    const base = Math.min(max, initial * 2 ** this.failures);
    const delay = Math.round(base * (0.8 + 0.4 * this.random()));
    this.failures++;
    this.setState({ kind: 'disconnected', attempt: this.failures, retryAt: this.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private failAll(message: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.queue = [];
    for (const p of pending) p.reject(new ApiError(message, { code: 'disconnected' }));
  }

  private receive(text: string): void {
    const msg = parseServerMessage(text);
    if (!msg) return;
    if ('event' in msg) {
      const set = this.listeners.get(msg.event);
      if (!set) return;
      // Copied: a listener may unsubscribe itself while we iterate.
      for (const l of [...set]) {
        try {
          l(msg.payload);
        } catch (err) {
          console.error(`[gradient-lab] ${msg.event} listener failed:`, err);
        }
      }
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(ApiError.fromPayload(msg.error));
  }
}

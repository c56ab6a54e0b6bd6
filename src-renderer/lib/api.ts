/**
 * The renderer's single way to reach the main side. In the desktop app the preload
 * exposes `window.gradientLab`; in a browser served by `npm run lab` there is no
 * bridge, so the same contract is spoken over the lab WebSocket. Views never know
 * which one they got.
 */
import type { GradientLabApi } from '../../src-shared/ipc/contract.js';
import { toApiError } from './api-error.js';
import { LabClient, type ConnectionState } from './lab-client.js';

/** Which shell the renderer runs in. */
export type Shell = 'electron' | 'lab';

/** The transport's connection, for the status bar. Electron's IPC is always `open`. */
export interface Connection {
  readonly shell: Shell;
  state(): ConnectionState;
  /** Calls `listener` on each change; returns the unsubscribe function. */
  subscribe(listener: (state: ConnectionState) => void): () => void;
  reconnectNow(): void;
}

interface Transport {
  api: GradientLabApi;
  connection: Connection;
}

let transport: Transport | null = null;

/**
 * The lab WebSocket URL for a page location. Example: `http://10.0.0.5:8080/?token=ab12` →
 * `ws://10.0.0.5:8080/ws?token=ab12`; https pages get `wss:`.
 */
export function labSocketUrl(loc: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(loc.search).get('token');
  return `${scheme}://${loc.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** Wraps the preload bridge so its rejections become ApiErrors like the lab client's. */
export function fromBridge(bridge: GradientLabApi): GradientLabApi {
  return {
    invoke(channel, req) {
      return bridge.invoke(channel, req).catch((err: unknown) => {
        throw toApiError(err);
      });
    },
    on(channel, listener) {
      return bridge.on(channel, listener);
    },
  };
}

function createTransport(): Transport {
  const bridge = window.gradientLab;
  if (bridge) {
    const open: ConnectionState = { kind: 'open' };
    return {
      api: fromBridge(bridge),
      connection: { shell: 'electron', state: () => open, subscribe: () => () => {}, reconnectNow: () => {} },
    };
  }
  const client = new LabClient({ url: labSocketUrl(window.location), WebSocket: window.WebSocket });
  return {
    api: client,
    connection: {
      shell: 'lab',
      state: () => client.state,
      subscribe: (listener) => client.onState(listener),
      reconnectNow: () => client.reconnectNow(),
    },
  };
}

/** The API, created on first use: the Electron bridge when present, else the lab WebSocket client. */
export function getApi(): GradientLabApi {
  transport ??= createTransport();
  return transport.api;
}

/** The connection behind `getApi()`. */
export function getConnection(): Connection {
  transport ??= createTransport();
  return transport.connection;
}

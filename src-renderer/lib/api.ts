/**
 * The renderer's single way to reach the main side. In the desktop app the preload
 * exposes `window.gradientLab`; in a browser served by `npm run lab` there is no
 * bridge, so the same contract is spoken over the lab WebSocket. Views never know
 * which one they got.
 */
import type { GradientLabApi } from '../../src-shared/ipc/contract.js';
import { CLIENT_ID_PATTERN } from '../../src-shared/training/queue.js';
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
 * sessionStorage key of this browser session's lab client id. The lab server counts
 * runs per client (`--max-runs-per-client`), so the id must survive reconnects and
 * reloads of this tab, but a new tab or window is a new client.
 */
export const CLIENT_ID_STORAGE_KEY = 'gradient-lab.client-id';

/** The id used when sessionStorage is blocked: stable for this page's life at least. */
let memoryClientId: string | null = null;

/** A fresh url-safe id matching CLIENT_ID_PATTERN, e.g. `'3f2b8c1e-…'` (a UUID) or 22 base64url characters. */
export function newClientId(crypto: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = globalThis.crypto): string {
  // randomUUID exists only in secure contexts (https, localhost); a LAN lab page over http lacks it.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * This browser session's lab client id: the one kept in `storage` (sessionStorage)
 * under CLIENT_ID_STORAGE_KEY, else a new one stored there. Where storage is blocked
 * the id lives in memory, so a reload then counts as a new client.
 */
export function labClientId(storage: Pick<Storage, 'getItem' | 'setItem'> | null = sessionStorageOrNull()): string {
  try {
    const kept = storage?.getItem(CLIENT_ID_STORAGE_KEY);
    if (kept && CLIENT_ID_PATTERN.test(kept)) return kept;
  } catch {
    // Blocked storage throws on access; fall through to the in-memory id.
  }
  const id = memoryClientId ?? newClientId();
  try {
    storage?.setItem(CLIENT_ID_STORAGE_KEY, id);
  } catch {
    // As above: the id lasts for this page only.
  }
  memoryClientId = id;
  return id;
}

function sessionStorageOrNull(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    // Reading the property itself throws where the browser blocks storage for this site.
    return null;
  }
}

/**
 * The lab WebSocket URL for a page location and this session's client id. Example:
 * `http://10.0.0.5:8080/?token=ab12` with client `k3J9…` → `ws://10.0.0.5:8080/ws?token=ab12&client=k3J9…`;
 * https pages get `wss:`.
 */
export function labSocketUrl(loc: Pick<Location, 'protocol' | 'host' | 'search'>, clientId: string = labClientId()): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(loc.search).get('token');
  const query = [...(token ? [`token=${encodeURIComponent(token)}`] : []), `client=${encodeURIComponent(clientId)}`];
  return `${scheme}://${loc.host}/ws?${query.join('&')}`;
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

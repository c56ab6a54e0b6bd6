/**
 * The API the preload exposes, built from an ipcRenderer-like object so it can be
 * tested in Node. Only the contract's channels pass; the renderer never gets
 * ipcRenderer itself, nor the IPC event object (whose `sender` is ipcRenderer).
 */
import {
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
  type EventChannel,
  type GradientLabApi,
  type IpcErrorPayload,
} from '../../src-shared/ipc/contract.js';
import { isMainMessageCode, type MainMessageParams } from '../../src-shared/i18n/main-messages.js';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const requestSet = new Set<string>(REQUEST_CHANNELS);
const eventSet = new Set<string>(EVENT_CHANNELS);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/**
 * Unwraps main's `{ ok, result }` / `{ ok: false, error }` answer. Errors are
 * rejected as plain `{ message, field }` objects because contextBridge copies only
 * an Error's message, and the renderer needs `field` to highlight the input.
 */
function unwrap(answer: unknown): unknown {
  if (isRecord(answer) && answer['ok'] === true) return answer['result'];
  if (isRecord(answer) && answer['ok'] === false && isRecord(answer['error'])) {
    const e = answer['error'];
    const out: IpcErrorPayload = { message: typeof e['message'] === 'string' ? e['message'] : 'request failed' };
    if (typeof e['field'] === 'string') out.field = e['field'];
    if (isMainMessageCode(e['code'])) {
      out.code = e['code'];
      if (isRecord(e['params'])) out.params = e['params'] as MainMessageParams;
    }
    throw out;
  }
  throw { message: 'malformed answer from the main process' } satisfies IpcErrorPayload;
}

/** Builds the `window.gradientLab` object. Example: `api.invoke('app:info', {})` → `Promise<AppInfo>`. */
export function createBridgeApi(ipc: IpcRendererLike): GradientLabApi {
  return {
    invoke(channel, req) {
      if (typeof channel !== 'string' || !requestSet.has(channel)) {
        return Promise.reject({ message: `channel: unknown channel, received ${JSON.stringify(channel)}`, field: 'channel' } satisfies IpcErrorPayload);
      }
      // Main validates every payload against the contract; the cast only restates that.
      return ipc.invoke(channel, req).then(unwrap) as never;
    },
    on(channel, listener) {
      if (typeof channel !== 'string' || !eventSet.has(channel)) throw new Error(`channel: unknown event channel ${JSON.stringify(channel)}`);
      if (typeof listener !== 'function') throw new Error('listener: expected a function');
      const wrapped = (_event: unknown, payload: unknown): void => (listener as (p: unknown) => void)(payload);
      ipc.on(channel as EventChannel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
  };
}

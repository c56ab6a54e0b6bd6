/**
 * Electron IPC adapter: one `ipcMain.handle` per contract channel, each call
 * checked for its sender before it reaches `dispatch`. Written against small
 * structural interfaces instead of Electron's types so it runs (and is tested)
 * in plain Node with fakes; the real `ipcMain` satisfies them.
 */
import type { EventEmitter } from 'node:events';
import { EVENT_CHANNELS, REQUEST_CHANNELS, type Handlers } from '../../src-shared/ipc/contract.js';
import { LOCAL_CLIENT } from '../../src-shared/training/queue.js';
import { dispatch, type DispatchResult } from '../services/dispatch.js';
import type { AppEvents } from '../services/app-services.js';

/** The part of Electron's WebFrameMain the trust check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/** The part of Electron's IpcMainInvokeEvent the adapter reads. `senderFrame` is null once the frame is gone. */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

/** The part of Electron's ipcMain the adapter uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Decides whether an IPC call comes from one of the app's own pages. */
export type SenderCheck = (event: InvokeEventLike) => boolean;

/** Answer given to a call from a frame that is not the app's own. */
export const UNTRUSTED_SENDER: DispatchResult = {
  ok: false,
  error: { message: 'refused: this IPC call did not come from the Gradient Lab window' },
};

function withoutHashAndQuery(raw: string): string | null {
  try {
    const u = new URL(raw);
    u.hash = '';
    u.search = '';
    return u.href;
  } catch {
    return null;
  }
}

/**
 * Matches the app's own page URLs: the renderer file (`fileUrl`, e.g.
 * `file:///…/out/renderer/index.html`, any hash or query) or, in development, any
 * page of the dev server's origin (`devUrl`, e.g. `http://localhost:5173/`).
 */
export function appUrlMatcher(allowed: { fileUrl: string; devUrl?: string | null }): (url: string) => boolean {
  const file = withoutHashAndQuery(allowed.fileUrl);
  let devOrigin: string | null = null;
  if (allowed.devUrl) {
    const u = new URL(allowed.devUrl);
    if (u.protocol === 'http:' || u.protocol === 'https:') devOrigin = u.origin;
  }
  return (url) => {
    const href = withoutHashAndQuery(url);
    if (href === null) return false;
    if (file !== null && href === file) return true;
    return devOrigin !== null && new URL(href).origin === devOrigin;
  };
}

/**
 * Trust check for IPC calls: the sender must be a top frame showing one of the
 * app's pages ({@link appUrlMatcher}). A subframe (an iframe of any origin) or a
 * destroyed frame is never trusted.
 */
export function trustedRendererFrame(allowed: { fileUrl: string; devUrl?: string | null }): SenderCheck {
  const isAppUrl = appUrlMatcher(allowed);
  return (event) => {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && isAppUrl(frame.url);
  };
}

/**
 * Registers a handler for every `REQUEST_CHANNELS` entry. A call answers
 * `{ ok: true, result }` or `{ ok: false, error }` (the preload unwraps it);
 * calls from untrusted frames are refused without reaching the services.
 * Returns a function that removes the handlers again.
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  isTrustedSender: SenderCheck,
  log: (line: string) => void = (line) => console.warn(line),
): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, async (event, payload): Promise<DispatchResult> => {
      if (!isTrustedSender(event)) {
        log(`[gradient-lab] refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        return UNTRUSTED_SENDER;
      }
      return dispatch(handlers, channel, payload, { transport: 'ipc', client: LOCAL_CLIENT });
    });
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** The part of Electron's WebContents the broadcaster uses. */
export interface EventTargetLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/**
 * Forwards every service event (`run:epoch`, …) to the app's windows, sent on the
 * event's own channel name. `targets` is asked at each event, so windows opened
 * later receive events too. Returns the unsubscribe function.
 */
export function broadcastEvents(events: EventEmitter<AppEvents>, targets: () => Iterable<EventTargetLike>): () => void {
  const offs = EVENT_CHANNELS.map((channel) => {
    const forward = (payload: unknown): void => {
      for (const t of targets()) {
        if (!t.isDestroyed()) t.send(channel, payload);
      }
    };
    (events as EventEmitter).on(channel, forward);
    return () => (events as EventEmitter).off(channel, forward);
  });
  return () => offs.forEach((off) => off());
}

/** Fakes of Electron's ipcMain / ipcRenderer for the transport tests (Electron is faked only here and in test/main/app/fixtures). */
import type { FrameLike, InvokeEventLike, IpcMainLike } from '../../../src-main/transport/electron-ipc.js';
import type { IpcRendererLike } from '../../../src-main/preload/bridge.js';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

/** Records `handle` registrations and lets a test invoke them as a given frame. */
export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** Like ipcRenderer.invoke from `frame`; rejects like Electron when no handler exists. */
  async invoke(frame: FrameLike | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h({ senderFrame: frame }, ...args);
  }
}

/** A top frame at `url`. */
export function topFrame(url: string): FrameLike {
  return { url, parent: null };
}

/** An iframe at `url` inside a top frame at `parentUrl`. */
export function subFrame(url: string, parentUrl: string): FrameLike {
  return { url, parent: topFrame(parentUrl) };
}

/** An ipcRenderer whose invoke goes to a FakeIpcMain as `frame`, with a local event emitter for `on`. */
export class FakeIpcRenderer implements IpcRendererLike {
  readonly listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  readonly invoked: string[] = [];

  constructor(
    private readonly main: FakeIpcMain,
    private readonly frame: FrameLike,
  ) {}

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push(channel);
    // Electron clones arguments with the structured clone algorithm.
    return this.main.invoke(this.frame, channel, ...args.map((a) => structuredClone(a)));
  }

  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return this;
  }

  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  /** Delivers a message as main's webContents.send would. */
  emit(channel: string, payload: unknown): void {
    const event = { sender: this, senderId: 0 };
    for (const l of this.listeners.get(channel) ?? []) l(event, payload);
  }
}

/**
 * The one path every request takes, whatever carried it (Electron IPC or the lab
 * WebSocket): check the payload against the contract's schema, run the handler,
 * and turn any failure into an error payload. A handler's exception never crashes
 * the app and never leaks a stack trace to a client.
 */
import { checkRequest } from '../../src-shared/ipc/schemas.js';
import type { Handlers, IpcErrorPayload, RequestContext } from '../../src-shared/ipc/contract.js';
import { mainMessage, type MainMessageCode, type MainMessageParams } from '../../src-shared/i18n/main-messages.js';

/** A request's outcome, ready to be framed by a transport. */
export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: IpcErrorPayload };

/** An error whose message is meant for the user (it names the field and the value). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    /** A translatable form of the message, for the renderer and the CLI. */
    readonly i18n?: { code: MainMessageCode; params?: MainMessageParams },
  ) {
    super(message);
  }

  /** A user error whose English text comes from the shared catalogue, e.g. `UserError.coded('queue.full', { limit: 200 })`. */
  static coded(code: MainMessageCode, params: MainMessageParams = {}, field?: string): UserError {
    return new UserError(mainMessage('en', code, params), field, { code, params });
  }

  /** The wire form. */
  toPayload(): IpcErrorPayload {
    return {
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.i18n ? { code: this.i18n.code, params: this.i18n.params ?? {} } : {}),
    };
  }
}

/** Validates and runs one request. */
export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown, ctx: RequestContext): Promise<DispatchResult> {
  const checked = checkRequest(channel, payload);
  if (!checked.ok) return checked;
  try {
    const handler = handlers[checked.channel] as (req: unknown, ctx: RequestContext) => Promise<unknown>;
    return { ok: true, result: await handler(checked.value, ctx) };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, error: err.toPayload() };
    // Unexpected: log it for the developer, give the user the message without internals.
    console.error(`[gradient-lab] ${checked.channel} failed:`, err);
    return { ok: false, error: { message: `${checked.channel} failed: ${err instanceof Error ? err.message : String(err)}` } };
  }
}

/**
 * The one error type the renderer sees from the API, whichever transport carried
 * the request, so a view can show `message` and highlight `field` without knowing
 * about WebSockets or Electron.
 */
import type { IpcErrorPayload } from '../../src-shared/ipc/contract.js';

/** Why a request failed: the server answered with an error, or there was no connection to answer it. */
export type ApiErrorCode = 'server' | 'disconnected';

/** A failed request. `field` names the payload field when the server knows it (e.g. `run_id`). */
export class ApiError extends Error {
  readonly field: string | undefined;
  readonly code: ApiErrorCode;

  constructor(message: string, options: { field?: string | undefined; code?: ApiErrorCode } = {}) {
    super(message);
    this.name = 'ApiError';
    this.field = options.field;
    this.code = options.code ?? 'server';
  }

  /** Builds the error from a server's `{ message, field }` answer. */
  static fromPayload(payload: IpcErrorPayload): ApiError {
    return new ApiError(payload.message, { field: payload.field });
  }
}

// Electron wraps a rejected ipcMain.handle as "Error invoking remote method 'x': Error: msg"; users should see only msg.
const ELECTRON_PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/;

/** Turns anything a transport threw into an ApiError, keeping `message` and `field` when present. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') {
    const field = 'field' in err && typeof err.field === 'string' ? err.field : undefined;
    return new ApiError(err.message.replace(ELECTRON_PREFIX, ''), { field });
  }
  return new ApiError(String(err));
}

/**
 * The one error type the renderer sees from the API, whichever transport carried
 * the request, so a view can show its text and highlight `field` without knowing
 * about WebSockets or Electron. Main's refusals may carry a message code, which is
 * shown in the user's language; `message` (English) is the fallback.
 */
import type { IpcErrorPayload } from '../../src-shared/ipc/contract.js';
import {
  isMainMessageCode,
  mainMessage,
  type MainLanguage,
  type MainMessageCode,
  type MainMessageParams,
} from '../../src-shared/i18n/main-messages.js';

/** Why a request failed: the server answered with an error, or there was no connection to answer it. */
export type ApiErrorCode = 'server' | 'disconnected';

/** A failed request. `field` names the payload field when the server knows it (e.g. `run_id`). */
export class ApiError extends Error {
  readonly field: string | undefined;
  readonly code: ApiErrorCode;
  /** Main's message code (src-shared/i18n/main-messages.ts), e.g. `queue.per_client`, when it sent one. */
  readonly messageCode: MainMessageCode | undefined;
  readonly params: MainMessageParams;

  constructor(
    message: string,
    options: { field?: string | undefined; code?: ApiErrorCode; messageCode?: MainMessageCode | undefined; params?: MainMessageParams | undefined } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.field = options.field;
    this.code = options.code ?? 'server';
    this.messageCode = options.messageCode;
    this.params = options.params ?? {};
  }

  /** Builds the error from a server's `{ message, field, code, params }` answer. */
  static fromPayload(payload: IpcErrorPayload): ApiError {
    return new ApiError(payload.message, { field: payload.field, messageCode: payload.code, params: payload.params });
  }

  /** The text in `lang`: main's coded message translated, else `message` as main wrote it. */
  text(lang: MainLanguage): string {
    return this.messageCode ? mainMessage(lang, this.messageCode, this.params) : this.message;
  }
}

function paramsOf(x: unknown): MainMessageParams | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return undefined;
  const out: MainMessageParams = {};
  for (const [k, v] of Object.entries(x)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

// Electron wraps a rejected ipcMain.handle as "Error invoking remote method 'x': Error: msg"; users should see only msg.
const ELECTRON_PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/;

/** Turns anything a transport threw into an ApiError, keeping `message` and `field` when present. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') {
    const field = 'field' in err && typeof err.field === 'string' ? err.field : undefined;
    // The preload bridge rejects with the IpcErrorPayload itself, code and params included.
    const messageCode = 'code' in err && isMainMessageCode(err.code) ? err.code : undefined;
    const params = messageCode && 'params' in err ? paramsOf(err.params) : undefined;
    return new ApiError(err.message.replace(ELECTRON_PREFIX, ''), { field, messageCode, params });
  }
  return new ApiError(String(err));
}

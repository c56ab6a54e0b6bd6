/**
 * Request checks shared by HTTP and the WebSocket upgrade: the Host header (DNS
 * rebinding), the Origin header (cross-site WebSocket hijacking) and the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostPort, type LabAccess } from './config.js';

/** Name of the cookie that carries the token after the first visit; per port, since cookies ignore ports. */
export function tokenCookieName(port: number): string {
  return `gradient_lab_token_${port}`;
}

/** Compares two tokens in constant time (hashing first makes the lengths equal). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Where a request's token came from; `query` means the browser should get the cookie. */
export type TokenSource = 'query' | 'cookie' | 'header';

/** Outcome of the token check. */
export type TokenCheck = { ok: true; source: TokenSource | null } | { ok: false; status: 401 | 403; message: string };

/**
 * Checks the token of a request: `?token=`, the cookie, or `Authorization: Bearer`.
 * No token → 401; a wrong one → 403. A server without a token accepts everything.
 */
export function checkToken(req: IncomingMessage, query: URLSearchParams, access: LabAccess, port: number): TokenCheck {
  if (access.token === null) return { ok: true, source: null };
  const auth = req.headers.authorization;
  const candidates: [TokenSource, string | null][] = [
    ['query', query.get('token')],
    ['cookie', cookie(req, tokenCookieName(port))],
    ['header', auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null],
  ];
  let sawToken = false;
  for (const [source, value] of candidates) {
    if (value === null) continue;
    sawToken = true;
    if (tokensEqual(value, access.token)) return { ok: true, source };
  }
  return sawToken
    ? { ok: false, status: 403, message: 'wrong token: open the URL printed by `npm run lab`' }
    : { ok: false, status: 401, message: 'this lab server needs a token: open the URL printed by `npm run lab` (…/?token=…)' };
}

/**
 * Host header check. On loopback only loopback names with the right port pass, so
 * a rebound DNS name (`evil.example` → 127.0.0.1) is refused. A network-reachable
 * server can be named many ways; there the token and the Origin check protect it.
 */
export function hostAllowed(req: IncomingMessage, access: LabAccess, port: number): boolean {
  const host = req.headers.host;
  if (!host) return false;
  if (!access.loopback) return true;
  const allowed = new Set([hostPort('127.0.0.1', port), `localhost:${port}`, hostPort('::1', port), hostPort(access.host, port)]);
  return allowed.has(host.toLowerCase());
}

/**
 * Origin check for the WebSocket upgrade: a browser page may connect only from the
 * origin the page was served from (same scheme, host and port as this request's
 * Host). Clients without an Origin header are not browsers and cannot be driven
 * by another site, so they pass (the token still applies).
 */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  if (!host) return false;
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' && u.host === new URL(`http://${host}`).host;
  } catch {
    return false;
  }
}


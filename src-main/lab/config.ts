/**
 * Who may reach the lab server. Loopback needs no token; any other address
 * (0.0.0.0, ::, a LAN IP, a host name) needs the explicit --allow-remote flag and
 * then always a token — the server trains models and writes files, so it must not
 * be open to a classroom network by accident.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

/** A lab-server option that cannot be honoured; the message says what to do instead. */
export class LabConfigError extends Error {}

/** Options the user chooses (flags of `npm run lab`). */
export interface LabAccessOptions {
  host?: string;
  port?: number;
  token?: string | null;
  allowRemote?: boolean;
}

/** The resolved binding: where to listen and which token (null: none needed). */
export interface LabAccess {
  host: string;
  port: number;
  token: string | null;
  loopback: boolean;
}

/** Default bind address: only this machine can connect. */
export const DEFAULT_HOST = '127.0.0.1';

const TOKEN_RE = /^[A-Za-z0-9._~-]{1,256}$/;
/** Shortest token accepted on a network-reachable server, in characters. */
export const MIN_REMOTE_TOKEN = 16;

/** True for 127.0.0.0/8, ::1 and `localhost`: addresses no other machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

/** A fresh random token: 32 bytes as 64 hex characters. */
export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Checks the options. Example: `resolveLabAccess({ host: '0.0.0.0' })` throws
 * (needs --allow-remote); `resolveLabAccess({ host: '0.0.0.0', allowRemote: true })`
 * → `{ host: '0.0.0.0', port: 0, token: '<64 hex>', loopback: false }`.
 */
export function resolveLabAccess(opts: LabAccessOptions): LabAccess {
  const host = (opts.host ?? DEFAULT_HOST).replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new LabConfigError('host: expected an address such as 127.0.0.1, received ""');
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new LabConfigError(`port: expected a whole number from 0 to 65535, received ${port}`);
  }
  if (opts.token !== undefined && opts.token !== null && !TOKEN_RE.test(opts.token)) {
    throw new LabConfigError('token: expected 1–256 characters from A–Z a–z 0–9 . _ ~ - (it travels in a URL)');
  }
  const loopback = isLoopbackHost(host);
  if (loopback) return { host, port, token: opts.token ?? null, loopback };
  if (!opts.allowRemote) {
    throw new LabConfigError(
      `host: ${host} is reachable from other machines; the lab server can train models and write files, ` +
        'so it only binds there with --allow-remote (it then requires a token). Omit --host to stay on 127.0.0.1.',
    );
  }
  if (opts.token && opts.token.length < MIN_REMOTE_TOKEN) {
    throw new LabConfigError(`token: at least ${MIN_REMOTE_TOKEN} characters are needed on a network-reachable server (omit --token to get a random one)`);
  }
  return { host, port, token: opts.token ?? generateToken(), loopback };
}

/** `host:port` as it appears in a URL (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** The URL to open, e.g. `http://127.0.0.1:8765/` or `http://0.0.0.0:8765/?token=ab12…`. */
export function labUrl(host: string, port: number, token: string | null): string {
  return `http://${hostPort(host, port)}/${token ? `?token=${token}` : ''}`;
}

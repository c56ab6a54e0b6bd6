/**
 * Serves the built renderer (out/renderer) read-only: known content types, no
 * directory listings, nothing outside the folder — not through `..`, encoded
 * slashes, backslashes, NUL bytes or symbolic links.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/** Content types by file extension; anything else is served as bytes. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Outcome of mapping a request path into the folder. */
export type StaticTarget = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * Maps a raw request path (as sent, percent-encoded, query removed) to a file under
 * `root`. Example: `resolveStaticPath('/srv/r', '/assets/a.js')` → `{ ok: true, file: '/srv/r/assets/a.js' }`;
 * `'/..%2fsecret'` → `{ ok: false, status: 403 }`; `'/'` → root's index.html.
 */
export function resolveStaticPath(root: string, rawPath: string): StaticTarget {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400 };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400 };
  const segments = decoded.split('/').filter((s) => s !== '');
  // Dot-segments and hidden files are refused outright rather than normalised away.
  if (segments.some((s) => s.startsWith('.'))) return { ok: false, status: 403 };
  const base = resolve(root);
  const file = segments.length === 0 ? join(base, 'index.html') : resolve(base, ...segments);
  if (!file.startsWith(base + sep)) return { ok: false, status: 403 };
  let real: string;
  let realBase: string;
  try {
    real = realpathSync(file);
    realBase = realpathSync(base);
  } catch {
    return { ok: false, status: 404 };
  }
  if (!real.startsWith(realBase + sep)) return { ok: false, status: 403 };
  try {
    if (!statSync(real).isFile()) return { ok: false, status: 404 }; // directories: no listing
  } catch {
    return { ok: false, status: 404 };
  }
  return { ok: true, file: real };
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' };

/** Answers a GET/HEAD for a static file; security headers are set by the caller. */
export function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, rawPath: string): void {
  const target = resolveStaticPath(root, rawPath);
  if (!target.ok) {
    res.writeHead(target.status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${target.status} ${REASONS[target.status]}\n`);
    return;
  }
  const size = statSync(target.file).size;
  const immutable = rawPath.startsWith('/assets/'); // Vite puts content hashes in these names
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(target.file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(target.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

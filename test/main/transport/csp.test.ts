import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractMetaCsp } from '../../../src-main/transport/csp.js';

describe('extractMetaCsp', () => {
  it.each<[string, string | null]>([
    [`<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`, "default-src 'self'"],
    [`<META HTTP-EQUIV='content-security-policy' CONTENT="script-src 'self'; object-src 'none'">`, "script-src 'self'; object-src 'none'"],
    [`<meta\n  http-equiv="Content-Security-Policy"\n  content="default-src 'self';\n    img-src data:"\n/>`, "default-src 'self'; img-src data:"],
    [`<meta content="a &amp; b" http-equiv="Content-Security-Policy">`, 'a & b'],
    [`<meta name="viewport" content="width=device-width"><meta charset="utf-8">`, null],
    [`<meta http-equiv="Content-Security-Policy" content="">`, null],
    ['', null],
  ])('%s → %s', (html, csp) => {
    expect(extractMetaCsp(html)).toBe(csp);
  });

  const built = fileURLToPath(new URL('../../../out/renderer/index.html', import.meta.url));
  it.skipIf(!existsSync(built))('the built renderer declares a CSP that allows only its own scripts', () => {
    const csp = extractMetaCsp(readFileSync(built, 'utf8'));
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval/);
  });
});

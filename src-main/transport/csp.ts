/**
 * The renderer's Content-Security-Policy, sent again as an HTTP header by the lab
 * server and by the Electron session. The policy is read from the built
 * index.html's meta tag, so the header and the meta tag cannot drift apart.
 */

/** Used only when the renderer's index.html carries no CSP meta tag (the lab server then warns). */
export const FALLBACK_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const META_RE = /<meta\b[^>]*>/gi;
const ATTR_RE = /([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * The CSP of `<meta http-equiv="Content-Security-Policy" content="…">`, or null.
 * Example: `extractMetaCsp('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">')` → `"default-src 'self'"`.
 */
export function extractMetaCsp(html: string): string | null {
  for (const tag of html.match(META_RE) ?? []) {
    const attrs = new Map<string, string>();
    for (const m of tag.matchAll(ATTR_RE)) attrs.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? ''));
    if (attrs.get('http-equiv')?.toLowerCase() === 'content-security-policy') {
      const content = attrs.get('content')?.trim();
      if (content) return content.replace(/\s+/g, ' ');
    }
  }
  return null;
}

/**
 * Second-layer defences of the app window, written against small structural
 * interfaces so they are tested in plain Node: the page may not navigate away,
 * open windows, attach webviews or get permissions, and every response carries
 * the renderer's CSP.
 */

/** Decides whether a URL is the app's own page. */
export type AppUrlCheck = (url: string) => boolean;

/** The part of Electron's WebContents the guards use. */
export interface GuardableContents {
  on(event: string, listener: (...args: any[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** The part of Electron's Session the guards use. */
export interface GuardableSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/**
 * Permissions granted anyway: writing text to the clipboard after a user gesture
 * ("copy the Keras script"). It reads nothing and reaches no device.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** True for `https:` URLs without credentials: the only links handed to the system browser. */
export function isExternalHttps(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password;
  } catch {
    return false;
  }
}

function urlOf(event: unknown, fallback: unknown): string {
  const fromEvent = (event as { url?: unknown } | null)?.url;
  if (typeof fromEvent === 'string') return fromEvent;
  return typeof fallback === 'string' ? fallback : '';
}

/**
 * Installs the navigation guards on a WebContents: navigation away from the app
 * is cancelled, window.open is always denied, and https links (either way) open
 * in the user's browser via `openExternal`. Webviews are never attached.
 */
export function guardWebContents(contents: GuardableContents, isAppUrl: AppUrlCheck, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event: { preventDefault(): void }, legacyUrl?: string) => {
    const url = urlOf(event, legacyUrl);
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isExternalHttps(url)) openExternal(url);
  });
  contents.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalHttps(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** Denies permission requests and checks (except {@link ALLOWED_PERMISSIONS}) and adds the CSP header to every response. */
export function guardSession(session: GuardableSession, csp: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(details.responseHeaders ?? {})) {
      if (k.toLowerCase() !== 'content-security-policy') headers[k] = v;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}

/** The window guards with fakes of WebContents and Session. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { guardSession, guardWebContents, isExternalHttps, type GuardableSession } from '../../../src-main/app/guards.js';
import { appUrlMatcher } from '../../../src-main/transport/electron-ipc.js';

const APP = 'file:///app/out/renderer/index.html';

class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }): void {
    this.openHandler = h;
  }
}

function setup() {
  const contents = new FakeContents();
  const opened: string[] = [];
  guardWebContents(contents, appUrlMatcher({ fileUrl: APP }), (u) => opened.push(u));
  const navigate = (url: string, legacy = false): boolean => {
    let prevented = false;
    const event = legacy ? { preventDefault: () => (prevented = true) } : { url, preventDefault: () => (prevented = true) };
    contents.emit('will-navigate', event, url);
    return prevented;
  };
  return { contents, opened, navigate };
}

describe('guardWebContents', () => {
  it.each<[string, string, boolean, string[]]>([
    ['the app page itself', APP, false, []],
    ['the app page with a hash route', `${APP}#/runs`, false, []],
    ['an https site (opened in the browser)', 'https://www.oreilly.com/', true, ['https://www.oreilly.com/']],
    ['an http site (not opened)', 'http://example.com/', true, []],
    ['another local file', 'file:///etc/passwd', true, []],
    ['a javascript: URL', 'javascript:alert(1)', true, []],
    ['https with credentials', 'https://user:pw@example.com/', true, []],
  ])('navigating to %s: prevented=%s', (_name, url, prevented, opened) => {
    const s = setup();
    expect(s.navigate(url)).toBe(prevented);
    expect(s.opened).toEqual(opened);
  });

  it('reads the URL from the legacy argument when the event has none', () => {
    const s = setup();
    expect(s.navigate('https://evil.example/', true)).toBe(true);
  });

  it.each<[string, string[]]>([
    ['https://keras.io/', ['https://keras.io/']],
    ['http://keras.io/', []],
    ['file:///etc/passwd', []],
    [APP, []],
    ['about:blank', []],
  ])('window.open(%s) is denied; opened externally: %j', (url, opened) => {
    const s = setup();
    expect(s.contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    expect(s.opened).toEqual(opened);
  });

  it('never attaches a webview', () => {
    const s = setup();
    let prevented = false;
    s.contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('guardSession', () => {
  function session() {
    const s = {
      request: null as null | ((c: unknown, p: string, cb: (g: boolean) => void) => void),
      check: null as null | ((c: unknown, p: string) => boolean),
      headers: null as null | Parameters<GuardableSession['webRequest']['onHeadersReceived']>[0],
      setPermissionRequestHandler(h: (c: unknown, p: string, cb: (g: boolean) => void) => void) {
        s.request = h;
      },
      setPermissionCheckHandler(h: (c: unknown, p: string) => boolean) {
        s.check = h;
      },
      webRequest: {
        onHeadersReceived(l: Parameters<GuardableSession['webRequest']['onHeadersReceived']>[0]) {
          s.headers = l;
        },
      },
    };
    guardSession(s, "default-src 'self'");
    return s;
  }

  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'camera', 'clipboard-read', 'fullscreen'])('denies %s', (permission) => {
    const s = session();
    let granted: boolean | null = null;
    s.request!(null, permission, (g) => (granted = g));
    expect(granted).toBe(false);
    expect(s.check!(null, permission)).toBe(false);
  });

  it('allows writing text to the clipboard (copy buttons)', () => {
    const s = session();
    let granted: boolean | null = null;
    s.request!(null, 'clipboard-sanitized-write', (g) => (granted = g));
    expect(granted).toBe(true);
  });

  it('replaces any CSP header with the renderer policy and keeps the other headers', () => {
    const s = session();
    let out: Record<string, string[]> | undefined;
    s.headers!({ responseHeaders: { 'content-security-policy': ['*'], 'Content-Type': ['text/html'] } }, (r) => (out = r.responseHeaders));
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] });
  });
});

describe('isExternalHttps', () => {
  it.each([
    ['https://a.example/x', true],
    ['HTTPS://A.EXAMPLE/', true],
    ['http://a.example/', false],
    ['file:///x', false],
    ['mailto:a@b.c', false],
    ['https://u:p@a.example/', false],
    ['nonsense', false],
  ])('%s → %s', (url, ok) => {
    expect(isExternalHttps(url)).toBe(ok);
  });
});

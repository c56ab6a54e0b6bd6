import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startLabServer, type LabServer } from '../../src-main/lab/server.js';

/** Debian's Chromium; never a downloaded browser (none can be downloaded here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go (looked at by people, kept by CI as artifacts). */
export const SHOTS = join(new URL('../..', import.meta.url).pathname, 'test-artifacts', 'e2e');

/** Launches headless Chromium with the flags that keep it off the (closed) network. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** What one E2E file shares: the lab server, the browser, and the contexts its tests opened. */
export interface LabFixture {
  readonly server: LabServer;
  readonly browser: Browser;
  /** Push every context a test opens: they are closed before the browser. */
  readonly contexts: BrowserContext[];
}

/**
 * Starts a lab server on `runsDir` and Chromium before the file's tests (beforeAll), and
 * after them closes the contexts, the browser and the server, then runs `cleanup` (afterAll).
 * Example: `const tmp = tempDir('gl-e2e-x-'); const e2e = labFixture(join(tmp.dir, 'runs'), () => tmp.cleanup());`.
 */
export function labFixture(runsDir: string, cleanup: () => void): LabFixture {
  let server: LabServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startLabServer({ runsDir, log: () => undefined });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    cleanup();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the E2E ${what} is not started (used outside a test?)`);
    return value;
  };
  return {
    get server() {
      return started(server, 'lab server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    contexts,
  };
}

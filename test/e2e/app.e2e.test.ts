/**
 * The real UI in Debian's Chromium against a real lab server: the same main-side
 * services as the desktop app, real training processes on the wasm backend, real
 * Fashion-MNIST. Screenshots land in test-artifacts/e2e/ (Korean and English).
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabServer, type LabServer } from '../../src-main/lab/server.js';
import { tempDir } from '../helpers/tmp.js';
import { launchChromium, SHOTS } from './browser.js';

let server: LabServer;
let browser: Browser;
const tmp = tempDir('gl-e2e-');
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startLabServer({ runsDir: tmp.dir, log: () => undefined });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  tmp.cleanup();
});

async function openApp(locale: 'ko-KR' | 'en-US', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const ctx = await browser.newContext({ locale, colorScheme, viewport: { width: 1280, height: 900 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { jsErrors?: string[] }).jsErrors = errors;
  await page.goto(server.url);
  await page.getByTestId('nav-training').waitFor();
  return page;
}

const byTest = (page: Page, id: string) => page.getByTestId(id);

async function startRun(page: Page, example: string, epochs: number, limit: number): Promise<void> {
  await page.getByTestId('nav-training').click();
  await byTest(page, 'example-picker').selectOption(example);
  await byTest(page, 'epochs-input').fill(String(epochs));
  await byTest(page, 'limit-input').fill(String(limit));
  await byTest(page, 'start-button').click();
}

async function waitStatus(page: Page, status: string, timeout = 180_000): Promise<void> {
  await page.locator(`[data-testid="run-status"][data-status="${status}"]`).waitFor({ timeout });
}

describe('Gradient Lab in Chromium (lab mode)', () => {
  it('follows the OS language (Korean), shows the active backend and why no GPU, and switches to English', async () => {
    const page = await openApp('ko-KR');
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await byTest(page, 'nav-training').innerText()).toContain('훈련');
    await page.locator('[data-testid="backend-status"][data-backend="wasm"]').waitFor({ timeout: 60_000 });
    expect(await byTest(page, 'gpu-note').innerText()).toMatch(/tfjs-node-gpu/);
    await page.screenshot({ path: join(SHOTS, 'ko-start.png'), fullPage: true });

    await byTest(page, 'language-en').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await byTest(page, 'nav-training').innerText()).toContain('Training');
    await page.screenshot({ path: join(SHOTS, 'en-start.png'), fullPage: true });
    expect((page as Page & { jsErrors?: string[] }).jsErrors).toEqual([]);
  });

  it('trains a short real run: progress with ETA arrives, epochs fill in, the run finishes with a test accuracy', async () => {
    const page = await openApp('en-US');
    await startRun(page, 'he-relu', 3, 3000);
    await page.locator('[data-testid="run-status"][data-status="running"]').waitFor({ timeout: 60_000 });
    await byTest(page, 'progress-bar').waitFor();
    // Progress arrives: the bar's value moves above 0 before the run ends.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress-bar"]')?.getAttribute('aria-valuenow')) > 0, null, { timeout: 60_000 });
    await byTest(page, 'eta').waitFor();
    await page.screenshot({ path: join(SHOTS, 'en-training.png'), fullPage: true });

    await waitStatus(page, 'completed');
    expect(await byTest(page, 'epoch-row').count()).toBe(3);
    const acc = Number((await byTest(page, 'test-accuracy').innerText()).match(/[\d.]+/)?.[0]);
    // he-relu (100 ReLU units, SGD 0.01) on 3,000 images for 3 epochs: ~75% here.
    expect(acc).toBeGreaterThan(50);
    expect(await byTest(page, 'diagnosis').getAttribute('data-findings')).toBe('healthy');
    await page.screenshot({ path: join(SHOTS, 'en-finished.png'), fullPage: true });

    const runs = await server.services.handlers['runs:list']({}, { transport: 'lab' });
    expect(runs.some((r) => r.status === 'completed')).toBe(true);
  });

  it('in Korean, the small-uniform sigmoid stack is diagnosed as vanishing gradients', async () => {
    const page = await openApp('ko-KR', 'dark');
    await startRun(page, 'sigmoid-small-uniform', 1, 1000);
    await waitStatus(page, 'completed');
    const diagnosis = byTest(page, 'diagnosis');
    expect(await diagnosis.getAttribute('data-findings')).toContain('vanishing');
    expect(await diagnosis.innerText()).toContain('그레이디언트 소실');
    await page.screenshot({ path: join(SHOTS, 'ko-vanishing-dark.png'), fullPage: true });
  });

  it('refuses a bad setting with a clear message and keeps what was typed', async () => {
    const page = await openApp('en-US');
    await page.getByTestId('nav-training').click();
    await byTest(page, 'epochs-input').fill('0');
    await byTest(page, 'start-button').click();
    const err = byTest(page, 'epochs-error');
    await err.waitFor();
    expect(await err.innerText()).toMatch(/epoch/i);
    expect(await byTest(page, 'epochs-input').inputValue()).toBe('0');
    expect(await byTest(page, 'run-status').getAttribute('data-status')).toBe('idle');
    await page.screenshot({ path: join(SHOTS, 'en-bad-input.png') });
  });

  it('stops a running run from the UI', async () => {
    const page = await openApp('en-US');
    await startRun(page, 'leaky-relu', 50, 3000);
    await page.locator('[data-testid="run-status"][data-status="running"]').waitFor({ timeout: 60_000 });
    await byTest(page, 'epoch-row').first().waitFor({ timeout: 120_000 });
    await byTest(page, 'stop-button').click();
    await waitStatus(page, 'stopped', 60_000);
    expect(await byTest(page, 'epoch-row').count()).toBeLessThan(50);
  });
});

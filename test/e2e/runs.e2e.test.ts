/**
 * The runs area in Debian's Chromium against a real lab server: a run trained from the
 * UI, "change one thing and compare" (the copy gets SELU + LeCun normal from the wizard,
 * is trained, and the comparison opens by itself), the diff naming exactly that change,
 * a run written by another process (the CLI) appearing without a reload, a damaged run
 * folder listed with its reason, tags saved, and the comparison in Korean. Screenshots
 * in test-artifacts/e2e/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { examplePath } from '../helpers/examples.js';
import { tempDir } from '../helpers/tmp.js';
import { labFixture, SHOTS } from './browser.js';

const tmp = tempDir('gl-e2e-runs-');
const runsDir = join(tmp.dir, 'runs');
const e2e = labFixture(runsDir, () => tmp.cleanup());
const { contexts } = e2e;

type PageWithErrors = Page & { jsErrors: string[] };

async function openApp(locale: 'ko-KR' | 'en-US'): Promise<PageWithErrors> {
  const ctx = await e2e.browser.newContext({ locale, viewport: { width: 1440, height: 1700 }, acceptDownloads: true });
  contexts.push(ctx);
  const page = (await ctx.newPage()) as PageWithErrors;
  page.jsErrors = [];
  page.on('pageerror', (e) => page.jsErrors.push(e.message));
  await page.goto(e2e.server.url);
  await page.getByTestId('nav-editor').click();
  await page.getByTestId('preset-open').first().waitFor();
  return page;
}

const byTest = (page: Page, id: string) => page.getByTestId(id);
const rowIds = (page: Page) => page.locator('[data-testid="runs-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id') ?? ''));

/** Trains the editor's model for 1 epoch on 1,000 images from the training screen; waits for the end unless told not to. */
async function trainFromUi(page: Page, wait = true): Promise<void> {
  await byTest(page, 'nav-training').click();
  await byTest(page, 'epochs-input').fill('1');
  await byTest(page, 'limit-input').fill('1000');
  await byTest(page, 'start-button').click();
  if (wait) await page.locator('[data-testid="run-status"][data-status="completed"]').waitFor({ timeout: 240_000 });
}

describe('runs view and comparison in Chromium', () => {
  it('trains A, changes one thing (SELU + LeCun) via A/B, and compares: the diff names the change (English)', async () => {
    const page = await openApp('en-US');
    await trainFromUi(page);
    await byTest(page, 'nav-runs').click();
    await expect.poll(async () => (await rowIds(page)).length, { timeout: 20_000 }).toBe(1);
    const [a] = await rowIds(page);

    // Open A, tag it, and start "change one thing and compare".
    await page.locator('[data-testid="runs-open"]').first().click();
    await byTest(page, 'run-detail').waitFor();
    await byTest(page, 'run-tags-input').fill('baseline leaky');
    await byTest(page, 'run-save').click();
    await expect.poll(() => page.locator('[role="status"]').filter({ hasText: 'Saved.' }).count()).toBe(1);
    await byTest(page, 'run-ab').click();
    await byTest(page, 'editor-view').waitFor();

    // The one thing: SELU with LeCun normal, through the wizard's Apply (inputs standardized with it).
    await byTest(page, 'nav-wizard').click();
    await byTest(page, 'wizard-yes').check();
    await byTest(page, 'wizard-apply-selu').click();
    await trainFromUi(page, false);

    // The comparison opens by itself once B has trained.
    await byTest(page, 'compare-view').waitFor({ timeout: 240_000 });
    const lines = await page.locator('[data-testid="compare-diff-line"]').allInnerTexts();
    // Exactly the change: the LeakyReLU layers became SELU activations, LeCun init on the dense layers, standardized inputs.
    expect(lines).toEqual([
      'preprocess: scale → standardize',
      'layers 1–3: kernel_initializer he_normal → lecun_normal',
      'layer 2 removed: leaky_relu(alpha=0.2)',
      'layer 2 inserted: activation(activation=selu)',
      'layer 4 removed: leaky_relu(alpha=0.2)',
      'layer 4 inserted: activation(activation=selu)',
    ]);
    expect(await page.locator('[data-testid^="compare-row-"]').count()).toBe(8);
    await page.screenshot({ path: join(SHOTS, 'en-runs-compare.png'), fullPage: true });

    // A run written by another process appears without a reload; a damaged folder is listed with its reason.
    await byTest(page, 'compare-back').click();
    const cli = runCli(['train', examplePath('default-dnn'), '--epochs', '1', '--limit', '200', '--runs-dir', runsDir, '--json']);
    expect(cli.code).toBe(0);
    const broken = join(runsDir, '20261130-235959-broken-run-0bad');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'status.json'), '{"status": "completed", "created_at": ');
    await expect.poll(async () => (await rowIds(page)).length, { timeout: 20_000 }).toBe(4);
    const damaged = page.locator('[data-testid="runs-row"][data-status="damaged"]');
    expect(await damaged.count()).toBe(1);
    expect(await damaged.getByTestId('runs-reason').innerText()).toMatch(/status\.json/);
    // Filter by the tag saved on A.
    await byTest(page, 'runs-filter-tag').selectOption('baseline');
    expect(await rowIds(page)).toEqual([a]);
    await byTest(page, 'runs-clear-filters').click();
    await page.screenshot({ path: join(SHOTS, 'en-runs-list.png'), fullPage: true });
    expect(page.jsErrors).toEqual([]);
  }, 600_000);

  it('compares the same two runs in Korean', async () => {
    const page = await openApp('ko-KR');
    await byTest(page, 'nav-runs').click();
    await expect.poll(async () => (await rowIds(page)).length, { timeout: 20_000 }).toBe(4);
    // The two runs trained from the UI: the LeakyReLU example and its SELU copy.
    const rows = page.locator('[data-testid="runs-row"]').filter({ hasText: 'LeakyReLU' });
    expect(await rows.count()).toBe(2);
    for (let i = 0; i < 2; i++) await rows.nth(i).getByTestId('runs-select').check();
    await byTest(page, 'runs-compare').click();
    await byTest(page, 'compare-view').waitFor();
    expect(await byTest(page, 'compare-view').innerText()).toContain('최고 검증 정확도');
    expect((await page.locator('[data-testid="compare-diff-line"]').allInnerTexts()).join('\n')).toMatch(/lecun_normal/);
    await page.screenshot({ path: join(SHOTS, 'ko-runs-compare.png'), fullPage: true });
    expect(page.jsErrors).toEqual([]);
  }, 300_000);
});

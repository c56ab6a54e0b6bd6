/**
 * The model editor in Debian's Chromium against a real lab server: build the
 * lecture notes' LeakyReLU net from an empty model by hand, check its summary,
 * export it to Keras and compare with the CLI's export of the same saved file,
 * train it; build the 100-layer SELU net with "repeat"; apply a lint fix and undo
 * it. Korean and English screenshots in test-artifacts/e2e/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { examplePath } from '../helpers/examples.js';
import { tempDir } from '../helpers/tmp.js';
import { labFixture, SHOTS } from './browser.js';

const tmp = tempDir('gl-e2e-editor-');
const e2e = labFixture(join(tmp.dir, 'runs'), () => tmp.cleanup());
const { contexts } = e2e;

async function openEditor(locale: 'ko-KR' | 'en-US', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const ctx = await e2e.browser.newContext({ locale, colorScheme, viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { jsErrors?: string[] }).jsErrors = errors;
  await page.goto(e2e.server.url);
  await page.getByTestId('nav-editor').click();
  // The first model (the LeakyReLU example) arrives once the connection is up.
  await page.getByTestId('preset-open').first().waitFor();
  return page;
}

const byTest = (page: Page, id: string) => page.getByTestId(id);
const field = (page: Page, path: string) => page.locator(`[data-path="${path}"]`).first();

/** Starts from "new empty model" (flatten + dense 10 softmax), confirming the discard if asked. */
async function newEmpty(page: Page): Promise<void> {
  await byTest(page, 'preset-new').click();
  if (await byTest(page, 'confirm-dialog').isVisible().catch(() => false)) await byTest(page, 'confirm-ok').click();
  await page.locator('[data-testid="row-handle"]').nth(1).waitFor();
}

/** Adds a layer of `kind` after the selected one (the new one becomes the selection). */
async function addAfterSelection(page: Page, kind: string): Promise<void> {
  await byTest(page, 'add-kind').selectOption(kind);
  await byTest(page, 'add-layer').click();
}

async function setText(page: Page, path: string, value: string): Promise<void> {
  await field(page, path).fill(value);
  await field(page, path).press('Tab');
}

describe('model editor in Chromium', () => {
  it('builds the LeakyReLU 300-100 net from an empty model, matches the CLI export, and trains it', async () => {
    const page = await openEditor('en-US');
    await newEmpty(page);
    await byTest(page, 'row-handle').nth(0).click(); // flatten

    await addAfterSelection(page, 'dense');
    await setText(page, 'layers[1].units', '300');
    await field(page, 'layers[1].activation').selectOption('linear');
    await addAfterSelection(page, 'leaky_relu');
    await setText(page, 'layers[2].alpha', '0.2');
    await addAfterSelection(page, 'dense');
    await field(page, 'layers[3].activation').selectOption('linear');
    await addAfterSelection(page, 'leaky_relu');
    await setText(page, 'layers[4].alpha', '0.2');
    await setText(page, 'name', 'LeakyReLU MLP (built by hand)');

    // Keras' model.summary() total for 784-300-100-10: 235,500 + 30,100 + 1,010.
    await expect.poll(() => byTest(page, 'total-params').innerText()).toBe('266,610');
    expect(await byTest(page, 'non-trainable-params').innerText()).toBe('0');
    // he_normal before leaky ReLU, Glorot before softmax: nothing to lint.
    await byTest(page, 'lint-ok').waitFor();
    await byTest(page, 'file-modified').waitFor();

    // The Keras code shown is the CLI's export of the same document, saved through the UI.
    // The code follows the edits after a short debounce: wait for this model's name, not the preset's.
    await expect.poll(async () => byTest(page, 'keras-code').innerText(), { timeout: 15_000 }).toContain('LeakyReLU MLP (built by hand)');
    const shown = await byTest(page, 'keras-code').innerText();
    const [download] = await Promise.all([page.waitForEvent('download'), byTest(page, 'file-save').click()]);
    const saved = join(tmp.dir, 'built.json');
    await download.saveAs(saved);
    const doc = JSON.parse(readFileSync(saved, 'utf8'));
    expect(doc.layers.map((l: { kind: string }) => l.kind)).toEqual(['flatten', 'dense', 'leaky_relu', 'dense', 'leaky_relu', 'dense']);
    const cli = runCli(['export-keras', saved]);
    expect(cli.code).toBe(0);
    expect(shown.trim()).toBe(cli.stdout.trim());
    expect(JSON.parse(runCli(['summary', saved, '--json']).stdout.trim()).total_params).toBe(266610);
    await expect.poll(() => byTest(page, 'file-modified').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'en-editor-leaky-relu.png'), fullPage: true });

    // The training screen trains exactly this model.
    await page.getByTestId('nav-training').click();
    await byTest(page, 'epochs-input').fill('1');
    await byTest(page, 'limit-input').fill('1000');
    await byTest(page, 'start-button').click();
    await page.locator('[data-testid="run-status"][data-status="completed"]').waitFor({ timeout: 180_000 });
    const runs = await e2e.server.services.handlers['runs:list']({}, { transport: 'lab', client: 'e2e-observer' });
    expect(runs.some((r) => r.name === 'LeakyReLU MLP (built by hand)' && r.status === 'completed')).toBe(true);
    expect((page as Page & { jsErrors?: string[] }).jsErrors).toEqual([]);
  }, 300_000);

  it('builds the 100-layer SELU net with "repeat" in Korean: one collapsed row, the example\'s parameter count, no findings', async () => {
    const page = await openEditor('ko-KR', 'dark');
    await newEmpty(page);
    await field(page, 'preprocess').selectOption('standardize');
    await byTest(page, 'row-handle').nth(0).click();
    await addAfterSelection(page, 'dense');
    await setText(page, 'layers[1].units', '300');
    await field(page, 'layers[1].activation').selectOption('selu');
    await field(page, 'layers[1].kernel_initializer').selectOption('lecun_normal');
    await addAfterSelection(page, 'dense');
    await field(page, 'layers[2].activation').selectOption('selu');
    await field(page, 'layers[2].kernel_initializer').selectOption('lecun_normal');
    // 1 + 98 copies: the 99 hidden layers of 100 units.
    await byTest(page, 'repeat-times').fill('98');
    await byTest(page, 'repeat-layers').click();

    const expected = JSON.parse(runCli(['summary', examplePath('selu-100'), '--json']).stdout.trim()).total_params as number;
    await expect.poll(() => byTest(page, 'total-params').innerText()).toBe(expected.toLocaleString('en-US'));
    expect(await byTest(page, 'run-label').first().innerText()).toMatch(/× 99/);
    await byTest(page, 'lint-ok').waitFor();
    await page.screenshot({ path: join(SHOTS, 'ko-editor-selu-100-dark.png'), fullPage: true });
    expect((page as Page & { jsErrors?: string[] }).jsErrors).toEqual([]);
  }, 120_000);

  it('applies a lint fix in one click and undoes it (sigmoid stack → ELU + He)', async () => {
    const page = await openEditor('en-US');
    await page.locator('[data-testid="preset"][data-id="sigmoid-small-uniform"] [data-testid="preset-open"]').click();
    if (await byTest(page, 'confirm-dialog').isVisible().catch(() => false)) await byTest(page, 'confirm-ok').click();
    const finding = page.locator('[data-testid="lint-finding"][data-code="deep-sigmoid-vanishing"]');
    await finding.waitFor();
    await page.screenshot({ path: join(SHOTS, 'en-editor-lint.png'), fullPage: true });
    await finding.getByTestId('lint-fix').click();
    await expect.poll(() => finding.count()).toBe(0);
    expect(await field(page, 'layers[1].activation').inputValue()).toBe('elu');
    await byTest(page, 'lint-undo').click();
    await finding.waitFor();
    expect(await field(page, 'layers[1].activation').inputValue()).toBe('sigmoid');
  }, 120_000);

  it('explorers: sigmoid saturation and ReLU\'s dead region; he_normal weights drawn by the engine match sqrt(2/fan_in)', async () => {
    for (const [locale, scheme] of [['en-US', 'light'], ['ko-KR', 'dark']] as const) {
      const page = await openEditor(locale, scheme);
      await page.getByTestId('nav-explorers').click();
      await byTest(page, 'activation-select').selectOption('sigmoid');
      await byTest(page, 'activation-saturated').waitFor();
      await byTest(page, 'init-select').selectOption('he_normal');
      await byTest(page, 'init-fan-in').fill('784');
      await byTest(page, 'init-fan-out').fill('300');
      await expect.poll(async () => Number(await byTest(page, 'init-measured-std').innerText().catch(() => 'NaN')), { timeout: 60_000 }).toBeGreaterThan(0);
      const measured = Number(await byTest(page, 'init-measured-std').innerText());
      // The engine's Keras-exact truncated normal: std √(2/784) ≈ 0.0505, within 2%.
      expect(Math.abs(measured / Math.sqrt(2 / 784) - 1)).toBeLessThan(0.02);
      await page.screenshot({ path: join(SHOTS, `${locale.slice(0, 2)}-explorers-${scheme}.png`), fullPage: true });
      await byTest(page, 'activation-select').selectOption('relu');
      await byTest(page, 'activation-dead').waitFor();
      expect((page as Page & { jsErrors?: string[] }).jsErrors).toEqual([]);
    }
  }, 180_000);
});

/**
 * The editor's chapter-11 sections in Debian's Chromium against a real lab server: build a
 * model with Nadam + clipnorm, an exponential schedule, early stopping and an ℓ2-regularized
 * dense layer by hand, save it, and check the saved document and its Keras export (the code
 * shown is the CLI's export of the saved file). Screenshots of the optimizer section (the
 * comparison table and the schedule preview) in English and Korean.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { labFixture, SHOTS } from './browser.js';

const tmp = tempDir('gl-e2e-editor-ch11-');
const e2e = labFixture(join(tmp.dir, 'runs'), () => tmp.cleanup());
const { contexts } = e2e;

type PageWithErrors = Page & { jsErrors?: string[] };

async function openEditor(locale: 'ko-KR' | 'en-US', colorScheme: 'light' | 'dark' = 'light'): Promise<PageWithErrors> {
  const ctx = await e2e.browser.newContext({ locale, colorScheme, viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  contexts.push(ctx);
  const page: PageWithErrors = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.jsErrors = errors;
  await page.goto(e2e.server.url);
  await page.getByTestId('nav-editor').click();
  await page.getByTestId('preset-open').first().waitFor();
  await page.getByTestId('preset-new').click();
  if (await page.getByTestId('confirm-dialog').isVisible().catch(() => false)) await page.getByTestId('confirm-ok').click();
  await page.locator('[data-testid="row-handle"]').nth(1).waitFor();
  return page;
}

const byTest = (page: Page, id: string) => page.getByTestId(id);
const field = (page: Page, path: string) => page.locator(`[data-path="${path}"]`).first();

async function setText(page: Page, path: string, value: string): Promise<void> {
  await field(page, path).fill(value);
  await field(page, path).press('Tab');
}

/** Flatten → Dense(300, relu, he_normal, l2(0.01)) → Dense(10, softmax); Nadam + clipnorm 1, exponential schedule, early stopping. */
async function buildModel(page: Page): Promise<void> {
  await byTest(page, 'row-handle').nth(0).click();
  await byTest(page, 'add-kind').selectOption('dense');
  await byTest(page, 'add-layer').click();
  await setText(page, 'layers[1].units', '300');
  await setText(page, 'layers[1].kernel_regularizer.l2', '0.01');
  await setText(page, 'name', 'Nadam + clipnorm + exponential');
  await byTest(page, 'model-optimizer').selectOption('nadam');
  await setText(page, 'training.optimizer.clipnorm', '1');
  await byTest(page, 'schedule-name').selectOption('exponential');
  await byTest(page, 'early-enable').check();
  await setText(page, 'training.early_stopping.patience', '5');
}

describe('chapter-11 editor sections in Chromium', () => {
  it('builds Nadam + clipnorm + exponential + early stopping + an ℓ2 layer; the saved document and its Keras export say so', async () => {
    const page = await openEditor('en-US');
    await buildModel(page);
    await expect.poll(() => byTest(page, 'problems-banner').count()).toBe(0);
    // The table highlights the adaptive row with Nadam pressed; the preview ends 10 epochs at 0.001 · 0.1^(17,190 / 34,380).
    expect(await byTest(page, 'optimizer-row-adaptive').getAttribute('data-current')).toBe('true');
    expect(await byTest(page, 'optimizer-use-nadam').getAttribute('aria-pressed')).toBe('true');
    expect(Number(await byTest(page, 'schedule-preview-range').getAttribute('data-end'))).toBeCloseTo(0.001 * Math.sqrt(0.1), 9);
    // 784·300 + 300 + 300·10 + 10, all trainable.
    await expect.poll(() => byTest(page, 'total-params').innerText()).toBe('238,510');

    const [download] = await Promise.all([page.waitForEvent('download'), byTest(page, 'file-save').click()]);
    const saved = join(tmp.dir, 'nadam.json');
    await download.saveAs(saved);
    const doc = JSON.parse(readFileSync(saved, 'utf8'));
    expect(doc.version).toBe(2);
    expect(doc.layers).toEqual([
      { kind: 'flatten' },
      { kind: 'dense', units: 300, activation: 'relu', kernel_initializer: 'he_normal', kernel_regularizer: { l2: 0.01 } },
      { kind: 'dense', units: 10, activation: 'softmax' },
    ]);
    expect(doc.training).toEqual({
      optimizer: { name: 'nadam', learning_rate: 0.001, clipnorm: 1 },
      epochs: 10,
      batch_size: 32,
      seed: 42,
      lr_schedule: { name: 'exponential', decay_steps: 34380, decay_rate: 0.1 },
      early_stopping: { patience: 5 },
    });
    const cli = runCli(['export-keras', saved]);
    expect(cli.code).toBe(0);
    // The code shown follows the edits after a short debounce.
    await expect.poll(async () => (await byTest(page, 'keras-code').innerText()).trim(), { timeout: 15_000 }).toBe(cli.stdout.trim());
    const shown = await byTest(page, 'keras-code').innerText();
    for (const part of ['keras.optimizers.Nadam(', 'clipnorm=1', 'ExponentialDecay(', 'decay_steps=34380', 'EarlyStopping(', 'patience=5', 'restore_best_weights=True', 'keras.regularizers.l2(0.01)']) {
      expect(shown).toContain(part);
    }

    await byTest(page, 'optimizer-card').scrollIntoViewIfNeeded();
    await byTest(page, 'optimizer-card').screenshot({ path: join(SHOTS, 'en-editor-optimizer-schedule.png') });
    await page.screenshot({ path: join(SHOTS, 'en-editor-ch11.png'), fullPage: true });
    expect(page.jsErrors).toEqual([]);
  }, 180_000);

  it('shows the same sections in Korean (dark theme): the comparison table, the schedule preview, frozen layers and the BN help', async () => {
    const page = await openEditor('ko-KR', 'dark');
    await buildModel(page);
    expect(await byTest(page, 'optimizer-table').locator('caption').innerText()).toContain('옵티마이저 비교');
    expect(await byTest(page, 'schedule-preview').innerText()).toContain('10 에포크 동안의 계획된 학습률');
    await byTest(page, 'optimizer-card').scrollIntoViewIfNeeded();
    await byTest(page, 'optimizer-card').screenshot({ path: join(SHOTS, 'ko-editor-optimizer-schedule-dark.png') });

    // Freeze the hidden layer: a lock badge in its row and its 235,500 parameters non-trainable.
    await field(page, 'layers[1].trainable').check();
    await byTest(page, 'frozen-badge').first().waitFor();
    await expect.poll(() => byTest(page, 'non-trainable-params').innerText()).toBe('235,500');
    // A BN layer before an activation: drop the dense layer's bias in one click.
    await field(page, 'layers[1].activation').selectOption('linear');
    await byTest(page, 'row-handle').nth(1).click();
    await byTest(page, 'add-kind').selectOption('batch_normalization');
    await byTest(page, 'add-layer').click();
    await byTest(page, 'add-kind').selectOption('activation');
    await byTest(page, 'add-layer').click();
    await byTest(page, 'bn-drop-bias').click();
    expect(await field(page, 'layers[1].use_bias').inputValue()).toBe('false');
    await page.screenshot({ path: join(SHOTS, 'ko-editor-ch11-dark.png'), fullPage: true });
    expect(page.jsErrors).toEqual([]);
  }, 180_000);

  it('reuses the layers of a trained run: the dialog lists it, shows its stack and the differences, and applies (undoable)', async () => {
    // Model A, trained briefly by the CLI into the server's runs folder.
    const modelA = {
      format: 'gradient-lab/model',
      version: 2,
      name: 'Model A for transfer',
      dataset: 'fashion-mnist',
      preprocess: 'scale',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'he_normal' }, { kind: 'dense', units: 10, activation: 'softmax' }],
      training: { optimizer: { name: 'sgd', learning_rate: 0.01 }, epochs: 1, batch_size: 32, seed: 42 },
    };
    const file = join(tmp.dir, 'model-a.json');
    writeFileSync(file, JSON.stringify(modelA));
    const trained = runCli(['train', file, '--epochs', '1', '--limit', '200', '--runs-dir', join(tmp.dir, 'runs'), '--json']);
    expect(trained.code).toBe(0);

    const page = await openEditor('en-US');
    await byTest(page, 'row-handle').nth(0).click();
    await byTest(page, 'add-kind').selectOption('dense');
    await byTest(page, 'add-layer').click();
    await setText(page, 'layers[1].units', '50');
    await byTest(page, 'transfer-open').click();
    const dialog = byTest(page, 'transfer-dialog');
    await dialog.getByTestId('transfer-run').first().check();
    await dialog.getByTestId('transfer-stack').waitFor();
    expect(await dialog.getByTestId('transfer-stack').locator('li').allInnerTexts()).toEqual(['Flatten', 'Dense(100, relu, he_normal)', 'Dense(10, softmax)']);
    expect(await dialog.getByTestId('transfer-layers').inputValue()).toBe('2');
    expect(await dialog.getByTestId('transfer-problems').innerText()).toContain('layers[1] (dense) has 50 units here but 100 in the source model');
    await page.screenshot({ path: join(SHOTS, 'en-editor-transfer-dialog.png') });
    await dialog.getByTestId('transfer-apply').click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await field(page, 'layers[1].units').inputValue()).toBe('100');
    expect(await field(page, 'layers[1].trainable').isChecked()).toBe(true);
    expect(await byTest(page, 'transfer-current').innerText()).toContain('Starts from the first 2 layers of run');
    expect(await field(page, 'training.unfreeze.after_epochs').inputValue()).toBe('4');
    // 784·100 + 100 frozen.
    await expect.poll(() => byTest(page, 'non-trainable-params').innerText()).toBe('78,500');
    await byTest(page, 'editor-view').getByTestId('model-card').screenshot({ path: join(SHOTS, 'en-editor-model-transfer.png') });
    await byTest(page, 'stopping-card').screenshot({ path: join(SHOTS, 'en-editor-stopping.png') });
    await byTest(page, 'undo').click();
    expect(await field(page, 'layers[1].units').inputValue()).toBe('50');
    expect(await byTest(page, 'transfer-current').count()).toBe(0);
    expect(page.jsErrors).toEqual([]);
  }, 240_000);
});

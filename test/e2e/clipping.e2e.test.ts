/**
 * A clipped run on the dashboard, in Debian's Chromium against a real lab server and the real
 * engine: a deep ReLU net with a learning rate too high for it and `"clipnorm": 1.0`
 * (examples/exploding-clipped.json) trains to the end without diverging, the global
 * gradient-norm chart draws the raw norm above the clipped one with "clipped at N of M
 * measured steps", and the learning curve has its learning-rate axis (an exponential schedule
 * is added, so the planned rate is drawn dashed ahead of the run). Screenshots in English and
 * Korean land in test-artifacts/e2e/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { examplePath } from '../helpers/examples.js';
import { tempDir } from '../helpers/tmp.js';
import { labFixture, SHOTS } from './browser.js';

const tmp = tempDir('gl-e2e-clip-');
const e2e = labFixture(tmp.dir, () => tmp.cleanup());
const { contexts } = e2e;

/**
 * The shipped example when it is there; else the same kind of document: 20 ReLU layers of
 * 100 units (he_normal), SGD at 0.05 (too high for that depth), clipnorm 1.0.
 */
function clippedDocument(): string {
  const path = examplePath('exploding-clipped');
  if (existsSync(path)) return readFileSync(path, 'utf8');
  const hidden = Array.from({ length: 20 }, () => ({ kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'he_normal' }));
  return JSON.stringify({
    format: 'gradient-lab/model',
    version: 2,
    name: 'Deep ReLU, SGD 0.05, clipnorm 1.0',
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers: [{ kind: 'flatten' }, ...hidden, { kind: 'dense', units: 10, activation: 'softmax' }],
    training: { optimizer: { name: 'sgd', learning_rate: 0.05, clipnorm: 1.0 }, epochs: 2, batch_size: 32, seed: 42 },
  });
}

const byTest = (page: Page, id: string) => page.getByTestId(id);

/** The app in a new English context of the given theme, with the page's script errors collected. */
async function openApp(colorScheme: 'light' | 'dark'): Promise<{ page: Page; errors: string[] }> {
  const ctx = await e2e.browser.newContext({ locale: 'en-US', colorScheme, viewport: { width: 1280, height: 900 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(e2e.server.url);
  return { page, errors };
}

describe('a clipped run on the dashboard (Chromium, real engine)', () => {
  it('completes, draws the raw global norm above the clipped one with the count, and the learning-rate axis (en, ko)', async () => {
    const { page, errors } = await openApp('light');
    await byTest(page, 'nav-editor').click();
    // A slow exponential schedule on top (a decade every 1,000 steps: the 470 steps stay above a third of
    // the too-high rate, which diverges unclipped by step 18), so the rate axis has a plan to draw ahead.
    const doc = JSON.parse(clippedDocument()) as { training: Record<string, unknown> };
    doc.training['lr_schedule'] = { name: 'exponential', decay_steps: 1000, decay_rate: 0.1 };
    await byTest(page, 'file-input').setInputFiles({ name: 'exploding-clipped.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    if (await byTest(page, 'confirm-dialog').isVisible().catch(() => false)) await byTest(page, 'confirm-ok').click();
    await expect.poll(() => byTest(page, 'file-name').innerText()).toBe('exploding-clipped.json');

    await byTest(page, 'nav-training').click();
    await byTest(page, 'epochs-input').fill('3');
    await byTest(page, 'limit-input').fill('5000');
    await byTest(page, 'start-button').click();
    // After the first epoch: the rate used so far, and the plan (dashed) for the rest of the run.
    await byTest(page, 'epoch-row').first().waitFor({ timeout: 240_000 });
    await expect.poll(async () => (await byTest(page, 'chart-loss').getAttribute('data-drawn')) ?? '').toMatch(/Planned schedule \(exponential\)@y2:\d+\|Learning rate@y2:\d+/);
    await byTest(page, 'chart-loss-panel').screenshot({ path: join(SHOTS, 'en-clipped-learning-rate-running.png') });
    await page.locator('[data-testid="run-status"][data-status="completed"]').waitFor({ timeout: 240_000 });
    expect(await byTest(page, 'run-diverged').count()).toBe(0);

    // The global norm, raw above clipped, with the count in words.
    const panel = byTest(page, 'global-grad');
    await panel.waitFor();
    expect(await panel.getAttribute('data-clipping')).toBe('true');
    const clipped = Number(await panel.getAttribute('data-clipped'));
    const measured = Number(await panel.getAttribute('data-measured'));
    expect(measured).toBeGreaterThan(0);
    expect(clipped).toBeGreaterThan(0);
    expect(Number(await panel.getAttribute('data-raw-max'))).toBeGreaterThan(Number(await panel.getAttribute('data-clipped-max')));
    expect(await byTest(page, 'grad-global-summary').innerText()).toBe(`Clipping scaled the gradient down at ${clipped} of ${measured} measured steps.`);
    const drawn = (await byTest(page, 'chart-grad-global').getAttribute('data-drawn')) ?? '';
    expect(drawn).toMatch(/^Raw norm:\d+\|After clipping:\d+$/);
    expect(await byTest(page, 'chart-grad-global-panel').innerText()).toContain('per-variable clipnorm 1');

    // The learning curve's second axis with the rate the run used.
    const loss = byTest(page, 'chart-loss');
    expect(await loss.getAttribute('data-axes')).toBe('x,y,y2');
    expect(await loss.getAttribute('data-drawn')).toMatch(/Learning rate@y2:[1-9]\d*/);

    await page.setViewportSize({ width: 1280, height: 2600 });
    await byTest(page, 'chart-grad-global-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'en-clipped-run.png'), fullPage: true });
    await byTest(page, 'chart-grad-global-panel').screenshot({ path: join(SHOTS, 'en-clipped-grad-norm.png') });
    await byTest(page, 'chart-loss-panel').screenshot({ path: join(SHOTS, 'en-clipped-learning-rate.png') });

    // The stored run in the runs view: the same learning-rate line and plan on its learning curve.
    await byTest(page, 'nav-runs').click();
    await page.locator('[data-testid="runs-open"]').first().click();
    await byTest(page, 'run-detail').waitFor();
    const stored = page.locator('[data-testid="run-detail"] [data-testid="chart-loss"]');
    await expect.poll(async () => (await stored.getAttribute('data-drawn')) ?? '').toMatch(/Planned schedule \(exponential\)@y2:\d+\|Learning rate@y2:\d+/);
    expect(await stored.getAttribute('data-axes')).toBe('x,y,y2');
    await page.locator('[data-testid="run-detail"] [data-testid="chart-loss-panel"]').screenshot({ path: join(SHOTS, 'en-clipped-run-detail-learning-rate.png') });
    await byTest(page, 'nav-training').click();

    // Every area stays mounted (hidden): the training screen's panel, not the run detail's.
    const training = byTest(page, 'panel-training');
    await byTest(page, 'language-ko').click();
    await expect.poll(() => training.getByTestId('grad-global-summary').innerText()).toBe(`측정한 스텝 ${measured}개 중 ${clipped}개에서 클리핑이 그레이디언트를 줄였습니다.`);
    expect(await training.getByTestId('chart-grad-global-panel').innerText()).toContain('변수별 clipnorm 1');
    await expect.poll(async () => (await training.getByTestId('chart-grad-global').getAttribute('data-drawn')) ?? '').toMatch(/^원래 노름:\d+\|클리핑 후:\d+$/);
    await page.screenshot({ path: join(SHOTS, 'ko-clipped-run.png'), fullPage: true });
    await training.getByTestId('chart-grad-global-panel').screenshot({ path: join(SHOTS, 'ko-clipped-grad-norm.png') });
    expect(errors).toEqual([]);
  }, 300_000);

  it('a batch-norm net stops early with its best epoch marked, its rate cut by the performance schedule, and its BN statistics shown (en, ko)', async () => {
    const { page, errors } = await openApp('dark');
    await byTest(page, 'nav-editor').click();
    // min_delta 10: only the first epoch "improves", so the run is deterministic whatever the losses:
    // the performance schedule halves the rate after epochs 2 and 3, early stopping (patience 2) ends epoch 3, best 1.
    const doc = JSON.parse(readFileSync(examplePath('batch-norm'), 'utf8')) as { training: Record<string, unknown> };
    doc.training['optimizer'] = { name: 'sgd', learning_rate: 0.01 };
    doc.training['lr_schedule'] = { name: 'performance', factor: 0.5, patience: 1, min_delta: 10 };
    doc.training['early_stopping'] = { patience: 2, min_delta: 10 };
    await byTest(page, 'file-input').setInputFiles({ name: 'bn-early-stop.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    if (await byTest(page, 'confirm-dialog').isVisible().catch(() => false)) await byTest(page, 'confirm-ok').click();
    await expect.poll(() => byTest(page, 'file-name').innerText()).toBe('bn-early-stop.json');

    await byTest(page, 'nav-training').click();
    await byTest(page, 'epochs-input').fill('6');
    await byTest(page, 'limit-input').fill('1500');
    await byTest(page, 'start-button').click();
    await page.locator('[data-testid="run-status"][data-status="completed"]').waitFor({ timeout: 240_000 });
    expect(await byTest(page, 'epoch-row').count()).toBe(3);
    expect(await byTest(page, 'run-early-stop').innerText()).toBe('Stopped early at epoch 3; best epoch 1 (weights restored).');

    const loss = byTest(page, 'chart-loss');
    expect(await loss.getAttribute('data-axes')).toBe('x,y,y2');
    await expect.poll(async () => (await loss.getAttribute('data-markers')) ?? '').toBe('2:rate → 0.005|1:best epoch 1');
    // Three BN layers (after flatten, after each hidden dense): inputs far from standardized, outputs near mean 0 / std 1.
    const bn = byTest(page, 'bn-stats');
    expect(await bn.getAttribute('data-epoch')).toBe('3');
    expect(await bn.getByTestId('bn-row').count()).toBe(3);

    await page.setViewportSize({ width: 1280, height: 2800 });
    await byTest(page, 'chart-loss-panel').screenshot({ path: join(SHOTS, 'en-early-stop-learning-curve.png') });
    await bn.screenshot({ path: join(SHOTS, 'en-batch-norm-stats.png') });
    await page.screenshot({ path: join(SHOTS, 'en-early-stop-dark.png'), fullPage: true });

    await byTest(page, 'language-ko').click();
    await expect.poll(() => byTest(page, 'run-early-stop').innerText()).toBe('에포크 3에서 조기 종료했습니다. 최상 에포크는 1입니다(가중치 복원됨).');
    await expect.poll(async () => (await loss.getAttribute('data-markers')) ?? '').toBe('2:학습률 → 0.005|1:최상 에포크 1');
    await bn.screenshot({ path: join(SHOTS, 'ko-batch-norm-stats.png') });
    await page.screenshot({ path: join(SHOTS, 'ko-early-stop-dark.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 300_000);

  it('the same net without clipping diverges; its gradient-norm panel draws the raw norm alone and says nothing is clipped', async () => {
    const { page, errors } = await openApp('light');
    await byTest(page, 'nav-editor').click();
    await byTest(page, 'file-input').setInputFiles({ name: 'exploding-gradients.json', mimeType: 'application/json', buffer: readFileSync(examplePath('exploding-gradients')) });
    if (await byTest(page, 'confirm-dialog').isVisible().catch(() => false)) await byTest(page, 'confirm-ok').click();
    await expect.poll(() => byTest(page, 'file-name').innerText()).toBe('exploding-gradients.json');
    await byTest(page, 'nav-training').click();
    await byTest(page, 'epochs-input').fill('1');
    // On 5,000 images the loss turns NaN at step 18 (the example's description).
    await byTest(page, 'limit-input').fill('5000');
    await byTest(page, 'start-button').click();
    await page.locator('[data-testid="run-status"][data-status="diverged"]').waitFor({ timeout: 240_000 });
    expect(await byTest(page, 'run-diverged').innerText()).toMatch(/epoch 1, step \d+/);
    // Live samples are spaced by their cost, so a run that blows up within a second has one or
    // two: the explosion itself falls between them (the batch-loss chart marks where).
    const panel = byTest(page, 'global-grad');
    expect(await panel.getAttribute('data-clipping')).toBe('false');
    expect(await byTest(page, 'chart-grad-global').getAttribute('data-drawn')).toMatch(/^Raw norm:[1-9]\d*$/);
    expect(await byTest(page, 'chart-grad-global').getAttribute('aria-label')).toBe('Global gradient norm');
    expect(await byTest(page, 'chart-grad-global-panel').innerText()).toContain('This optimizer does not clip');
    await page.setViewportSize({ width: 1280, height: 2600 });
    await byTest(page, 'chart-grad-global-panel').screenshot({ path: join(SHOTS, 'en-exploding-grad-norm.png') });
    expect(errors).toEqual([]);
  }, 300_000);
});

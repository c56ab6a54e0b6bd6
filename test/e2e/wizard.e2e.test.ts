/**
 * The guideline wizard in Debian's Chromium against a real lab server: answer the
 * questions and compare the ranking with the CLI's `recommend --json` for the same
 * answers, see the editor's model checked against SELU's conditions, wait for the speeds
 * measured on this machine, apply SELU and see the editor change (and undo it), then run
 * a 2-candidate × 2-fold cross-validation on a small subset to its table and chart —
 * in English and in Korean, with screenshots of both in test-artifacts/e2e/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { labFixture, SHOTS } from './browser.js';

const tmp = tempDir('gl-e2e-wizard-');
const e2e = labFixture(join(tmp.dir, 'runs'), () => tmp.cleanup());
const { contexts } = e2e;

type PageWithErrors = Page & { jsErrors: string[] };

async function openWizard(locale: 'ko-KR' | 'en-US'): Promise<PageWithErrors> {
  const ctx = await e2e.browser.newContext({ locale, viewport: { width: 1440, height: 1900 } });
  contexts.push(ctx);
  const page = (await ctx.newPage()) as PageWithErrors;
  page.jsErrors = [];
  page.on('pageerror', (e) => page.jsErrors.push(e.message));
  await page.goto(e2e.server.url);
  // The editor is seeded with the lecture notes' LeakyReLU net once the connection is up.
  await page.getByTestId('nav-editor').click();
  await page.getByTestId('preset-open').first().waitFor();
  await page.getByTestId('nav-wizard').click();
  await page.getByTestId('wizard-view').waitFor();
  return page;
}

const byTest = (page: Page, id: string) => page.getByTestId(id);
const order = (page: Page) => byTest(page, 'wizard-ranking').getAttribute('data-order');

/** Answers the question shown, then moves on. */
async function answer(page: Page, yes: boolean): Promise<void> {
  await byTest(page, yes ? 'wizard-yes' : 'wizard-no').check();
  if (await byTest(page, 'wizard-next').isEnabled()) await byTest(page, 'wizard-next').click();
}

function cliRanking(answers: Record<string, boolean>): string {
  const r = runCli(['recommend', '--json', JSON.stringify(answers)]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout.trim()) as { ranked: { activation: string }[] }).ranked.map((c) => c.activation).join(',');
}

/** Runs a 2 × 2-fold study of the first two ranked candidates on `limit` images; returns the finished table's rows. */
async function crossValidate(page: Page, limit = 200, epochs = 1): Promise<{ activation: string; mean: number; std: number; folds: number; values: number[] }[]> {
  const ranked = ((await order(page)) ?? '').split(',');
  const keep = ranked.slice(0, 2);
  for (const a of ranked) {
    const box = byTest(page, `cv-candidate-${a}`);
    if ((await box.isChecked()) !== keep.includes(a)) await box.click();
  }
  await byTest(page, 'cv-folds-input').fill('2');
  await byTest(page, 'cv-limit-input').fill(String(limit));
  await byTest(page, 'cv-epochs-input').fill(String(epochs));
  // The estimate comes from the speeds measured on this machine.
  await expect.poll(() => byTest(page, 'cv-estimate').innerText(), { timeout: 120_000 }).toMatch(/\d\d:\d\d/);
  await byTest(page, 'cv-start').click();
  await page.locator('[data-testid="crossval-study"][data-phase="completed"]').waitFor({ timeout: 300_000 });
  const rows = await page.locator('[data-testid^="cv-row-"]').evaluateAll((els) =>
    els.map((e) => ({
      activation: (e.getAttribute('data-testid') ?? '').replace('cv-row-', ''),
      mean: Number(e.getAttribute('data-mean')),
      std: Number(e.getAttribute('data-std')),
      folds: Number(e.getAttribute('data-folds')),
      values: (e.getAttribute('data-fold-values') ?? '').split(' ').filter(Boolean).map(Number),
    })),
  );
  expect(rows.map((r) => r.activation)).toEqual(keep);
  for (const r of rows) {
    // Each fold validates on its own limit/2 held-out images: accuracies in whole multiples of 2/limit.
    expect(r.folds).toBe(2);
    expect(r.values).toHaveLength(2);
    for (const v of r.values) expect(Math.abs((v * limit) / 2 - Math.round((v * limit) / 2))).toBeLessThan(1e-6);
    const mean = (r.values[0]! + r.values[1]!) / 2;
    expect(r.mean).toBeCloseTo(mean, 12);
    expect(r.std).toBeCloseTo(Math.abs(r.values[0]! - r.values[1]!) / 2, 12); // population std of two values
  }
  return rows;
}

describe('guideline wizard in Chromium', () => {
  it('ranks like the CLI, checks the model, applies SELU to the editor and cross-validates two candidates (English)', async () => {
    const page = await openWizard('en-US');
    // No answers: the guideline's general order.
    expect(await order(page)).toBe(cliRanking({}));
    expect(await order(page)).toBe('elu,leaky_relu,relu,tanh,sigmoid');

    // Question 1 checks the LeakyReLU net in the editor: scaled inputs and He init break SELU, both fixed by Apply.
    const conditions = await page.locator('[data-testid="sn-condition"]').evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-condition')}:${e.getAttribute('data-ok')}`),
    );
    expect(conditions).toEqual(['standardized_inputs:false', 'lecun_normal:false', 'sequential_dense:true', 'alpha_dropout:true']);
    expect(await byTest(page, 'sn-check').getAttribute('data-can')).toBe('true');
    await byTest(page, 'sn-use-answer').click();
    expect((await order(page))?.startsWith('selu,')).toBe(true);
    await byTest(page, 'wizard-next').click();

    // Overfitting yes, runtime speed no, training speed no, huge dataset yes, time to spare yes.
    await answer(page, true);
    await answer(page, false);
    await answer(page, false);
    await answer(page, true);
    await answer(page, true);
    const answers = { self_normalizing: true, overfitting: true, runtime_speed: false, training_speed: false, huge_dataset: true, spare_compute: true };
    expect(await order(page)).toBe(cliRanking(answers));
    expect(await order(page)).toBe('selu,rrelu,prelu,elu,leaky_relu,relu,tanh,sigmoid');
    await byTest(page, 'wizard-tradeoffs').waitFor();
    await byTest(page, 'wizard-crossval-advice').waitFor();

    // An answer changed later: the ranking follows.
    await byTest(page, 'wizard-step-overfitting').click();
    await answer(page, false);
    expect(await order(page)).toBe(cliRanking({ ...answers, overfitting: false }));
    await byTest(page, 'wizard-step-overfitting').click();
    await answer(page, true);

    // Speeds measured on this machine, relative to ReLU.
    await page.locator('[data-testid="wizard-speeds"][data-state="ready"]').waitFor({ timeout: 120_000 });
    const speeds = await page.locator('[data-testid="wizard-speed"]').evaluateAll((els) =>
      els.map((e) => ({ train: Number(e.getAttribute('data-train')), inference: Number(e.getAttribute('data-inference')) })),
    );
    expect(speeds).toHaveLength(8);
    for (const s of speeds) {
      expect(s.train).toBeGreaterThan(0);
      expect(s.inference).toBeGreaterThan(0);
    }
    const relu = page.locator('[data-testid="wizard-candidate"][data-activation="relu"] [data-testid="wizard-speed"]');
    expect(await relu.getAttribute('data-train')).toBe('1');

    // Apply SELU: the editor's hidden layers become SELU + LeCun normal, inputs standardized; one undo restores it.
    await byTest(page, 'wizard-apply-selu').click();
    await expect.poll(() => byTest(page, 'wizard-notice').innerText()).toContain('SELU');
    await page.screenshot({ path: join(SHOTS, 'en-wizard.png'), fullPage: true });
    await byTest(page, 'wizard-open-editor').click();
    await expect.poll(() => page.locator('[data-path="preprocess"]').first().inputValue()).toBe('standardize');
    const doc = await page.evaluate(() => document.querySelector('[data-testid="editor-view"]')?.textContent ?? '');
    expect(doc).toMatch(/selu/i);
    await byTest(page, 'undo').click();
    await expect.poll(() => page.locator('[data-path="preprocess"]').first().inputValue()).toBe('scale');
    // Adam instead of the notes' SGD 1e-3, so that 1,000 images are enough to learn something.
    await page.locator('[data-path="training.optimizer.name"]').first().selectOption('adam');
    await byTest(page, 'nav-wizard').click();

    // Cross-validation of the top two candidates (SELU, RReLU) with 2 folds of 500 images, 2 epochs.
    const rows = await crossValidate(page, 1000, 2);
    // Well above chance (0.1): every candidate learned in each fold.
    for (const r of rows) expect(Math.min(...r.values)).toBeGreaterThan(0.4);
    const best = await byTest(page, 'crossval-study').getAttribute('data-best');
    expect(best).toBe(rows.reduce((a, b) => (b.mean > a.mean ? b : a)).activation);
    await byTest(page, 'crossval-chart').waitFor();
    await byTest(page, 'wizard-crossval').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'en-wizard-crossval.png'), fullPage: true });

    // Every fold is a run of the study.
    const runs = await e2e.server.services.handlers['runs:list']({}, { transport: 'lab', client: 'e2e-observer' });
    const study = runs.filter((r) => r.study !== undefined);
    expect(study).toHaveLength(4);
    expect(new Set(study.map((r) => r.study?.id)).size).toBe(1);
    expect(study.every((r) => r.status === 'completed')).toBe(true);
    expect(page.jsErrors).toEqual([]);
  }, 600_000);

  it('speaks Korean, and cross-validates in Korean too', async () => {
    const page = await openWizard('ko-KR');
    await expect.poll(() => byTest(page, 'wizard-question').innerText()).toMatch(/자기정규화/);
    await byTest(page, 'sn-check').waitFor();
    await byTest(page, 'wizard-step-spare_compute').click();
    await answer(page, true);
    await page.locator('[data-testid="wizard-speeds"][data-state="ready"]').waitFor({ timeout: 120_000 });
    const rows = await crossValidate(page);
    expect(rows.every((r) => r.folds === 2)).toBe(true);
    expect(await byTest(page, 'cv-phase').innerText()).toContain('교차검증');
    await page.screenshot({ path: join(SHOTS, 'ko-wizard.png'), fullPage: true });
    expect(page.jsErrors).toEqual([]);
  }, 600_000);
});

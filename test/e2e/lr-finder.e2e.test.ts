/**
 * The learning-rate finder in Debian's Chromium against a real lab server (the same
 * services as the desktop app, a real training process on wasm): on the training screen,
 * "Find learning rate" for the default model on 1,000 images shows progress, then the
 * loss-vs-rate chart with the suggestion marked and the book's rule; Apply puts the
 * suggested rate into the learning-rate field. English and Korean, screenshots in
 * test-artifacts/e2e/ (en-lr-finder.png, ko-lr-finder.png).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { labFixture, SHOTS } from './browser.js';

const tmp = tempDir('gl-e2e-lr-finder-');
const e2e = labFixture(join(tmp.dir, 'runs'), () => tmp.cleanup());
const { contexts } = e2e;

async function openTraining(locale: 'ko-KR' | 'en-US'): Promise<{ page: Page; errors: string[] }> {
  const ctx = await e2e.browser.newContext({ locale, viewport: { width: 1280, height: 1900 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(e2e.server.url);
  await page.getByTestId('nav-training').click();
  await page.locator('[data-testid="lr-find-button"]:not([disabled])').waitFor({ timeout: 60_000 });
  return { page, errors };
}

const cases = [
  { locale: 'en-US', shot: 'en-lr-finder.png', button: 'Find learning rate', suggestion: /^Suggested learning rate: ([\d.e-]+)$/, rule: 'about 10 times lower', applied: 'The learning rate is now' },
  { locale: 'ko-KR', shot: 'ko-lr-finder.png', button: '학습률 찾기', suggestion: /^추천 학습률: ([\d.e-]+)$/, rule: '약 10배 낮은 학습률', applied: '학습률을' },
] as const;

describe('learning-rate finder in Chromium', () => {
  it.each(cases)('$locale: finds, marks and applies a rate for the default model', async (c) => {
    const { page, errors } = await openTraining(c.locale);
    await page.getByTestId('limit-input').fill('1000');
    const before = await page.getByTestId('learning-rate-input').inputValue();
    await page.getByRole('button', { name: c.button }).click();
    await page.getByTestId('lr-find-progress').waitFor();
    await page.getByTestId('lr-find-suggestion').waitFor({ timeout: 180_000 });

    const chart = page.getByTestId('lr-find-chart');
    expect(await chart.getAttribute('data-markers')).toBe('1');
    const suggested = Number(await chart.getAttribute('data-suggested-rate'));
    expect(suggested).toBeGreaterThan(1e-5);
    expect(suggested).toBeLessThan(1);
    const text = (await page.getByTestId('lr-find-suggestion').innerText()).trim();
    expect(Number(c.suggestion.exec(text)?.[1])).toBe(suggested);
    expect(await page.getByTestId('lr-find-rule').innerText()).toContain(c.rule);
    // The chart was drawn: its canvas has a size and is not blank.
    const drawn = await page.locator('[data-testid="lr-find-chart"] canvas').evaluate((el) => {
      const canvas = el as HTMLCanvasElement;
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0) return 0;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) ink++;
      return ink;
    });
    expect(drawn).toBeGreaterThan(1000);

    await page.getByTestId('lr-find-apply').click();
    const after = await page.getByTestId('learning-rate-input').inputValue();
    expect(after).not.toBe(before);
    expect(Number(after)).toBe(suggested);
    expect(await page.getByTestId('lr-find-applied').innerText()).toContain(c.applied);
    // The whole run form: the button beside the learning rate (now the suggestion) and the panel under it.
    await page.getByTestId('learning-rate-input').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, c.shot) });
    expect(errors).toEqual([]);
  });
});

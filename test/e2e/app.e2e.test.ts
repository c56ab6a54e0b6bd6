/**
 * The real UI in Debian's Chromium against a real lab server: the same main-side
 * services as the desktop app, real training processes on the wasm backend, real
 * Fashion-MNIST. Screenshots land in test-artifacts/e2e/ (Korean and English).
 * A second server with one training at a time checks the queue as two browser
 * sessions see it.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { AppInfo, RequestContext } from '../../src-shared/ipc/contract.js';
import { CLIENT_ID_PATTERN } from '../../src-shared/training/queue.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabServer, type LabServer } from '../../src-main/lab/server.js';
import { tempDir } from '../helpers/tmp.js';
import { labFixture, SHOTS } from './browser.js';
import { availableParallelism } from 'node:os';

const tmp = tempDir('gl-e2e-');
const e2e = labFixture(tmp.dir, () => tmp.cleanup());
const { contexts } = e2e;

/** The test's own view of the server: not a browser session, so never subject to per-client limits. */
const OBSERVER: RequestContext = { transport: 'lab', client: 'e2e-observer' };

/** A new browser context (a new session, so a new lab client id) with the app open. */
async function openApp(
  locale: 'ko-KR' | 'en-US',
  colorScheme: 'light' | 'dark' = 'light',
  lab: LabServer = e2e.server,
  setup?: (ctx: BrowserContext) => Promise<unknown>,
): Promise<Page> {
  const ctx = await e2e.browser.newContext({ locale, colorScheme, viewport: { width: 1280, height: 900 } });
  contexts.push(ctx);
  await setup?.(ctx);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { jsErrors?: string[] }).jsErrors = errors;
  await page.goto(lab.url);
  await page.getByTestId('nav-training').waitFor();
  return page;
}

const byTest = (page: Page, id: string) => page.getByTestId(id);

/** Opens a shipped example in the editor (Presets), then starts it on the training screen. */
async function startRun(page: Page, example: string, epochs: number, limit: number, batchSize?: number): Promise<void> {
  await page.getByTestId('nav-editor').click();
  await page.locator(`[data-testid="preset"][data-id="${example}"] [data-testid="preset-open"]`).click();
  // A modified model asks before it is replaced.
  if (await byTest(page, 'confirm-dialog').isVisible().catch(() => false)) await byTest(page, 'confirm-ok').click();
  await page.getByTestId('nav-training').click();
  await byTest(page, 'epochs-input').fill(String(epochs));
  await byTest(page, 'limit-input').fill(String(limit));
  if (batchSize !== undefined) await byTest(page, 'batch-size-input').fill(String(batchSize));
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
    // Batch 128: two 64-row shards, so a machine with 2+ cores trains it data-parallel on 2 threads.
    await startRun(page, 'he-relu', 3, 3000, 128);
    await page.locator('[data-testid="run-status"][data-status="running"]').waitFor({ timeout: 60_000 });
    await byTest(page, 'progress-bar').waitFor();
    // Progress arrives: the bar's value moves above 0 before the run ends.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress-bar"]')?.getAttribute('aria-valuenow')) > 0, null, { timeout: 60_000 });
    await byTest(page, 'eta').waitFor();
    const threads = Math.min(2, availableParallelism());
    await expect.poll(() => byTest(page, 'progress-threads').innerText(), { timeout: 30_000 }).toBe(threads === 1 ? '1 thread' : `${threads} threads`);
    await byTest(page, 'progress-bar').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'en-training-threads.png') });
    await page.screenshot({ path: join(SHOTS, 'en-training.png'), fullPage: true });

    await waitStatus(page, 'completed');
    expect(await byTest(page, 'epoch-row').count()).toBe(3);
    const acc = Number((await byTest(page, 'test-accuracy').innerText()).match(/[\d.]+/)?.[0]);
    // he-relu (100 ReLU units, SGD 0.01) on 3,000 images for 3 epochs of batch 128: ~70% here.
    expect(acc).toBeGreaterThan(50);
    expect(await byTest(page, 'diagnosis').getAttribute('data-findings')).toBe('healthy');
    await page.screenshot({ path: join(SHOTS, 'en-finished.png'), fullPage: true });

    const runs = await e2e.server.services.handlers['runs:list']({}, OBSERVER);
    expect(runs.some((r) => r.status === 'completed')).toBe(true);
  });

  it('in Korean, the small-uniform sigmoid stack is diagnosed as vanishing gradients', async () => {
    const page = await openApp('ko-KR', 'dark');
    await startRun(page, 'sigmoid-small-uniform', 1, 1000);
    await waitStatus(page, 'completed');
    // Batch 32 trains on one thread (two would be slower), said in Korean.
    expect(await byTest(page, 'progress-threads').innerText()).toBe('스레드 1개');
    const diagnosis = byTest(page, 'diagnosis');
    expect(await diagnosis.getAttribute('data-findings')).toContain('vanishing');
    expect(await diagnosis.innerText()).toContain('그레이디언트 소실');
    // The health panel says the same, points at the layers, and offers the fix as an editor action.
    const health = byTest(page, 'health-panel');
    expect(await health.getAttribute('data-findings')).toContain('vanishing');
    const finding = page.locator('[data-testid="health-finding"][data-kind="vanishing"]');
    expect(await finding.innerText()).toMatch(/[가-힣]/);
    // Tall enough that the whole dashboard (charts included) is in the picture: the app scrolls inside.
    await page.setViewportSize({ width: 1280, height: 3000 });
    await page.screenshot({ path: join(SHOTS, 'ko-vanishing-dark.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await finding.getByTestId('health-apply').click();
    // Applied in the editor as one undoable step: the hidden sigmoids became ELU.
    await byTest(page, 'editor-toolbar').waitFor();
    expect(await page.locator('[data-path="layers[1].activation"]').first().inputValue()).toBe('elu');
    await byTest(page, 'undo').click();
    expect(await page.locator('[data-path="layers[1].activation"]').first().inputValue()).toBe('sigmoid');
  });

  it('the same-shaped ELU/He stack trains healthy: the health panel flags nothing', async () => {
    const page = await openApp('en-US');
    await startRun(page, 'elu-he', 1, 1000);
    await waitStatus(page, 'completed');
    expect(await byTest(page, 'health-panel').getAttribute('data-findings')).toBe('healthy');
    await byTest(page, 'health-healthy').waitFor();
    expect(await byTest(page, 'diagnosis').getAttribute('data-findings')).toBe('healthy');
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

/** Frame statistics from a requestAnimationFrame loop (and long animation frames where Chromium reports them). */
interface FrameStats {
  frames: number;
  maxFrameMs: number;
  over100: number;
  over50: number;
  longFrames: number;
  maxLongFrameMs: number;
}

/** Starts measuring frame times in the page; `readFrames` stops and returns them. */
async function measureFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const s = { frames: 0, maxFrameMs: 0, over100: 0, over50: 0, longFrames: 0, maxLongFrameMs: 0, on: true };
    (window as unknown as { __frames: typeof s }).__frames = s;
    let last = performance.now();
    const tick = (now: number) => {
      const dt = now - last;
      last = now;
      s.frames += 1;
      s.maxFrameMs = Math.max(s.maxFrameMs, dt);
      if (dt > 100) s.over100 += 1;
      if (dt > 50) s.over50 += 1;
      if (s.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    for (const type of ['long-animation-frame', 'longtask']) {
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            s.longFrames += 1;
            s.maxLongFrameMs = Math.max(s.maxLongFrameMs, e.duration);
          }
        }).observe({ type, buffered: false });
        break;
      } catch {
        // This Chromium does not report this entry type: try the next.
      }
    }
  });
}

/** The frame statistics since the last read (counters restart); `stop` ends the loop. */
async function readFrames(page: Page, stop = false): Promise<FrameStats> {
  return page.evaluate((stop) => {
    const s = (window as unknown as { __frames: FrameStats & { on: boolean } }).__frames;
    s.on = !stop;
    const { frames, maxFrameMs, over100, over50, longFrames, maxLongFrameMs } = s;
    Object.assign(s, { frames: 0, maxFrameMs: 0, over100: 0, over50: 0, longFrames: 0, maxLongFrameMs: 0 });
    return { frames, maxFrameMs: Math.round(maxFrameMs), over100, over50, longFrames, maxLongFrameMs: Math.round(maxLongFrameMs) };
  }, stop);
}

describe('training dashboard', () => {
  it('streams the 100-layer ReLU net into the charts (frame times reported), saves a chart as PNG and the metrics as CSV, in both languages and themes', async () => {
    const page = await openApp('en-US', 'light');
    await measureFrames(page);
    await startRun(page, 'relu-100', 1, 1000);
    await waitStatus(page, 'running', 60_000);
    // Opening the 100-layer preset in the editor and switching areas, then the run streaming alone.
    const opening = await readFrames(page);
    await waitStatus(page, 'completed');
    const streaming = await readFrames(page, true);
    console.log(`[dashboard] relu-100 opened in the editor, then Training and Start: ${JSON.stringify(opening)}`);
    console.log(`[dashboard] relu-100 streaming (1 epoch, 1000 images, 101 dense layers): ${JSON.stringify(streaming)}`);
    expect(streaming.frames).toBeGreaterThan(10);

    // Every chart has something to draw: 101 dense layers, one epoch.
    expect(await page.locator('[data-testid="dashboard-charts"] [data-testid="chart-empty"]').count()).toBe(0);
    expect(await byTest(page, 'epoch-row').count()).toBe(1);
    expect(await byTest(page, 'diagnosis').getAttribute('data-findings')).toBeTruthy();
    // The app scrolls inside its main area: a tall window shows the whole dashboard in one picture.
    await page.setViewportSize({ width: 1280, height: 3000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'en-dashboard-light.png'), fullPage: true });

    const png = page.waitForEvent('download');
    await page.locator('[data-testid="chart-grad-panel"] [data-testid="save-png"]').click();
    const pngFile = await png;
    expect(pngFile.suggestedFilename()).toMatch(/-gradient-norm\.png$/);
    await pngFile.saveAs(join(SHOTS, 'en-gradient-norm-chart.png'));

    const csv = page.waitForEvent('download');
    await byTest(page, 'save-csv').click();
    const csvFile = await csv;
    expect(csvFile.suggestedFilename()).toMatch(/-metrics\.csv$/);
    const stream = await csvFile.createReadStream();
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^epoch,loss,accuracy,val_loss,val_accuracy,seconds,layer,name,spec_index,activation,grad_norm/);
    expect(lines).toHaveLength(1 + 101);

    // Theme and language change on the open dashboard: the charts restyle in place.
    await byTest(page, 'theme-select').selectOption('dark');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'en-dashboard-dark.png'), fullPage: true });
    await byTest(page, 'dashboard-charts').screenshot({ path: join(SHOTS, 'en-dashboard-charts-dark.png') });
    await byTest(page, 'language-ko').click();
    await page.getByRole('heading', { name: '깊이별 그레이디언트 노름' }).waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'ko-dashboard-dark.png'), fullPage: true });
    await byTest(page, 'theme-select').selectOption('light');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'ko-dashboard-light.png'), fullPage: true });
    expect((page as Page & { jsErrors?: string[] }).jsErrors).toEqual([]);
  });
});

describe('settings area', () => {
  it('shows the lab server’s settings read-only in Korean and English, reached with Alt+6', async () => {
    const page = await openApp('ko-KR');
    await page.keyboard.press('Alt+6');
    await byTest(page, 'settings-view').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#settings');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-settings');
    await byTest(page, 'runs-dir-current').waitFor();
    expect(await byTest(page, 'runs-dir-current').innerText()).toBe(e2e.server.services.runsDir());
    expect(await byTest(page, 'runs-dir-lab').innerText()).toContain('--runs-dir');
    expect(await byTest(page, 'concurrency-lab').innerText()).toContain('--max-concurrent-runs');
    expect(await byTest(page, 'per-client').innerText()).toContain('--max-runs-per-client');
    // Nothing a browser could change on a shared server is offered.
    expect(await page.locator('[data-testid="panel-settings"] input').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'ko-settings.png'), fullPage: true });

    await byTest(page, 'settings-language-en').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await byTest(page, 'concurrency-current').innerText()).toMatch(/^Trainings at once on this machine: \d+$/);
    await byTest(page, 'settings-theme-select').selectOption('dark');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.screenshot({ path: join(SHOTS, 'en-settings-dark.png'), fullPage: true });
    expect((page as Page & { jsErrors?: string[] }).jsErrors).toEqual([]);
  });

  it('lays out the desktop variant (folder field, Browse…, trainings at once) with main’s errors beside the fields', async () => {
    // The renderer as the desktop app runs it, behind a stand-in preload bridge: this checks
    // layout and wiring in a real browser; the Electron shell itself is not started here.
    const page = await openApp('en-US', 'light', e2e.server, (ctx) => ctx.addInitScript(installDesktopBridge, DESKTOP_INFO));
    await page.keyboard.press('Alt+6');
    await byTest(page, 'runs-dir-input').fill('/proc/gradient-lab');
    await byTest(page, 'runs-dir-input').press('Enter');
    await byTest(page, 'runs-dir-error').filter({ hasText: '/proc/gradient-lab' }).waitFor();
    expect(await byTest(page, 'runs-dir-input').getAttribute('aria-invalid')).toBe('true');
    await byTest(page, 'concurrency-input').fill('99');
    await byTest(page, 'concurrency-apply').click();
    expect(await byTest(page, 'concurrency-problem').innerText()).toBe('Trainings at once: must be between 1 and 64. Received: 99.');
    await page.screenshot({ path: join(SHOTS, 'en-settings-desktop-errors.png'), fullPage: true });

    await byTest(page, 'concurrency-input').fill('4');
    await byTest(page, 'concurrency-input').press('Enter');
    await byTest(page, 'concurrency-saved').filter({ hasText: 'Saved: up to 4 trainings at once.' }).waitFor();
    await byTest(page, 'runs-dir-browse').click();
    await byTest(page, 'runs-dir-current').filter({ hasText: '/home/student/gradient-lab-runs' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'en-settings-desktop-saved.png'), fullPage: true });
    expect((page as Page & { jsErrors?: string[] }).jsErrors).toEqual([]);
  });
});

describe('training queue (one training at a time, one run per browser session)', () => {
  let lab: LabServer;
  const queueTmp = tempDir('gl-e2e-queue-');

  beforeAll(async () => {
    lab = await startLabServer({ runsDir: queueTmp.dir, log: () => undefined, maxConcurrentRuns: 1, maxRunsPerClient: 1 });
  });
  afterAll(async () => {
    await lab?.close();
    queueTmp.cleanup();
  });

  it('queues the second session’s run behind the first, never trains two at once, and refuses a second run of one session', async () => {
    // Sampled from the run store (the truth on disk) while both sessions work.
    let maxRunning = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const runs = await lab.services.handlers['runs:list']({}, OBSERVER);
        maxRunning = Math.max(maxRunning, runs.filter((r) => r.status === 'running').length);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      await queueScenario(lab);
    } finally {
      sampling = false;
      await sampler;
    }
    const runs = await lab.services.handlers['runs:list']({}, OBSERVER);
    expect(runs.map((r) => r.status).sort()).toEqual(['completed', 'completed']);
    expect(maxRunning).toBe(1);
  });
});

/** Two sessions on a one-at-a-time server: the first trains, reloads and is refused a second run; the second queues, then trains. */
async function queueScenario(lab: LabServer): Promise<void> {
  const first = await openApp('en-US', 'light', lab);
  const second = await openApp('ko-KR', 'light', lab);
  const idOf = (page: Page) => page.evaluate(() => sessionStorage.getItem('gradient-lab.client-id'));
  const firstId = await idOf(first);
  expect(firstId).toMatch(CLIENT_ID_PATTERN);
  expect(await idOf(second)).not.toBe(firstId);

  // Long enough (10–20 s here) for the first session to reload and the second to queue meanwhile.
  await startRun(first, 'he-relu', 10, 5000);
  await waitStatus(first, 'running', 60_000);

  // The first session reloads: same session, same client id, and the page finds its own run
  // again (runs:mine) — still training, with its stop button — instead of forgetting it.
  await first.reload();
  await first.getByTestId('nav-training').waitFor();
  expect(await idOf(first)).toBe(firstId);
  await waitStatus(first, 'running', 30_000);
  expect(await byTest(first, 'stop-button').isEnabled()).toBe(true);
  await first.screenshot({ path: join(SHOTS, 'en-reloaded-own-run.png'), fullPage: true });
  // A second run of the same session is refused by main (one per session): asked directly, as a
  // duplicated tab would; the UI itself offers no second start while its run is active.
  const refusal = await first.evaluate(async () => {
    const url = new URL('/ws', location.href);
    url.protocol = 'ws:';
    url.searchParams.set('client', sessionStorage.getItem('gradient-lab.client-id') ?? '');
    const ws = new WebSocket(url);
    await new Promise((ok) => (ws.onopen = ok));
    // Run events are broadcast to every socket: wait for the answer carrying our id.
    const ask = <T,>(id: number, channel: string, payload: unknown) =>
      new Promise<T>((ok) => {
        ws.onmessage = (e) => {
          const m = JSON.parse(String(e.data));
          if (m.id === id) ok(m);
        };
        ws.send(JSON.stringify({ id, channel, payload }));
      });
    const examples = await ask<{ result: { model: unknown }[] }>(1, 'models:examples', {});
    const answer = await ask<{ ok: boolean; error?: { code?: string } }>(2, 'runs:start', {
      model: examples.result[0]!.model,
      options: { epochs: 1, limit: 500 },
    });
    ws.close();
    return answer;
  });
  expect(refusal).toMatchObject({ ok: false, error: { code: 'queue.per_client' } });

  await startRun(second, 'he-relu', 2, 1000);
  await waitStatus(second, 'queued', 30_000);
  expect(await byTest(second, 'queue-status').getAttribute('data-position')).toBe('1');
  expect(await byTest(second, 'queue-status').innerText()).toContain('대기 중 — 1번째 순서 (이 컴퓨터에서는 한 번에 1개씩 훈련합니다)');
  expect(await byTest(second, 'stop-button').isEnabled()).toBe(true);
  await second.screenshot({ path: join(SHOTS, 'ko-queued.png'), fullPage: true });

  // The queued run starts once the first ends, and completes.
  await waitStatus(second, 'running', 120_000);
  expect(await byTest(second, 'queue-status').count()).toBe(0);
  await waitStatus(second, 'completed', 120_000);
}

const DESKTOP_INFO: AppInfo = {
  app_version: '0.1.0',
  shell: 'electron',
  platform: 'linux',
  runs_dir: '/home/student/.config/Gradient Lab/runs',
  can_change_runs_dir: true,
  can_change_settings: true,
  can_browse: true,
  max_concurrent_runs: 1,
  max_runs_per_client: null,
  cpu_count: 2,
};

/** Runs in the page before the app: a stand-in for the preload's `window.gradientLab`, answering like main would. */
function installDesktopBridge(initial: AppInfo): void {
  let info = initial;
  const answers: Record<string, (req: Record<string, unknown>) => unknown> = {
    'app:info': () => info,
    'backends:probe': () => ({ active: 'wasm', requested: 'auto', attempts: [{ name: 'wasm', ok: true, reason: '' }] }),
    'models:examples': () => [],
    'settings:set-runs-dir': ({ path }) => {
      throw Object.assign(new Error(`path: cannot use ${JSON.stringify(path)} as the runs folder (EACCES)`), { field: 'path' });
    },
    'settings:browse-runs-dir': () => (info = { ...info, runs_dir: '/home/student/gradient-lab-runs' }),
    'settings:set-max-concurrent-runs': ({ value }) => (info = { ...info, max_concurrent_runs: Number(value) }),
  };
  (window as unknown as { gradientLab: unknown }).gradientLab = {
    invoke: async (channel: string, req: Record<string, unknown>) => {
      const answer = answers[channel];
      if (!answer) throw new Error(`${channel}: not offered by this stand-in`);
      return answer(req);
    },
    on: () => () => undefined,
  };
}

/** The page-wide chart redraw queue: slow redraws spread over frames, each chart once, latest task wins. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FRAME_BUDGET_MS, cancelRedraw, scheduleRedraw } from '../../src-renderer/features/training/charts/frame-budget.js';

afterEach(() => vi.restoreAllMocks());

function fakeFrames() {
  const frames: FrameRequestCallback[] = [];
  vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb));
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  return {
    advance: (ms: number) => (now += ms),
    /** Runs the pending frame; returns how many frames are still queued after it. */
    step: () => {
      frames.shift()?.(now);
      return frames.length;
    },
  };
}

describe('scheduleRedraw', () => {
  it('six 20 ms redraws take several frames, none over the budget by more than one redraw', () => {
    const f = fakeFrames();
    const done: number[] = [];
    for (let i = 0; i < 6; i++) scheduleRedraw({}, () => {
      f.advance(20);
      done.push(i);
    });
    const perFrame: number[] = [];
    let before = 0;
    do {
      f.step();
      perFrame.push(done.length - before);
      before = done.length;
    } while (done.length < 6 && perFrame.length < 10);
    expect(done).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Math.max(...perFrame) * 20).toBeLessThanOrEqual(FRAME_BUDGET_MS + 20);
    expect(perFrame.length).toBeGreaterThan(1);
  });

  it('a key scheduled twice redraws once with the latest task; a cancelled key not at all', () => {
    const f = fakeFrames();
    const a = {};
    const b = {};
    const calls: string[] = [];
    scheduleRedraw(a, () => calls.push('a1'));
    scheduleRedraw(a, () => calls.push('a2'));
    scheduleRedraw(b, () => calls.push('b'));
    cancelRedraw(b);
    f.step();
    expect(calls).toEqual(['a2']);
  });
});

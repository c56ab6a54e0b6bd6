/** Undo/redo history of the model editor: bounded stacks, redo cleared by a new edit, typing coalesced by an injected clock. */
import { describe, expect, it } from 'vitest';
import { COALESCE_MS, History, HISTORY_LIMIT } from '../../src-renderer/features/editor/history.js';

/** A clock the test moves by hand. */
function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('History', () => {
  it('starts with nothing to undo or redo', () => {
    const h = new History('a');
    expect(h.present).toBe('a');
    expect([h.canUndo, h.canRedo]).toEqual([false, false]);
    expect(h.undo()).toBeNull();
    expect(h.redo()).toBeNull();
    expect(h.present).toBe('a');
  });

  it('undoes and redoes 150 steps exactly', () => {
    const h = new History(0);
    for (let i = 1; i <= 150; i++) h.push(i);
    expect(h.undoDepth).toBe(150);
    for (let i = 149; i >= 0; i--) expect(h.undo()).toBe(i);
    expect(h.canUndo).toBe(false);
    expect(h.undo()).toBeNull();
    expect(h.redoDepth).toBe(150);
    for (let i = 1; i <= 150; i++) expect(h.redo()).toBe(i);
    expect(h.canRedo).toBe(false);
    expect(h.present).toBe(150);
  });

  it('keeps the newest HISTORY_LIMIT (200) steps and forgets the oldest', () => {
    expect(HISTORY_LIMIT).toBe(200);
    const h = new History(0);
    for (let i = 1; i <= 250; i++) h.push(i);
    expect(h.undoDepth).toBe(200);
    let last: number | null = null;
    while (h.canUndo) last = h.undo();
    expect(last).toBe(50);
  });

  it('bounds redo + undo together after undoing (redo re-pushes within the cap)', () => {
    const h = new History(0, { limit: 3 });
    for (let i = 1; i <= 5; i++) h.push(i);
    expect(h.undoDepth).toBe(3);
    h.undo();
    h.undo();
    expect([h.present, h.undoDepth, h.redoDepth]).toEqual([3, 1, 2]);
    h.redo();
    h.redo();
    expect([h.present, h.undoDepth, h.redoDepth]).toEqual([5, 3, 0]);
  });

  it('clears redo on a new push', () => {
    const h = new History('a');
    h.push('b');
    h.push('c');
    h.undo();
    expect(h.canRedo).toBe(true);
    h.push('d');
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBe('b');
    expect(h.undo()).toBe('a');
  });

  it('coalesces same-key pushes within the window, sliding with each keystroke', () => {
    const c = clock();
    const h = new History('', { now: c.now });
    for (const text of ['3', '30', '300']) {
      h.push(text, 'layers[1].units');
      c.advance(COALESCE_MS - 1);
    }
    expect(h.undoDepth).toBe(1);
    expect(h.present).toBe('300');
    expect(h.undo()).toBe('');
  });

  it.each<[string, (h: History<string>, c: ReturnType<typeof clock>) => void, number]>([
    ['a pause longer than the window', (h, c) => c.advance(COALESCE_MS + 1), 2],
    ['another field', (h) => h.push('x', 'layers[1].activation'), 3],
    ['an operation without a key', (h) => h.push('x'), 3],
    ['an undo and redo', (h) => (h.undo(), h.redo()), 2],
    ['breakCoalescing (e.g. a save)', (h) => h.breakCoalescing(), 2],
  ])('starts a new step after %s', (_name, between, steps) => {
    const c = clock();
    const h = new History('', { now: c.now });
    h.push('1', 'layers[1].units');
    between(h, c);
    h.push('12', 'layers[1].units');
    expect(h.undoDepth).toBe(steps);
  });

  it('does not merge the first keyed push into the previous unkeyed step', () => {
    const h = new History('a', { now: () => 0 });
    h.push('b');
    h.push('c', 'name');
    expect(h.undo()).toBe('b');
  });

  it('reset forgets everything', () => {
    const h = new History(1);
    h.push(2);
    h.undo();
    h.reset(9);
    expect([h.present, h.canUndo, h.canRedo]).toEqual([9, false, false]);
  });

  it('refuses a limit below 1', () => {
    expect(() => new History(0, { limit: 0 })).toThrow(RangeError);
  });
});

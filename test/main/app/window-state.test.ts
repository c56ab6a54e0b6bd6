import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  initialBounds,
  readWindowState,
  windowStateFile,
  writeWindowState,
  type InitialBounds,
  type Rect,
  type WindowState,
} from '../../../src-main/app/window-state.js';

const screen: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const right: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };
const state = (x: number, y: number, width = 1200, height = 800, maximized = false): WindowState => ({ bounds: { x, y, width, height }, maximized });

describe('initialBounds', () => {
  it.each<[string, WindowState | null, Rect[], InitialBounds]>([
    ['nothing stored', null, [screen], { ...DEFAULT_SIZE, maximized: false }],
    ['on the screen', state(100, 50), [screen], { x: 100, y: 50, width: 1200, height: 800, maximized: false }],
    ['on the second monitor', state(2000, 100), [screen, right], { x: 2000, y: 100, width: 1200, height: 800, maximized: false }],
    ['on an unplugged monitor', state(2000, 100), [screen], { width: 1200, height: 800, maximized: false }],
    ['title bar above the screen', state(100, -500), [screen], { width: 1200, height: 800, maximized: false }],
    ['larger than every screen', state(0, 0, 5000, 3000), [screen], { x: 0, y: 0, width: 1920, height: 1040, maximized: false }],
    ['tiny', state(10, 10, 200, 100), [screen], { x: 10, y: 10, width: 800, height: 600, maximized: false }],
    ['maximized', state(0, 0, 1200, 800, true), [screen], { x: 0, y: 0, width: 1200, height: 800, maximized: true }],
  ])('%s', (_name, saved, areas, expected) => {
    expect(initialBounds(saved, areas)).toEqual(expected);
  });
});

describe('window-state.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-win-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips', () => {
    writeWindowState(dir, state(5, 6, 900, 700, true));
    expect(readWindowState(dir)).toEqual(state(5, 6, 900, 700, true));
  });

  it.each([
    ['garbage', 'xx'],
    ['a missing size', JSON.stringify({ bounds: { x: 0, y: 0 }, maximized: false })],
    ['a fractional size', JSON.stringify(state(0, 0, 800.5, 600))],
    ['an absurd position', JSON.stringify(state(1e9, 0))],
    ['a string flag', JSON.stringify({ ...state(0, 0), maximized: 'yes' })],
  ])('%s → null (defaults)', (_name, text) => {
    writeFileSync(windowStateFile(dir), text);
    expect(readWindowState(dir, () => undefined)).toBeNull();
  });
});

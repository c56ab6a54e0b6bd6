/**
 * Remembers the main window's size and position between sessions
 * (window-state.json in userData). A saved position is used only if the window
 * would still be visible: monitors get unplugged.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file.js';

/** A rectangle in screen pixels (Electron's Rectangle). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is stored. */
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/** Options for the BrowserWindow: size always, position only when it is on a screen. */
export interface InitialBounds {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

/** Default and minimum window sizes in pixels. */
export const DEFAULT_SIZE = { width: 1280, height: 860 } as const;
export const MIN_SIZE = { width: 800, height: 600 } as const;

const coord = z.number().int().min(-100_000).max(100_000);
const size = z.number().int().min(100).max(100_000);
const stateSchema = z.object({
  bounds: z.object({ x: coord, y: coord, width: size, height: size }),
  maximized: z.boolean(),
});

/** Path of window-state.json in a userData folder. */
export function windowStateFile(userData: string): string {
  return join(userData, 'window-state.json');
}

/** Reads the stored state; null when missing or invalid. */
export function readWindowState(userData: string, warn?: (line: string) => void): WindowState | null {
  return readJsonFile(windowStateFile(userData), stateSchema, warn);
}

/** Stores the state. */
export function writeWindowState(userData: string, state: WindowState): void {
  writeJsonFile(windowStateFile(userData), state);
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Fits a stored state to today's screens (their work areas). Example: bounds on a
 * monitor that is gone → same size, no position (the OS centres the window);
 * bounds larger than every screen → shrunk to the largest one.
 */
export function initialBounds(state: WindowState | null, workAreas: readonly Rect[]): InitialBounds {
  if (!state) return { ...DEFAULT_SIZE, maximized: false };
  const largest = workAreas.reduce<Rect | null>((best, r) => (!best || r.width * r.height > best.width * best.height ? r : best), null);
  const width = Math.max(MIN_SIZE.width, Math.min(state.bounds.width, largest?.width ?? state.bounds.width));
  const height = Math.max(MIN_SIZE.height, Math.min(state.bounds.height, largest?.height ?? state.bounds.height));
  const rect = { ...state.bounds, width, height };
  // At least a third of the window (and its title bar area) must be on some screen.
  const visible = workAreas.some((a) => overlap(rect, a) >= (width * height) / 3 && state.bounds.y >= a.y - 10);
  return visible ? { x: rect.x, y: rect.y, width, height, maximized: state.maximized } : { width, height, maximized: state.maximized };
}

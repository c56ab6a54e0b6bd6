/**
 * settings.json and window-state.json are written with the app's one atomic-write
 * helper (src-main/data/atomic.ts, the run store's): a write that fails leaves the
 * old file (or none) and no temp file in userData.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsFile, updateSettings } from '../../../src-main/app/settings.js';
import { windowStateFile, writeWindowState } from '../../../src-main/app/window-state.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function userData(): string {
  const d = mkdtempSync(join(tmpdir(), 'gl-settings-atomic-'));
  dirs.push(d);
  return d;
}

/** Makes `file` a non-empty folder, so that renaming a temp file over it fails (a real EISDIR). */
function blockWith(file: string): void {
  mkdirSync(file);
  writeFileSync(join(file, 'keep'), 'x');
}

describe('a failed settings write leaves no temp file behind', () => {
  it('updateSettings', () => {
    const u = userData();
    blockWith(settingsFile(u));
    expect(() => updateSettings(u, { runs_dir: '/data/runs' })).toThrow();
    expect(readdirSync(u)).toEqual(['settings.json']);
  });

  it('writeWindowState', () => {
    const u = userData();
    blockWith(windowStateFile(u));
    expect(() => writeWindowState(u, { bounds: { x: 0, y: 0, width: 900, height: 700 }, maximized: false })).toThrow();
    expect(readdirSync(u)).toEqual(['window-state.json']);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanRecentFiles, readSettings, recentFilesStore, runsDirFor, settingsFile, updateSettings } from '../../../src-main/app/settings.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function userData(): string {
  const d = mkdtempSync(join(tmpdir(), 'gl-settings-'));
  dirs.push(d);
  return d;
}

describe('settings.json', () => {
  it('missing file → defaults: runs in <userData>/runs', () => {
    const u = userData();
    expect(readSettings(u)).toEqual({});
    expect(runsDirFor(u, readSettings(u))).toBe(join(u, 'runs'));
  });

  it.each([
    ['not JSON', '{runs_dir: /x', /not valid JSON/],
    ['a relative runs folder', JSON.stringify({ runs_dir: '../../elsewhere' }), /absolute/],
    ['a number', JSON.stringify({ runs_dir: 5 }), /runs_dir/],
    ['an array', '[]', /expected object/],
    ['an empty path', JSON.stringify({ runs_dir: '' }), /runs_dir/],
    ['zero trainings at once', JSON.stringify({ max_concurrent_runs: 0 }), /max_concurrent_runs/],
    ['a fractional number of trainings', JSON.stringify({ max_concurrent_runs: 1.5 }), /max_concurrent_runs/],
    ['a string number of trainings', JSON.stringify({ max_concurrent_runs: '4' }), /max_concurrent_runs/],
  ])('%s is ignored with a warning', (_name, text, warning) => {
    const u = userData();
    writeFileSync(settingsFile(u), text);
    const warnings: string[] = [];
    expect(readSettings(u, (l) => warnings.push(l))).toEqual({});
    expect(warnings.join('\n')).toMatch(warning);
  });

  it('keeps the number of trainings at once next to the runs folder', () => {
    const u = userData();
    updateSettings(u, { runs_dir: '/data/runs' });
    updateSettings(u, { max_concurrent_runs: 3 });
    expect(readSettings(u)).toEqual({ runs_dir: '/data/runs', max_concurrent_runs: 3 });
  });

  it('updateSettings stores the runs folder atomically and drops unknown keys', () => {
    const u = userData();
    writeFileSync(settingsFile(u), JSON.stringify({ runs_dir: '/old', theme: 'x' }));
    updateSettings(u, { runs_dir: '/data/runs' });
    expect(JSON.parse(readFileSync(settingsFile(u), 'utf8'))).toEqual({ runs_dir: '/data/runs' });
    expect(runsDirFor(u, readSettings(u))).toBe('/data/runs');
  });

  it('keeps the recent model files: absolute paths, each once, at most 10; a bad entry is dropped, not the file', () => {
    const u = userData();
    const store = recentFilesStore(u);
    expect(store.read()).toEqual([]);
    store.write(['/m/b.json', '/m/a.json']);
    expect(readSettings(u)).toEqual({ recent_files: ['/m/b.json', '/m/a.json'] });
    updateSettings(u, { runs_dir: '/data/runs' });
    expect(store.read()).toEqual(['/m/b.json', '/m/a.json']);

    const many = Array.from({ length: 12 }, (_, i) => `/m/${i}.json`);
    writeFileSync(
      settingsFile(u),
      JSON.stringify({ runs_dir: '/data/runs', recent_files: ['relative.json', 7, '/m/x.json', '/m/x.json', '', ...many] }),
    );
    const warnings: string[] = [];
    expect(readSettings(u, (l) => warnings.push(l))).toEqual({ runs_dir: '/data/runs', recent_files: ['/m/x.json', ...many.slice(0, 9)] });
    expect(warnings).toEqual([]);
    writeFileSync(settingsFile(u), JSON.stringify({ runs_dir: '/data/runs', recent_files: 'not a list' }));
    expect(readSettings(u)).toEqual({ runs_dir: '/data/runs', recent_files: [] });
    expect(cleanRecentFiles(['/a.json', 'rel.json', 3, '/a.json', '/b\u0000.json'])).toEqual(['/a.json']);
  });
});

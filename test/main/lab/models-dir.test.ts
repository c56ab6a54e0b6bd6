/**
 * A teacher's models folder (`--models-dir D`): the flag is checked at start, and every
 * client's `models:examples` holds the bundled examples plus each valid `*.json` of D,
 * read again on each request; whatever is not a small, regular, valid model file is
 * skipped with its reason logged, and nothing in D can stall or crash the request.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LAB_USAGE, parseLabArgs } from '../../../src-main/lab/args.js';
import { LabConfigError } from '../../../src-main/lab/config.js';
import { startLabServer } from '../../../src-main/lab/server.js';
import { createAppServices } from '../../../src-main/services/app-services.js';
import { SHARED_MODELS_LIMITS } from '../../../src-main/services/examples.js';
import { MAX_MODEL_FILE_BYTES, type ExampleModel } from '../../../src-shared/ipc/contract.js';
import { tempDir } from '../../helpers/tmp.js';
import { connect, makeRendererFixture, TestClient } from './lab-fixture.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const example = (name: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../../examples/${name}.json`, import.meta.url)), 'utf8')) as Record<string, unknown> & { name: string };

function folder(): string {
  const t = tempDir('gl-models-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('--models-dir', () => {
  it('takes an existing folder, as an absolute path', () => {
    const dir = folder();
    const a = parseLabArgs(['--models-dir', dir], {});
    expect(a.help === false && a.options.modelsDir).toBe(dir);
    expect(LAB_USAGE).toMatch(/--models-dir D/);
  });

  it.each<[string, (dir: string) => string[], RegExp]>([
    ['a missing folder', (d) => ['--models-dir', join(d, 'nope')], /^--models-dir: cannot use ".*nope" \(ENOENT\)$/],
    ['a file', (d) => (writeFileSync(join(d, 'm.json'), '{}'), ['--models-dir', join(d, 'm.json')]), /^--models-dir: ".*m\.json" is not a folder$/],
    ['an empty value', () => ['--models-dir='], /^--models-dir: expected a folder, received ""$/],
    ['no value', () => ['--models-dir'], /--models-dir/],
  ])('refuses %s, naming the flag', (_label, argv, message) => {
    const args = argv(folder());
    expect(() => parseLabArgs(args, {})).toThrow(LabConfigError);
    expect(() => parseLabArgs(args, {})).toThrow(message);
  });
});

describe('models:examples with a shared models folder', () => {
  function services(modelsDir: string) {
    const lines: string[] = [];
    const runs = folder();
    const s = createAppServices({ shell: 'lab', runsDir: runs, canChangeRunsDir: false, modelsDir, log: (l) => lines.push(l) });
    cleanups.push(() => s.dispose());
    const examples = () => s.handlers['models:examples']({}, { transport: 'lab', client: 'student' });
    return { examples, lines };
  }
  const shared = (list: ExampleModel[]) => list.filter((e) => e.source === 'shared');

  it('serves every valid *.json beside the bundled examples and skips the rest with a logged reason', async () => {
    const d = folder();
    const week1 = { ...example('he-relu'), name: 'Week 1: He + ReLU' };
    writeFileSync(join(d, 'week-1.json'), JSON.stringify(week1));
    // The same file name as a bundled example: both are listed, under different ids.
    const mine = { ...example('leaky-relu'), name: 'Teacher leaky' };
    writeFileSync(join(d, 'leaky-relu.json'), JSON.stringify(mine));
    writeFileSync(join(d, 'broken.json'), '{"format": "gradient-lab/model",');
    writeFileSync(join(d, 'zero-units.json'), JSON.stringify({ ...week1, layers: [{ kind: 'flatten' }, { kind: 'dense', units: 0 }] }));
    writeFileSync(join(d, 'notes.txt'), 'not a model');
    mkdirSync(join(d, 'folder.json'));
    execFileSync('mkfifo', [join(d, 'pipe.json')]);
    writeFileSync(join(d, 'huge.json'), '');
    truncateSync(join(d, 'huge.json'), MAX_MODEL_FILE_BYTES + 1);

    const { examples, lines } = services(d);
    const list = await examples();
    const bundled = list.filter((e) => e.source === 'bundled');
    expect(bundled.map((e) => e.id)).toContain('leaky-relu');
    expect(bundled.find((e) => e.id === 'leaky-relu')?.model.name).not.toBe('Teacher leaky');
    expect(shared(list).map((e) => [e.id, e.model.name])).toEqual([
      ['shared:leaky-relu', 'Teacher leaky'],
      ['shared:week-1', 'Week 1: He + ReLU'],
    ]);
    expect(new Set(list.map((e) => e.id)).size).toBe(list.length);
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.includes('broken.json'))).toMatch(/broken\.json skipped: not a valid model document/);
    expect(lines.find((l) => l.includes('zero-units.json'))).toMatch(/zero-units\.json skipped: not a valid model document \(.*layers\[1\]\.units/);
    expect(lines.find((l) => l.includes('folder.json'))).toMatch(/it is a directory, not a regular file/);
    expect(lines.find((l) => l.includes('pipe.json'))).toMatch(/not a regular file/);
    expect(lines.find((l) => l.includes('huge.json'))).toMatch(/is too large for a model file/);
  });

  it('reads the folder again on each request: a file added during the class appears, a removed one goes, reasons are logged once', async () => {
    const d = folder();
    writeFileSync(join(d, 'a.json'), JSON.stringify({ ...example('he-relu'), name: 'A' }));
    writeFileSync(join(d, 'bad.json'), 'nope');
    const { examples, lines } = services(d);
    expect(shared(await examples()).map((e) => e.id)).toEqual(['shared:a']);
    writeFileSync(join(d, 'b.json'), JSON.stringify({ ...example('elu-he'), name: 'B' }));
    rmSync(join(d, 'a.json'));
    expect(shared(await examples()).map((e) => e.id)).toEqual(['shared:b']);
    expect(lines.filter((l) => l.includes('bad.json'))).toHaveLength(1);
    // The folder itself gone: the bundled examples still come, and the reason is logged.
    rmSync(d, { recursive: true });
    const after = await examples();
    expect(shared(after)).toEqual([]);
    expect(after.length).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(/the folder cannot be read \(ENOENT\)/);
  });

  it(`serves at most ${SHARED_MODELS_LIMITS.files} files, in name order`, async () => {
    const d = folder();
    const text = JSON.stringify({ ...example('he-relu'), name: 'many' });
    for (let i = 0; i <= SHARED_MODELS_LIMITS.files; i++) writeFileSync(join(d, `m${String(i).padStart(3, '0')}.json`), text);
    const { examples, lines } = services(d);
    const ids = shared(await examples()).map((e) => e.id);
    expect(ids).toHaveLength(SHARED_MODELS_LIMITS.files);
    expect(ids.at(-1)).toBe(`shared:m${String(SHARED_MODELS_LIMITS.files - 1).padStart(3, '0')}`);
    expect(lines).toEqual([expect.stringMatching(/1 file\(s\) after m199\.json skipped: at most 200 files are served/)]);
  });

  it('reaches lab clients over the WebSocket', async () => {
    const d = folder();
    writeFileSync(join(d, 'week-2.json'), JSON.stringify({ ...example('selu-100'), name: 'Week 2' }));
    const fixture = makeRendererFixture();
    cleanups.push(fixture.cleanup);
    const args = parseLabArgs(['--models-dir', d, '--runs-dir', fixture.runs, '--renderer-dir', fixture.renderer], {});
    if (args.help) throw new Error('unexpected --help');
    const lab = await startLabServer({ ...args.options, log: () => undefined });
    cleanups.push(() => lab.close());
    const h = await connect(`ws://127.0.0.1:${lab.port}/ws`);
    if (!h.open) throw new Error(`refused: ${h.status}`);
    cleanups.push(() => h.ws.terminate());
    const m = await new TestClient(h.ws).request('models:examples', {});
    const list = 'result' in m ? (m.result as ExampleModel[]) : [];
    expect(shared(list).map((e) => [e.id, e.model.name, e.model.layers.length])).toEqual([['shared:week-2', 'Week 2', (example('selu-100').layers as unknown[]).length]]);
  });
});

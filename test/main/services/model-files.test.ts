/**
 * `files:*` over the contract, with injected dialogs on temp folders: open and save through
 * the dialogs, the recent list (newest first, at most 10, gone files dropped), and the
 * refusals: a path the renderer names that main never put on the list (traversal strings
 * included), a FIFO, a file over the limit, a non-model text, and lab mode.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MODEL_FILE_BYTES, MAX_RECENT_FILES } from '../../../src-shared/ipc/contract.js';
import { checkRequest } from '../../../src-shared/ipc/schemas.js';
import { serializeModel } from '../../../src-shared/model/index.js';
import { MAX_MODEL_BYTES } from '../../../src-main/cli/model-file.js';
import { createAppServices } from '../../../src-main/services/app-services.js';
import { dispatch } from '../../../src-main/services/dispatch.js';
import { memoryRecentFiles, withRecent, type ModelFileDialogs } from '../../../src-main/services/model-files.js';
import { loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ctx = { transport: 'ipc', client: 'local' } as const;
const posix = process.platform !== 'win32';
const MODEL_TEXT = serializeModel(loadExample('leaky-relu'));

/** Dialog fakes: each answers the next queued path (or null: cancelled) and records what it was shown. */
function fakeDialogs() {
  const opens: (string | null)[] = [];
  const saves: (string | null)[] = [];
  const shown = { open: [] as (string | null)[], save: [] as string[] };
  const dialogs: ModelFileDialogs = {
    open: async (dir) => {
      shown.open.push(dir);
      return opens.shift() ?? null;
    },
    save: async (path) => {
      shown.save.push(path);
      return saves.shift() ?? null;
    },
  };
  return { dialogs, opens, saves, shown };
}

function setup(over: Partial<Parameters<typeof createAppServices>[0]> = {}) {
  const t = tempDir('gl-model-files-');
  const fake = fakeDialogs();
  const recent = memoryRecentFiles();
  const s = createAppServices({
    shell: 'electron',
    runsDir: join(t.dir, 'runs'),
    canChangeRunsDir: true,
    log: () => undefined,
    fileDialogs: fake.dialogs,
    recentFiles: recent,
    ...over,
  });
  cleanups.push(t.cleanup, () => s.dispose());
  const file = (name: string, text = MODEL_TEXT) => {
    const p = join(t.dir, name);
    writeFileSync(p, text);
    return p;
  };
  const call = (channel: Parameters<typeof dispatch>[1], payload: unknown) => dispatch(s.handlers, channel, payload, ctx);
  return { s, dir: t.dir, fake, recent, file, call };
}

describe('files:open', () => {
  it('reads the file the dialog chose, puts it on the recent list, and starts the next dialog in its folder', async () => {
    const { fake, file, call, dir } = setup();
    const path = file('net.json');
    fake.opens.push(path);
    expect(await call('files:open', {})).toEqual({ ok: true, result: { path, name: 'net.json', text: MODEL_TEXT } });
    expect(await call('files:recent', {})).toEqual({ ok: true, result: [{ path, name: 'net.json' }] });
    expect(await call('files:open', {})).toEqual({ ok: true, result: null });
    expect(fake.shown.open).toEqual([null, dir]);
  });

  it('answers the text of an invalid document too (the renderer reports its problems) and remembers it', async () => {
    const { fake, file, call } = setup();
    const path = file('broken.json', '{ "format": ');
    fake.opens.push(path);
    expect(await call('files:open', {})).toMatchObject({ ok: true, result: { text: '{ "format": ' } });
    expect(await call('files:recent', {})).toMatchObject({ ok: true, result: [{ path }] });
  });

  it('refuses a file over 4 MiB (the CLI’s limit) without remembering it', async () => {
    expect(MAX_MODEL_FILE_BYTES).toBe(MAX_MODEL_BYTES);
    const { fake, dir, call } = setup();
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_MODEL_FILE_BYTES + 1); // sparse: refused from its size, nothing read
    fake.opens.push(huge);
    const r = await call('files:open', {});
    expect(r).toMatchObject({ ok: false, error: { field: 'path' } });
    if (!r.ok) expect(r.error.message).toMatch(new RegExp(`^${huge}: .*4 MiB|^${huge}: .*4194304`));
    expect(await call('files:recent', {})).toEqual({ ok: true, result: [] });
  });

  it.skipIf(!posix)('refuses a FIFO at once, naming it, instead of blocking on it', async () => {
    const { fake, dir, call } = setup();
    const fifo = join(dir, 'model.json');
    execFileSync('mkfifo', [fifo]);
    fake.opens.push(fifo);
    const started = Date.now();
    const r = await call('files:open', {});
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r).toMatchObject({ ok: false, error: { field: 'path' } });
    if (!r.ok) expect(r.error.message).toMatch(new RegExp(`^${fifo}: .*FIFO`, 'i'));
  });

  it('refuses a directory, naming it', async () => {
    const { fake, dir, call } = setup();
    mkdirSync(join(dir, 'folder.json'));
    fake.opens.push(join(dir, 'folder.json'));
    const r = await call('files:open', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/folder\.json: .*directory/);
  });
});

describe('files:open-recent', () => {
  it('reads a path on the recent list again and moves it to the front', async () => {
    const { fake, file, call } = setup();
    const a = file('a.json');
    const b = file('b.json');
    fake.opens.push(a, b);
    await call('files:open', {});
    await call('files:open', {});
    writeFileSync(a, MODEL_TEXT.replace('LeakyReLU', 'Edited'));
    expect(await call('files:open-recent', { path: a })).toMatchObject({ ok: true, result: { path: a, name: 'a.json', text: expect.stringContaining('Edited') } });
    expect(await call('files:recent', {})).toMatchObject({ ok: true, result: [{ path: a }, { path: b }] });
  });

  it('refuses a readable file that is not on the list, naming it', async () => {
    const { file, call } = setup();
    const other = file('never-opened.json');
    const r = await call('files:open-recent', { path: other });
    expect(r).toMatchObject({ ok: false, error: { field: 'path' } });
    if (!r.ok) expect(r.error.message).toBe(`path: ${JSON.stringify(other)} is not on the recent-files list; the app reads only files opened or saved through its own dialogs`);
  });

  it.each([
    ['a relative traversal', '../../etc/passwd', /absolute/],
    ['a traversal inside an absolute path', '/tmp/models/../../etc/passwd', /"\." or "\.\."/],
    ['a dot segment', '/tmp/./net.json', /"\." or "\.\."/],
    ['a Windows traversal', 'C:\\models\\..\\Windows\\win.ini', /"\." or "\.\."/],
    ['a drive-relative Windows path', 'C:net.json', /absolute/],
    ['a NUL byte', '/tmp/net.json\u0000.txt', /NUL/],
    ['an empty path', '', /path: /],
    ['a number', 5, /path: /],
    ['an extra key', { path: '/tmp/a.json', force: true }, /unknown key/],
  ])('refuses %s before any handler runs', async (_what, value, message) => {
    const { call } = setup();
    const payload = typeof value === 'object' && value !== null ? value : { path: value };
    const r = await call('files:open-recent', payload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(message);
  });

  it('refuses an absolute path that only resolves to a listed one (the list is compared exactly)', async () => {
    const { fake, file, call, dir } = setup();
    const a = file('a.json');
    fake.opens.push(a);
    await call('files:open', {});
    const r = await call('files:open-recent', { path: `${dir}//a.json` });
    expect(r.ok).toBe(false);
  });

  it('drops a listed file that is gone, and files:recent no longer offers it', async () => {
    const { fake, file, call } = setup();
    const a = file('a.json');
    const b = file('b.json');
    fake.opens.push(a, b);
    await call('files:open', {});
    await call('files:open', {});
    rmSync(a);
    expect(await call('files:recent', {})).toEqual({ ok: true, result: [{ path: b, name: 'b.json' }] });
    rmSync(b);
    const r = await call('files:open-recent', { path: b });
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('ENOENT') } });
    expect(await call('files:recent', {})).toEqual({ ok: true, result: [] });
  });

  it.skipIf(!posix)('refuses a listed path that has become a FIFO', async () => {
    const { fake, file, call } = setup();
    const a = file('a.json');
    fake.opens.push(a);
    await call('files:open', {});
    rmSync(a);
    execFileSync('mkfifo', [a]);
    const r = await call('files:open-recent', { path: a });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/FIFO/i);
  });
});

describe('files:save', () => {
  it('asks where with the name as default, writes atomically, remembers; next time the dialog starts beside it', async () => {
    const { fake, call, dir } = setup();
    const target = join(dir, 'out', 'mine.json');
    mkdirSync(join(dir, 'out'));
    fake.saves.push(target, null);
    expect(await call('files:save', { text: MODEL_TEXT, name: 'mine.json' })).toEqual({ ok: true, result: { path: target, name: 'mine.json' } });
    expect(readFileSync(target, 'utf8')).toBe(MODEL_TEXT);
    expect(readdirSync(join(dir, 'out'))).toEqual(['mine.json']); // no temp file left
    expect(await call('files:save', { text: MODEL_TEXT, name: 'other.json' })).toEqual({ ok: true, result: null });
    expect(fake.shown.save).toEqual(['mine.json', join(dir, 'out', 'other.json')]);
    expect(await call('files:recent', {})).toMatchObject({ ok: true, result: [{ path: target }] });
  });

  it('overwrites a path on the recent list without a dialog', async () => {
    const { fake, file, call } = setup();
    const a = file('a.json');
    fake.opens.push(a);
    await call('files:open', {});
    const edited = MODEL_TEXT.replace('LeakyReLU', 'Edited');
    expect(await call('files:save', { text: edited, name: 'a.json', path: a })).toEqual({ ok: true, result: { path: a, name: 'a.json' } });
    expect(readFileSync(a, 'utf8')).toBe(edited);
    expect(fake.shown.save).toEqual([]);
  });

  it('refuses to overwrite a path that is not on the list, and writes nothing', async () => {
    const { file, call } = setup();
    const victim = file('victim.json', 'precious');
    const r = await call('files:save', { text: MODEL_TEXT, name: 'victim.json', path: victim });
    expect(r).toMatchObject({ ok: false, error: { field: 'path' } });
    if (!r.ok) expect(r.error.message).toContain(`${JSON.stringify(victim)} is not on the recent-files list; the app overwrites only`);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it.each([
    ['a traversal path', { text: MODEL_TEXT, name: 'a.json', path: '/tmp/../etc/passwd' }, 'path'],
    ['a name with a folder', { text: MODEL_TEXT, name: '../../.bashrc' }, 'name'],
    ['a Windows name with a folder', { text: MODEL_TEXT, name: '..\\evil.json' }, 'name'],
    ['".." as the name', { text: MODEL_TEXT, name: '..' }, 'name'],
    ['a text over 4 MiB', { text: 'x'.repeat(MAX_MODEL_FILE_BYTES + 1), name: 'a.json' }, null],
  ])('refuses %s', async (_what, payload, field) => {
    const { fake, call } = setup();
    fake.saves.push('/should/not/be/used.json');
    const r = await call('files:save', payload);
    expect(r.ok).toBe(false);
    if (!r.ok && field) expect(r.error.field).toBe(field);
    expect(fake.shown.save).toEqual([]);
  });

  it('writes nothing but a model document', async () => {
    const { fake, call, dir } = setup();
    const target = join(dir, 'x.json');
    fake.saves.push(target);
    const r = await call('files:save', { text: '#!/bin/sh\nrm -rf ~\n', name: 'x.json' });
    expect(r).toMatchObject({ ok: false, error: { field: 'text', message: expect.stringContaining('not a valid model document') } });
    expect(readdirSync(dir).filter((f) => f.startsWith('x.json'))).toEqual([]);
  });

  it.skipIf(!posix)('refuses to save over a FIFO the dialog chose, and replaces the file a link points at (not the link)', async () => {
    const { fake, file, call, dir } = setup();
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    fake.saves.push(fifo);
    const r = await call('files:save', { text: MODEL_TEXT, name: 'pipe.json' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/pipe\.json: cannot save over it: it is a FIFO/);

    const real = file('real.json', '{}');
    const link = join(dir, 'link.json');
    symlinkSync(real, link);
    fake.saves.push(link);
    expect(await call('files:save', { text: MODEL_TEXT, name: 'link.json' })).toMatchObject({ ok: true });
    expect(readFileSync(real, 'utf8')).toBe(MODEL_TEXT);
  });
});

describe('the recent list', () => {
  it('keeps the newest MAX_RECENT_FILES, newest first, each once', async () => {
    expect(withRecent(['/a.json', '/b.json'], '/b.json')).toEqual(['/b.json', '/a.json']);
    const { fake, file, call } = setup();
    const paths = Array.from({ length: MAX_RECENT_FILES + 2 }, (_, i) => file(`m${i}.json`));
    fake.opens.push(...paths);
    for (let i = 0; i < paths.length; i++) await call('files:open', {});
    const r = await call('files:recent', {});
    expect(r.ok && (r.result as { path: string }[]).map((f) => f.path)).toEqual([...paths].reverse().slice(0, MAX_RECENT_FILES));
    // The oldest fell off the list, so it can no longer be reopened by path.
    expect((await call('files:open-recent', { path: paths[0] })).ok).toBe(false);
  });

  it('a list that cannot be written does not fail the open', async () => {
    const { fake, file, call } = setup({ recentFiles: { read: () => [], write: () => { throw new Error('ENOSPC'); } } });
    const a = file('a.json');
    fake.opens.push(a);
    expect(await call('files:open', {})).toMatchObject({ ok: true, result: { path: a } });
  });
});

describe('lab mode', () => {
  it.each([
    ['files:open', {}],
    ['files:save', { text: MODEL_TEXT, name: 'a.json' }],
    ['files:recent', {}],
    ['files:open-recent', { path: '/tmp/a.json' }],
  ] as const)('refuses %s (no dialogs; can_browse is false)', async (channel, payload) => {
    const { s } = setup({ shell: 'lab', canChangeRunsDir: false });
    expect((await s.handlers['app:info']({}, ctx)).can_browse).toBe(false);
    const r = await dispatch(s.handlers, channel, payload, { transport: 'lab', client: 'lab-x' });
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('only available in the desktop app') } });
  });
});

describe('payload schemas', () => {
  it.each([
    ['files:open', {}],
    ['files:recent', {}],
    ['files:open-recent', { path: '/home/me/net.json' }],
    ['files:open-recent', { path: 'C:\\Users\\me\\net.json' }],
    ['files:open-recent', { path: '\\\\server\\share\\net.json' }],
    ['files:save', { text: '{}', name: 'net.json' }],
    ['files:save', { text: '{}', name: '내 모델.json', path: '/home/me/net.json' }],
  ])('%s accepts %j', (channel, payload) => {
    expect(checkRequest(channel, payload).ok).toBe(true);
  });

  it('files:open takes no payload keys', () => {
    expect(checkRequest('files:open', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('unknown key') } });
  });
});

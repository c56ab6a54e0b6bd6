/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The file panel: open (valid, broken, duplicate keys, too large), save, the modified marker and
 * the close guard; in the desktop app through `files:*` (a fake api): Save over the open file,
 * "Save as…", the recent list, and main's refusals shown.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import FilePanel from '../../src-renderer/features/editor/panels/FilePanel.svelte';
import { fileNameFor, MAX_MODEL_FILE_BYTES } from '../../src-renderer/features/editor/panels/file-io.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { serializeModel } from '../../src-shared/model/index.js';
import type { FileRef, OpenedFile } from '../../src-shared/ipc/contract.js';
import { ApiError } from '../../src-renderer/lib/api-error.js';
import { editorWith, LEAKY_RELU, SELU_100 } from './editor-panels-fixtures.js';
import { fakeApi, type FakeHandlers } from './fake-api.js';

function renderPanel(shell: 'lab' | 'electron' = 'lab', handlers: FakeHandlers = { 'files:recent': async () => [] }) {
  const editor = editorWith(LEAKY_RELU, 'leaky-relu.json');
  const fake = fakeApi(handlers);
  render(FilePanel, { props: { editor, shell, api: fake.api } });
  return editor;
}

async function choose(file: File) {
  const input = screen.getByTestId<HTMLInputElement>('file-input');
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await fireEvent.change(input);
}

/** Captures downloads: the file name and the Blob's text. */
function captureDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  URL.createObjectURL = vi.fn((b: Blob) => {
    blobs.push(b);
    return `blob:test/${blobs.length}`;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return { names, text: (i: number) => blobs[i]!.text() };
}

beforeEach(() => locale.set('en'));

describe('fileNameFor', () => {
  it.each([
    ['my-net.json', 'x', 'json', 'my-net.json'],
    [null, 'LeakyReLU 300-100 (he_normal)', 'json', 'leakyrelu-300-100-he_normal.json'],
    [null, '', 'json', 'model.json'],
    [null, 'LeakyReLU 300-100 (he_normal)', 'py', 'leakyrelu_300_100_he_normal.py'],
    ['selu-100.json', 'x', 'py', 'selu_100.py'],
    [null, '내 모델', 'json', '내-모델.json'],
  ] as const)('(%s, %s, %s) → %s', (file, name, ext, expected) => {
    expect(fileNameFor(file, name, ext)).toBe(expected);
  });
});

describe('FilePanel', () => {
  it('opens a valid file under its name', async () => {
    const editor = renderPanel();
    await choose(new File([serializeModel(SELU_100)], 'deep-selu.json', { type: 'application/json' }));
    await waitFor(() => expect(editor.fileName).toBe('deep-selu.json'));
    expect(editor.doc.name).toBe(SELU_100.name);
    expect(editor.modified).toBe(false);
    expect(screen.getByTestId('file-name').textContent).toBe('deep-selu.json');
    expect(screen.getByTestId('file-status').textContent).toContain('Opened deep-selu.json.');
  });

  it.each([
    ['en', 'read a version-1 file; saved as version 2'],
    ['ko', '버전 1 파일을 읽었습니다. 저장하면 버전 2(으)로 저장됩니다'],
  ] as const)('opens a version-1 file as version 2 and says so (%s)', async (lang, note) => {
    locale.lang = lang;
    try {
      const editor = renderPanel();
      await choose(new File([serializeModel(SELU_100).replace('"version": 2', '"version": 1')], 'old.json'));
      await waitFor(() => expect(editor.fileName).toBe('old.json'));
      expect(editor.doc.version).toBe(2);
      expect(screen.getByTestId('file-migrated').textContent).toBe(note);
    } finally {
      locale.lang = 'en';
    }
  });

  it('a version-2 file opens without the note', async () => {
    const editor = renderPanel();
    await choose(new File([serializeModel(SELU_100)], 'new.json'));
    await waitFor(() => expect(editor.fileName).toBe('new.json'));
    expect(screen.queryByTestId('file-migrated')).toBeNull();
  });

  it.each([
    ['a JSON syntax error, with line and column', '{\n  "format": "gradient-lab/model",\n  "version": 1,,\n}', /\(root\): invalid JSON at line 3, column \d+/],
    [
      'a duplicate key',
      serializeModel(LEAKY_RELU).replace('"units": 300,', '"units": 300,\n      "units": 30,'),
      /layers\[1\]: duplicate key "units"/,
    ],
    ['a schema error', serializeModel(LEAKY_RELU).replace('"units": 300', '"units": 0'), /layers\[1\]\.units: /],
  ])('reports %s and keeps the open model', async (_what, text, expected) => {
    const editor = renderPanel();
    const before = editor.doc;
    await choose(new File([text], 'broken.json'));
    await waitFor(() => expect(screen.getByTestId('file-errors').textContent).toMatch(expected));
    expect(screen.getByTestId('file-errors').textContent).toContain('broken.json was not opened; the model in the editor is unchanged.');
    expect(editor.doc).toBe(before);
    expect(editor.fileName).toBe('leaky-relu.json');
  });

  it('refuses a file over the size limit without reading it', async () => {
    const editor = renderPanel();
    const big = new File(['x'.repeat(MAX_MODEL_FILE_BYTES + 1)], 'huge.json');
    const read = vi.spyOn(big, 'text');
    await choose(big);
    await waitFor(() => expect(screen.getByTestId('file-errors').textContent).toContain('huge.json is 4.0 MiB; a model file may be at most 4.0 MiB.'));
    expect(read).not.toHaveBeenCalled();
    expect(editor.fileName).toBe('leaky-relu.json');
  });

  it('asks before the file dialog when there are unsaved changes', async () => {
    const editor = renderPanel();
    const click = vi.spyOn(screen.getByTestId<HTMLInputElement>('file-input'), 'click').mockImplementation(() => {});
    await fireEvent.click(screen.getByTestId('file-open'));
    expect(click).toHaveBeenCalledTimes(1);

    editor.setModelField('name', 'Edited');
    await waitFor(() => expect(screen.getByTestId('file-modified').textContent).toContain('Modified'));
    await fireEvent.click(screen.getByTestId('file-open'));
    await fireEvent.click(await screen.findByTestId('confirm-cancel'));
    expect(click).toHaveBeenCalledTimes(1);
    await fireEvent.click(screen.getByTestId('file-open'));
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    expect(click).toHaveBeenCalledTimes(2);
  });

  it('saves canonical JSON under the file name and clears the modified marker', async () => {
    const downloads = captureDownloads();
    const editor = renderPanel();
    editor.setModelField('name', 'Renamed');
    await waitFor(() => screen.getByTestId('file-modified'));
    await fireEvent.click(screen.getByTestId('file-save'));
    expect(downloads.names).toEqual(['leaky-relu.json']);
    expect(await downloads.text(0)).toBe(serializeModel({ ...LEAKY_RELU, name: 'Renamed' }));
    expect(editor.modified).toBe(false);
    await waitFor(() => expect(screen.queryByTestId('file-modified')).toBeNull());
    expect(screen.getByTestId('file-status').textContent).toContain('Saved as leaky-relu.json.');
  });

  it('names a new model’s file after the model, and cannot save an invalid one', async () => {
    const downloads = captureDownloads();
    const editor = renderPanel();
    editor.newEmpty();
    editor.setLayerField(1, 'units', 'abc');
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('file-save').disabled).toBe(true));
    expect(screen.getByTestId('file-save-invalid').textContent).toContain('layers[1].units');
    editor.undo();
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('file-save').disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('file-save'));
    expect(downloads.names).toEqual(['untitled-model.json']);
    expect(editor.fileName).toBe('untitled-model.json');
  });

  it.each([
    ['lab', true, true],
    ['lab', false, false],
    // Main answers the cancelled unload with its Leave/Stay dialog (will-prevent-unload), so no trap.
    ['electron', true, true],
    ['electron', false, false],
  ] as const)('beforeunload in %s with modified=%s is cancelled: %s', async (shell, modified, cancelled) => {
    const editor = renderPanel(shell);
    if (modified) editor.setModelField('name', 'Edited');
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(cancelled);
  });
});

describe('FilePanel in the desktop app (files:*)', () => {
  const SELU_TEXT = serializeModel(SELU_100);
  const opened = (path: string, text = SELU_TEXT): OpenedFile => ({ path, name: path.split('/').at(-1)!, text });

  /** A main side in memory: dialogs answer from queues, the recent list is kept like main keeps it. */
  function desktop(opts: { open?: (OpenedFile | null)[]; save?: (string | null)[]; recent?: FileRef[] } = {}) {
    const opens = [...(opts.open ?? [])];
    const saves = [...(opts.save ?? [])];
    let recent: FileRef[] = [...(opts.recent ?? [])];
    const written = new Map<string, string>();
    const remember = (ref: FileRef) => (recent = [ref, ...recent.filter((r) => r.path !== ref.path)]);
    const fake = fakeApi({
      'files:recent': async () => recent,
      'files:open': async () => {
        const f = opens.shift() ?? null;
        if (f) remember({ path: f.path, name: f.name });
        return f;
      },
      'files:open-recent': async ({ path }) => {
        if (!recent.some((r) => r.path === path)) throw new ApiError(`path: "${path}" is not on the recent-files list`);
        return opened(path);
      },
      'files:save': async ({ text, name, path }) => {
        const target = path ?? saves.shift() ?? null;
        if (target === null) return null;
        written.set(target, text);
        const ref = { path: target, name: target.split('/').at(-1) ?? name };
        remember(ref);
        return ref;
      },
    });
    const editor = editorWith(LEAKY_RELU, null);
    render(FilePanel, { props: { editor, shell: 'electron', api: fake.api } });
    const channels = () => fake.calls.map((c) => c.channel);
    return { editor, fake, written, channels };
  }

  it('Open uses the native dialog through main (no file input click), and lists the file under Recent files', async () => {
    const d = desktop({ open: [opened('/home/me/deep-selu.json')] });
    const click = vi.spyOn(screen.getByTestId<HTMLInputElement>('file-input'), 'click');
    expect(screen.getByTestId('file-recent').textContent).toContain('Files you open or save here are listed');
    await fireEvent.click(screen.getByTestId('file-open'));
    await waitFor(() => expect(d.editor.fileName).toBe('deep-selu.json'));
    expect(click).not.toHaveBeenCalled();
    expect(d.editor.doc.name).toBe(SELU_100.name);
    expect(screen.getByTestId('file-status').textContent).toContain('Opened deep-selu.json.');
    await waitFor(() => expect(screen.getAllByTestId('file-recent-item').map((b) => b.getAttribute('title'))).toEqual(['/home/me/deep-selu.json']));
    expect(screen.getByText('Saves to /home/me/deep-selu.json.')).toBeTruthy();
  });

  it('a cancelled dialog changes nothing; an invalid file is reported with every problem', async () => {
    const d = desktop({ open: [null, opened('/m/broken.json', SELU_TEXT.replace('"units": 300', '"units": 0'))] });
    const before = d.editor.doc;
    await fireEvent.click(screen.getByTestId('file-open'));
    await waitFor(() => expect(d.channels().filter((c) => c === 'files:open')).toHaveLength(1));
    expect(d.editor.doc).toBe(before);
    await fireEvent.click(screen.getByTestId('file-open'));
    await waitFor(() => expect(screen.getByTestId('file-errors').textContent).toContain('broken.json was not opened'));
    expect(screen.getByTestId('file-errors').textContent).toMatch(/layers\[1\]\.units/);
    expect(d.editor.doc).toBe(before);
  });

  it('Save writes over the open file without asking; Save as… asks; both clear the modified marker', async () => {
    const d = desktop({ open: [opened('/m/net.json')], save: ['/m/copy.json'] });
    await fireEvent.click(screen.getByTestId('file-open'));
    await waitFor(() => expect(d.editor.fileName).toBe('net.json'));
    d.editor.setModelField('name', 'Renamed');
    await waitFor(() => screen.getByTestId('file-modified'));
    await fireEvent.click(screen.getByTestId('file-save'));
    await waitFor(() => expect(d.editor.modified).toBe(false));
    const expected = serializeModel({ ...SELU_100, name: 'Renamed' });
    expect(d.fake.calls.find((c) => c.channel === 'files:save')?.req).toEqual({ text: expected, name: 'net.json', path: '/m/net.json' });
    expect(d.written.get('/m/net.json')).toBe(expected);

    await fireEvent.click(screen.getByTestId('file-save-as'));
    await waitFor(() => expect(d.editor.fileName).toBe('copy.json'));
    expect(d.fake.calls.filter((c) => c.channel === 'files:save').at(-1)?.req).toEqual({ text: expected, name: 'net.json' });
    expect(screen.getByTestId('file-status').textContent).toContain('Saved as copy.json.');
    await waitFor(() => expect(screen.getAllByTestId('file-recent-item').map((b) => b.getAttribute('title'))).toEqual(['/m/copy.json', '/m/net.json']));
  });

  it('the open file’s path survives the panel being mounted again, and is forgotten once a preset replaces the document', async () => {
    const d = desktop({ open: [opened('/m/net.json')] });
    await fireEvent.click(screen.getByTestId('file-open'));
    await waitFor(() => expect(screen.getByTestId('file-panel').textContent).toContain('Saves to /m/net.json.'));
    cleanup();
    render(FilePanel, { props: { editor: d.editor, shell: 'electron', api: d.fake.api } });
    expect(screen.getByTestId('file-panel').textContent).toContain('Saves to /m/net.json.');
    d.editor.open(LEAKY_RELU, null);
    await waitFor(() => expect(screen.getByTestId('file-panel').textContent).toContain('Save asks where to save the file.'));
  });

  it('Save of a model from a preset (no file) asks where, with the model’s name as the default', async () => {
    const d = desktop({ save: [null] });
    d.editor.newEmpty();
    await fireEvent.click(screen.getByTestId('file-save'));
    await waitFor(() => expect(d.channels()).toContain('files:save'));
    expect(d.fake.calls.find((c) => c.channel === 'files:save')?.req).toMatchObject({ name: 'untitled-model.json' });
    expect(d.fake.calls.find((c) => c.channel === 'files:save')?.req).not.toHaveProperty('path');
    expect(d.editor.fileName).toBeNull();
  });

  it('a recent file reopens with one click, after asking about unsaved changes', async () => {
    const d = desktop({ recent: [{ path: '/m/a.json', name: 'a.json' }] });
    const item = await screen.findByTestId('file-recent-item');
    expect(item.getAttribute('aria-label')).toBe('Open /m/a.json');
    d.editor.setModelField('name', 'Edited');
    await fireEvent.click(item);
    await fireEvent.click(await screen.findByTestId('confirm-cancel'));
    expect(d.channels()).not.toContain('files:open-recent');
    await fireEvent.click(screen.getByTestId('file-recent-item'));
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(d.editor.fileName).toBe('a.json'));
    expect(d.fake.calls.find((c) => c.channel === 'files:open-recent')?.req).toEqual({ path: '/m/a.json' });
  });

  it('shows main’s refusal and keeps the model', async () => {
    const editor = renderPanel('electron', {
      'files:recent': async () => [],
      'files:open': async () => {
        throw new ApiError('/m/pipe.json: cannot read the model file: it is a FIFO (named pipe), not a regular file');
      },
    });
    await fireEvent.click(screen.getByTestId('file-open'));
    await waitFor(() => expect(screen.getByTestId('file-errors').textContent).toContain('it is a FIFO'));
    expect(screen.getByTestId('file-errors').textContent).toContain('The file was not opened; the model in the editor is unchanged.');
    expect(editor.fileName).toBe('leaky-relu.json');
  });

  it('in Korean', async () => {
    locale.set('ko');
    desktop();
    expect(await screen.findByText('최근 파일')).toBeTruthy();
    expect(screen.getByTestId('file-save-as').textContent).toContain('다른 이름으로 저장');
  });

  it('a lab page has neither Save as… nor the recent list, and never calls files:*', () => {
    const fake = fakeApi({});
    render(FilePanel, { props: { editor: editorWith(LEAKY_RELU, 'x.json'), shell: 'lab', api: fake.api } });
    expect(screen.queryByTestId('file-save-as')).toBeNull();
    expect(screen.queryByTestId('file-recent')).toBeNull();
    expect(fake.calls).toEqual([]);
  });
});


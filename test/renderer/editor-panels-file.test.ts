/// <reference path="../../src-renderer/env.d.ts" />
/** The file panel: open (valid, broken, duplicate keys, too large), save, the modified marker and the close guard. */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import FilePanel from '../../src-renderer/features/editor/panels/FilePanel.svelte';
import { fileNameFor, MAX_MODEL_FILE_BYTES } from '../../src-renderer/features/editor/panels/file-io.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { serializeModel } from '../../src-shared/model/index.js';
import { editorWith, LEAKY_RELU, SELU_100 } from './editor-panels-fixtures.js';

function renderPanel(shell: 'lab' | 'electron' = 'lab') {
  const editor = editorWith(LEAKY_RELU, 'leaky-relu.json');
  render(FilePanel, { props: { editor, shell } });
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
    ['electron', true, false],
  ] as const)('beforeunload in %s with modified=%s is cancelled: %s', async (shell, modified, cancelled) => {
    const editor = renderPanel(shell);
    if (modified) editor.setModelField('name', 'Edited');
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(cancelled);
  });
});

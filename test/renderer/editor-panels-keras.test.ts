/// <reference path="../../src-renderer/env.d.ts" />
/** The Keras panel: the script of the open model, Copy with feedback, Save as .py, and why there is none. */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import KerasPanel from '../../src-renderer/features/editor/panels/KerasPanel.svelte';
import { locale } from '../../src-renderer/i18n/index.js';
import type { ModelSpec } from '../../src-shared/model/index.js';
import { editorWith, LEAKY_RELU } from './editor-panels-fixtures.js';
import { fakeApi, type FakeHandlers } from './fake-api.js';

function renderPanel(handlers: FakeHandlers = {}) {
  const fake = fakeApi({
    'models:export-keras': async ({ model }) => ({ script: `# ${(model as ModelSpec).name}\nimport keras\n` }),
    ...handlers,
  });
  const editor = editorWith(LEAKY_RELU, 'leaky-relu.json');
  render(KerasPanel, { props: { api: fake.api, editor, debounceMs: 0 } });
  return { fake, editor };
}

function clipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(writeText) }, configurable: true });
  return navigator.clipboard.writeText as ReturnType<typeof vi.fn>;
}

beforeEach(() => locale.set('en'));

describe('KerasPanel', () => {
  it('shows the script main writes for the open model, and follows edits', async () => {
    const { fake, editor } = renderPanel();
    await waitFor(() => expect(screen.getByTestId('keras-code').textContent).toBe(`# ${LEAKY_RELU.name}\nimport keras\n`));
    expect(fake.calls).toEqual([{ channel: 'models:export-keras', req: { model: LEAKY_RELU } }]);
    editor.setModelField('name', 'Edited');
    await waitFor(() => expect(screen.getByTestId('keras-code').textContent).toContain('# Edited'));
  });

  it('copies the script and says so', async () => {
    const write = clipboard(async () => {});
    renderPanel();
    await fireEvent.click(await screen.findByTestId('keras-copy'));
    expect(write).toHaveBeenCalledWith(`# ${LEAKY_RELU.name}\nimport keras\n`);
    await waitFor(() => expect(screen.getByTestId('keras-feedback').textContent).toContain('Copied to the clipboard.'));
  });

  it('selects the code for Ctrl+C where the clipboard is refused', async () => {
    clipboard(() => Promise.reject(new DOMException('not allowed', 'NotAllowedError')));
    renderPanel();
    await fireEvent.click(await screen.findByTestId('keras-copy'));
    await waitFor(() => expect(screen.getByTestId('keras-feedback').textContent).toContain('press Ctrl+C'));
    expect(getSelection()?.toString()).toContain('import keras');
  });

  it('saves the script as a .py file named after the model file', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:test/1');
    URL.revokeObjectURL = vi.fn();
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    renderPanel();
    await fireEvent.click(await screen.findByTestId('keras-save'));
    expect(names).toEqual(['leaky_relu.py']);
    expect(screen.getByTestId('keras-feedback').textContent).toContain('Saved as leaky_relu.py.');
  });

  it('says why there is no script for an invalid model, and shows main’s refusal', async () => {
    const { editor } = renderPanel({ 'models:export-keras': () => Promise.reject(new Error('exporter crashed')) });
    await waitFor(() => expect(screen.getByTestId('keras-error').textContent).toContain('exporter crashed'));
    editor.setLayerField(3, 'units', -1);
    await waitFor(() => expect(screen.getByTestId('keras-invalid').textContent).toContain('layers[3].units'));
    expect(screen.queryByTestId('keras-copy')).toBeNull();
  });
});

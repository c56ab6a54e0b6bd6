/// <reference path="../../src-renderer/env.d.ts" />
/** The presets panel, its explanations table, and the discard-changes dialog it shares with the file panel. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ExampleModel } from '../../src-shared/ipc/contract.js';
import PresetsPanel from '../../src-renderer/features/editor/panels/PresetsPanel.svelte';
import { inPresetOrder, PRESETS, presetText } from '../../src-renderer/features/editor/presets.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { editorWith, LEAKY_RELU, SELU_100 } from './editor-panels-fixtures.js';
import { fakeApi } from './fake-api.js';

const EXAMPLES: ExampleModel[] = [
  { id: 'selu-100', model: SELU_100 },
  { id: 'leaky-relu', model: LEAKY_RELU },
];

function renderPanel(examples: () => Promise<ExampleModel[]> = async () => EXAMPLES) {
  const fake = fakeApi({ 'models:examples': examples });
  const editor = editorWith(LEAKY_RELU);
  render(PresetsPanel, { props: { api: fake.api, editor } });
  return { fake, editor };
}

const openButton = (id: string) => {
  const li = screen.getAllByTestId('preset').find((el) => el.dataset.id === id);
  const button = li?.querySelector('button');
  if (!button) throw new Error(`no preset ${id}`);
  return button;
};

beforeEach(() => locale.set('en'));

describe('preset explanations', () => {
  // From the project root, where vitest runs (under jsdom, import.meta.url is not a file: URL).
  const shipped = readdirSync(join(process.cwd(), 'examples'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();

  it('explain every shipped example, and only those, in both languages', () => {
    expect(PRESETS.map((p) => p.id).sort()).toEqual(shipped);
    for (const p of PRESETS) {
      expect(p.en.trim().length, p.id).toBeGreaterThan(40);
      expect(p.ko, p.id).toMatch(/[가-힣]/);
    }
  });

  it('order a list by the table, unknown ids last in their own order', () => {
    expect(inPresetOrder([{ id: 'selu-100' }, { id: 'x' }, { id: 'he-relu' }, { id: 'a' }]).map((e) => e.id)).toEqual([
      'he-relu',
      'selu-100',
      'x',
      'a',
    ]);
    expect(presetText('nope', 'en')).toBeNull();
  });
});

describe('PresetsPanel', () => {
  it('lists the examples in the chapter’s order with their explanation in the UI language', async () => {
    renderPanel();
    await waitFor(() => expect(screen.getAllByTestId('preset')).toHaveLength(3));
    expect(screen.getAllByTestId('preset').map((li) => li.dataset.id)).toEqual(['', 'leaky-relu', 'selu-100']);
    expect(screen.getAllByTestId('preset')[2]?.textContent).toContain(presetText('selu-100', 'en'));
    expect(screen.getAllByTestId('preset')[2]?.textContent).toContain('102 layers · Fashion-MNIST');
    locale.set('ko');
    await waitFor(() => expect(screen.getAllByTestId('preset')[2]?.textContent).toContain(presetText('selu-100', 'ko')));
    expect(screen.getAllByTestId('preset')[2]?.textContent).toContain('층 102개 · 패션 MNIST');
  });

  it('opens an example at once when nothing is modified', async () => {
    const { editor } = renderPanel();
    await waitFor(() => openButton('selu-100'));
    expect(openButton('selu-100').getAttribute('aria-label')).toBe(`Open ${SELU_100.name}`);
    await fireEvent.click(openButton('selu-100'));
    expect(editor.doc.name).toBe(SELU_100.name);
    expect(editor.fileName).toBeNull();
    expect(editor.modified).toBe(false);
    expect(screen.getByTestId('presets-status').textContent).toContain(`Opened “${SELU_100.name}”.`);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('asks before discarding unsaved changes: Escape keeps them, the confirm button discards', async () => {
    const { editor } = renderPanel();
    await waitFor(() => openButton('selu-100'));
    editor.setModelField('name', 'My edited net');
    openButton('selu-100').focus();
    await fireEvent.click(openButton('selu-100'));

    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('“My edited net” has changes that are not saved.');
    // Focus starts on the safe answer, and Tab stays inside the dialog.
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));
    await fireEvent.keyDown(screen.getByTestId('confirm-cancel'), { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(screen.getByTestId('confirm-ok'));
    await fireEvent.keyDown(screen.getByTestId('confirm-ok'), { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));

    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(editor.doc.name).toBe('My edited net');
    expect(document.activeElement).toBe(openButton('selu-100'));

    await fireEvent.click(openButton('selu-100'));
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    expect(editor.doc.name).toBe(SELU_100.name);
    expect(editor.modified).toBe(false);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('starts a new empty model, asking first when modified', async () => {
    const { editor } = renderPanel();
    editor.setModelField('name', 'Changed');
    await fireEvent.click(screen.getByTestId('preset-new'));
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    expect(editor.doc.layers).toHaveLength(2);
    expect(editor.modified).toBe(false);
    expect(editor.canUndo).toBe(false);
  });

  it('says why the list is missing and retries', async () => {
    let fail = true;
    renderPanel(async () => {
      if (fail) throw new Error('examples folder not found');
      return EXAMPLES;
    });
    await waitFor(() => expect(screen.getByTestId('presets-error').textContent).toContain('examples folder not found'));
    fail = false;
    await fireEvent.click(screen.getByText('Try again'));
    await waitFor(() => expect(screen.getAllByTestId('preset')).toHaveLength(3));
    expect(screen.queryByTestId('presets-error')).toBeNull();
  });
});

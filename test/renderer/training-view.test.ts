/// <reference path="../../src-renderer/env.d.ts" />
/** The training screen trains the model open in the editor: its card, its layers, Start, and an invalid draft. */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import TrainingView from '../../src-renderer/features/training/TrainingView.svelte';
import { locale } from '../../src-renderer/i18n/index.js';
import { TrainingState } from '../../src-renderer/state/training.svelte.js';
import { editorWith, LEAKY_RELU, SELU_100 } from './editor-panels-fixtures.js';
import { fakeApi } from './fake-api.js';

const RUN = '20261126-140000-leaky-relu-1a2b';

function renderView() {
  const fake = fakeApi({
    'runs:mine': async () => [],
    'runs:start': async ({ options }) => ({
      run_id: RUN,
      options: { epochs: options.epochs ?? 10, batch_size: options.batch_size ?? 32, seed: 42, limit: options.limit ?? null, backend: 'auto', dataset: 'fashion-mnist', optimizer: 'sgd', learning_rate: 0.001 },
      status: 'running',
      position: null,
    }),
  });
  const editor = editorWith(LEAKY_RELU, 'leaky-relu.json');
  const training = new TrainingState(fake.api);
  training.connect();
  const onEditModel = vi.fn();
  render(TrainingView, { props: { api: fake.api, training, editor, theme: 'light', online: true, maxConcurrent: 3, onEditModel } });
  return { fake, editor, onEditModel };
}

beforeEach(() => {
  locale.set('en');
  // Chart.js reports the missing canvas context of jsdom; that is expected here.
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

describe('training screen with the editor’s model', () => {
  it('shows the editor’s model: name, file, dataset, layer count, layers, and a way to the editor', async () => {
    const { onEditModel } = renderView();
    expect(screen.queryByTestId('example-picker')).toBeNull();
    expect(screen.getByTestId('editor-model-name').textContent).toBe(LEAKY_RELU.name);
    expect(screen.getByTestId('editor-model').textContent).toContain('File: leaky-relu.json');
    expect(screen.getByTestId('editor-model-dataset').textContent).toBe('Dataset: Fashion-MNIST');
    expect(screen.getByTestId('editor-model-layers').textContent).toBe('Layers: 6');
    const rows = screen.getAllByTestId('layer-row');
    expect(rows).toHaveLength(6);
    expect(rows[1]?.textContent).toMatch(/dense\s*300\s*linear\s*he_normal/);
    await fireEvent.click(screen.getByTestId('edit-model'));
    expect(onEditModel).toHaveBeenCalledTimes(1);
  });

  it('trains what the editor holds at the click, unsaved edits included', async () => {
    const { fake, editor } = renderView();
    editor.setLayerField(1, 'units', 200);
    await waitFor(() => expect(screen.getByTestId('editor-model-unsaved')).toBeTruthy());
    await fireEvent.input(screen.getByTestId('epochs-input'), { target: { value: '2' } });
    await fireEvent.click(screen.getByTestId('start-button'));
    await waitFor(() => expect(screen.getByTestId('run-status').dataset.status).toBe('running'));
    const req = fake.calls.find((c) => c.channel === 'runs:start')?.req as { model: typeof LEAKY_RELU; options: unknown };
    expect(req.model).toEqual(editor.validModel);
    expect(req.model.layers[1]).toMatchObject({ units: 200 });
    expect(req.options).toEqual({ epochs: 2, batch_size: 32, limit: 5000 });
  });

  it('refuses to train an invalid draft and says why', async () => {
    const { fake, editor } = renderView();
    editor.setLayerField(1, 'units', 'abc');
    await waitFor(() => expect(screen.getByTestId('editor-model').dataset.valid).toBe('false'));
    expect(screen.getByTestId('editor-model-invalid').textContent).toContain('cannot be trained until its problems are fixed (1)');
    expect(screen.getByTestId('editor-model-invalid').textContent).toContain('layers[1].units');
    expect(screen.getByTestId<HTMLButtonElement>('start-button').disabled).toBe(true);
    expect(screen.queryByTestId('layer-card')).toBeNull();
    await fireEvent.submit(screen.getByTestId('start-button').closest('form')!);
    expect(fake.calls.some((c) => c.channel === 'runs:start')).toBe(false);
  });

  it('takes the epochs and batch size of a newly opened model', async () => {
    const { editor } = renderView();
    expect(screen.getByTestId<HTMLInputElement>('epochs-input').value).toBe('10');
    editor.open(SELU_100, 'selu-100.json');
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>('epochs-input').value).toBe('5'));
    expect(screen.getByTestId('editor-model-layers').textContent).toBe('Layers: 102');
    locale.set('ko');
    await waitFor(() => expect(screen.getByTestId('editor-model-layers').textContent).toBe('층 102개'));
  });
});

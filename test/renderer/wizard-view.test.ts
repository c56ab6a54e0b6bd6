/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The wizard view rendered against a fake API: answering reorders the ranking, the first
 * question checks the editor's model, Apply rewrites the editor's model in one undoable
 * step, speeds appear beside each candidate, and a study's events fill the table with the
 * best candidate marked; both languages.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { parseModel } from '../../src-shared/model/validate.js';
import { summarizeModel } from '../../src-shared/model/summary.js';
import { CANDIDATE_ACTIVATIONS, type ActivationSpeedResponse, type CrossvalFinishedEvent, type CrossvalProgressEvent } from '../../src-shared/wizard/types.js';
import { EditorState } from '../../src-renderer/features/editor/editor.svelte.js';
import WizardView from '../../src-renderer/features/wizard/WizardView.svelte';
import { WizardState } from '../../src-renderer/features/wizard/wizard.svelte.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { fakeApi, type FakeHandlers } from './fake-api.js';
import leaky from '../../examples/leaky-relu.json';

const parsed = parseModel(leaky);
if (!parsed.ok) throw new Error('examples/leaky-relu.json is invalid');
const LEAKY: ModelSpec = parsed.model;

const SPEEDS: ActivationSpeedResponse = {
  backend: 'wasm',
  batch_size: 32,
  inference_batch: 256,
  speeds: CANDIDATE_ACTIVATIONS.map((a, i) => ({
    activation: a,
    train_step_ms: a === 'relu' ? 4 : 4 + i,
    inference_ms: a === 'relu' ? 2 : 2 + i / 2,
    train_relative: a === 'relu' ? 1 : (4 + i) / 4,
    inference_relative: a === 'relu' ? 1 : (2 + i / 2) / 2,
  })),
  measured_at: '2026-11-30T00:00:00.000Z',
  cached: false,
  startup_ms: 1500,
};

function progress(done: number, folds: CrossvalProgressEvent['folds'] = []): CrossvalProgressEvent {
  return {
    study_id: 'cv-0123456789ab',
    done,
    total: 4,
    folds,
    candidates: [
      { activation: 'elu', initializer: 'he_normal', fold_val_accuracy: [], mean: null, std: null },
      { activation: 'leaky_relu', initializer: 'he_normal', fold_val_accuracy: [], mean: null, std: null },
    ],
    eta_seconds: null,
    plan: { folds: 2, limit: 600, epochs: 1, candidates: ['elu', 'leaky_relu'] },
  };
}

function setup(handlers: FakeHandlers = {}) {
  const fake = fakeApi({ 'wizard:speeds': async () => SPEEDS, 'crossval:mine': async () => [], ...handlers });
  const editor = new EditorState();
  editor.open(LEAKY, null);
  const wizard = new WizardState(undefined);
  const opened = vi.fn();
  render(WizardView, { props: { api: fake.api, wizard, editor, visible: true, online: true, theme: 'light', onOpenEditor: opened } });
  return { fake, editor, wizard, opened };
}

const order = () => screen.getByTestId('wizard-ranking').getAttribute('data-order');

beforeEach(() => {
  locale.set('en');
  vi.spyOn(console, 'error').mockImplementation(() => {}); // Chart.js and jsdom's missing canvas
});

describe('WizardView', () => {
  it('reorders the ranking as questions are answered and changed', async () => {
    setup();
    expect(order()).toBe('elu,leaky_relu,relu,tanh,sigmoid');
    expect(screen.getByTestId('wizard-question').getAttribute('data-key')).toBe('self_normalizing');
    await fireEvent.click(screen.getByTestId('wizard-yes'));
    expect(order()).toBe('selu,elu,leaky_relu,relu,tanh,sigmoid');
    await fireEvent.click(screen.getByTestId('wizard-next'));
    await fireEvent.click(screen.getByTestId('wizard-yes')); // overfitting
    expect(order()).toBe('selu,rrelu,elu,leaky_relu,relu,tanh,sigmoid');
    // Reopen question 1 from the list and change it.
    await fireEvent.click(screen.getByTestId('wizard-step-self_normalizing'));
    await fireEvent.click(screen.getByTestId('wizard-no'));
    expect(order()).toBe('rrelu,elu,leaky_relu,relu,tanh,sigmoid');
    // Each candidate shows the rule that put it there, quoted.
    const rrelu = screen.getAllByTestId('wizard-candidate').find((e) => e.dataset['activation'] === 'rrelu')!;
    expect(rrelu.querySelector('[data-reason="overfitting"] q')?.textContent).toMatch(/overfitting/i);
  });

  it('checks the editor’s model against SELU’s conditions and offers the verdict as the answer', async () => {
    const { wizard } = setup();
    const conditions = screen.getAllByTestId('sn-condition').map((e) => `${e.dataset['condition']}:${e.dataset['ok']}`);
    expect(conditions).toEqual(['standardized_inputs:false', 'lecun_normal:false', 'sequential_dense:true', 'alpha_dropout:true']);
    expect(screen.getByTestId('sn-check').dataset['can']).toBe('true');
    await fireEvent.click(screen.getByTestId('sn-use-answer'));
    expect(wizard.answers.self_normalizing).toBe(true);
    expect(screen.queryByTestId('sn-use-answer')).toBeNull();
  });

  it('applies SELU to the editor’s model in one undoable step', async () => {
    const { editor, opened } = setup();
    await fireEvent.click(screen.getByTestId('wizard-yes')); // SELU is ranked only for a self-normalizing net
    await fireEvent.click(screen.getByTestId('wizard-apply-selu'));
    const hidden = summarizeModel(editor.doc).layers.flatMap((r) => (r.dense ? [r.dense] : [])).slice(0, -1);
    expect(hidden.map((d) => `${d.resolvedActivation}/${String(d.kernelInitializer)}`)).toEqual(['selu/lecun_normal', 'selu/lecun_normal']);
    expect(editor.doc.preprocess).toBe('standardize');
    expect(screen.getByTestId('wizard-notice').textContent).toContain('2 hidden layer(s) rewritten, inputs standardized');
    await fireEvent.click(screen.getByTestId('wizard-open-editor'));
    expect(opened).toHaveBeenCalledOnce();
    editor.undo();
    expect(editor.doc).toEqual(LEAKY);
  });

  it('says so when the model already uses the candidate', async () => {
    const { editor } = setup();
    // The lecture notes' net is already LeakyReLU (α 0.2) on He-initialized layers.
    await fireEvent.click(screen.getByTestId('wizard-apply-leaky_relu'));
    expect(screen.getByTestId('wizard-notice').textContent).toContain('nothing changed');
    expect(editor.canUndo).toBe(false);
    expect(editor.doc).toEqual(LEAKY);
  });

  it('shows the measured speeds relative to ReLU beside each candidate', async () => {
    setup();
    await waitFor(() => expect(screen.getByTestId('wizard-speeds').dataset['state']).toBe('ready'));
    const elu = screen.getAllByTestId('wizard-candidate').find((e) => e.dataset['activation'] === 'elu')!;
    const speed = within(elu).getByTestId('wizard-speed');
    expect(Number(speed.dataset['train'])).toBeCloseTo(1.25);
    expect(speed.textContent).toContain('1.3× (5.00 ms)');
    // The estimate of a study uses them: 3 candidates × 3 folds of 3,000 images at 2 epochs.
    expect(screen.getByTestId('cv-estimate').textContent).toMatch(/about \d\d:\d\d for 9 runs/);
  });

  it('refuses a study with a bad field, naming it, without asking main', async () => {
    const { fake } = setup();
    await fireEvent.input(screen.getByTestId('cv-folds-input'), { target: { value: '1' } });
    await fireEvent.click(screen.getByTestId('cv-start'));
    expect(document.getElementById('cv-folds-error')?.textContent).toBe('Folds (k): enter a whole number from 2 to 10.');
    expect(fake.calls.some((c) => c.channel === 'crossval:start')).toBe(false);
  });

  it('runs a study: sends the chosen candidates, fills the table as folds end and marks the best', async () => {
    const { fake } = setup({ 'crossval:start': async () => progress(0) });
    // The ranking's top three are ticked; untick the third.
    await fireEvent.click(screen.getByTestId('cv-candidate-relu'));
    await fireEvent.input(screen.getByTestId('cv-folds-input'), { target: { value: '2' } });
    await fireEvent.input(screen.getByTestId('cv-limit-input'), { target: { value: '600' } });
    await fireEvent.input(screen.getByTestId('cv-epochs-input'), { target: { value: '1' } });
    await fireEvent.click(screen.getByTestId('cv-start'));
    await waitFor(() => expect(screen.getByTestId('crossval-study').dataset['phase']).toBe('running'));
    const sent = fake.calls.find((c) => c.channel === 'crossval:start')?.req as { candidates: string[]; folds: number; limit: number; epochs: number };
    expect(sent).toMatchObject({ candidates: ['elu', 'leaky_relu'], folds: 2, limit: 600, epochs: 1 });
    expect(screen.getByTestId('cv-stop')).toBeTruthy();

    const end: CrossvalFinishedEvent = {
      ...progress(4),
      candidates: [
        { activation: 'elu', initializer: 'he_normal', fold_val_accuracy: [0.8, 0.82], mean: 0.81, std: 0.01 },
        { activation: 'leaky_relu', initializer: 'he_normal', fold_val_accuracy: [0.78, 0.8], mean: 0.79, std: 0.01 },
      ],
      status: 'completed',
      best: 'elu',
    };
    fake.emit('crossval:finished', end);
    await waitFor(() => expect(screen.getByTestId('crossval-study').dataset['phase']).toBe('completed'));
    expect(screen.getByTestId('cv-row-elu').textContent).toContain('81.00%');
    expect(screen.getByTestId('cv-row-elu').textContent).toContain('± 1.00%');
    expect(within(screen.getByTestId('cv-row-elu')).getByTestId('cv-best')).toBeTruthy();
    expect(within(screen.getByTestId('cv-row-leaky_relu')).queryByTestId('cv-best')).toBeNull();
    expect(screen.getByTestId('crossval-chart').getAttribute('aria-label')).toMatch(/mean/);
    expect(screen.queryByTestId('cv-stop')).toBeNull();
  });

  it('shows a refused start in the user’s language, naming the field', async () => {
    locale.set('ko');
    setup({
      'crossval:start': async () => Promise.reject({ message: 'limit: too large', field: 'limit' }),
    });
    expect(screen.getByTestId('wizard-question').textContent).toMatch(/자기정규화/);
    await fireEvent.click(screen.getByTestId('cv-start'));
    await waitFor(() => expect(screen.getByTestId('cv-error').textContent).toContain('limit'));
    expect(screen.getByTestId('crossval-form').textContent).toContain('교차검증');
  });
});

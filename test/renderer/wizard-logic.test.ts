/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The wizard's plain logic: the cross-validation form's checks and request, what "Apply"
 * changed, the stored answers, the speed cache key, and the state's study and speed flows
 * against a fake API.
 */
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { parseModel } from '../../src-shared/model/validate.js';
import { applyCandidate } from '../../src-shared/wizard/apply.js';
import type { ActivationSpeedResponse, CrossvalFinishedEvent, CrossvalProgressEvent } from '../../src-shared/wizard/types.js';
import { applyChanges, changedAnything } from '../../src-renderer/features/wizard/apply-summary.js';
import { crossvalDefaults, crossvalRequest, fieldRange } from '../../src-renderer/features/wizard/crossval-form.js';
import { defaultStudyCandidates, loadAnswers, speedKey, WIZARD_STORAGE_KEY, WizardState } from '../../src-renderer/features/wizard/wizard.svelte.js';
import { fakeApi } from './fake-api.js';
import leaky from '../../examples/leaky-relu.json';
import seluNet from '../../examples/self-normalizing.json';

function model(doc: unknown): ModelSpec {
  const r = parseModel(doc);
  if (!r.ok) throw new Error('invalid example');
  return r.model;
}
const LEAKY = model(leaky);
const SELU = model(seluNet);

describe('cross-validation form', () => {
  const cases: { name: string; candidates: string[]; values: Partial<Record<'folds' | 'limit' | 'epochs', string>>; problems: string[] }[] = [
    { name: 'defaults with two candidates', candidates: ['selu', 'elu'], values: {}, problems: [] },
    { name: 'one candidate', candidates: ['elu'], values: {}, problems: ['candidates'] },
    { name: 'five candidates', candidates: ['selu', 'elu', 'leaky_relu', 'relu', 'tanh'], values: {}, problems: ['candidates'] },
    { name: 'k = 1', candidates: ['selu', 'elu'], values: { folds: '1' }, problems: ['folds'] },
    { name: 'k = 11', candidates: ['selu', 'elu'], values: { folds: '11' }, problems: ['folds'] },
    { name: 'k not a number', candidates: ['selu', 'elu'], values: { folds: 'three' }, problems: ['folds'] },
    { name: 'limit beyond the training split', candidates: ['selu', 'elu'], values: { limit: '55001' }, problems: ['limit'] },
    { name: 'limit too small for its folds', candidates: ['selu', 'elu'], values: { folds: '10', limit: '19' }, problems: ['limit'] },
    { name: 'fractional epochs', candidates: ['selu', 'elu'], values: { epochs: '1.5' }, problems: ['epochs'] },
    { name: 'zero epochs', candidates: ['selu', 'elu'], values: { epochs: '0' }, problems: ['epochs'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = crossvalRequest(LEAKY, c.candidates as never, { ...crossvalDefaults(), ...c.values });
      expect(r.ok ? [] : Object.keys(r.problems).sort()).toEqual([...c.problems].sort());
    });
  }

  it('makes the request the IPC schema expects', () => {
    const r = crossvalRequest(LEAKY, ['selu', 'elu'], { folds: '2', limit: ' 600 ', epochs: '1' });
    expect(r).toEqual({ ok: true, request: { model: LEAKY, candidates: ['selu', 'elu'], folds: 2, limit: 600, epochs: 1 } });
  });

  it('bounds the subset by the dataset of the model (MNIST has 7,000 training images)', () => {
    expect(fieldRange('limit', { ...LEAKY, dataset: 'mnist' })).toEqual({ min: 20, max: 7000 });
    expect(fieldRange('limit', LEAKY)).toEqual({ min: 20, max: 55000 });
  });
});

describe('what Apply changed', () => {
  it('counts rewritten layers, standardized inputs and dropout conversions', () => {
    const after = applyCandidate(LEAKY, 'selu');
    expect(applyChanges(LEAKY, after)).toEqual({ layers: 2, preprocess: true, toAlphaDropout: 0, toDropout: 0 });
    expect(changedAnything(applyChanges(after, applyCandidate(after, 'selu')))).toBe(false);
  });

  it('counts alpha dropout going back to dropout when leaving SELU', () => {
    const withDropout = { ...SELU, layers: [...SELU.layers.slice(0, -1), { kind: 'alpha_dropout' as const, rate: 0.1 }, ...SELU.layers.slice(-1)] };
    const after = applyCandidate(withDropout, 'elu');
    const c = applyChanges(withDropout, after);
    expect(c.toDropout).toBe(withDropout.layers.filter((l) => l.kind === 'alpha_dropout').length);
    expect(c.toDropout).toBeGreaterThanOrEqual(1);
    expect(c.layers).toBeGreaterThan(0);
  });
});

describe('stored answers and the speed key', () => {
  it('reads stored answers, ignoring damage and unknown keys', () => {
    const store = (text: string) => ({ getItem: (k: string) => (k === WIZARD_STORAGE_KEY ? text : null) });
    expect(loadAnswers(store('{"overfitting":true,"huge_dataset":"yes","x":true}'))).toMatchObject({ overfitting: true, huge_dataset: false });
    expect(Object.values(loadAnswers(store('not json'))).every((v) => v === false)).toBe(true);
  });

  it('keys the speeds by shapes and batch size, not by activations or initializers', () => {
    expect(speedKey(LEAKY)).toBe('32|flatten,dense:300,leaky_relu,dense:100,leaky_relu,dense:10');
    expect(speedKey(applyCandidate(LEAKY, 'relu'))).not.toBe(speedKey(LEAKY)); // the LeakyReLU layers are gone
    expect(speedKey({ ...LEAKY, training: { ...LEAKY.training, batch_size: 256 } })).toMatch(/^256\|/);
  });
});

const SPEEDS: ActivationSpeedResponse = {
  backend: 'wasm',
  batch_size: 32,
  inference_batch: 256,
  speeds: [{ activation: 'relu', train_step_ms: 4, inference_ms: 2, train_relative: 1, inference_relative: 1 }],
  measured_at: '2026-11-30T00:00:00.000Z',
  cached: false,
  startup_ms: 1500,
};

function progress(done: number): CrossvalProgressEvent {
  return {
    study_id: 'cv-0123456789ab',
    done,
    total: 4,
    folds: [],
    candidates: [],
    eta_seconds: null,
    plan: { folds: 2, limit: 600, epochs: 1, candidates: ['selu', 'elu'] },
  };
}

describe('WizardState', () => {
  it('remembers answers, and the ranking follows them', () => {
    const saved = new Map<string, string>();
    const w = new WizardState({ setItem: (k, v) => void saved.set(k, v) });
    expect(w.recommendation.ranked[0]?.activation).toBe('elu');
    w.setAnswer('overfitting', true);
    expect(w.recommendation.ranked[0]?.activation).toBe('rrelu');
    expect(JSON.parse(saved.get(WIZARD_STORAGE_KEY) ?? '{}')).toMatchObject({ overfitting: true });
    expect(defaultStudyCandidates(w.recommendation)).toEqual(['rrelu', 'elu', 'leaky_relu']);
  });

  it('measures speeds once per shape unless asked again', async () => {
    const fake = fakeApi({ 'wizard:speeds': async () => SPEEDS });
    const w = new WizardState(undefined);
    await w.measure(fake.api, LEAKY);
    await w.measure(fake.api, LEAKY);
    expect(fake.calls.filter((c) => c.channel === 'wizard:speeds')).toHaveLength(1);
    await w.measure(fake.api, LEAKY, true);
    expect(fake.calls.filter((c) => c.channel === 'wizard:speeds')).toHaveLength(2);
    expect(w.speeds).toEqual(SPEEDS);
  });

  it('keeps a refused measurement as an error naming the field', async () => {
    const fake = fakeApi({ 'wizard:speeds': async () => Promise.reject({ message: 'model: bad', field: 'model' }) });
    const w = new WizardState(undefined);
    await w.measure(fake.api, LEAKY);
    expect(w.speeds).toBeNull();
    expect(w.speedsError?.field).toBe('model');
    expect(w.measuring).toBe(false);
  });

  it('follows its own study from start to finish and ignores other studies', async () => {
    const fake = fakeApi({ 'crossval:start': async () => progress(0), 'crossval:mine': async () => [] });
    const w = new WizardState(undefined);
    const detach = w.attach(fake.api);
    await w.startStudy(fake.api, { model: LEAKY, candidates: ['selu', 'elu'], folds: 2, limit: 600, epochs: 1 });
    expect(w.studyPhase).toBe('running');
    fake.emit('crossval:progress', { ...progress(3), study_id: 'cv-ffffffffffff' });
    expect(w.study?.done).toBe(0);
    fake.emit('crossval:progress', progress(2));
    expect(w.study?.done).toBe(2);
    const end: CrossvalFinishedEvent = { ...progress(4), status: 'completed', best: 'selu' };
    fake.emit('crossval:finished', end);
    expect(w.studyPhase).toBe('completed');
    detach();
    expect(fake.listenerCount('crossval:progress')).toBe(0);
  });

  it('finds a study left running after a reload', async () => {
    const fake = fakeApi({ 'crossval:mine': async () => [progress(1)] });
    const w = new WizardState(undefined);
    w.attach(fake.api);
    await Promise.resolve();
    await Promise.resolve();
    expect(w.studyPhase).toBe('running');
    expect(w.study?.study_id).toBe('cv-0123456789ab');
  });
});

/// <reference path="../../src-renderer/env.d.ts" />
/** Both explorers rendered with a fake API: labelled inputs, marked regions in words, the engine's sample beside the theory. */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InitSampleRequest, InitSampleResponse } from '../../src-shared/ipc/contract.js';
import { ActivationExplorer, InitializerExplorer } from '../../src-renderer/features/explorers/index.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { ApiError } from '../../src-renderer/lib/api-error.js';
import { fakeApi } from './fake-api.js';

beforeEach(() => locale.set('en'));

function answer(req: InitSampleRequest, measured = 0.0506): InitSampleResponse {
  return { values: [-0.1, -0.05, 0, 0.02, 0.05, 0.1], measured_mean: 0.0001, measured_std: measured, expected_std: 0.0505, count: req.fan_in * req.fan_out, seed: req.seed ?? 1 };
}

describe('ActivationExplorer', () => {
  it('starts on the logistic function with its saturated regions named (|z| > 4.36, 5% of 0.25)', () => {
    render(ActivationExplorer, { props: { api: fakeApi().api, theme: 'light' } });
    expect(screen.getByLabelText<HTMLSelectElement>('Activation function').value).toBe('sigmoid');
    expect(screen.getByTestId('activation-saturated').textContent).toContain('|z| > 4.36');
    expect(screen.getByTestId('activation-saturated').textContent).toContain('5% of its maximum 0.25');
    expect(screen.getByTestId('activation-chart').getAttribute('aria-label')).toBe('Logistic (sigmoid) and its derivative for z from -8 to 8');
  });

  it('tanh saturates past 2.18; ReLU marks its dead region; softmax is explained as the 2-class logistic', async () => {
    render(ActivationExplorer, { props: { theme: 'dark' } });
    const select = screen.getByLabelText('Activation function');
    await fireEvent.change(select, { target: { value: 'tanh' } });
    expect(screen.getByTestId('activation-saturated').textContent).toContain('|z| > 2.18');
    await fireEvent.change(select, { target: { value: 'relu' } });
    expect(screen.queryByTestId('activation-saturated')).toBeNull();
    expect(screen.getByTestId('activation-dead').textContent).toContain('z < 0');
    await fireEvent.change(select, { target: { value: 'softmax' } });
    expect(screen.getByTestId('activation-note').textContent).toContain('softmax([z, 0])');
    expect(screen.getByTestId('activation-saturated')).toBeTruthy();
  });

  it('shows each function’s parameters, labelled; Leaky ReLU at α = 0 is dead like ReLU', async () => {
    render(ActivationExplorer, { props: { theme: 'light' } });
    const select = screen.getByLabelText('Activation function');
    await fireEvent.change(select, { target: { value: 'leaky_relu' } });
    const alpha = screen.getByLabelText<HTMLInputElement>('Leaky ReLU α (slope for z < 0)');
    expect(alpha.value).toBe('0.3');
    expect(screen.queryByTestId('activation-dead')).toBeNull();
    await fireEvent.input(alpha, { target: { value: '0' } });
    expect(screen.getByTestId('activation-dead')).toBeTruthy();
    await fireEvent.change(select, { target: { value: 'rrelu' } });
    expect(screen.getByLabelText<HTMLInputElement>('RReLU lowest slope').value).toBe(String(1 / 8));
    expect(screen.getByTestId('activation-note').textContent).toContain('mean slope 0.2292');
    await fireEvent.change(select, { target: { value: 'selu' } });
    expect(screen.getByTestId('activation-note').textContent).toContain('λ = 1.0507 and α = 1.6733');
    expect(screen.queryByLabelText('RReLU lowest slope')).toBeNull();
  });

  it('says what is wrong with a field, next to it (aria-invalid, aria-describedby)', async () => {
    render(ActivationExplorer, { props: { theme: 'light' } });
    const from = screen.getByLabelText<HTMLInputElement>('z from');
    await fireEvent.input(from, { target: { value: '9' } });
    const to = screen.getByLabelText<HTMLInputElement>('z to');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    const problem = document.getElementById(to.getAttribute('aria-describedby')!);
    expect(problem?.textContent).toBe('“z from” must be less than “z to”.');
    await fireEvent.input(from, { target: { value: '' } });
    expect(screen.getByTestId('activation-x-min-problem').textContent).toBe('z from: enter a number.');
    // The chart keeps the last range that worked.
    expect(screen.getByTestId('activation-chart').getAttribute('aria-label')).toContain('from -8 to 8');
  });

  it('speaks Korean', async () => {
    locale.set('ko');
    render(ActivationExplorer, { props: { theme: 'light' } });
    expect(screen.getByLabelText<HTMLSelectElement>('활성화 함수').value).toBe('sigmoid');
    expect(screen.getByTestId('activation-saturated').textContent).toContain('|z| > 4.36에서 포화');
    await fireEvent.change(screen.getByLabelText('활성화 함수'), { target: { value: 'relu' } });
    expect(screen.getByTestId('activation-dead').textContent).toContain('죽은 구간');
  });
});

describe('InitializerExplorer', () => {
  it('asks main for the engine’s draws and shows measured beside theoretical std', async () => {
    const fake = fakeApi({ 'init:sample': async (req) => answer(req) });
    render(InitializerExplorer, { props: { api: fake.api, theme: 'light' } });
    await waitFor(() => expect(screen.getByTestId('init-measured-std').textContent).toBe('0.0506'));
    expect(fake.calls).toEqual([{ channel: 'init:sample', req: { initializer: 'he_normal', fan_in: 784, fan_out: 300, seed: 42 } }]);
    expect(screen.getByTestId('init-expected-std').textContent).toBe('0.0505');
    expect(screen.getByTestId('init-ratio').textContent).toBe('1.002');
    expect(screen.getByTestId('init-count').textContent).toBe('235,200 (6 in the histogram)');
    expect(screen.getByTestId('init-rule').textContent).toBe('σ = √(scale / fan_in) = √(2 / 784)');
    expect(screen.getByTestId('init-theory').textContent).toContain('Truncated normal');
    expect(screen.getByTestId('init-trunc-note')).toBeTruthy();
  });

  it('configures variance_scaling (the seed’s example) and random_uniform with labelled fields', async () => {
    const fake = fakeApi({ 'init:sample': async (req) => answer(req) });
    render(InitializerExplorer, { props: { api: fake.api, theme: 'dark' } });
    await fireEvent.change(screen.getByLabelText('Initializer'), { target: { value: 'variance_scaling' } });
    await waitFor(() => expect(fake.calls.at(-1)?.req).toMatchObject({ initializer: { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' } }));
    await fireEvent.change(screen.getByLabelText('distribution'), { target: { value: 'truncated_normal' } });
    await waitFor(() => expect(fake.calls.at(-1)?.req).toMatchObject({ initializer: { distribution: 'truncated_normal' } }));
    await waitFor(() => expect(screen.getByTestId('init-rule').textContent).toBe('σ = √(scale / fan_avg) = √(2 / 542)'));
    await fireEvent.change(screen.getByLabelText('Initializer'), { target: { value: 'random_uniform' } });
    await fireEvent.input(screen.getByLabelText('maxval'), { target: { value: '0.15' } });
    await waitFor(() => expect(fake.calls.at(-1)?.req).toMatchObject({ initializer: { name: 'random_uniform', minval: -0.05, maxval: 0.15 } }));
    await waitFor(() => expect(screen.getByTestId('init-theory').textContent).toContain('Uniform on [-0.05, 0.15]'));
    expect(screen.queryByTestId('init-rule')).toBeNull();
  });

  it('refuses an oversize kernel itself, naming the weights, and asks main nothing', async () => {
    const fake = fakeApi({ 'init:sample': async (req) => answer(req) });
    render(InitializerExplorer, { props: { api: fake.api, theme: 'light' } });
    await waitFor(() => expect(fake.calls).toHaveLength(1));
    await fireEvent.input(screen.getByLabelText('fan_out (units of the layer)'), { target: { value: '6000' } });
    expect(screen.getByTestId('init-fan-out-problem').textContent).toBe('fan_in × fan_out = 4,704,000 weights: at most 4,000,000 can be sampled.');
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.calls).toHaveLength(1);
  });

  it('shows main’s refusal, and drops an answer to an older request', async () => {
    let release: (() => void) | null = null;
    const fake = fakeApi({
      'init:sample': (req) => {
        if (req.seed === 42) return new Promise((resolve) => (release = () => resolve(answer(req, 0.9))));
        if (req.seed === 7) return Promise.reject(new ApiError('fan_out: too many', { field: 'fan_out' }));
        return Promise.resolve(answer(req, 0.0499));
      },
    });
    render(InitializerExplorer, { props: { api: fake.api, theme: 'light' } });
    await waitFor(() => expect(fake.calls).toHaveLength(1));
    expect(screen.getByTestId('init-status').textContent).toBe('Sampling in the training process…');
    const seed = screen.getByLabelText('Seed');
    await fireEvent.input(seed, { target: { value: '5' } });
    await waitFor(() => expect(screen.getByTestId('init-measured-std').textContent).toBe('0.0499'));
    release!();
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByTestId('init-measured-std').textContent).toBe('0.0499');
    await fireEvent.input(seed, { target: { value: '7' } });
    await waitFor(() => expect(screen.getByTestId('init-error').textContent).toBe('Sampling failed: fan_out: too many'));
    expect(screen.getByTestId('init-status').textContent).toBe('');
  });

  it('draws again with a new seed, and speaks Korean', async () => {
    locale.set('ko');
    const fake = fakeApi({ 'init:sample': async (req) => answer(req) });
    render(InitializerExplorer, { props: { api: fake.api, theme: 'light' } });
    await waitFor(() => expect(screen.getByTestId('init-measured-std').textContent).toBe('0.0506'));
    expect(screen.getByText('측정 표준편차')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: '다시 뽑기 (새 시드)' }));
    await waitFor(() => expect(fake.calls).toHaveLength(2));
    expect((fake.calls[1]?.req as InitSampleRequest).seed).not.toBe(42);
  });
});

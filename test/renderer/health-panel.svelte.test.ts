/// <reference path="../../src-renderer/env.d.ts" />
/** The health panel and the diagnosis line with synthetic epochs: findings, fixes, live updates, both languages. */
import { layerRanges } from '../../src-renderer/features/training/health-panel.js';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelSpec } from '../../src-shared/model/index.js';
import { diagnoseEpoch, type Diagnosis } from '../../src-shared/training/diagnose.js';
import type { EpochMetrics } from '../../src-shared/training/metrics.js';
import DiagnosisLine from '../../src-renderer/features/training/DiagnosisLine.svelte';
import HealthPanel from '../../src-renderer/features/training/HealthPanel.svelte';
import { evidenceTitleKey, findingTitleKey, fixedModel } from '../../src-renderer/features/training/health-panel.js';
import { locale, translate } from '../../src-renderer/i18n/index.js';
import { epochOf, stackModel, type LayerNumbers } from '../shared/training/fixtures.js';

beforeEach(() => locale.set('en'));

function growing(n: number, first: number, ratio: number, l: LayerNumbers = {}): LayerNumbers[] {
  return Array.from({ length: n }, (_, i) => ({ ...l, std: first * ratio ** (i / (n - 1)) }));
}

const PROBE = stackModel(8, 'relu', { name: 'random_normal', mean: 0, stddev: 0.25 }, 0.001);
const exploding = (epoch = 1): EpochMetrics => ({ ...epochOf(growing(8, 1.6, 10, { grad: 100, activation: 'relu' })), epoch });
const healthy = (epoch = 1): EpochMetrics => ({ ...epochOf(growing(8, 0.55, 1.8, { activation: 'relu' })), epoch });

type PanelProps = {
  epochs: EpochMetrics[];
  status: string;
  divergedAt: { epoch: number; step: number } | null;
  model: ModelSpec | null;
  onApplyFix?: (doc: ModelSpec) => void;
  onHighlight?: (layers: number[]) => void;
};

function panel(over: Partial<PanelProps> = {}) {
  const props = $state<PanelProps>({ epochs: [exploding()], status: 'running', divergedAt: null, model: PROBE, ...over });
  render(HealthPanel, { props });
  return props;
}

describe('HealthPanel', () => {
  it('lists the exploding-signal finding with its message, fix, rule and the layers concerned', () => {
    panel();
    const root = screen.getByTestId('health-panel');
    expect(root.dataset.findings).toBe('exploding');
    const [f, ...rest] = screen.getAllByTestId('health-finding');
    expect(rest).toEqual([]);
    expect(f!.dataset).toMatchObject({ kind: 'exploding', rule: 'forward-signal', layers: '1 2 3 4 5 6 7 8' });
    expect(f!.textContent).toContain('Exploding signal');
    expect(f!.textContent).toContain('The signal grows 10× on the way forward');
    expect(f!.textContent).toContain('Fix:');
    expect(f!.textContent).toContain('he_normal');
    expect(f!.textContent).toContain('Glorot and He Initialization');
    expect(f!.textContent).toContain('Layers 1–8');
    expect(root.textContent).toContain('After epoch 1');
  });

  it('"Apply in editor" hands the trained model with the fix applied; "Show layers" names the layers', async () => {
    const onApplyFix = vi.fn<(doc: ModelSpec) => void>();
    const onHighlight = vi.fn<(layers: number[]) => void>();
    panel({ onApplyFix, onHighlight });
    await fireEvent.click(screen.getByRole('button', { name: /^Apply in editor: / }));
    expect(onApplyFix).toHaveBeenCalledTimes(1);
    const doc = onApplyFix.mock.calls[0]![0];
    for (const i of [1, 2, 3, 4, 5, 6, 7, 8]) expect(doc.layers[i]).toMatchObject({ kind: 'dense', kernel_initializer: 'he_normal' });
    // The run's own model is left as it was.
    expect(PROBE.layers[1]).toMatchObject({ kernel_initializer: { name: 'random_normal' } });
    expect(screen.getByTestId('health-notice').textContent).toContain('Applied in the editor');
    await fireEvent.click(screen.getByTestId('health-highlight'));
    expect(onHighlight).toHaveBeenCalledWith([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('no Apply button without a model or without a handler', () => {
    panel({ model: null, onApplyFix: () => {} });
    expect(screen.getAllByTestId('health-finding')).toHaveLength(1);
    expect(screen.queryByTestId('health-apply')).toBeNull();
    expect(screen.queryByTestId('health-highlight')).toBeNull();
  });

  it('says when a run is healthy, and waits before the first epoch', () => {
    const props = panel({ epochs: [] });
    expect(screen.getByTestId('health-waiting')).toBeTruthy();
    expect(screen.getByTestId('health-panel').dataset.findings).toBe('healthy');
    props.epochs = [healthy()];
    flushSync();
    expect(screen.getByTestId('health-healthy').textContent).toContain('Healthy');
    expect(screen.queryByTestId('health-finding')).toBeNull();
  });

  it('updates live as epochs arrive', () => {
    const props = panel({ epochs: [healthy(1)] });
    expect(screen.getByTestId('health-panel').dataset.findings).toBe('healthy');
    props.epochs = [healthy(1), exploding(2)];
    flushSync();
    expect(screen.getByTestId('health-panel').dataset.findings).toBe('exploding');
    expect(screen.getByTestId('health-panel').textContent).toContain('After epoch 2');
  });

  it('a diverged run: the step, and lowering the learning rate tenfold', async () => {
    const onApplyFix = vi.fn<(doc: ModelSpec) => void>();
    panel({ epochs: [], status: 'diverged', divergedAt: { epoch: 1, step: 812 }, onApplyFix });
    const f = screen.getByTestId('health-finding');
    expect(f.dataset.rule).toBe('divergence');
    expect(f.textContent).toContain('Diverged');
    expect(f.textContent).toContain('The loss became NaN or infinite at step 812 (epoch 1): exploding gradients.');
    expect(screen.queryByTestId('health-highlight')).toBeNull();
    await fireEvent.click(screen.getByTestId('health-apply'));
    expect(onApplyFix.mock.calls[0]![0].training.optimizer.learning_rate).toBe(0.0001);
  });

  it('speaks Korean, and switches with the language', () => {
    locale.set('ko');
    panel({ onApplyFix: () => {} });
    const f = screen.getByTestId('health-finding');
    expect(f.textContent).toContain('신호 폭등');
    expect(f.textContent).toContain('신호가 정방향으로 10배 커집니다');
    expect(f.textContent).toContain('글로럿과 He 초기화');
    expect(screen.getByRole('button', { name: /^편집기에 적용: / })).toBeTruthy();
    locale.set('en');
    flushSync();
    expect(screen.getByTestId('health-finding').textContent).toContain('Exploding signal');
  });
});

describe('DiagnosisLine with the new rules', () => {
  function line(d: Diagnosis) {
    const props = $state({ diagnosis: d });
    render(DiagnosisLine, { props });
    return props;
  }

  it('names the exploding signal and the gradients’ scale; data-findings lists the kind once', () => {
    line(diagnoseEpoch(exploding()));
    const el = screen.getByTestId('diagnosis');
    expect(el.dataset.findings).toBe('exploding');
    expect(el.textContent).toContain('Exploding signal');
    expect(el.textContent).toContain("the last hidden layer's activation std is 10 × the first hidden layer's (1.6 → 16)");
    expect(el.textContent).toContain("every hidden layer's gradient norm is above 20");
    expect(el.querySelectorAll('li')).toHaveLength(2);
  });

  it('a healthy deep run also reports the signal ratio; Korean wording', () => {
    locale.set('ko');
    line(diagnoseEpoch(healthy()));
    const el = screen.getByTestId('diagnosis');
    expect(el.dataset.findings).toBe('healthy');
    expect(el.textContent).toContain(translate('ko', 'health.signalRatio', { ratio: '1.8' }));
  });

  it('a hand-built diagnosis without evidence still reads (vanishing)', () => {
    line({ epoch: 2, grad_ratio: 1e-6, saturated_fraction: null, dead_fraction: null, findings: ['vanishing'] });
    const el = screen.getByTestId('diagnosis');
    expect(el.dataset.findings).toBe('vanishing');
    expect(el.textContent).toContain('Vanishing gradients');
  });
});

describe('health-panel helpers', () => {
  it('titles', () => {
    expect(evidenceTitleKey({ kind: 'exploding', measure: 'signal_ratio' })).toBe('health.label.signalExploding');
    expect(evidenceTitleKey({ kind: 'vanishing', measure: 'grad_ratio' })).toBe('health.label.vanishing');
    expect(findingTitleKey({ kind: 'exploding', rule: 'divergence' })).toBe('health.label.diverged');
    expect(findingTitleKey({ kind: 'vanishing', rule: 'forward-signal' })).toBe('health.label.signalVanishing');
    expect(findingTitleKey({ kind: 'dead', rule: 'dead-units' })).toBe('health.label.dead');
  });

  it('fixedModel: the applied document, or why not', () => {
    expect(fixedModel(null, { action: [] })).toMatchObject({ ok: false });
    expect(fixedModel(PROBE, { action: null })).toMatchObject({ ok: false });
    expect(fixedModel(PROBE, { action: [{ path: ['layers', 99, 'activation'], value: 'elu' }] })).toMatchObject({ ok: false });
    const r = fixedModel(PROBE, { action: [{ path: ['layers', 1, 'kernel_initializer'], value: 'he_normal' }] });
    expect(r.ok && r.doc.layers[1]).toMatchObject({ kernel_initializer: 'he_normal' });
  });
});

describe('layerRanges', () => {
  it.each([
    [[], ''],
    [[3], '3'],
    [[1, 2, 3, 5, 7, 8], '1–3, 5, 7–8'],
    [Array.from({ length: 100 }, (_, i) => i + 1), '1–100'],
    [[5, 1, 2, 2], '1–2, 5'],
  ])('%j → %j', (layers, text) => {
    expect(layerRanges(layers)).toBe(text);
  });
});

/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The lint panel: for every finding code a model that triggers it; its Fix button applies the
 * fix as one undo step (the finding goes), and undo brings it back.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import LintPanel from '../../src-renderer/features/editor/panels/LintPanel.svelte';
import { fixAll } from '../../src-renderer/features/editor/panels/lint-fix.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { LINT_CODES, lintModel, type LintCode, type ModelSpec } from '../../src-shared/model/index.js';
import { editorWith, LEAKY_RELU, mlp, SELU_100, SIGMOID_SMALL_UNIFORM, SIGMOID_STANDARD_NORMAL } from './editor-panels-fixtures.js';

const SELU_DENSE = { kind: 'dense', units: 100, activation: 'selu', kernel_initializer: 'lecun_normal' } as const;

const CASES: { code: LintCode; model: ModelSpec }[] = [
  { code: 'init-activation-mismatch', model: mlp([{ kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'glorot_uniform' }]) },
  { code: 'selu-inputs-not-standardized', model: mlp([SELU_DENSE], 'scale') },
  { code: 'selu-init-not-lecun', model: mlp([{ ...SELU_DENSE, kernel_initializer: 'he_normal' }], 'standardize') },
  { code: 'selu-not-sequential', model: mlp([SELU_DENSE, { kind: 'batch_normalization' }], 'standardize') },
  { code: 'selu-dropout-not-alpha', model: mlp([SELU_DENSE, { kind: 'dropout', rate: 0.2 }], 'standardize') },
  { code: 'deep-sigmoid-saturation', model: SIGMOID_STANDARD_NORMAL },
  { code: 'deep-sigmoid-vanishing', model: SIGMOID_SMALL_UNIFORM },
  {
    code: 'bias-before-batch-norm',
    model: mlp([{ kind: 'dense', units: 100, kernel_initializer: 'he_normal' }, { kind: 'batch_normalization' }, { kind: 'activation', activation: 'relu' }]),
  },
];

const codesShown = () => screen.queryAllByTestId('lint-finding').map((li) => li.dataset.code);

beforeEach(() => locale.set('en'));

describe('LintPanel', () => {
  it('covers every lint code', () => {
    expect(CASES.map((c) => c.code).sort()).toEqual([...LINT_CODES].sort());
  });

  it.each(CASES)('$code: shown with its fix; Fix removes it as one undo step, undo brings it back', async ({ code, model }) => {
    expect(lintModel(model, 'en').map((f) => f.code)).toContain(code);
    const editor = editorWith(model);
    render(LintPanel, { props: { editor } });

    const item = screen.getAllByTestId('lint-finding').find((li) => li.dataset.code === code);
    if (!item) throw new Error(`no finding ${code}`);
    const expected = lintModel(model, 'en').find((f) => f.code === code);
    expect(item.textContent).toContain(expected?.message);
    expect(item.textContent).toContain(expected?.fix);

    await fireEvent.click(within(item).getByTestId('lint-fix'));
    await waitFor(() => expect(codesShown()).not.toContain(code));
    expect(editor.modified).toBe(true);
    expect(screen.getByTestId('lint-notice').textContent).toContain(`Fixed: ${expected?.fix}`);

    editor.undo();
    await waitFor(() => expect(codesShown()).toContain(code));
    expect(editor.modified).toBe(false);
    expect(editor.canUndo).toBe(false);
    // The notice belonged to the fixed document; it goes with it.
    expect(screen.queryByTestId('lint-notice')).toBeNull();
  });

  it('undoes a fix from its notice and moves focus to the notice after Fix', async () => {
    const editor = editorWith(CASES[0]!.model);
    render(LintPanel, { props: { editor } });
    await fireEvent.click(screen.getByTestId('lint-fix'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('lint-notice')));
    await fireEvent.click(screen.getByTestId('lint-undo'));
    await waitFor(() => expect(codesShown()).toEqual(['init-activation-mismatch']));
    expect(editor.modified).toBe(false);
  });

  it('fixes everything with Fix all in one undo step', async () => {
    const broken = mlp(
      [{ ...SELU_DENSE, kernel_initializer: 'he_normal' }, { kind: 'batch_normalization' }, SELU_DENSE, { kind: 'dropout', rate: 0.1 }],
      'scale',
    );
    const editor = editorWith(broken);
    render(LintPanel, { props: { editor } });
    expect(codesShown().length).toBeGreaterThan(2);
    await fireEvent.click(screen.getByTestId('lint-fix-all'));
    await waitFor(() => expect(screen.getByTestId('lint-ok')).toBeTruthy());
    expect(screen.getByTestId('lint-notice').textContent).toMatch(/Fixes applied: \d+\./);
    editor.undo();
    await waitFor(() => expect(codesShown().length).toBeGreaterThan(2));
    expect(editor.canUndo).toBe(false);
  });

  it('says so when the shipped nets pass, and asks for a valid model first', async () => {
    const editor = editorWith(LEAKY_RELU);
    render(LintPanel, { props: { editor } });
    expect(screen.getByTestId('lint-ok').textContent).toContain('All checks pass');
    editor.setLayerField(1, 'units', 'abc');
    await waitFor(() => expect(screen.getByTestId('lint-invalid').textContent).toContain('problems: 1'));
  });

  it('speaks Korean after a language switch', async () => {
    const editor = editorWith(mlp([SELU_DENSE], 'scale'));
    render(LintPanel, { props: { editor } });
    locale.set('ko');
    await waitFor(() => expect(screen.getByTestId('lint-finding').textContent).toContain('preprocess를 standardize로 바꾸세요.'));
    expect(screen.getByTestId('lint-fix').textContent?.trim()).toBe('고치기');
  });
});

describe('fixAll', () => {
  it('lints again between fixes, so a removed layer does not leave later fixes pointing at the wrong index', () => {
    const broken = mlp([SELU_DENSE, { kind: 'batch_normalization' }, { ...SELU_DENSE, kernel_initializer: 'he_normal' }], 'scale');
    const { doc, applied } = fixAll(broken, 'en');
    expect(applied).toBe(3);
    expect(lintModel(doc, 'en')).toEqual([]);
    expect(doc.layers.map((l) => l.kind)).toEqual(['flatten', 'dense', 'dense', 'dense']);
  });

  it('leaves a clean model as it is', () => {
    expect(fixAll(SELU_100, 'en')).toEqual({ doc: SELU_100, applied: 0 });
  });
});

describe('EditorState.applyDocument', () => {
  it('is one undo step that keeps the file name; the same content records nothing; a selection past the end is dropped', () => {
    const editor = editorWith(mlp([SELU_DENSE, { kind: 'batch_normalization' }], 'standardize'), 'net.json');
    editor.applyDocument(structuredClone(editor.doc));
    expect(editor.canUndo).toBe(false);
    editor.select(3);
    const fixed = fixAll(editor.doc, 'en').doc;
    editor.applyDocument(fixed);
    expect(editor.doc.layers).toHaveLength(3);
    expect(editor.selection).toBeNull();
    expect(editor.fileName).toBe('net.json');
    expect(editor.modified).toBe(true);
    editor.undo();
    expect(editor.doc.layers).toHaveLength(4);
    expect(editor.modified).toBe(false);
  });
});

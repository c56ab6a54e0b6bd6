/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The validator's problems in the UI language: beside a field, in the problems banner, under a
 * layer, in the file panel and on the training screen's model card; a language switch re-renders
 * them.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import EditorView from '../../src-renderer/features/editor/EditorView.svelte';
import FilePanel from '../../src-renderer/features/editor/panels/FilePanel.svelte';
import EditorModelCard from '../../src-renderer/features/training/EditorModelCard.svelte';
import { locale } from '../../src-renderer/i18n/index.js';
import { serializeModel } from '../../src-shared/model/index.js';
import { editorWith, LEAKY_RELU } from './editor-panels-fixtures.js';
import { fakeApi } from './fake-api.js';

const HANGUL = /[\uAC00-\uD7A3]/;

function setupEditor() {
  const editor = editorWith(LEAKY_RELU, 'leaky-relu.json');
  render(EditorView, { props: { editor, api: fakeApi().api, theme: 'light' } });
  return editor;
}

/** The list item (row) of layer `index`. */
function layerRow(index: number): HTMLElement {
  const row = screen.getAllByTestId('layer-row').find((r) => within(r).getByTestId('row-handle').dataset.from === String(index));
  if (!row) throw new Error(`no row for layer ${index}`);
  return row;
}

beforeEach(() => locale.set('ko'));

describe('editor, Korean UI', () => {
  it('shows the validation message beside a field in Korean, and follows a language switch', async () => {
    setupEditor();
    const input = within(layerRow(1)).getByTestId<HTMLInputElement>('field-units');
    await fireEvent.input(input, { target: { value: 'abc' } });
    const error = within(layerRow(1)).getByTestId('field-units-error');
    expect(error.textContent).toBe('양의 정수여야 합니다. 입력값: "abc"');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);

    locale.set('en');
    await waitFor(() => expect(error.textContent).toBe('expected a positive integer, received "abc"'));
    locale.set('ko');
    await waitFor(() => expect(error.textContent).toBe('양의 정수여야 합니다. 입력값: "abc"'));
  });

  it('model fields: a range beside epochs, a missing name', async () => {
    setupEditor();
    await fireEvent.input(screen.getByTestId('model-epochs'), { target: { value: '0' } });
    expect(screen.getByTestId('model-epochs-error').textContent).toBe('1에서 1000 사이의 정수여야 합니다. 입력값: 0');
    await fireEvent.input(screen.getByTestId('model-learning_rate'), { target: { value: '-1' } });
    expect(screen.getByTestId('model-learning_rate-error').textContent).toBe('0보다 큰 숫자여야 합니다. 입력값: -1');
  });

  it('the problems banner lists paths with Korean messages', async () => {
    const editor = setupEditor();
    editor.setLayerField(1, 'units', 0);
    editor.setModelField('training.epochs', 'x');
    const banner = await screen.findByTestId('problems-banner');
    const items = within(banner).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual(['layers[1].units 양의 정수여야 합니다. 입력값: 0', 'training.epochs 1에서 1000 사이의 정수여야 합니다. 입력값: "x"']);
  });

  it('a problem of the layer itself (a second flatten) is listed under the layer in Korean', async () => {
    const editor = setupEditor();
    editor.insertLayers(3, [{ kind: 'flatten' }]);
    const problems = await screen.findByTestId('layer-problems');
    expect(problems.textContent).toContain('layers[3]');
    expect(problems.textContent).toContain('두 번째 flatten 층입니다. 데이터는 layers[0]에서 이미 평탄화되었습니다');
  });
});

describe('file panel, Korean UI', () => {
  async function choose(file: File) {
    const input = screen.getByTestId<HTMLInputElement>('file-input');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await fireEvent.change(input);
  }

  it('lists the problems of a file it would not open in Korean (duplicate key, then schema)', async () => {
    const editor = editorWith(LEAKY_RELU, 'leaky-relu.json');
    render(FilePanel, { props: { editor, shell: 'lab' } });
    const text = serializeModel(LEAKY_RELU).replace('"units": 300', '"units": 300, "units": 0');
    await choose(new File([text], 'dup.json', { type: 'application/json' }));
    const errors = await screen.findByTestId('file-errors');
    await waitFor(() => expect(errors.querySelectorAll('li').length).toBeGreaterThan(0));
    const lines = [...errors.querySelectorAll('li')].map((li) => li.textContent ?? '');
    expect(lines[0]).toMatch(/^layers\[1\]: 키 "units"이\(가\) 중복되었습니다/);
    expect(lines[1]).toBe('layers[1].units: 양의 정수여야 합니다. 입력값: 0');
    locale.set('en');
    await waitFor(() => expect(errors.querySelector('li')?.textContent).toBe('layers[1]: duplicate key "units"'));
  });

  it('a JSON syntax error keeps its line and column', async () => {
    render(FilePanel, { props: { editor: editorWith(LEAKY_RELU), shell: 'lab' } });
    await choose(new File(['{\n  "format": "gradient-lab/model",\n}'], 'bad.json', { type: 'application/json' }));
    const errors = await screen.findByTestId('file-errors');
    await waitFor(() =>
      expect(errors.querySelector('li')?.textContent).toBe(
        '(root): JSON 문법 오류(3행 1열): 큰따옴표로 감싼 속성 이름이 와야 할 자리에 "}"이(가) 있습니다',
      ),
    );
  });

  it('says why the model cannot be saved, with the first problem in Korean', async () => {
    const editor = editorWith(LEAKY_RELU, 'leaky-relu.json');
    render(FilePanel, { props: { editor, shell: 'lab' } });
    editor.setLayerField(1, 'units', 0);
    const hint = await screen.findByTestId('file-save-invalid');
    expect(hint.textContent).toContain('첫 번째 문제: layers[1].units: 양의 정수여야 합니다. 입력값: 0');
  });
});

describe('training screen model card, Korean UI', () => {
  it('lists the first problems of an invalid draft in Korean', async () => {
    const editor = editorWith(LEAKY_RELU, 'leaky-relu.json');
    render(EditorModelCard, { props: { editor } });
    editor.setLayerField(5, 'activation', 'relu');
    const card = await screen.findByTestId('editor-model-invalid');
    const item = card.querySelector('li')?.textContent ?? '';
    expect(item).toMatch(HANGUL);
    expect(item).toBe('layers[5].activation: 출력층의 활성화 함수는 softmax여야 합니다(데이터셋의 클래스가 10개입니다). 입력값: "relu"');
  });
});

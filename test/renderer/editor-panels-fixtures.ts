/// <reference path="../../src-renderer/env.d.ts" />
/** Models for the editor-panel tests: the shipped examples, parsed, and small hand-built ones. */
import { parseModel, type LayerSpec, type ModelSpec } from '../../src-shared/model/index.js';
import { EditorState } from '../../src-renderer/features/editor/editor.svelte.js';
import leakyReluJson from '../../examples/leaky-relu.json';
import seluJson from '../../examples/selu-100.json';
import sigmoidNormalJson from '../../examples/sigmoid-standard-normal.json';
import sigmoidUniformJson from '../../examples/sigmoid-small-uniform.json';

/** A shipped example checked by the validator (a stale example fails the test that uses it). */
export function example(json: unknown): ModelSpec {
  const r = parseModel(json);
  if (!r.ok) throw new Error(`invalid example: ${JSON.stringify(r.errors[0])}`);
  return r.model;
}

export const LEAKY_RELU = example(leakyReluJson);
export const SELU_100 = example(seluJson);
export const SIGMOID_STANDARD_NORMAL = example(sigmoidNormalJson);
export const SIGMOID_SMALL_UNIFORM = example(sigmoidUniformJson);

/** Flatten → `hidden` → dense(10, softmax) on Fashion-MNIST. */
export function mlp(hidden: LayerSpec[], preprocess: ModelSpec['preprocess'] = 'scale'): ModelSpec {
  return {
    format: 'gradient-lab/model',
    version: 2,
    name: 'Test net',
    dataset: 'fashion-mnist',
    preprocess,
    layers: [{ kind: 'flatten' }, ...hidden, { kind: 'dense', units: 10, activation: 'softmax' }],
    training: { optimizer: { name: 'sgd', learning_rate: 0.001 }, epochs: 10, batch_size: 32, seed: 42 },
  };
}

/** An editor with `model` open (not modified), on a fixed clock so typing never coalesces by accident. */
export function editorWith(model: ModelSpec, fileName: string | null = null): EditorState {
  const editor = new EditorState({ now: () => 0 });
  editor.open(model, fileName);
  return editor;
}

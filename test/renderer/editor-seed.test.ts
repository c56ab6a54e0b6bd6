/** The first model a new editor opens: the LeakyReLU example, never over the user's work. */
import { describe, expect, it } from 'vitest';
import { EditorState } from '../../src-renderer/features/editor/editor.svelte.js';
import { seedEditor } from '../../src-renderer/state/editor-seed.js';
import { fakeApi } from './fake-api.js';
import leakyRelu from '../../examples/leaky-relu.json';
import heRelu from '../../examples/he-relu.json';
import type { ModelSpec } from '../../src-shared/model/spec.js';

const loadExample = (id: 'leaky-relu' | 'he-relu') => (id === 'leaky-relu' ? leakyRelu : heRelu) as unknown as ModelSpec;

const examples = async () => [
  { id: 'he-relu', model: loadExample('he-relu') },
  { id: 'leaky-relu', model: loadExample('leaky-relu') },
];

describe('seedEditor', () => {
  it('opens leaky-relu in a pristine editor, not modified', async () => {
    const editor = new EditorState();
    expect(await seedEditor(editor, fakeApi({ 'models:examples': examples }).api)).toBe(true);
    expect(editor.doc.name).toBe(loadExample('leaky-relu').name);
    expect(editor.modified).toBe(false);
    expect(editor.canUndo).toBe(false);
  });

  it('leaves an editor the user already changed alone', async () => {
    const editor = new EditorState();
    editor.setModelField('name', 'mine');
    expect(await seedEditor(editor, fakeApi({ 'models:examples': examples }).api)).toBe(false);
    expect(editor.doc.name).toBe('mine');
  });
});

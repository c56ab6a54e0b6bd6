/**
 * The model a first visit opens in the editor: the lecture notes' LeakyReLU net
 * (`examples/leaky-relu.json`), so Training works at once with the chapter's first
 * model. Loaded from main's examples when the connection is up; a user who already
 * started editing is never overwritten.
 */
import type { GradientLabApi } from '../../src-shared/ipc/contract.js';
import type { EditorState } from '../features/editor/editor.svelte.js';
import { stableJson, emptyModel } from '../features/editor/document.js';

/** The example a new editor starts with. */
export const DEFAULT_EXAMPLE_ID = 'leaky-relu';

/** Whether the editor still shows the untouched empty model (nothing of the user's to lose). */
function pristine(editor: EditorState): boolean {
  return !editor.modified && editor.fileName === null && !editor.canUndo && stableJson(editor.doc) === stableJson(emptyModel());
}

/**
 * Opens the default example once main answers. Resolves true when it did; false when
 * the editor was no longer pristine or the example was missing. Rejects like the API.
 */
export async function seedEditor(editor: EditorState, api: GradientLabApi): Promise<boolean> {
  if (!pristine(editor)) return false;
  const examples = await api.invoke('models:examples', {});
  const first = examples.find((e) => e.id === DEFAULT_EXAMPLE_ID) ?? examples[0];
  if (!first || !pristine(editor)) return false;
  editor.open(first.model, null);
  return true;
}

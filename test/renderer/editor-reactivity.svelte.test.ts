/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The editor's getters are reactive: an effect reading them reruns after each action, as a
 * component's template would. (A `.svelte.test.ts` file, so runes compile here.)
 */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { EditorState } from '../../src-renderer/features/editor/editor.svelte.js';

describe('EditorState reactivity', () => {
  it('reruns effects that read doc, modified, validation, rows, selection and canUndo', () => {
    const editor = new EditorState({ now: () => 0 });
    const seen: string[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push(
          [
            editor.doc.layers.length,
            editor.modified ? 'modified' : 'saved',
            editor.validation.ok ? 'valid' : `${editor.errors.length} errors`,
            `${editor.rows.length} rows`,
            editor.selection ? `sel ${editor.selection.from}` : 'no sel',
            editor.canUndo ? 'undo' : 'no undo',
          ].join(', '),
        );
      });
    });
    flushSync();
    editor.addLayer(1, 'dense');
    flushSync();
    editor.setLayerField(1, 'units', 'abc');
    flushSync();
    editor.markSaved();
    flushSync();
    editor.undo();
    editor.undo();
    flushSync();
    stop();
    expect(seen).toEqual([
      '2, saved, valid, 2 rows, no sel, no undo',
      '3, modified, valid, 3 rows, sel 1, undo',
      '3, modified, 1 errors, 3 rows, sel 1, undo',
      '3, saved, 1 errors, 3 rows, sel 1, undo',
      // Layer 1 still exists (the output layer), so the selection stays.
      '2, modified, valid, 2 rows, sel 1, no undo',
    ]);
  });
});

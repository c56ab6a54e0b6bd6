/**
 * "Ask before discarding unsaved changes": an action that would replace the editor's
 * document (open a file, a preset, a new model) runs at once when nothing is modified,
 * and otherwise waits for the user's answer in a ConfirmDialog.
 */

/** Holds at most one action waiting for the user's answer. */
export class DiscardGuard {
  #pending = $state<(() => void) | null>(null);

  /** `isModified` is read when an action is asked for, e.g. `() => editor.modified`. */
  constructor(private readonly isModified: () => boolean) {}

  /** Whether an action waits for an answer (the dialog is shown). */
  get asking(): boolean {
    return this.#pending !== null;
  }

  /** Runs `action` now, or after {@link confirm} when the document has unsaved changes. */
  run(action: () => void): void {
    if (this.isModified()) this.#pending = action;
    else action();
  }

  /** The user chose to discard: runs the waiting action. */
  confirm(): void {
    const action = this.#pending;
    this.#pending = null;
    action?.();
  }

  /** The user kept editing: drops the waiting action. */
  cancel(): void {
    this.#pending = null;
  }
}

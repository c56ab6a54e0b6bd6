/**
 * Keeps Tab inside a modal dialog (WAI-ARIA dialog pattern): Tab on the last focusable element
 * goes to the first, Shift+Tab on the first (or on the dialog box itself) to the last. Call it
 * from the dialog's keydown handler; other keys are left alone.
 */
export function trapTab(e: KeyboardEvent, box: HTMLElement, selector = 'button:not(:disabled), input:not(:disabled)'): void {
  if (e.key !== 'Tab') return;
  // Walked in document order and matched one by one: jsdom answers a selector list grouped by
  // selector (buttons, then inputs), which would make "last" the wrong element.
  const focusable = [...box.querySelectorAll<HTMLElement>('*')].filter((el) => el.matches(selector));
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  if (e.shiftKey && (document.activeElement === first || document.activeElement === box)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

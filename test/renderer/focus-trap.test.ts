/// <reference path="../../src-renderer/env.d.ts" />
/** trapTab: Tab wraps from the last focusable element to the first, Shift+Tab from the first (or the box) to the last. */
import { afterEach, describe, expect, it } from 'vitest';
import { trapTab } from '../../src-renderer/lib/focus-trap.js';

function dialog(): { box: HTMLElement; a: HTMLButtonElement; input: HTMLInputElement; off: HTMLButtonElement; b: HTMLButtonElement } {
  const box = document.createElement('div');
  box.tabIndex = -1;
  box.innerHTML = '<button id="a">a</button><input id="i"><button id="off" disabled>off</button><button id="b">b</button>';
  document.body.append(box);
  const q = <T extends HTMLElement>(id: string) => box.querySelector<T>(`#${id}`) as T;
  return { box, a: q('a'), input: q('i'), off: q('off'), b: q('b') };
}

const press = (box: HTMLElement, shiftKey: boolean) => {
  const e = new KeyboardEvent('keydown', { key: 'Tab', shiftKey, cancelable: true });
  trapTab(e, box);
  return e.defaultPrevented;
};

afterEach(() => document.body.replaceChildren());

describe('trapTab', () => {
  it.each([
    ['Tab on the last enabled element goes to the first', 'b', false, 'a', true],
    ['Shift+Tab on the first goes to the last enabled one (a disabled button is skipped)', 'a', true, 'b', true],
    ['Shift+Tab on the dialog box itself goes to the last', 'box', true, 'b', true],
    ['Tab in the middle is left to the browser', 'input', false, 'input', false],
  ] as const)('%s', (_what, from, shift, to, prevented) => {
    const d = dialog();
    const el = from === 'box' ? d.box : d[from];
    el.focus();
    expect(press(d.box, shift)).toBe(prevented);
    expect(document.activeElement).toBe(to === 'input' ? d.input : d[to]);
  });

  it('other keys are left alone', () => {
    const d = dialog();
    d.b.focus();
    const e = new KeyboardEvent('keydown', { key: 'Enter', cancelable: true });
    trapTab(e, d.box);
    expect(e.defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(d.b);
  });
});

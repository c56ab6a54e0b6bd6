import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, CHANGE_RUNS_FOLDER_LABEL, type MenuActions } from '../../../src-main/app/menu.js';

function build(isMac: boolean, isDev: boolean) {
  const calls: string[] = [];
  const actions: MenuActions = {
    isMac,
    isDev,
    changeRunsFolder: () => calls.push('change'),
    openRunsFolder: () => calls.push('open'),
    showAbout: () => calls.push('about'),
  };
  return { template: buildMenuTemplate(actions), calls };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as (() => void) | undefined)?.();
}

describe('buildMenuTemplate', () => {
  it.each([
    [false, false, ['File', 'editMenu', 'View', 'windowMenu', 'help']],
    [true, false, ['appMenu', 'File', 'editMenu', 'View', 'windowMenu', 'help']],
  ])('isMac=%s: top level %j', (isMac, isDev, top) => {
    expect(build(isMac, isDev).template.map((i) => i.label ?? i.role)).toEqual(top);
  });

  it('File: change runs folder…, open runs folder and quit call the app', () => {
    const { template, calls } = build(false, false);
    const items = flatten(template);
    click(items.find((i) => i.label === CHANGE_RUNS_FOLDER_LABEL));
    click(items.find((i) => i.label === 'Open Runs Folder'));
    click(items.find((i) => i.label === 'About Gradient Lab'));
    expect(calls).toEqual(['change', 'open', 'about']);
    expect(items.some((i) => i.role === 'quit')).toBe(true);
  });

  it.each([
    [true, true],
    [false, false],
  ])('developer tools present only in development (isDev=%s)', (isDev, present) => {
    const roles = flatten(build(false, isDev).template).map((i) => i.role);
    expect(roles.includes('toggleDevTools')).toBe(present);
    expect(roles).toEqual(expect.arrayContaining(['reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
  });
});

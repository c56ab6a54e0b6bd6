/**
 * The application menu as data. The actions are passed in, so the template is
 * built and tested without Electron; app/index.ts hands it to Menu.buildFromTemplate.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** What the menu needs from the app. */
export interface MenuActions {
  isMac: boolean;
  /** Development build: adds developer tools and force-reload. */
  isDev: boolean;
  changeRunsFolder(): void;
  openRunsFolder(): void;
  showAbout(): void;
}

/** The label of the File menu item that moves the runs folder. */
export const CHANGE_RUNS_FOLDER_LABEL = 'Change Runs Folder…';

/** Builds the template: (app menu on macOS), File, Edit, View, Window, Help. */
export function buildMenuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: CHANGE_RUNS_FOLDER_LABEL, click: () => a.changeRunsFolder() },
      { label: 'Open Runs Folder', click: () => a.openRunsFolder() },
      { type: 'separator' },
      a.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(a.isDev ? ([{ role: 'forceReload' }, { role: 'toggleDevTools' }] as const) : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'About Gradient Lab', click: () => a.showAbout() }],
  };
  return [
    ...(a.isMac ? [{ role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    help,
  ];
}

/**
 * Electron main process. Kept thin on purpose: everything that can be tested in
 * plain Node (services, IPC adapter, guards, menu, settings, window state) lives
 * in other modules; this file only wires them to Electron.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  screen,
  session,
  shell,
  utilityProcess,
  type MessageBoxSyncOptions,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';
import { LOCAL_CLIENT } from '../../src-shared/training/queue.js';
import { createAppServices, type AppServices } from '../services/app-services.js';
import { setExamplesDir } from '../services/examples.js';
import { appUrlMatcher, broadcastEvents, registerIpcHandlers, trustedRendererFrame } from '../transport/electron-ipc.js';
import { extractMetaCsp, FALLBACK_CSP } from '../transport/csp.js';
import { utilityTrainerLauncher } from '../trainer/utility-launcher.js';
import { guardSession, guardWebContents, isExternalHttps } from './guards.js';
import { buildMenuTemplate } from './menu.js';
import { appPaths } from './paths.js';
import { readSettings, recentFilesStore, runsDirFor, updateSettings } from './settings.js';
import type { ModelFileDialogs } from '../services/model-files.js';
import { secureWebPreferences } from './web-preferences.js';
import { initialBounds, MIN_SIZE, readWindowState, writeWindowState } from './window-state.js';

const devUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null;
/** How long quitting waits for running trainings to stop, in ms. */
const QUIT_GRACE_MS = 5000;

let mainWindow: BrowserWindow | null = null;
/** Set while a quit waits for the windows to close (each may ask about unsaved changes first). */
let quitRequested = false;

function openExternal(url: string): void {
  if (isExternalHttps(url)) void shell.openExternal(url);
}

function createWindow(preload: string, rendererIndex: string, userData: string): BrowserWindow {
  const { maximized, ...bounds } = initialBounds(
    readWindowState(userData),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Gradient Lab',
    webPreferences: secureWebPreferences(preload, !app.isPackaged),
  });
  if (maximized) win.maximize();
  // The editor cancels unloads while it has unsaved changes; Chromium then closes nothing and asks nothing.
  win.webContents.on('will-prevent-unload', (event) => {
    if (confirmLeave(win)) event.preventDefault();
    // "Stay" keeps the window, so a quit that asked for it is called off (trainings keep going).
    else quitRequested = false;
  });
  win.once('ready-to-show', () => win.show());
  win.on('close', () => writeWindowState(userData, { bounds: win.getNormalBounds(), maximized: win.isMaximized() }));
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(rendererIndex);
  return win;
}

/** The native folder picker, for the menu and the settings panel's "Browse…". */
async function pickFolder(current: string): Promise<string | null> {
  const options: OpenDialogOptions = {
    title: 'Choose the runs folder',
    defaultPath: current,
    properties: ['openDirectory', 'createDirectory'],
  };
  const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  const dir = picked.filePaths[0];
  return picked.canceled || !dir ? null : dir;
}

/**
 * "Leave with unsaved changes?" for a page that cancelled its unload (a reload, closing the
 * window or quitting). The question is asked in both UI languages, the system's first: the page
 * may show the other one. True when the user chose to leave.
 */
function confirmLeave(win: BrowserWindow): boolean {
  const en = { message: 'You have unsaved changes. Leave anyway?', leave: 'Leave', stay: 'Stay' };
  const ko = { message: '저장하지 않은 변경 사항이 있습니다. 그래도 나가시겠습니까?', leave: '나가기', stay: '머무르기' };
  const [first, second] = app.getLocale().toLowerCase().startsWith('ko') ? [ko, en] : [en, ko];
  const options: MessageBoxSyncOptions = {
    type: 'question',
    title: 'Gradient Lab',
    message: first.message,
    detail: second.message,
    buttons: [`${first.leave} / ${second.leave}`, `${first.stay} / ${second.stay}`],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
  return dialog.showMessageBoxSync(win, options) === 0;
}

const MODEL_FILE_FILTERS = [{ name: 'Gradient Lab model (JSON)', extensions: ['json'] }];

/** The native dialogs behind `files:open` and `files:save`. */
const modelFileDialogs: ModelFileDialogs = {
  async open(defaultDir) {
    const options: OpenDialogOptions = {
      title: 'Open a model file',
      properties: ['openFile'],
      filters: MODEL_FILE_FILTERS,
      ...(defaultDir ? { defaultPath: defaultDir } : {}),
    };
    const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    const file = picked.filePaths[0];
    return picked.canceled || !file ? null : file;
  },
  async save(defaultPath) {
    const options: SaveDialogOptions = { title: 'Save the model', defaultPath, filters: MODEL_FILE_FILTERS, properties: ['createDirectory', 'showOverwriteConfirmation'] };
    const picked = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    return picked.canceled || !picked.filePath ? null : picked.filePath;
  },
};

async function changeRunsFolder(services: AppServices): Promise<void> {
  const dir = await pickFolder(services.runsDir());
  if (!dir) return;
  try {
    await services.handlers['settings:set-runs-dir']({ path: dir }, { transport: 'ipc', client: LOCAL_CLIENT });
    // The page re-reads app:info and the run list on load.
    mainWindow?.webContents.reload();
  } catch (err) {
    dialog.showErrorBox('Cannot use this folder', err instanceof Error ? err.message : String(err));
  }
}

function start(): void {
  const userData = app.getPath('userData');
  const paths = appPaths(dirname(fileURLToPath(import.meta.url)), app.isPackaged ? process.resourcesPath : null, userData);
  if (paths.examplesDir) setExamplesDir(paths.examplesDir);

  let csp = FALLBACK_CSP;
  try {
    csp = extractMetaCsp(readFileSync(paths.rendererIndex, 'utf8')) ?? FALLBACK_CSP;
  } catch {
    // No built renderer (dev server mode): the fallback policy still applies.
  }
  guardSession(session.defaultSession, csp);

  const settings = readSettings(userData);
  const services = createAppServices({
    shell: 'electron',
    runsDir: runsDirFor(userData, settings),
    ...(settings.max_concurrent_runs !== undefined ? { maxConcurrentRuns: settings.max_concurrent_runs } : {}),
    onMaxConcurrentRunsChanged: (n) => updateSettings(userData, { max_concurrent_runs: n }),
    browseForFolder: pickFolder,
    fileDialogs: modelFileDialogs,
    recentFiles: recentFilesStore(userData),
    dataDir: paths.dataDir,
    launcher: utilityTrainerLauncher((modulePath, args, options) => utilityProcess.fork(modulePath, args, options), paths.trainerEntry, {
      wasmDir: paths.wasmDir,
    }),
    canChangeRunsDir: true,
    onRunsDirChanged: (dir) => updateSettings(userData, { runs_dir: dir }),
  });

  registerIpcHandlers(ipcMain, services.handlers, trustedRendererFrame({ fileUrl: paths.rendererFileUrl, devUrl }));
  broadcastEvents(services.events, () => BrowserWindow.getAllWindows().map((w) => w.webContents));

  app.setAboutPanelOptions({ applicationName: 'Gradient Lab', applicationVersion: app.getVersion(), copyright: 'MIT License' });
  const isMac = process.platform === 'darwin';
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        isMac,
        isDev: !app.isPackaged,
        changeRunsFolder: () => void changeRunsFolder(services),
        openRunsFolder: () => void shell.openPath(services.runsDir()),
        showAbout: () => app.showAboutPanel(),
      }),
    ),
  );

  // Guards go on every WebContents the app ever creates, the main window's included.
  const isAppUrl = appUrlMatcher({ fileUrl: paths.rendererFileUrl, devUrl });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isAppUrl, openExternal));

  // Stop trainings before quitting so their runs end as `stopped`, not `failed`.
  let quitting = false;
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    if (quitting) return;
    // Windows first: a page with unsaved changes asks (will-prevent-unload), and "Stay" must
    // call the quit off before any training has been stopped. window-all-closed quits again.
    const open = BrowserWindow.getAllWindows().filter((w) => !w.isDestroyed());
    if (open.length) {
      quitRequested = true;
      for (const w of open) w.close();
      return;
    }
    quitting = true;
    const grace = new Promise((ok) => setTimeout(ok, QUIT_GRACE_MS));
    void Promise.race([services.dispose(), grace]).finally(() => {
      disposed = true;
      app.quit();
    });
  });

  mainWindow = createWindow(paths.preload, paths.rendererIndex, userData);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(paths.preload, paths.rendererIndex, userData);
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' || quitRequested) app.quit();
  });
  void app.whenReady().then(start);
}

/**
 * Preload of the app window (sandboxed, context-isolated): exposes the typed
 * contract as `window.gradientLab` and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridgeApi } from './bridge.js';

contextBridge.exposeInMainWorld('gradientLab', createBridgeApi(ipcRenderer));

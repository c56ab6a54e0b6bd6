/// <reference types="svelte" />
/**
 * Ambient types of the renderer. Svelte's types bring the runes and `*.svelte`
 * modules (needed because this project sets `types: []` to keep Node out).
 */
import type { GradientLabApi } from '../src-shared/ipc/contract.js';

declare global {
  interface Window {
    /** The typed API the Electron preload exposes with contextBridge; absent in a browser (lab mode). */
    gradientLab?: GradientLabApi;
  }
}

export {};

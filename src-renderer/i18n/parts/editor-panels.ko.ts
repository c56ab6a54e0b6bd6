/** Korean UI text of the editor-panels feature; spread into ko.ts. Keys must equal ./editor-panels.en.ts's. */
import type { editorPanelsEn } from './editor-panels.en.js';

export const editorPanelsKo: { readonly [K in keyof typeof editorPanelsEn]: string } = {
};

/** Korean UI text of the editor feature; spread into ko.ts. Keys must equal ./editor.en.ts's. */
import type { editorEn } from './editor.en.js';

export const editorKo: { readonly [K in keyof typeof editorEn]: string } = {
};

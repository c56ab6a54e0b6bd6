/** English UI text of the editor-panels feature; spread into en.ts (ko: ./editor-panels.ko.ts, same keys). */
export const editorPanelsEn = {
} as const;

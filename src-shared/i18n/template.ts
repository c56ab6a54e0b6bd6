/** Message templates shared by the main side, the CLI and the renderer. */

/** The UI languages: Korean (the course's) and English. */
export type UiLanguage = 'en' | 'ko';

/** Values for `{name}` placeholders. */
export type TemplateParams = Record<string, string | number>;

/**
 * Fills `{name}` placeholders; unknown ones stay as written, so a missing value shows
 * rather than vanishing. Example: `fillTemplate('limit {limit}', { limit: 3 })` → `'limit 3'`.
 */
export function fillTemplate(template: string, params: TemplateParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : m));
}

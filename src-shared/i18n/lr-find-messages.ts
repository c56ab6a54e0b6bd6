/**
 * What the main side says about the learning-rate finder (`lr:find`, CLI `lr-find`), in
 * both UI languages. Kept beside main-messages.ts rather than in it: main sends the English
 * sentence as the error's `message` (no code, so transports that only pass known
 * main-message codes lose nothing), and the renderer recognises it with
 * {@link parseLrFindMessage} to say it in the user's language. The CLI renders the code
 * directly.
 */
import { fillTemplate, type TemplateParams, type UiLanguage } from './template.js';

const en = {
  'lr_find.busy': '{count} learning-rate searches are already running or waiting; try again in a moment.',
  'lr_find.failed': 'The learning-rate finder could not run: {detail}',
} as const;

/** A learning-rate finder message. */
export type LrFindMessageCode = keyof typeof en;

const ko: { readonly [K in LrFindMessageCode]: string } = {
  'lr_find.busy': '이미 학습률 탐색 {count}개가 실행 중이거나 기다리고 있습니다. 잠시 후 다시 시도하세요.',
  'lr_find.failed': '학습률 탐색기를 실행할 수 없습니다: {detail}',
};

/** Every finder message per language. */
export const LR_FIND_MESSAGES: Record<UiLanguage, Record<LrFindMessageCode, string>> = { en, ko };

/** The message in `lang`. Example: `lrFindMessage('en', 'lr_find.busy', { count: 5 })` → `'5 learning-rate searches are already running …'`. */
export function lrFindMessage(lang: UiLanguage, code: LrFindMessageCode, params: TemplateParams = {}): string {
  return fillTemplate(LR_FIND_MESSAGES[lang][code], params);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each English template as an anchored pattern with one group per placeholder. */
const PATTERNS = (Object.keys(en) as LrFindMessageCode[]).map((code) => {
  const names: string[] = [];
  const source = en[code]
    .split(/(\{\w+\})/)
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return escape(part);
      names.push(m[1] as string);
      return '([\\s\\S]*?)';
    })
    .join('');
  return { code, names, re: new RegExp(`^${source}$`) };
});

/**
 * The code and parameters of an English finder message, or null for any other text.
 * Example: `parseLrFindMessage('The learning-rate finder could not run: out of memory')` →
 * `{ code: 'lr_find.failed', params: { detail: 'out of memory' } }`.
 */
export function parseLrFindMessage(message: string): { code: LrFindMessageCode; params: Record<string, string> } | null {
  for (const { code, names, re } of PATTERNS) {
    const m = re.exec(message);
    if (m) return { code, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1] as string])) };
  }
  return null;
}

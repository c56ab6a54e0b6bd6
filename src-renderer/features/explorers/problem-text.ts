/** The words for a form problem in the current language: the generic validation messages where they fit. */
import { t } from '../../i18n/index.js';
import { formatCount } from '../../lib/format.js';
import { formatValue, type FieldProblem } from './form-problems.js';

/**
 * Example: `{ field: 'fan_in', kind: 'range', min: 1, max: 100000, value: 0 }` with label
 * "fan_in" → "fan_in: must be between 1 and 100,000. Received: 0." (in the UI language).
 * `order` needs the sentence of its pair of fields: `orderText`.
 */
export function problemText(p: FieldProblem, label: string, orderText: string): string {
  switch (p.kind) {
    case 'required':
      return t('validation.required', { field: label });
    case 'integer':
      return t('validation.integer', { field: label, value: String(p.value) });
    case 'range':
      return t('validation.range', { field: label, min: formatCount(p.min), max: formatCount(p.max), value: String(p.value) });
    case 'positive':
      return t('explorer.init.positive', { field: label, value: String(p.value) });
    case 'order':
      return orderText;
    case 'too_many':
      return t('explorer.init.tooMany', { weights: formatCount(p.weights), max: formatCount(p.max) });
  }
}

export { formatValue };

/**
 * One problem found in a model document, e.g.
 * `{ path: "layers[2].units", message: "expected a positive integer", received: 0 }`.
 * `received` is a bounded, plain-data copy of the offending value (safe to send over IPC);
 * it is absent when nothing was received (a missing key, an unknown key, a semantic rule).
 */
export interface ModelError {
  path: string;
  message: string;
  received?: unknown;
}

/** Path of problems that belong to the whole document. */
export const ROOT_PATH = '(root)';

const PREVIEW_LENGTH = 60;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["layers", 2, "units"]` → `layers[2].units`; `[]` → `(root)`; odd keys as `["a b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key) && key.length <= PREVIEW_LENGTH) out += out === '' ? key : `.${key}`;
    else out += `[${truncate(JSON.stringify(typeof key === 'string' ? key : String(key)))}]`;
  }
  return out === '' ? ROOT_PATH : out;
}

/** `layers[2].units: expected a positive integer, received 0`. */
export function formatModelError(e: ModelError): string {
  const received = Object.hasOwn(e, 'received') ? `, received ${previewValue(e.received)}` : '';
  return `${e.path}: ${e.message}${received}`;
}

/** Compact JSON-like text of any value, cut to about 60 characters; never throws, never recurses deeply. */
export function previewValue(value: unknown): string {
  const parts: string[] = [];
  let length = 0;
  const emit = (s: string): boolean => {
    parts.push(s);
    length += s.length;
    return length <= PREVIEW_LENGTH;
  };
  // Returns false once the budget is spent, so nesting depth is bounded by the budget too.
  const walk = (v: unknown): boolean => {
    if (v === null || typeof v === 'boolean') return emit(String(v));
    if (typeof v === 'number') return emit(Number.isFinite(v) ? JSON.stringify(v) : String(v));
    if (typeof v === 'string') return emit(JSON.stringify(v.slice(0, PREVIEW_LENGTH + 1)));
    if (typeof v === 'bigint') return emit(`${v}n`);
    if (v === undefined) return emit('undefined');
    if (typeof v === 'function') return emit('a function');
    if (typeof v === 'symbol') return emit('a symbol');
    if (Array.isArray(v)) {
      if (!emit('[')) return false;
      for (let i = 0; i < v.length; i++) {
        if (i > 0 && !emit(',')) return false;
        if (!walk(v[i])) return false;
      }
      return emit(']');
    }
    if (!emit('{')) return false;
    let first = true;
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      if (!first && !emit(',')) return false;
      first = false;
      if (!emit(`${JSON.stringify(key.slice(0, PREVIEW_LENGTH + 1))}:`)) return false;
      if (!walk((v as Record<string, unknown>)[key])) return false;
    }
    return emit('}');
  };
  try {
    walk(value);
  } catch {
    parts.push('…');
    length = Infinity;
  }
  return truncate(parts.join(''));
}

/** A plain-data copy of `value` small enough to carry in an error (depth 3, 8 entries, 200 characters). */
export function boundedCopy(value: unknown, depth = 3): unknown {
  try {
    if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
    if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
    if (typeof value !== 'object') return previewValue(value);
    // "…" marks what was cut, so a preview never passes a truncated value off as the whole.
    if (depth === 0) return '…';
    if (Array.isArray(value)) {
      const head = value.slice(0, 8).map((v: unknown) => boundedCopy(v, depth - 1));
      return value.length > 8 ? [...head, '…'] : head;
    }
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (n++ >= 8) {
        out['…'] = '…';
        break;
      }
      // defineProperty, not assignment: a "__proto__" key must stay an own key, not set the prototype.
      Object.defineProperty(out, key, {
        value: boundedCopy((value as Record<string, unknown>)[key], depth - 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  } catch {
    return 'an unreadable value';
  }
}

function truncate(s: string): string {
  return s.length > PREVIEW_LENGTH ? `${s.slice(0, PREVIEW_LENGTH - 1)}…` : s;
}

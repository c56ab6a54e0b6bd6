/**
 * Finds where JSON text goes wrong, because `JSON.parse` messages differ between engines and
 * some (`Unexpected token '}', …`) give no position. Iterative, so deep nesting cannot overflow.
 */

/** Where and why JSON text is invalid: `{ line: 3, column: 5, reason: 'expected "," or "}", found "]"' }`. */
export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  reason: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = '"\\/bfnrt';
const HEX4 = /^[0-9a-fA-F]{4}$/;

type State = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'after';

/** First syntax error in `text` (1-based line and column), or null if the text is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxProblem | null {
  const n = text.length;
  const stack: ('object' | 'array')[] = [];
  let i = 0;
  let state: State = 'value';
  const fail = (offset: number, reason: string): JsonSyntaxProblem => ({ offset, reason, ...lineColumn(text, offset) });
  const found = (): string => (i >= n ? 'the end of the text' : JSON.stringify(text.slice(i, i + 1)));

  const scanString = (): JsonSyntaxProblem | null => {
    const start = i;
    i++;
    for (;;) {
      if (i >= n) return fail(start, 'unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return fail(i, 'control character in a string (write a newline as \\n)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6))) return fail(i, 'bad \\u escape in a string');
          i += 6;
        } else if (e !== undefined && ESCAPES.includes(e)) i += 2;
        else return fail(i, 'bad escape in a string');
      } else i++;
    }
  };

  for (;;) {
    while (i < n && ' \t\n\r'.includes(text[i] as string)) i++;
    if (i >= n) {
      if (state === 'after' && stack.length === 0) return null;
      return fail(n, 'unexpected end of the text');
    }
    const ch = text[i] as string;
    switch (state) {
      case 'valueOrClose':
      case 'value': {
        if (state === 'valueOrClose' && ch === ']') {
          i++;
          stack.pop();
          state = 'after';
        } else if (ch === '{') {
          i++;
          stack.push('object');
          state = 'keyOrClose';
        } else if (ch === '[') {
          i++;
          stack.push('array');
          state = 'valueOrClose';
        } else if (ch === '"') {
          const e = scanString();
          if (e) return e;
          state = 'after';
        } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(text);
          if (!m) return fail(i, 'bad number');
          i += m[0].length;
          state = 'after';
        } else {
          const literal = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
          if (!literal) return fail(i, `expected a value, found ${found()}`);
          i += literal.length;
          state = 'after';
        }
        break;
      }
      case 'keyOrClose':
        if (ch === '}') {
          i++;
          stack.pop();
          state = 'after';
          break;
        }
      // falls through: an object's first entry is a key like any other
      case 'key': {
        if (ch !== '"') return fail(i, `expected a double-quoted property name, found ${found()}`);
        const e = scanString();
        if (e) return e;
        state = 'colon';
        break;
      }
      case 'colon':
        if (ch !== ':') return fail(i, `expected ":" after a property name, found ${found()}`);
        i++;
        state = 'value';
        break;
      case 'after': {
        const top = stack[stack.length - 1];
        if (top === undefined) return fail(i, `unexpected ${found()} after the end of the document`);
        const close = top === 'object' ? '}' : ']';
        if (ch === ',') {
          i++;
          state = top === 'object' ? 'key' : 'value';
        } else if (ch === close) {
          i++;
          stack.pop();
        } else return fail(i, `expected "," or "${close}", found ${found()}`);
        break;
      }
    }
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * A key that appears twice in one JSON object. `JSON.parse` silently keeps the last value,
 * so a document with `"units": 300, …, "units": 10` would train a model its author never
 * wrote; the validator reports these instead.
 * Example: `{ path: ['layers', 1], key: 'units', line: 7, column: 5 }`.
 */
export interface JsonDuplicateKey {
  /** Keys and indices from the root to the object that holds the key twice (`[]` for the root object). */
  path: (string | number)[];
  /** The key, decoded (`"\u0075nits"` and `"units"` are the same key, as for `JSON.parse`). */
  key: string;
  /** Where the second (or later) occurrence starts: offset into the text, 1-based line and column. */
  offset: number;
  line: number;
  column: number;
}

type Frame = { kind: 'object'; keys: Set<string>; key: string | null; expectKey: boolean } | { kind: 'array'; index: number };

/**
 * Every repeated key in every object of `text`, in document order; `[]` when there is
 * none. Meant for text that `JSON.parse` accepted (on invalid text it stops quietly at
 * what it cannot read). One pass, iterative, so neither size nor nesting can overflow.
 */
export function findDuplicateKeys(text: string): JsonDuplicateKey[] {
  const out: JsonDuplicateKey[] = [];
  const frames: Frame[] = [];
  const n = text.length;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      // Valid JSON has raw newlines only between tokens (never inside a string), so counting here is exact.
      line++;
      lineStart = i + 1;
      i++;
      continue;
    }
    const top = frames[frames.length - 1];
    if (c === 0x7b /* { */) {
      frames.push({ kind: 'object', keys: new Set(), key: null, expectKey: true });
      i++;
    } else if (c === 0x5b /* [ */) {
      frames.push({ kind: 'array', index: 0 });
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      frames.pop();
      i++;
    } else if (c === 0x2c /* , */) {
      if (top?.kind === 'array') top.index++;
      else if (top?.kind === 'object') top.expectKey = true;
      i++;
    } else if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      i++;
      for (;;) {
        if (i >= n) return out;
        const s = text.charCodeAt(i);
        if (s === 0x5c) {
          escaped = true;
          i += 2;
        } else if (s === 0x22) {
          i++;
          break;
        } else i++;
      }
      if (top?.kind === 'object' && top.expectKey) {
        top.expectKey = false;
        let key: string;
        try {
          key = escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
        } catch {
          return out;
        }
        if (top.keys.has(key)) {
          out.push({ path: pathOf(frames), key, offset: start, line, column: start - lineStart + 1 });
        } else top.keys.add(key);
        top.key = key;
      }
    } else i++;
  }
  return out;
}

/** Path of the innermost frame: every enclosing container's current key or index. */
function pathOf(frames: readonly Frame[]): (string | number)[] {
  const path: (string | number)[] = [];
  for (let k = 0; k < frames.length - 1; k++) {
    const f = frames[k] as Frame;
    path.push(f.kind === 'array' ? f.index : (f.key ?? ''));
  }
  return path;
}

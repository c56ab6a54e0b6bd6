/**
 * `summary <model.json>` and `lint <model.json>`: the editor's live summary and
 * pairing lint on the command line, from the same shared code (src-shared/model).
 */
import { summarizeModel, summaryJson } from '../../src-shared/model/summary.js';
import { lintModel } from '../../src-shared/model/lint.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { CliMessages } from './messages.js';

const n = (x: number) => x.toLocaleString('en-US');

/** Terminal columns of a string: Hangul and other wide (CJK) characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return w;
}

/** `padEnd` by terminal columns, so a Korean heading lines up with the numbers under it. */
function padCols(s: string, cols: number): string {
  return s + ' '.repeat(Math.max(0, cols - displayWidth(s)));
}

/** Prints the Keras-style table (or the `--json` object); returns the exit code (0). */
export function summaryCommand(model: ModelSpec, json: boolean, msg: CliMessages, out: (line: string) => void): number {
  if (json) {
    out(JSON.stringify(summaryJson(model)));
    return 0;
  }
  const s = summarizeModel(model);
  const rows = s.layers.map((l) => [`${l.kind}_${l.index}`, `(None, ${l.outputShape.join(', ')})`, n(l.params)] as const);
  const [h1, h2, h3] = msg.summaryHeader;
  const w1 = Math.max(displayWidth(h1), ...rows.map((r) => r[0].length)) + 3;
  const w2 = Math.max(displayWidth(h2), ...rows.map((r) => r[1].length)) + 3;
  const line = (a: string, b: string, c: string) => `${padCols(a, w1)}${padCols(b, w2)}${c}`;
  const rule = (ch: string) => ch.repeat(w1 + w2 + Math.max(displayWidth(h3), 10));
  out(msg.summaryModel(model.name));
  out(rule('_'));
  out(line(h1, h2, h3));
  out(rule('='));
  s.layers.forEach((l, i) => {
    const r = rows[i]!;
    out(line(r[0], r[1], r[2]));
    if (l.dense) {
      const d = l.dense;
      out(msg.summaryDense(d.fanIn, d.fanOut, d.resolvedActivation, d.initializerLabel, d.expectedKernelStd.toPrecision(3)));
    }
    out(rule(i === s.layers.length - 1 ? '=' : '_'));
  });
  for (const t of msg.summaryTotals(n(s.params), n(s.trainableParams), n(s.nonTrainableParams))) out(t);
  return 0;
}

/** Prints the findings (advice: exit 0 with or without them); `--json`: `{"findings":[{code,path,message,fix}]}`. */
export function lintCommand(model: ModelSpec, file: string, json: boolean, msg: CliMessages, out: (line: string) => void): number {
  const findings = lintModel(model, msg.lang);
  if (json) {
    out(JSON.stringify({ findings: findings.map(({ code, path, message, fix }) => ({ code, path, message, fix })) }));
    return 0;
  }
  out(findings.length === 0 ? msg.lintNone(file) : msg.lintCount(file, findings.length));
  for (const f of findings) {
    out(`  [${f.code}] ${f.path}: ${f.message}`);
    out(`    ${msg.lintFixPrefix}${f.fix}`);
  }
  return 0;
}

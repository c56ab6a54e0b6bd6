/**
 * `recommend ['<answers>'] [--json] [--model FILE]`: the chapter's activation guideline on the
 * command line, from the same rules and texts as the wizard (src-shared/wizard).
 */
import { canSelfNormalize, selfNormalizingCheck } from '../../src-shared/wizard/self-normalizing.js';
import { parseAnswers, recommend, type ParsedAnswers } from '../../src-shared/wizard/guideline.js';
import {
  candidateLabel,
  conditionText,
  crossValidateText,
  questionText,
  reasonText,
  tradeoffText,
} from '../../src-shared/wizard/guideline-messages.js';
import { WIZARD_ANSWER_KEYS, type Recommendation, type SelfNormalizingCheckItem, type WizardAnswers } from '../../src-shared/wizard/types.js';
import { CliError, EXIT, type ExitCode, type ParsedArgs } from './args.js';
import type { CliMessages } from './messages.js';
import { readModelFile } from './model-file.js';
import { RECOMMEND_MESSAGES, type RecommendMessages } from './recommend-messages.js';

/** What main.ts hands the command. */
export interface RecommendArgs {
  /** The positional JSON answers, if any. */
  answers: string | undefined;
  values: ParsedArgs['values'];
  json: boolean;
  msg: CliMessages;
  out: (line: string) => void;
}

/** Candidates the suggested crossval command compares: the issue's "top 2–4". */
const CROSSVAL_TOP = 3;
/** A received value longer than this is cut in error messages, so a pasted file does not flood the terminal. */
const MAX_VALUE_CHARS = 80;

/**
 * Prints the ranking; returns the exit code. `--json` prints one line with exactly the keys
 * `ranked` (`activation`, `initializer`, `reasons`), `cross_validate` and, with `--model`,
 * `self_normalizing_check` (`condition`, `ok`, `path`). Bad answers: CliError, exit 2;
 * an unreadable or invalid model file: exit 1.
 */
export async function recommendCommand(args: RecommendArgs): Promise<ExitCode> {
  const say = RECOMMEND_MESSAGES[args.msg.lang];
  const parsed = parseAnswers(args.answers);
  if (!parsed.ok) throw new CliError(answersError(parsed, say));
  const file = typeof args.values.model === 'string' ? args.values.model : undefined;
  const check = file !== undefined ? selfNormalizingCheck(readModelFile(file, args.msg)) : null;
  const rec = recommend(parsed.answers);

  if (args.json) {
    args.out(
      JSON.stringify({
        ranked: rec.ranked.map(({ activation, initializer, reasons }) => ({ activation, initializer, reasons })),
        cross_validate: rec.cross_validate,
        ...(check ? { self_normalizing_check: check.map(({ condition, ok, path }) => ({ condition, ok, path })) } : {}),
      }),
    );
    return EXIT.ok;
  }
  for (const line of humanLines(args.msg.lang, say, parsed.answers, rec, file, check)) args.out(line);
  return EXIT.ok;
}

function answersError(p: Extract<ParsedAnswers, { ok: false }>, say: RecommendMessages): string {
  switch (p.problem) {
    case 'not_json':
      return say.notJson(cut(JSON.stringify(p.value)));
    case 'not_object':
      return say.notObject(cut(p.value));
    case 'unknown_key':
      return say.unknownKey(cut(JSON.stringify(p.key)), cut(p.value), WIZARD_ANSWER_KEYS);
    case 'not_boolean':
      return say.notBoolean(p.key ?? '', cut(p.value));
  }
}

function cut(s: string): string {
  return s.length <= MAX_VALUE_CHARS ? s : `${s.slice(0, MAX_VALUE_CHARS - 1)}…`;
}

/** A path as a shell word: quoted only when it needs to be. */
function shellWord(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function humanLines(
  lang: CliMessages['lang'],
  say: RecommendMessages,
  answers: WizardAnswers,
  rec: Recommendation,
  file: string | undefined,
  check: SelfNormalizingCheckItem[] | null,
): string[] {
  const lines = [say.heading, ''];
  // Each rule is explained once; a later candidate it also applies to gets its quote only.
  const explained = new Set<string>();
  rec.ranked.forEach((c, i) => {
    lines.push(say.candidate(i + 1, candidateLabel(lang, c.activation), c.activation, c.initializer));
    for (const code of c.reasons) {
      const r = reasonText(lang, code);
      lines.push(`   “${r.quote}”`);
      if (!explained.has(code)) lines.push(`     ${r.explanation}`);
      explained.add(code);
    }
  });

  if (rec.tradeoffs.length > 0) {
    lines.push('', say.tradeoffsHeading);
    for (const t of rec.tradeoffs) {
      lines.push(`  - ${questionText(lang, t.first).title} ↔ ${questionText(lang, t.second).title}`);
      lines.push(`    ${tradeoffText(lang, t)}`);
    }
  }

  if (rec.cross_validate) {
    const top = rec.ranked.slice(0, CROSSVAL_TOP).map((c) => c.activation);
    const command = `npm run cli -- crossval ${shellWord(file ?? say.modelPlaceholder)} --candidates ${top.join(',')}`;
    const cv = crossValidateText(lang, command);
    lines.push('', say.crossValidateHeading, `   “${cv.quote}”`, `     ${cv.explanation}`);
  }

  if (check && file !== undefined) {
    lines.push('', say.checkHeading(file));
    for (const item of check) {
      const t = conditionText(lang, item);
      lines.push(`  ${item.ok ? '✓' : '✗'} ${t.label}${item.path ? ` — ${item.path}` : ''}`);
      if (t.why) lines.push(`      ${t.why}`);
      if (t.fix) lines.push(`      ${t.fix}`);
    }
    const can = canSelfNormalize(check);
    lines.push(`  ${can ? say.canSelfNormalize : say.cannotSelfNormalize}`);
    if (can && !answers.self_normalizing) lines.push(`  ${say.hintAnswerYes}`);
    if (!can && answers.self_normalizing) lines.push(`  ${say.hintAnswerNo}`);
  }
  return lines;
}

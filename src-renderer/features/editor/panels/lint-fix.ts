/**
 * The lint panel's logic, kept out of the component so it can be tested: which findings
 * to show for the editor's document, and "fix all", which applies one fix at a time and
 * lints again in between, because a fix is computed against the document it was found in
 * (removing a layer shifts the indices every later fix names).
 */
import { applyLintFix, lintModel, parseModel, type LintFinding, type LintLanguage, type ModelSpec } from '../../../../src-shared/model/index.js';
import { stableJson } from '../document.js';

/** Most fixes "fix all" applies: more than any real model needs, and a stop should one fix ever undo another. */
export const MAX_FIX_ALL_STEPS = 200;

/** The findings of a checked model, or null when there is none (the draft has validation errors, and the lint reads only valid models). */
export function findingsOf(model: ModelSpec | null, lang: LintLanguage): LintFinding[] | null {
  return model ? lintModel(model, lang) : null;
}

/**
 * `doc` with every finding fixed, and how many fixes that took. Stops early when the
 * document would become invalid or a fix changes nothing. Example: the seed's SELU net with
 * `preprocess: 'scale'` and one `he_normal` layer → `{ applied: 2 }`, and the result lints clean.
 */
export function fixAll(doc: ModelSpec, lang: LintLanguage): { doc: ModelSpec; applied: number } {
  let current = doc;
  let applied = 0;
  for (let step = 0; step < MAX_FIX_ALL_STEPS; step++) {
    const checked = parseModel(current);
    if (!checked.ok) break;
    const first = lintModel(checked.model, lang)[0];
    if (!first) break;
    const next = applyLintFix(current, first.action);
    if (stableJson(next) === stableJson(current)) break;
    current = next;
    applied++;
  }
  return { doc: current, applied };
}

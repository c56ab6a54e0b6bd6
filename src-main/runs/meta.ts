/**
 * `meta.json` of a run: what the student adds afterwards in the runs view or with
 * `runs rename|tag` (a display name, tags, a note). It is the only file of a run
 * folder the training never writes, so it can change while the run trains.
 *
 * A damaged meta.json is never a damaged run: it reads as the defaults plus a
 * problem to report, and the next update replaces it whole.
 */
import { z } from 'zod';
import { RUN_META_LIMITS, TAG_PATTERN, type RunMeta } from '../../src-shared/runs/types.js';

/** The file's name inside a run folder. */
export const META_FILE = 'meta.json';

/** What a run without meta.json shows: the model's name, no tags, no note (a fresh object each call). */
export function emptyMeta(): RunMeta {
  return { name: null, tags: [], note: '' };
}

/** Why a patch was refused, as data so the IPC handler and the CLI can word it in either language. */
export type MetaProblem =
  | { field: 'name'; kind: 'name_empty' }
  | { field: 'name'; kind: 'name_too_long'; limit: number; length: number }
  | { field: 'tags'; kind: 'tag_invalid'; tag: string; index: number }
  | { field: 'tags'; kind: 'too_many_tags'; limit: number; count: number }
  | { field: 'note'; kind: 'note_too_long'; limit: number; length: number };

/** A patch after the check: names trimmed, tags de-duplicated in order. */
export type MetaPatch = Partial<RunMeta>;

/** The English sentence for a problem, Keras style: it names the field and what was received. */
export function metaProblemText(p: MetaProblem): string {
  switch (p.kind) {
    case 'name_empty':
      return 'name: expected a non-empty name (or null for the model\'s name). Received: an empty name';
    case 'name_too_long':
      return `name: expected at most ${p.limit} characters. Received: ${p.length}`;
    case 'tag_invalid':
      return `tags[${p.index}]: expected letters, digits, "-", "_", ".", ":" (1–${RUN_META_LIMITS.tag} characters, no spaces). Received: ${JSON.stringify(p.tag)}`;
    case 'too_many_tags':
      return `tags: expected at most ${p.limit} tags. Received: ${p.count}`;
    case 'note_too_long':
      return `note: expected at most ${p.limit} characters. Received: ${p.length}`;
  }
}

/**
 * Checks and normalizes a patch: `{name: '  Wide net '}` → `{name: 'Wide net'}`,
 * `{tags: ['a', 'b', 'a']}` → `{tags: ['a', 'b']}`. Fields left out stay left out.
 */
export function checkMetaPatch(patch: MetaPatch): { ok: true; patch: MetaPatch } | { ok: false; problem: MetaProblem } {
  const out: MetaPatch = {};
  if (patch.name !== undefined) {
    if (patch.name === null) out.name = null;
    else {
      const name = patch.name.trim();
      if (name === '') return { ok: false, problem: { field: 'name', kind: 'name_empty' } };
      if (name.length > RUN_META_LIMITS.name) return { ok: false, problem: { field: 'name', kind: 'name_too_long', limit: RUN_META_LIMITS.name, length: name.length } };
      out.name = name;
    }
  }
  if (patch.tags !== undefined) {
    const bad = patch.tags.findIndex((t) => typeof t !== 'string' || !TAG_PATTERN.test(t));
    if (bad >= 0) return { ok: false, problem: { field: 'tags', kind: 'tag_invalid', tag: String(patch.tags[bad]), index: bad } };
    const tags = [...new Set(patch.tags)];
    if (tags.length > RUN_META_LIMITS.tags) return { ok: false, problem: { field: 'tags', kind: 'too_many_tags', limit: RUN_META_LIMITS.tags, count: tags.length } };
    out.tags = tags;
  }
  if (patch.note !== undefined) {
    if (patch.note.length > RUN_META_LIMITS.note) return { ok: false, problem: { field: 'note', kind: 'note_too_long', limit: RUN_META_LIMITS.note, length: patch.note.length } };
    out.note = patch.note;
  }
  return { ok: true, patch: out };
}

// What we read back is held to what we write: a hand-edited file with a bad tag is damaged, not half-used.
const metaSchema = z
  .object({
    name: z.string().trim().min(1).max(RUN_META_LIMITS.name).nullable(),
    tags: z.array(z.string().regex(TAG_PATTERN)).max(RUN_META_LIMITS.tags),
    note: z.string().max(RUN_META_LIMITS.note),
  })
  .loose();

/** Parses meta.json's text; throws an Error naming the file and the first bad field. */
export function parseMeta(text: string): RunMeta {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${META_FILE} is not valid JSON (${(err as Error).message})`);
  }
  const r = metaSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new Error(`${META_FILE} is invalid at ${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  return { name: r.data.name, tags: [...new Set(r.data.tags)], note: r.data.note };
}

/** The file's text: exactly the three keys, pretty-printed like the run's other JSON files. */
export function metaText(meta: RunMeta): string {
  return `${JSON.stringify({ name: meta.name, tags: meta.tags, note: meta.note }, null, 2)}\n`;
}

/**
 * The runs list's rows, fast for a thousand runs: each file a row depends on is read
 * once and kept with its stat signature (device, inode, size, mtime, ctime), so a
 * re-list stats the files and re-reads only the ones that changed; metrics.jsonl is
 * read on from where the last scan stopped (metrics-scan.ts).
 *
 * A file changed within the last RACY_MS is read again on every list even if its
 * signature matches: on a file system with coarse timestamps (network shares, FAT)
 * a second change within the same tick would otherwise go unseen for good.
 *
 * Damage, by what it costs the run:
 * - status.json, model.json, metrics.jsonl or the saved weights' files damaged: the
 *   run's record can't be trusted, so it is listed as `failed`;
 * - environment.json or meta.json damaged, or a completed run's weights missing: what
 *   it recorded is intact, so it keeps its status.
 * Either way `damaged` names the files and `error` says what is wrong with each.
 */
import { statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { denseDefaults } from '../../src-shared/model/defaults.js';
import { resolveActivation } from '../../src-shared/model/summary.js';
import type { DenseLayer, LayerSpec, ModelSpec } from '../../src-shared/model/spec.js';
import type { RunMeta } from '../../src-shared/runs/types.js';
import type { RunStatusRecord, RunSummary } from '../../src-shared/training/run.js';
import { RUN_ID_PATTERN } from './ids.js';
import { capError } from './io.js';
import { META_FILE, emptyMeta, parseMeta } from './meta.js';
import { metricsFacts, scanMetrics, type MetricsScan } from './metrics-scan.js';
import { damagedStatus, describe, ENV_FILE, MAX_JSON_BYTES, METRICS_FILE, MODEL_FILE, readStatus, readText, STATUS_FILE } from './read.js';
import { parseEnvironment, parseStoredModel } from './schema.js';
import { inspectWeights, WEIGHTS_BIN_FILE, WEIGHTS_DIR, WEIGHTS_MODEL_FILE } from './weights.js';

/** Files changed more recently than this (ms) are never served from the cache. */
export const RACY_MS = 2000;

/** What a row needs from model.json. */
export interface ModelFacts {
  name: string;
  dataset: ModelSpec['dataset'];
  /** Distinct resolved activations and kernel initializer names of the hidden dense layers, in layer order. */
  activations: string[];
  initializers: string[];
}

type Result<T> = { ok: true; value: T } | { ok: false; error: string };
type Cached<T> = { sig: string; result: Result<T> };

/** What a row needs from weights/: their state, the damaged file and why, and the weight files its signature covers. */
interface WeightsFacts {
  state: 'none' | 'ok' | 'damaged';
  file?: string;
  problem?: string;
  files: string[];
}

interface RunEntry {
  status?: Cached<RunStatusRecord>;
  model?: Cached<ModelFacts>;
  env?: Cached<string | null>;
  meta?: Cached<RunMeta | null>;
  weights?: { sig: string; facts: WeightsFacts };
  metrics?: { sig: string; scan: MetricsScan | null; error: string | null };
}

/**
 * Hidden dense layers' activations and initializers, e.g. `{activations: ['selu'],
 * initializers: ['lecun_normal']}` for a SELU net. The output layer (the last dense) is
 * left out; an initializer object is named by its `name`; an activation is the one the
 * layer's output really goes through (resolveActivation, as the summary and the engine say).
 * Read from the stored document as it is: it was validated before it trained, and the full
 * validator would cost a list of 1,000 runs a quarter of a second. A document too broken
 * to read this way gives empty lists.
 */
export function modelFacets(model: unknown): { activations: string[]; initializers: string[] } {
  const layers = (model as { layers?: unknown } | null)?.layers;
  if (!Array.isArray(layers)) return { activations: [], initializers: [] };
  try {
    const specs = layers as LayerSpec[];
    const dense = specs.flatMap((l, i) => ((l as { kind?: unknown } | null)?.kind === 'dense' ? [i] : []));
    const hidden = dense.slice(0, -1);
    const activations = hidden.map((i) => resolveActivation(specs, i).activation as unknown);
    const initializers = hidden.map((i) => {
      const k = denseDefaults(specs[i] as DenseLayer).kernel_initializer as unknown;
      return typeof k === 'string' ? k : (k as { name?: unknown } | null)?.name;
    });
    const names = (xs: unknown[]) => [...new Set(xs.filter((x): x is string => typeof x === 'string'))];
    return { activations: names(activations), initializers: names(initializers) };
  } catch {
    return { activations: [], initializers: [] };
  }
}

/** `file` → `dev:ino:size:mtime:ctime` with its kind, `-` when missing, `!CODE` when stat failed; `racy` when it changed very recently. */
function signature(path: string, nowMs: number): { sig: string; racy: boolean; st?: Stats } {
  let st: Stats | undefined;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch (err) {
    return { sig: `!${(err as NodeJS.ErrnoException).code ?? 'ERR'}`, racy: true };
  }
  if (!st) return { sig: '-', racy: false };
  const kind = st.isFile() ? 'f' : st.isDirectory() ? 'd' : 'o';
  return { sig: `${kind}${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`, racy: nowMs - st.mtimeMs < RACY_MS, st };
}

function attempt<T>(read: () => T): Result<T> {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    return { ok: false, error: describe(err) };
  }
}

/** Reads rows of one runs folder, keeping what it read for the next list. One per RunStore. */
export class SummaryReader {
  private readonly runs = new Map<string, RunEntry>();

  constructor(
    private readonly dir: string,
    private readonly nowMs: () => number,
  ) {}

  /** Drops what is kept for runs not in `ids` (deleted, moved to the trash). */
  retain(ids: readonly string[]): void {
    const keep = new Set(ids);
    for (const id of this.runs.keys()) if (!keep.has(id)) this.runs.delete(id);
  }

  /** Forgets one run, so its next row is read afresh. */
  forget(id: string): void {
    this.runs.delete(id);
  }

  /** The row of run `id` (an existing run folder). Throws only for the unexpected; damage is in the row. */
  summary(id: string): RunSummary {
    const dir = join(this.dir, id);
    const now = this.nowMs();
    let e = this.runs.get(id);
    if (!e) this.runs.set(id, (e = {}));
    const status = (e.status = this.cached(e.status, join(dir, STATUS_FILE), now, (f, st) => readStatus(f, st)));
    const model = (e.model = this.cached(e.model, join(dir, MODEL_FILE), now, (f, st) => {
      const m = parseStoredModel(readText(f, MAX_JSON_BYTES, st));
      return { name: m.name, dataset: m.dataset, ...modelFacets(m) };
    }));
    const env = (e.env = this.cached(e.env, join(dir, ENV_FILE), now, (f, st) => parseEnvironment(readText(f, MAX_JSON_BYTES, st)).backend));
    // meta.json is optional: none is the defaults, not damage.
    const meta = (e.meta = this.cached(e.meta, join(dir, META_FILE), now, (f, st) => (st ? parseMeta(readText(f, MAX_JSON_BYTES, st)) : null)));
    const weights = (e.weights = this.weights(e.weights, dir, now));
    const metrics = (e.metrics = this.metrics(e.metrics, join(dir, METRICS_FILE), now));
    return assemble(id, {
      status: status.result,
      model: model.result,
      env: env.result,
      meta: meta.result,
      weights: weights.facts,
      metrics,
    });
  }

  /** `read` gets the stat just taken (undefined: no such file), so a file is not stat'ed twice. */
  private cached<T>(prev: Cached<T> | undefined, file: string, now: number, read: (file: string, st: Stats | undefined) => T): Cached<T> {
    const { sig, racy, st } = signature(file, now);
    if (prev && prev.sig === sig && !racy) return prev;
    // A failed stat (not ENOENT) is left to the read, which names the file and the code.
    return { sig, result: attempt(() => read(file, sig.startsWith('!') ? statSync(file) : st)) };
  }

  private weights(prev: RunEntry['weights'], runDir: string, now: number): { sig: string; facts: WeightsFacts } {
    const wdir = join(runDir, WEIGHTS_DIR);
    // The folder (replaced whole on save), its manifest, and the weight files: those the last
    // look found, else the one a save writes. A truncated weights.bin changes its own signature only.
    const files = prev ? prev.facts.files : [join(wdir, WEIGHTS_BIN_FILE)];
    const signOver = (fs: readonly string[]) => [wdir, join(wdir, WEIGHTS_MODEL_FILE), ...fs].map((p) => signature(p, now));
    const sigs = signOver(files);
    const sig = sigs.map((s) => s.sig).join('|');
    if (prev && prev.sig === sig && !sigs.some((s) => s.racy)) return prev;
    const check = inspectWeights(runDir);
    // Without usable weights the files signed stay the ones to watch (a weights.bin put back changes them).
    const facts: WeightsFacts =
      check.state === 'ok'
        ? { state: 'ok', files: check.files }
        : check.state === 'damaged'
          ? { state: 'damaged', file: check.file, problem: check.problem, files }
          : { state: 'none', files };
    // Signed before the look, so a change during it is seen next time; other files than
    // guessed: not kept (an empty signature), the next list signs over the ones found.
    const same = facts.files.length === files.length && facts.files.every((f, i) => f === files[i]);
    return { sig: same ? sig : '', facts };
  }

  private metrics(prev: RunEntry['metrics'], file: string, now: number): NonNullable<RunEntry['metrics']> {
    const { sig, racy } = signature(file, now);
    if (prev && prev.sig === sig && !racy) return prev;
    if (sig === '-') return { sig, scan: null, error: null };
    if (!sig.startsWith('f')) {
      const error = sig.startsWith('!') ? `${METRICS_FILE} cannot be read (${sig.slice(1)})` : `${METRICS_FILE} is not a regular file`;
      return { sig, scan: null, error };
    }
    try {
      return { sig, scan: scanMetrics(file, prev?.scan ?? null), error: null };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Deleted between the stat and the open: as if it had not been there.
      if (code === 'ENOENT') return { sig: '-', scan: null, error: null };
      return { sig, scan: null, error: `${METRICS_FILE} cannot be read (${code ?? describe(err)})` };
    }
  }
}

interface Parts {
  status: Result<RunStatusRecord>;
  model: Result<ModelFacts>;
  env: Result<string | null>;
  meta: Result<RunMeta | null>;
  weights: WeightsFacts;
  metrics: { scan: MetricsScan | null; error: string | null };
}

/** One row from what was read (no I/O here). */
function assemble(id: string, p: Parts): RunSummary {
  // Damage that makes the run's record untrustworthy (listed failed) and damage that does not.
  const core: { file: string; message: string }[] = [];
  const minor: { file: string; message: string }[] = [];
  if (!p.status.ok) core.push({ file: STATUS_FILE, message: p.status.error });
  if (!p.model.ok) core.push({ file: MODEL_FILE, message: p.model.error });
  const facts = p.metrics.scan ? metricsFacts(p.metrics.scan) : null;
  const recorded = p.status.ok ? p.status.value.status : null;
  const active = recorded === 'queued' || recorded === 'running';
  if (p.metrics.error) core.push({ file: METRICS_FILE, message: p.metrics.error });
  else if (facts?.problem) core.push({ file: METRICS_FILE, message: facts.problem });
  // While the run trains, its last line may be half-appended; once it has ended, a cut line is damage.
  else if (facts?.cutLine !== null && facts?.cutLine !== undefined && !active) {
    core.push({ file: METRICS_FILE, message: `${METRICS_FILE}: the last line (${facts.cutLine}) is incomplete, probably cut off by a crash` });
  }
  if (p.weights.state === 'damaged') core.push({ file: p.weights.file ?? WEIGHTS_DIR, message: p.weights.problem ?? `${WEIGHTS_DIR} is damaged` });
  const epochsDone = facts?.last?.epoch ?? 0;
  // The trainer saves the weights before it records `completed`; only a diverged run has none by design.
  const leftOut = p.status.ok && p.status.value.weights_left_out === true;
  if (recorded === 'completed' && epochsDone > 0 && p.weights.state === 'none' && !leftOut) {
    minor.push({ file: WEIGHTS_DIR, message: `${WEIGHTS_DIR}/ is missing (a completed run saves its weights when it finishes)` });
  }
  if (!p.env.ok) minor.push({ file: ENV_FILE, message: p.env.error });
  if (!p.meta.ok) minor.push({ file: META_FILE, message: p.meta.error });

  const s = p.status.ok ? p.status.value : damagedStatus(id, core.map((c) => c.message).join('; '));
  const meta = (p.meta.ok ? p.meta.value : null) ?? emptyMeta();
  const model = p.model.ok ? p.model.value : null;
  const summary: RunSummary = {
    id,
    name: model?.name ?? null,
    dataset: model?.dataset ?? null,
    status: core.length > 0 ? 'failed' : s.status,
    created_at: s.created_at,
    started_at: s.started_at,
    finished_at: s.finished_at,
    options: p.status.ok ? s.options : null,
    epochs_done: epochsDone,
    last_val_accuracy: facts?.last && Number.isFinite(facts.last.val_accuracy) ? facts.last.val_accuracy : null,
    has_weights: p.weights.state === 'ok',
    display_name: meta.name,
    tags: meta.tags,
    note: meta.note,
    best_val_accuracy: facts?.best ?? null,
    duration_seconds: duration(s),
    backend: p.env.ok ? p.env.value : null,
    activations: model?.activations ?? [],
    initializers: model?.initializers ?? [],
  };
  const messages = [...core, ...minor].map((c) => c.message);
  // A damaged core file replaces the run's own error (it is no longer trusted); lesser damage goes before it.
  const error = core.length > 0 ? messages.join('; ') : [...messages, ...(s.error !== undefined ? [s.error] : [])].join('; ') || undefined;
  if (error !== undefined) summary.error = capError(error);
  if (core.length + minor.length > 0) summary.damaged = [...new Set([...core, ...minor].map((c) => c.file))].join(', ');
  if (s.test_accuracy !== undefined) summary.test_accuracy = s.test_accuracy;
  if (s.test_loss !== undefined) summary.test_loss = s.test_loss;
  if (s.study !== undefined) summary.study = s.study;
  // Written by `runs:continue`; a hand-edited value that is no run id is left out rather than shown.
  if (s.continued_from !== undefined && RUN_ID_PATTERN.test(s.continued_from)) summary.continued_from = s.continued_from;
  return summary;
}

/** finished_at − started_at in seconds; null while running or when either is missing or unparsable. */
function duration(s: RunStatusRecord): number | null {
  if (!s.started_at || !s.finished_at) return null;
  const ms = Date.parse(s.finished_at) - Date.parse(s.started_at);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

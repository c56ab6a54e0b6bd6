/**
 * The runs area's state: the list (re-read when main says the folder changed, so runs
 * written by the CLI or a classmate appear), filters and sort, the runs ticked for
 * comparison, the run opened, the comparison shown, and the deletes of this session
 * (undoable). Every request's refusal is kept as an ApiError for the view to show.
 */
import type { GradientLabApi } from '../../../src-shared/ipc/contract.js';
import type { RunUpdateRequest } from '../../../src-shared/runs/types.js';
import type { RunRecord, RunSummary } from '../../../src-shared/training/run.js';
import { toApiError, type ApiError } from '../../lib/api-error.js';
import { MAX_COMPARE, type ComparedRun } from './compare-series.js';
import { DEFAULT_SORT, NO_FILTER, runName, visibleRuns, type RunFilter, type RunSort } from './runs-table.js';

/** What the area shows: the list, one run, or a comparison. */
export type RunsPage = { kind: 'list' } | { kind: 'run'; id: string } | { kind: 'compare'; ids: string[] };

/** The runs area's state; one per window. */
export class RunsState {
  runs = $state.raw<RunSummary[]>([]);
  loaded = $state(false);
  listError = $state.raw<ApiError | null>(null);
  filter = $state<RunFilter>({ ...NO_FILTER });
  sort = $state<RunSort>({ ...DEFAULT_SORT });
  selected = $state.raw<string[]>([]);
  page = $state.raw<RunsPage>({ kind: 'list' });
  record = $state.raw<RunRecord | null>(null);
  compared = $state.raw<ComparedRun[]>([]);
  /** Runs deleted in this session, newest last: each can be restored. */
  trash = $state.raw<{ id: string; name: string }[]>([]);
  error = $state.raw<ApiError | null>(null);
  notice = $state<string | null>(null);
  /** A run the student duplicated into the editor to change one thing ("A/B"): compared with the next run trained. */
  abBase = $state<string | null>(null);
  readonly visible: RunSummary[] = $derived(visibleRuns(this.runs, this.filter, this.sort));

  #refreshing: Promise<void> | null = null;
  #again = false;

  constructor(private readonly api: GradientLabApi) {}

  /** Reads the list; calls made while one is in flight coalesce into one more read. */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      do {
        this.#again = false;
        try {
          this.runs = await this.api.invoke('runs:list', {});
          this.listError = null;
        } catch (err) {
          this.listError = toApiError(err);
        }
      } while (this.#again);
      this.loaded = true;
      this.#refreshing = null;
    })();
    return this.#refreshing;
  }

  /** Follows the folder: main's `runs:changed` and every run's end re-read the list. Returns the cleanup. */
  attach(): () => void {
    const offChanged = this.api.on('runs:changed', () => void this.refresh());
    const offFinished = this.api.on('run:finished', () => void this.refresh());
    const offStarted = this.api.on('run:started', () => void this.refresh());
    return () => {
      offChanged();
      offFinished();
      offStarted();
    };
  }

  /** Ticks or unticks a run for comparison (at most MAX_COMPARE). */
  toggleSelected(id: string, on: boolean): void {
    const rest = this.selected.filter((x) => x !== id);
    this.selected = on ? [...rest, id].slice(-MAX_COMPARE) : rest;
  }

  /** Opens one run: its record (model, environment, metrics). */
  async open(id: string): Promise<void> {
    this.error = null;
    this.notice = null;
    try {
      this.record = await this.api.invoke('runs:load', { run_id: id });
      this.page = { kind: 'run', id };
    } catch (err) {
      this.error = toApiError(err);
    }
  }

  /** Opens the comparison of `ids` (2–6 runs), loading each. */
  async compare(ids: readonly string[]): Promise<void> {
    this.error = null;
    this.notice = null;
    try {
      const records = await Promise.all(ids.slice(0, MAX_COMPARE).map((id) => this.api.invoke('runs:load', { run_id: id })));
      this.compared = records.map((record) => ({ record, label: this.labelOf(record) }));
      this.page = { kind: 'compare', ids: records.map((r) => r.id) };
    } catch (err) {
      this.error = toApiError(err);
    }
  }

  /** The list again. */
  back(): void {
    this.page = { kind: 'list' };
    this.notice = null;
    this.error = null;
  }

  /** Renames, tags or annotates a run; the list and an open record follow. */
  async update(patch: RunUpdateRequest): Promise<boolean> {
    this.error = null;
    try {
      const summary = await this.api.invoke('runs:update', patch);
      this.runs = this.runs.map((r) => (r.id === summary.id ? summary : r));
      return true;
    } catch (err) {
      this.error = toApiError(err);
      return false;
    }
  }

  /** Deletes a run (to the runs folder's trash); undoable with `restore` during the session. */
  async remove(id: string): Promise<void> {
    this.error = null;
    const run = this.runs.find((r) => r.id === id);
    try {
      await this.api.invoke('runs:delete', { run_id: id });
      this.trash = [...this.trash, { id, name: run ? runName(run) : id }];
      this.runs = this.runs.filter((r) => r.id !== id);
      this.selected = this.selected.filter((x) => x !== id);
      if (this.page.kind === 'run' && this.page.id === id) this.page = { kind: 'list' };
    } catch (err) {
      this.error = toApiError(err);
    }
  }

  /** Brings back a run deleted in this session. */
  async restore(id: string): Promise<void> {
    this.error = null;
    try {
      await this.api.invoke('runs:restore', { run_id: id });
      this.trash = this.trash.filter((x) => x.id !== id);
      await this.refresh();
    } catch (err) {
      this.error = toApiError(err);
    }
  }

  /** How a run is named in charts and tables: its shown name, with the id's tail when names repeat. */
  labelOf(record: RunRecord): string {
    const summary = this.runs.find((r) => r.id === record.id);
    const name = summary ? runName(summary) : (record.model?.name ?? record.id);
    const clash = this.compared.length > 0 || this.runs.filter((r) => runName(r) === name).length > 1;
    return clash ? `${name} [${record.id.slice(-4)}]` : name;
  }
}

/**
 * The runs view's edits over the contract: `runs:update` (rename, tags, note),
 * `runs:delete` (to the runs folder's trash) and `runs:restore` (undo within the
 * session), plus the `runs:changed` event from watching the folder. Payloads were
 * checked by the contract's schemas on arrival; the store checks again (the CLI writes
 * through it too), and every refusal is a coded message naming the field.
 */
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { MainMessageCode, MainMessageParams } from '../../src-shared/i18n/main-messages.js';
import type { EventChannels, Handlers } from '../../src-shared/ipc/contract.js';
import { checkMetaPatch, watchRuns, type MetaProblem, type RunStore, type RunsWatcher, type WatchRunsOptions } from '../runs/index.js';
import { trashedDir } from '../runs/trash.js';
import { UserError } from './dispatch.js';

/** What the handlers need from the services; getters, because setRunsDir replaces the store and the training service. */
export interface RunsHandlerDeps {
  store: () => RunStore;
  /** Whether this process trains or queues the run (it must be stopped first). */
  owns: (runId: string) => boolean;
  /** Called after a change this process made, so clients hear of it without waiting for the next poll. */
  changed?: () => void;
}

type RunsHandlers = Pick<Handlers, 'runs:update' | 'runs:delete' | 'runs:restore'>;

/** A refused patch as the coded message of its kind, e.g. `{ code: 'runs.tag_invalid', params: { tag: '"a b"' } }`. */
export function metaProblemMessage(p: MetaProblem): { code: MainMessageCode; params: MainMessageParams } {
  switch (p.kind) {
    case 'name_empty':
      return { code: 'runs.name_empty', params: {} };
    case 'name_too_long':
      return { code: 'runs.name_too_long', params: { limit: p.limit, length: p.length } };
    case 'tag_invalid':
      return { code: 'runs.tag_invalid', params: { tag: JSON.stringify(p.tag), index: p.index } };
    case 'too_many_tags':
      return { code: 'runs.too_many_tags', params: { limit: p.limit, count: p.count } };
    case 'note_too_long':
      return { code: 'runs.note_too_long', params: { limit: p.limit, length: p.length } };
  }
}

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The three handlers, to spread into the services' handlers object. */
export function createRunsHandlers(deps: RunsHandlerDeps): RunsHandlers {
  /** Refuses an id with no run folder (deleted by someone else since the list was shown). */
  const existing = (runId: string): RunStore => {
    const store = deps.store();
    if (!existsSync(store.runDir(runId))) throw UserError.coded('runs.unknown', { run_id: runId, dir: store.dir }, 'run_id');
    return store;
  };

  return {
    'runs:update': async ({ run_id, ...patch }) => {
      const store = existing(run_id);
      const checked = checkMetaPatch(patch);
      if (!checked.ok) {
        const { code, params } = metaProblemMessage(checked.problem);
        throw UserError.coded(code, params, checked.problem.field);
      }
      try {
        store.updateMeta(run_id, checked.patch);
      } catch (err) {
        throw UserError.coded('runs.cannot_update', { run_id, reason: reasonOf(err) }, 'run_id');
      }
      deps.changed?.();
      return store.summary(run_id);
    },

    'runs:delete': async ({ run_id }) => {
      const store = existing(run_id);
      if (deps.owns(run_id)) throw UserError.coded('runs.still_active', { run_id }, 'run_id');
      // Another live process owns it (a CLI run, a second app or lab server on a shared folder).
      let own: ReturnType<RunStore['ownership']> | null = null;
      try {
        own = store.ownership(run_id);
      } catch {
        own = null;
      }
      if (own?.state === 'live' && own.owner) {
        throw UserError.coded('runs.owned_elsewhere', { run_id, pid: own.owner.pid, host: own.owner.hostname }, 'run_id');
      }
      try {
        // The store checks again (the owner may have appeared meanwhile) and refuses too.
        store.trash(run_id);
      } catch (err) {
        throw UserError.coded('runs.cannot_delete', { run_id, reason: reasonOf(err) }, 'run_id');
      }
      deps.changed?.();
      return { run_id };
    },

    'runs:restore': async ({ run_id }) => {
      const store = deps.store();
      if (!existsSync(trashedDir(store.dir, run_id))) throw UserError.coded('runs.not_in_trash', { run_id }, 'run_id');
      if (existsSync(store.runDir(run_id))) throw UserError.coded('runs.restore_exists', { run_id }, 'run_id');
      try {
        store.restore(run_id);
      } catch (err) {
        throw UserError.coded('runs.cannot_restore', { run_id, reason: reasonOf(err) }, 'run_id');
      }
      deps.changed?.();
      return { run_id };
    },
  };
}

/**
 * Watches a runs folder for the `runs:changed` event (runs/watch.ts: fs.watch plus
 * polling). Returns the watcher; the services close it on dispose and when the folder moves.
 */
export function watchRunsFolder(
  dir: string,
  events: Pick<EventEmitter<{ [E in keyof EventChannels]: [EventChannels[E]] }>, 'emit'>,
  opts: WatchRunsOptions = {},
): RunsWatcher {
  return watchRuns(dir, (count) => events.emit('runs:changed', { count }), opts);
}

/**
 * The main side's services behind the IPC contract: one handlers object plus the
 * event stream. Electron's IPC adapter and the lab server's WebSocket adapter both
 * sit on this, so the desktop app and a classroom browser behave the same.
 */
import { makeDirs } from '../data/atomic.js';
import { EventEmitter } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import type { EventChannels, Handlers } from '../../src-shared/ipc/contract.js';
import { parseModel, formatModelError, toKerasScript } from '../../src-shared/model/index.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { DATASET_IDS } from '../../src-shared/model/ids.js';
import { resolveRunOptions } from '../../src-shared/training/run-options.js';
import { datasetInfo } from '../data/index.js';
import { RunStore } from '../runs/index.js';
import { appVersion } from './app-version.js';
import { UserError } from './dispatch.js';
import { loadExamples, sharedModelsReader } from './examples.js';
import { defaultMaxConcurrent, QueueLimitError, TrainingService } from './training-service.js';
import { availableParallelism } from 'node:os';
import type { TrainerLauncher } from '../trainer/launcher.js';
import { probeBackend } from './probe.js';
import { sampleInit } from './init-sampler.js';
import { evaluateRun } from './evaluator.js';
import { findLearningRateFor } from './lr-find-service.js';
import { activationSpeeds } from './activation-speeds.js';
import { createModelFileHandlers, type ModelFileDialogs, type RecentFilesStore } from './model-files.js';
import { CrossvalService } from './crossval-service.js';
import { createRunArchiveHandlers } from './run-archive-handlers.js';
import { continueRun, rerunRun } from './run-restart.js';
import { createRunsHandlers, watchRunsFolder } from './runs-handlers.js';
import type { WatchRunsOptions } from '../runs/index.js';

/** Events pushed to clients, keyed by contract channel. */
export type AppEvents = { [E in keyof EventChannels]: [EventChannels[E]] };

/** Options of the main-side services. */
export interface AppServicesOptions {
  shell: 'electron' | 'lab';
  runsDir: string;
  dataDir?: string | null;
  launcher?: TrainerLauncher;
  /** Whether clients may move the runs folder (the desktop app: yes; lab clients: no). */
  canChangeRunsDir: boolean;
  /** Called after the runs folder changed, so the shell can persist the choice. */
  onRunsDirChanged?: (dir: string) => void;
  /** Trainings at once; default cores − 1 (at least 1). */
  maxConcurrentRuns?: number;
  /** Active or queued runs per client; null/absent: no limit. */
  maxRunsPerClient?: number | null;
  /** Called after the number of trainings at once changed (the desktop app persists it). */
  onMaxConcurrentRunsChanged?: (n: number) => void;
  /** Opens a native folder dialog and resolves with the chosen folder, or null if cancelled (the desktop app only). */
  browseForFolder?: (current: string) => Promise<string | null>;
  /** Native open/save dialogs for `files:*` (the desktop app only; without them those channels are refused). */
  fileDialogs?: ModelFileDialogs;
  /** The recent-files list `files:*` keeps (the desktop app: settings.json); default in memory. */
  recentFiles?: RecentFilesStore;
  /** Where startup recovery reports what it did; default stderr. */
  log?: (line: string) => void;
  /**
   * A folder of model files every client sees as presets beside the bundled examples (the
   * lab server's `--models-dir`): re-read on each `models:examples`, invalid files skipped
   * and logged. Absent/null: the bundled examples only.
   */
  modelsDir?: string | null;
  /** How the runs folder is watched for `runs:changed` (default: fs.watch plus a poll every 2 s). */
  runsWatch?: WatchRunsOptions;
}

/** Handlers plus the event stream and a shutdown hook. */
export interface AppServices {
  handlers: Handlers;
  events: EventEmitter<AppEvents>;
  runsDir(): string;
  dispose(): Promise<void>;
}

function validated(model: unknown): ModelSpec {
  const r = parseModel(model);
  if (!r.ok) throw new UserError(r.errors.map(formatModelError).join('\n'), 'model');
  return r.model;
}

/** Creates the services. Runs left `running` by a crashed earlier session are marked failed. */
export function createAppServices(opts: AppServicesOptions): AppServices {
  const events = new EventEmitter<AppEvents>();
  let runsDir = resolve(opts.runsDir);
  const log = opts.log ?? ((line: string) => console.error(line));
  let maxConcurrent = opts.maxConcurrentRuns ?? defaultMaxConcurrent();
  let store = openStore(runsDir);
  // Runs written by others (a CLI run, a classmate on a shared folder) reach the clients as runs:changed.
  let runsWatch = watchRunsFolder(runsDir, events, opts.runsWatch);
  let training = makeTraining(store);
  // A getter: folds start on whichever training service is current (setRunsDir replaces it, though not during a study).
  const crossval = new CrossvalService({ training: () => training });
  crossval.on('crossval:progress', (e) => events.emit('crossval:progress', e));
  crossval.on('crossval:finished', (e) => events.emit('crossval:finished', e));

  /**
   * Opens a runs folder: runs whose owner is gone become failed/interrupted, crashed writers'
   * temp files go, and so do runs an ended session moved to the trash (its undo ended with it).
   */
  function openStore(dir: string): RunStore {
    const s = new RunStore(dir);
    const emptied = s.emptyTrash();
    if (emptied.length) log(`[gradient-lab] emptied the trash of ${dir}: ${emptied.length} run(s) deleted in an earlier session`);
    try {
      const { interrupted, swept } = s.recover();
      if (interrupted.length) log(`[gradient-lab] marked ${interrupted.length} run(s) whose owner is gone as failed (interrupted): ${interrupted.join(', ')}`);
      if (swept.length) log(`[gradient-lab] removed ${swept.length} temporary file(s) left by a crash`);
    } catch (err) {
      // An unreadable folder must not stop the app: the list will say what is wrong.
      log(`[gradient-lab] could not check ${dir} for interrupted runs: ${err instanceof Error ? err.message : String(err)}`);
    }
    return s;
  }

  function makeTraining(s: RunStore): TrainingService {
    const t = new TrainingService({
      store: s,
      dataDir: opts.dataDir ?? null,
      maxConcurrent,
      maxPerClient: opts.maxRunsPerClient ?? null,
      ...(opts.launcher ? { launcher: opts.launcher } : {}),
    });
    t.on('run:queued', (e) => events.emit('run:queued', e));
    t.on('run:started', (e) => events.emit('run:started', e));
    t.on('run:backend', (e) => events.emit('run:backend', e));
    t.on('run:progress', (e) => events.emit('run:progress', e));
    t.on('run:epoch', (e) => events.emit('run:epoch', e));
    t.on('run:layers', (e) => events.emit('run:layers', e));
    t.on('run:finished', (e) => events.emit('run:finished', e));
    return t;
  }

  const sharedModels = opts.modelsDir ? sharedModelsReader(resolve(opts.modelsDir), log) : null;

  const info = () => ({
    app_version: appVersion(),
    shell: opts.shell,
    platform: process.platform,
    runs_dir: runsDir,
    can_change_runs_dir: opts.canChangeRunsDir,
    can_change_settings: opts.canChangeRunsDir,
    can_browse: opts.canChangeRunsDir && opts.browseForFolder !== undefined,
    max_concurrent_runs: maxConcurrent,
    max_runs_per_client: opts.maxRunsPerClient ?? null,
    cpu_count: availableParallelism(),
  });

  async function setRunsDir(path: string): Promise<ReturnType<typeof info>> {
    if (!opts.canChangeRunsDir) throw UserError.coded('settings.not_allowed', {}, 'path');
    if (training.runningIds().length || training.queuedIds().length) throw UserError.coded('settings.busy', {}, 'path');
    // Between two folds a study has no run, but its next fold must go to the same folder.
    if (crossval.activeIds().length) throw UserError.coded('crossval.busy', {}, 'path');
    const dir = resolve(path);
    try {
      makeDirs(dir);
      accessSync(dir, constants.W_OK);
    } catch (err) {
      throw UserError.coded('settings.bad_folder', { path: JSON.stringify(dir), reason: (err as NodeJS.ErrnoException).code ?? String(err) }, 'path');
    }
    runsDir = dir;
    store = openStore(dir);
    runsWatch.close();
    runsWatch = watchRunsFolder(dir, events, opts.runsWatch);
    training.removeAllListeners();
    training = makeTraining(store);
    opts.onRunsDirChanged?.(dir);
    return info();
  }

  const handlers: Handlers = {
    'app:info': async () => info(),
    'datasets:list': async () => DATASET_IDS.map((id) => datasetInfo(id)),
    'backends:probe': async ({ backend }) => probeBackend(backend, opts.launcher),
    'models:examples': async () => [...loadExamples(), ...(sharedModels?.() ?? [])],
    'models:validate': async ({ model }) => {
      const r = parseModel(model);
      return r.ok
        ? { ok: true, model: r.model }
        : { ok: false, errors: r.errors.map((e) => ({ path: e.path, message: e.message, text: formatModelError(e) })) };
    },
    'models:export-keras': async ({ model }) => ({ script: toKerasScript(validated(model)) }),
    'runs:start': async ({ model, options }, ctx) => {
      const spec = validated(model);
      const full = resolveRunOptions(spec, options);
      try {
        const run_id = training.start(spec, full, ctx.client);
        const position = training.positionOf(run_id);
        return { run_id, options: full, status: position === null ? ('running' as const) : ('queued' as const), position };
      } catch (err) {
        if (err instanceof QueueLimitError) throw UserError.coded(err.code, err.params);
        // The run folder could not be written: nothing was created and no process started.
        throw UserError.coded('runs.cannot_create', { dir: runsDir, reason: err instanceof Error ? err.message : String(err) });
      }
    },
    'runs:stop': async ({ run_id }) => {
      if (!training.owns(run_id)) throw UserError.coded('runs.not_active', { run_id }, 'run_id');
      return training.stop(run_id);
    },
    'runs:list': async () => store.list(),
    'runs:mine': async (_req, ctx) => training.activeFor(ctx.client),
    'runs:load': async ({ run_id }) => {
      try {
        return store.load(run_id);
      } catch (err) {
        throw new UserError(err instanceof Error ? err.message : String(err), 'run_id');
      }
    },
    ...createRunsHandlers({ store: () => store, owns: (id) => training.owns(id), changed: () => runsWatch.check() }),
    'runs:rerun': async ({ run_id }, ctx) => rerunRun({ store, training }, run_id, ctx.client),
    'runs:continue': async ({ run_id, epochs }, ctx) => continueRun({ store, training }, run_id, epochs, ctx.client),
    ...createRunArchiveHandlers(() => store),
    'settings:set-runs-dir': async ({ path }) => setRunsDir(path),
    'settings:browse-runs-dir': async () => {
      if (!opts.canChangeRunsDir || !opts.browseForFolder) throw UserError.coded('settings.not_allowed');
      const picked = await opts.browseForFolder(runsDir);
      return picked === null ? info() : setRunsDir(picked);
    },
    'settings:set-max-concurrent-runs': async ({ value }) => {
      if (!opts.canChangeRunsDir) throw UserError.coded('settings.not_allowed', {}, 'value');
      maxConcurrent = value;
      training.setMaxConcurrent(value);
      opts.onMaxConcurrentRunsChanged?.(value);
      return info();
    },
    'init:sample': async (req) => sampleInit(req, opts.launcher ? { launcher: opts.launcher } : {}),
    'runs:evaluate': async (req) => evaluateRun(store, req, { dataDir: opts.dataDir ?? null, ...(opts.launcher ? { launcher: opts.launcher } : {}) }),
    'lr:find': async (req) => findLearningRateFor(req, { dataDir: opts.dataDir ?? null, ...(opts.launcher ? { launcher: opts.launcher } : {}) }),
    'wizard:speeds': async (req) => activationSpeeds(req, { dataDir: opts.dataDir ?? null, ...(opts.launcher ? { launcher: opts.launcher } : {}) }),
    'crossval:start': async (req, ctx) => crossval.start(req, ctx.client),
    'crossval:stop': async ({ study_id }) => crossval.stop(study_id),
    'crossval:mine': async (_req, ctx) => crossval.mine(ctx.client),
    ...createModelFileHandlers({
      ...(opts.canChangeRunsDir && opts.fileDialogs ? { dialogs: opts.fileDialogs } : {}),
      ...(opts.recentFiles ? { recent: opts.recentFiles } : {}),
    }),
  };

  return {
    handlers,
    events,
    runsDir: () => runsDir,
    dispose: async () => {
      // Studies first, so that none starts its next fold while the runs stop.
      await crossval.stopAll();
      await training.stopAll();
      runsWatch.close();
    },
  };
}

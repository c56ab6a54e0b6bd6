/**
 * The main side's services behind the IPC contract: one handlers object plus the
 * event stream. Electron's IPC adapter and the lab server's WebSocket adapter both
 * sit on this, so the desktop app and a classroom browser behave the same.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventChannels, Handlers } from '../../src-shared/ipc/contract.js';
import { parseModel, formatModelError, toKerasScript } from '../../src-shared/model/index.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { DATASET_IDS } from '../../src-shared/model/ids.js';
import type { RunOptions } from '../../src-shared/training/run-options.js';
import { datasetInfo } from '../data/index.js';
import { RunStore } from '../runs/index.js';
import { appVersion } from './app-version.js';
import { UserError } from './dispatch.js';
import { loadExamples } from './examples.js';
import { TrainingService } from './training-service.js';
import type { TrainerLauncher } from '../trainer/launcher.js';
import { probeBackend } from './probe.js';

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
  let store = new RunStore(runsDir);
  store.markInterrupted();
  let training = makeTraining(store);

  function makeTraining(s: RunStore): TrainingService {
    const t = new TrainingService({ store: s, dataDir: opts.dataDir ?? null, ...(opts.launcher ? { launcher: opts.launcher } : {}) });
    t.on('run:backend', (e) => events.emit('run:backend', e));
    t.on('run:progress', (e) => events.emit('run:progress', e));
    t.on('run:epoch', (e) => events.emit('run:epoch', e));
    t.on('run:finished', (e) => events.emit('run:finished', e));
    return t;
  }

  const info = () => ({
    app_version: appVersion(),
    shell: opts.shell,
    platform: process.platform,
    runs_dir: runsDir,
    can_change_runs_dir: opts.canChangeRunsDir,
  });

  const handlers: Handlers = {
    'app:info': async () => info(),
    'datasets:list': async () => DATASET_IDS.map((id) => datasetInfo(id)),
    'backends:probe': async ({ backend }) => probeBackend(backend, opts.launcher),
    'models:examples': async () => loadExamples(),
    'models:validate': async ({ model }) => {
      const r = parseModel(model);
      return r.ok
        ? { ok: true, model: r.model }
        : { ok: false, errors: r.errors.map((e) => ({ path: e.path, message: e.message, text: formatModelError(e) })) };
    },
    'models:export-keras': async ({ model }) => ({ script: toKerasScript(validated(model)) }),
    'runs:start': async ({ model, options }) => {
      const spec = validated(model);
      const full: RunOptions = {
        epochs: options.epochs ?? spec.training.epochs,
        batch_size: options.batch_size ?? spec.training.batch_size,
        seed: options.seed ?? spec.training.seed,
        limit: options.limit ?? null,
        backend: options.backend ?? 'auto',
      };
      return { run_id: training.start(spec, full), options: full };
    },
    'runs:stop': async ({ run_id }) => {
      if (!training.runningIds().includes(run_id)) throw new UserError(`run_id: no running run with id ${JSON.stringify(run_id)}`, 'run_id');
      return training.stop(run_id);
    },
    'runs:list': async () => store.list(),
    'runs:load': async ({ run_id }) => {
      try {
        return store.load(run_id);
      } catch (err) {
        throw new UserError(err instanceof Error ? err.message : String(err), 'run_id');
      }
    },
    'runs:delete': async ({ run_id }) => {
      if (training.runningIds().includes(run_id)) throw new UserError(`run_id: run ${run_id} is still training; stop it first`, 'run_id');
      try {
        store.delete(run_id);
      } catch (err) {
        throw new UserError(err instanceof Error ? err.message : String(err), 'run_id');
      }
      return { run_id };
    },
    'settings:set-runs-dir': async ({ path }) => {
      if (!opts.canChangeRunsDir) throw new UserError('path: this client may not change the runs folder', 'path');
      if (training.runningIds().length) throw new UserError('path: a run is training; stop it before moving the runs folder', 'path');
      const dir = resolve(path);
      try {
        mkdirSync(dir, { recursive: true });
      } catch (err) {
        throw new UserError(`path: cannot use ${JSON.stringify(dir)} as the runs folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'path');
      }
      runsDir = dir;
      store = new RunStore(dir);
      store.markInterrupted();
      training.removeAllListeners();
      training = makeTraining(store);
      opts.onRunsDirChanged?.(dir);
      return info();
    },
  };

  return {
    handlers,
    events,
    runsDir: () => runsDir,
    dispose: async () => {
      await training.stopAll();
    },
  };
}

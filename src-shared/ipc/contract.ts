/**
 * The one IPC contract: every request/response channel and every pushed event,
 * named `domain:verb`, with payload types. Main's handlers, the preload bridge and
 * the lab-server WebSocket client are all typed from these maps, so no signature is
 * written twice. Request payloads are checked on arrival with `requestSchemas`
 * (schemas.ts), which must cover every channel (a missing one fails to compile).
 */
import type { KernelInitializer, ModelSpec } from '../model/spec.js';
import type { BackendPreference, RunOptions } from '../training/run-options.js';
import type {
  BackendInfoPayload,
  RunBackendEvent,
  RunEpochEvent,
  RunFinishedEvent,
  RunLayersEvent,
  RunProgressEvent,
} from '../training/events.js';
import type { RunRecord, RunSummary } from '../training/run.js';
import type { MainMessageCode, MainMessageParams } from '../i18n/main-messages.js';
import type { MyActiveRun, RunQueuedEvent, RunStartAnswerQueue, RunStartedEvent } from '../training/queue.js';
import type { DatasetInfo } from '../data/types.js';
import type { EvaluateRequest, EvaluateResponse } from '../training/evaluation.js';
import type { LrFindRequest, LrFindResult } from '../training/lr-finder.js';
import type {
  ActivationSpeedRequest,
  ActivationSpeedResponse,
  CrossvalFinishedEvent,
  CrossvalProgressEvent,
  CrossvalRequest,
} from '../wizard/types.js';
import type {
  PythonExport,
  RunContinueRequest,
  RunExportRequest,
  RunExportResponse,
  RunImportRequest,
  RunImportResponse,
  RunsChangedEvent,
  RunStartAnswer,
  RunUpdateRequest,
} from '../runs/types.js';

/** Facts the UI shows in its status bar and about box. */
export interface AppInfo {
  app_version: string;
  /** `electron` in the desktop app, `lab` when served by `npm run lab`. */
  shell: 'electron' | 'lab';
  platform: string;
  runs_dir: string;
  /** Whether `settings:set-runs-dir` may change the folder (false for lab clients). */
  can_change_runs_dir: boolean;
  /** Whether this client may change the server's settings (`settings:*`): the desktop app yes, lab clients no (flags set them). */
  can_change_settings: boolean;
  /** Whether `settings:browse-runs-dir` can open a native folder dialog (the desktop app). */
  can_browse: boolean;
  /** Trainings at once; more starts wait in the queue. */
  max_concurrent_runs: number;
  /** Active or queued runs one lab client may hold; null: no limit (the desktop app). */
  max_runs_per_client: number | null;
  /** CPU cores of the machine that trains (the default of max_concurrent_runs is cores − 1). */
  cpu_count: number;
}

/** An example model shipped in examples/. */
export interface ExampleModel {
  /** File name without extension, e.g. `leaky-relu`. */
  id: string;
  model: ModelSpec;
  /** `bundled` (examples/), or `shared`: published by the teacher through the lab server's `--models-dir`. */
  source?: 'bundled' | 'shared';
}

/** One validation problem, already formatted (`layers[2].units: expected …, received 0`). */
export interface ValidationProblem {
  path: string;
  message: string;
  text: string;
}

/** Result of `models:validate`. */
export type ValidateResponse = { ok: true; model: ModelSpec } | { ok: false; errors: ValidationProblem[] };

/** Bounds of `init:sample`, shared by its schema, the sampler and the explorer's fields. */
export const INIT_SAMPLE_LIMITS = {
  /** Largest fan_in or fan_out. */
  max_fan: 100_000,
  /** Most weights drawn for one kernel (fan_in · fan_out): a 2000 × 2000 kernel, 16 MB of float32. */
  max_weights: 4_000_000,
  /** Most values sent back: the histogram needs no more, and the answer stays ~200 KB of JSON. */
  max_values: 20_000,
} as const;

/** `init:sample`: draw a [fan_in, fan_out] kernel with the engine's initializer. */
export interface InitSampleRequest {
  initializer: KernelInitializer;
  fan_in: number;
  fan_out: number;
  /** Same seed, same weights; absent: main picks one (and says which). */
  seed?: number;
}

/** What the engine actually drew. The statistics cover the whole kernel, `values` a subsample. */
export interface InitSampleResponse {
  /** Up to `INIT_SAMPLE_LIMITS.max_values` of the drawn weights (evenly strided through the kernel). */
  values: number[];
  /** Mean and std of all `count` weights drawn. */
  measured_mean: number;
  measured_std: number;
  /** The chapter's std for this initializer and fans (src-shared `expectedKernelStd`). */
  expected_std: number;
  /** Weights drawn: fan_in · fan_out. */
  count: number;
  /** The seed used. */
  seed: number;
}

/** Largest model file `files:open` reads, in bytes (the command line's limit: a 1000-layer model is ~150 KB). */
export const MAX_MODEL_FILE_BYTES = 4 * 1024 * 1024;

/** Most entries of the recent-files list (`files:recent`). */
export const MAX_RECENT_FILES = 10;

/** A model file read by `files:open` / `files:open-recent`: its absolute path, base name and text (unparsed; the renderer checks it). */
export interface OpenedFile {
  path: string;
  /** Base name, e.g. `my-net.json`. */
  name: string;
  text: string;
}

/** Where `files:save` wrote, or an entry of the recent-files list. */
export interface FileRef {
  /** Absolute path, e.g. `/home/me/models/my-net.json`. */
  path: string;
  /** Base name, e.g. `my-net.json`. */
  name: string;
}

/** Request/response channels: `req` is what the renderer sends, `res` what main answers. */
export interface RequestChannels {
  'app:info': { req: Record<string, never>; res: AppInfo };
  'datasets:list': { req: Record<string, never>; res: DatasetInfo[] };
  'backends:probe': { req: { backend: BackendPreference }; res: BackendInfoPayload };
  'models:examples': { req: Record<string, never>; res: ExampleModel[] };
  'models:validate': { req: { model: unknown }; res: ValidateResponse };
  'models:export-keras': { req: { model: unknown }; res: { script: string } };
  'runs:start': { req: { model: unknown; options: Partial<RunOptions> }; res: { run_id: string; options: RunOptions } & RunStartAnswerQueue };
  'runs:stop': { req: { run_id: string }; res: RunFinishedEvent };
  'runs:list': { req: Record<string, never>; res: RunSummary[] };
  /** The asking client's runs that are training or queued (a reloaded page finds its own run again). */
  'runs:mine': { req: Record<string, never>; res: MyActiveRun[] };
  'runs:load': { req: { run_id: string }; res: RunRecord };
  /** Moves a run to the runs folder's trash (`.trash/`): `runs:restore` brings it back during the session. */
  'runs:delete': { req: { run_id: string }; res: { run_id: string } };
  /** Undoes a delete of this session. */
  'runs:restore': { req: { run_id: string }; res: { run_id: string } };
  /** Renames, tags or annotates a run (meta.json); answers the run's new summary. */
  'runs:update': { req: RunUpdateRequest; res: RunSummary };
  /** Trains the run's model again with the same options and seed, as a new run. */
  'runs:rerun': { req: { run_id: string }; res: RunStartAnswer };
  /** Trains a stopped or completed run's weights for `epochs` more epochs, as a new run. */
  'runs:continue': { req: RunContinueRequest; res: RunStartAnswer };
  /** The Keras script and the trained weights as `.npz` (for `set_weights`). */
  'runs:export-python': { req: { run_id: string }; res: PythonExport };
  /** Selected runs as one zip archive (metrics, model, status, environment, optionally weights). */
  'runs:export': { req: RunExportRequest; res: RunExportResponse };
  /** Imports an archive made by `runs:export`; refuses hostile or broken ones and then writes nothing. */
  'runs:import': { req: RunImportRequest; res: RunImportResponse };
  /**
   * Evaluates a finished run's saved weights on the whole test split of its dataset, in a
   * short-lived training process: loss, accuracy, per-class accuracy, the confusion matrix
   * (rows = true class) and the most confident mistakes. Refused, naming the run, when it
   * has no weights, damaged ones, or diverged.
   */
  'runs:evaluate': { req: EvaluateRequest; res: EvaluateResponse };
  'settings:set-runs-dir': { req: { path: string }; res: AppInfo };
  'settings:browse-runs-dir': { req: Record<string, never>; res: AppInfo };
  'settings:set-max-concurrent-runs': { req: { value: number }; res: AppInfo };
  /** Weights drawn by the engine's own initializer, in a short-lived training process (the initializer explorer). */
  'init:sample': { req: InitSampleRequest; res: InitSampleResponse };
  /** The native open dialog (.json); null when cancelled. Desktop app only (`AppInfo.can_browse`). */
  'files:open': { req: Record<string, never>; res: OpenedFile | null };
  /**
   * Writes a model document (checked by the validator first): over `path`, which must be on the
   * recent-files list, or where the save dialog says (`name` is its default); null when cancelled.
   */
  'files:save': { req: { text: string; name: string; path?: string }; res: FileRef | null };
  /** The last `MAX_RECENT_FILES` files opened or saved, newest first; files gone from disk are dropped. */
  'files:recent': { req: Record<string, never>; res: FileRef[] };
  /** Reads a file again; only a path on the recent-files list is read, anything else is refused. */
  'files:open-recent': { req: { path: string }; res: OpenedFile };
  /**
   * The guideline wizard's speed column: a training step and an inference pass of the model's
   * shapes with each candidate activation, on the active backend, in a short-lived training
   * process. Cached per backend and shapes: asked again, it answers at once (`cached: true`).
   */
  'wizard:speeds': { req: ActivationSpeedRequest; res: ActivationSpeedResponse };
  /**
   * Starts a k-fold cross-validation study of the candidates (each with its initializer; SELU with
   * standardized inputs and alpha dropout): every fold is a run in the runs folder, tagged with the study.
   */
  'crossval:start': { req: CrossvalRequest; res: CrossvalProgressEvent };
  /** Stops a study: its training fold stops, the waiting ones are dropped. Resolves when it has ended. */
  'crossval:stop': { req: { study_id: string }; res: CrossvalFinishedEvent };
  /** The asking client's studies still running (a reloaded page finds its study again). */
  'crossval:mine': { req: Record<string, never>; res: CrossvalProgressEvent[] };
  /**
   * The learning-rate finder on the model with the run options (batch size, seed, limit,
   * dataset, optimizer, backend): one short pass at exponentially growing rates in a
   * short-lived training process, the loss of each step and the suggested rate (about 10×
   * below the rate at the lowest smoothed loss). Takes seconds.
   */
  'lr:find': { req: LrFindRequest; res: LrFindResult };
}

/** Events main pushes to every window/client. */
export interface EventChannels {
  'run:queued': RunQueuedEvent;
  'run:started': RunStartedEvent;
  'run:backend': RunBackendEvent;
  'run:progress': RunProgressEvent;
  'run:epoch': RunEpochEvent;
  /** Layer diagnostics between epochs, at most about 4 a second (not stored). */
  'run:layers': RunLayersEvent;
  'run:finished': RunFinishedEvent;
  /** A cross-validation study's state after each fold starts or ends. */
  'crossval:progress': CrossvalProgressEvent;
  'crossval:finished': CrossvalFinishedEvent;
  /** The runs folder changed on disk (watched and polled: network folders send no change events). */
  'runs:changed': RunsChangedEvent;
}

export type RequestChannel = keyof RequestChannels;
export type EventChannel = keyof EventChannels;
export type RequestOf<C extends RequestChannel> = RequestChannels[C]['req'];
export type ResponseOf<C extends RequestChannel> = RequestChannels[C]['res'];

/** Every request channel, for registration loops and the preload allow-list. */
export const REQUEST_CHANNELS = [
  'app:info',
  'datasets:list',
  'backends:probe',
  'models:examples',
  'models:validate',
  'models:export-keras',
  'runs:start',
  'runs:stop',
  'runs:list',
  'runs:mine',
  'runs:load',
  'runs:delete',
  'runs:restore',
  'runs:update',
  'runs:rerun',
  'runs:continue',
  'runs:export-python',
  'runs:export',
  'runs:import',
  'runs:evaluate',
  'settings:set-runs-dir',
  'settings:browse-runs-dir',
  'settings:set-max-concurrent-runs',
  'init:sample',
  'files:open',
  'files:save',
  'files:recent',
  'files:open-recent',
  'wizard:speeds',
  'crossval:start',
  'crossval:stop',
  'crossval:mine',
  'lr:find',
] as const satisfies readonly RequestChannel[];

/** Every event channel. */
export const EVENT_CHANNELS = [
  'run:queued',
  'run:started',
  'run:backend',
  'run:progress',
  'run:epoch',
  'run:layers',
  'run:finished',
  'crossval:progress',
  'crossval:finished',
  'runs:changed',
] as const satisfies readonly EventChannel[];

// Both lists must be complete: adding a channel to the maps without listing it fails here.
type Missing<T, L extends readonly unknown[]> = Exclude<T, L[number]>;
const requestListComplete: [Missing<RequestChannel, typeof REQUEST_CHANNELS>] extends [never] ? true : false = true;
const eventListComplete: [Missing<EventChannel, typeof EVENT_CHANNELS>] extends [never] ? true : false = true;
void requestListComplete;
void eventListComplete;

/** Context of a request: who sent it (checked by the transport before the handler runs). */
export interface RequestContext {
  /** `ipc` (an app window) or `lab` (an authenticated WebSocket client). */
  transport: 'ipc' | 'lab';
  /**
   * Who asks, for per-client limits: `local` for the desktop app's windows, the
   * browser session's id for a lab client (kept by the page across reconnects).
   */
  client: string;
}

/** Main's handlers: one object, one function per channel. A missing or mistyped handler fails to compile. */
export type Handlers = {
  [C in RequestChannel]: (req: RequestOf<C>, ctx: RequestContext) => Promise<ResponseOf<C>>;
};

/** The API the renderer calls, identical over Electron IPC and the lab WebSocket. */
export interface GradientLabApi {
  invoke<C extends RequestChannel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventChannels[E]) => void): () => void;
}

/** An error answer, carried the same way by both transports. `field` names the payload field when known. */
export interface IpcErrorPayload {
  message: string;
  field?: string;
  /** A main-side message code (src-shared/i18n/main-messages.ts): lets the renderer say it in the user's language. */
  code?: MainMessageCode;
  /** Values for the code's `{placeholders}`. */
  params?: MainMessageParams;
}

/** Wire messages of the lab WebSocket (Electron IPC has its own framing). */
export type LabClientMessage = { id: number; channel: string; payload: unknown };
export type LabServerMessage =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: IpcErrorPayload }
  | { event: EventChannel; payload: unknown };

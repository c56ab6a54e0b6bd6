/**
 * The guideline wizard's state: the answers (kept across reloads), the recommendation
 * derived from them by the shared rules, the activation speeds measured by main for the
 * open model's shapes, and the cross-validation study this window started (found again
 * after a reload with `crossval:mine`).
 */
import type { GradientLabApi } from '../../../src-shared/ipc/contract.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import { recommend } from '../../../src-shared/wizard/guideline.js';
import {
  WIZARD_ANSWER_KEYS,
  type ActivationSpeedResponse,
  type CandidateActivation,
  type CrossvalFinishedEvent,
  type CrossvalProgressEvent,
  type CrossvalRequest,
  type Recommendation,
  type WizardAnswerKey,
  type WizardAnswers,
} from '../../../src-shared/wizard/types.js';
import { toApiError, type ApiError } from '../../lib/api-error.js';

/** localStorage key of the answers. */
export const WIZARD_STORAGE_KEY = 'gradient-lab.wizard-answers';

/** All questions answered "no": the guideline's general order. */
export function noAnswers(): WizardAnswers {
  return Object.fromEntries(WIZARD_ANSWER_KEYS.map((k) => [k, false])) as WizardAnswers;
}

/** Answers stored by an earlier session; anything unreadable counts as "no". */
export function loadAnswers(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): WizardAnswers {
  const out = noAnswers();
  try {
    const raw: unknown = JSON.parse(storage?.getItem(WIZARD_STORAGE_KEY) ?? '{}');
    if (typeof raw === 'object' && raw !== null) {
      for (const k of WIZARD_ANSWER_KEYS) if ((raw as Record<string, unknown>)[k] === true) out[k] = true;
    }
  } catch {
    // A damaged entry is forgotten, not fatal.
  }
  return out;
}

/**
 * What the speed measurement depends on: the layer kinds, the dense widths and the batch
 * size (not names, initializers or preprocessing). Example: the 300-100 LeakyReLU net at
 * batch 32 → `'32|flatten,dense:300,leaky_relu,dense:100,leaky_relu,dense:10'`.
 */
export function speedKey(model: ModelSpec): string {
  const shape = model.layers.map((l) => (l.kind === 'dense' ? `dense:${l.units}` : l.kind)).join(',');
  return `${model.training.batch_size}|${shape}`;
}

/** Default candidates of a study: the top three of the ranking (the issue: "the top 2–4"). */
export function defaultStudyCandidates(r: Recommendation): CandidateActivation[] {
  return r.ranked.slice(0, 3).map((c) => c.activation);
}

/** Where the study stands, as the panel shows it. */
export type StudyPhase = 'idle' | 'starting' | 'running' | 'stopping' | 'completed' | 'stopped' | 'failed';

/** The wizard's state; one instance per window. */
export class WizardState {
  answers = $state<WizardAnswers>(loadAnswers());
  /** Index of the question shown (0-based). */
  step = $state(0);
  readonly recommendation: Recommendation = $derived(recommend(this.answers));

  speeds = $state.raw<ActivationSpeedResponse | null>(null);
  speedsError = $state.raw<ApiError | null>(null);
  measuring = $state(false);
  #speedsFor = '';

  study = $state.raw<CrossvalProgressEvent | CrossvalFinishedEvent | null>(null);
  studyPhase = $state<StudyPhase>('idle');
  studyError = $state.raw<ApiError | null>(null);

  constructor(private readonly storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage) {}

  /** Sets one answer (the recommendation updates) and remembers the answers. */
  setAnswer(key: WizardAnswerKey, value: boolean): void {
    this.answers[key] = value;
    try {
      this.storage?.setItem(WIZARD_STORAGE_KEY, JSON.stringify(this.answers));
    } catch {
      // Private mode or a full quota: the answers still hold for this session.
    }
  }

  /** Measures the candidates' speeds for `model`'s shapes, unless already measured (or being measured) for them; `force` measures anew (main's cache too). */
  async measure(api: GradientLabApi, model: ModelSpec, force = false): Promise<void> {
    const key = speedKey(model);
    if (!force && key === this.#speedsFor && (this.speeds !== null || this.measuring)) return;
    this.#speedsFor = key;
    this.measuring = true;
    this.speedsError = null;
    try {
      const answer = await api.invoke('wizard:speeds', force ? { model, fresh: true } : { model });
      if (this.#speedsFor === key) this.speeds = answer;
    } catch (err) {
      if (this.#speedsFor === key) {
        this.speedsError = toApiError(err);
        this.speeds = null;
      }
    } finally {
      if (this.#speedsFor === key) this.measuring = false;
    }
  }

  /** Listens to study events and finds a study this client left running (after a reload). Returns the cleanup. */
  attach(api: GradientLabApi): () => void {
    const offProgress = api.on('crossval:progress', (e) => {
      if (this.study?.study_id !== e.study_id) return;
      this.study = e;
      if (this.studyPhase === 'starting') this.studyPhase = 'running';
    });
    const offFinished = api.on('crossval:finished', (e) => {
      if (this.study?.study_id !== e.study_id) return;
      this.study = e;
      this.studyPhase = e.status;
    });
    void api.invoke('crossval:mine', {}).then(
      (mine) => {
        const last = mine.at(-1);
        if (last && this.studyPhase === 'idle') {
          this.study = last;
          this.studyPhase = 'running';
        }
      },
      () => undefined,
    );
    return () => {
      offProgress();
      offFinished();
    };
  }

  /** Starts a study; its progress then arrives as events. */
  async startStudy(api: GradientLabApi, req: CrossvalRequest): Promise<void> {
    this.studyPhase = 'starting';
    this.studyError = null;
    try {
      const first = await api.invoke('crossval:start', req);
      // A finished event may have overtaken the answer (a study whose folds all failed at once).
      if (this.study?.study_id !== first.study_id) this.study = first;
      if (this.studyPhase === 'starting') this.studyPhase = 'running';
    } catch (err) {
      this.studyError = toApiError(err);
      this.studyPhase = 'idle';
    }
  }

  /** Stops the running study (the finished event sets the phase). */
  async stopStudy(api: GradientLabApi): Promise<void> {
    const id = this.study?.study_id;
    if (!id || (this.studyPhase !== 'running' && this.studyPhase !== 'starting')) return;
    this.studyPhase = 'stopping';
    try {
      const end = await api.invoke('crossval:stop', { study_id: id });
      this.study = end;
      this.studyPhase = end.status;
    } catch (err) {
      this.studyError = toApiError(err);
      this.studyPhase = 'running';
    }
  }
}

/**
 * App-wide state: what main says about itself (version, shell), which backend
 * trains and why a GPU is not used, the connection, language and theme. One
 * instance, created in main.ts and handed to the shell.
 */
import type { AppInfo, GradientLabApi } from '../../src-shared/ipc/contract.js';
import type { BackendInfoPayload } from '../../src-shared/training/events.js';
import type { Connection, Shell } from '../lib/api.js';
import { toApiError } from '../lib/api-error.js';
import type { ConnectionState } from '../lib/lab-client.js';
import { apiErrorText, locale, type Language } from '../i18n/index.js';

/** The user's theme choice; `system` follows `prefers-color-scheme`. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** localStorage key of the theme choice. */
export const THEME_STORAGE_KEY = 'gradient-lab.theme';

/** The `backends:probe` answer as the status bar needs it. */
export type BackendReport =
  | { kind: 'probing' }
  | { kind: 'ready'; info: BackendInfoPayload }
  | { kind: 'failed'; message: string };

/** Why no GPU trains: the first backend that was tried and failed, e.g. `{ name: 'tensorflow-gpu', reason: 'libcudart.so.11.0 not found' }`. */
export interface GpuNote {
  name: string;
  reason: string;
}

/** The GPU backend's name in `BackendInfoPayload.active`. */
export const GPU_BACKEND = 'tensorflow-gpu';

/** The reason to show when the active backend is not the GPU one, or null (GPU active, or nothing failed). */
export function gpuNote(info: BackendInfoPayload): GpuNote | null {
  if (info.active === GPU_BACKEND) return null;
  const failed = info.attempts.find((a) => !a.ok);
  return failed ? { name: failed.name, reason: failed.reason } : null;
}

function storedTheme(): Theme {
  try {
    const v = globalThis.localStorage?.getItem(THEME_STORAGE_KEY);
    return THEMES.find((x) => x === v) ?? 'system';
  } catch {
    return 'system';
  }
}

function darkQuery(): MediaQueryList | null {
  return typeof globalThis.matchMedia === 'function' ? globalThis.matchMedia('(prefers-color-scheme: dark)') : null;
}

/** App-wide state. Call `start()` once; it returns the cleanup. */
export class AppState {
  info = $state.raw<AppInfo | null>(null);
  infoError = $state<string | null>(null);
  backend = $state.raw<BackendReport>({ kind: 'probing' });
  connection = $state.raw<ConnectionState>({ kind: 'connecting', attempt: 1 });
  theme = $state<Theme>(storedTheme());
  private systemDark = $state(darkQuery()?.matches ?? false);
  private infoLoading = false;
  private probing = false;
  private probeDone = false;

  /** The theme actually shown. */
  readonly resolvedTheme: 'light' | 'dark' = $derived(
    this.theme === 'system' ? (this.systemDark ? 'dark' : 'light') : this.theme,
  );
  /** Set when a GPU backend is not active and the probe said why. */
  readonly gpuNote: GpuNote | null = $derived(this.backend.kind === 'ready' ? gpuNote(this.backend.info) : null);

  readonly shell: Shell;

  constructor(
    private readonly api: GradientLabApi,
    private readonly conn: Connection,
  ) {
    this.shell = conn.shell;
    this.connection = conn.state();
  }

  /** The UI language (owned by the i18n layer's locale). */
  get language(): Language {
    return locale.lang;
  }

  /** Switches and remembers the UI language. */
  setLanguage(lang: Language): void {
    locale.set(lang);
  }

  /** Switches and remembers the theme, and applies it to `<html data-theme>`. */
  setTheme(theme: Theme): void {
    this.theme = theme;
    try {
      globalThis.localStorage?.setItem(THEME_STORAGE_KEY, theme);
    } catch {
      // Storage blocked: the choice lasts for this session.
    }
    this.applyTheme();
  }

  /** Writes the resolved theme to `<html data-theme>`, where the CSS variables switch. */
  applyTheme(): void {
    if (typeof document === 'undefined') return;
    document.documentElement.dataset.theme = this.resolvedTheme;
    document.documentElement.style.colorScheme = this.resolvedTheme;
  }

  /** Loads app info, probes the backend once, follows the connection and the OS theme. Returns the cleanup. */
  start(): () => void {
    this.applyTheme();
    const query = darkQuery();
    const onScheme = (e: MediaQueryListEvent) => {
      this.systemDark = e.matches;
      this.applyTheme();
    };
    query?.addEventListener('change', onScheme);
    const unsubscribe = this.conn.subscribe((state) => {
      this.connection = state;
      // Requests made before the first connection opened were rejected; ask again now that it is up.
      if (state.kind === 'open') this.loadMissing();
    });
    this.loadMissing();
    return () => {
      unsubscribe();
      query?.removeEventListener('change', onScheme);
    };
  }

  /**
   * Moves the runs folder (desktop app only). Resolves with main's new AppInfo, also
   * kept in `info`; rejects with main's ApiError (its message names the path) otherwise.
   */
  async setRunsDir(path: string): Promise<AppInfo> {
    return this.applied(await this.call(() => this.api.invoke('settings:set-runs-dir', { path })));
  }

  /** Opens main's native folder dialog (desktop app only); a cancelled dialog resolves with the unchanged AppInfo. */
  async browseRunsDir(): Promise<AppInfo> {
    return this.applied(await this.call(() => this.api.invoke('settings:browse-runs-dir', {})));
  }

  /** Sets how many trainings run at once (desktop app only; a lab server's flags set it). Resolves with the new AppInfo. */
  async setMaxConcurrentRuns(value: number): Promise<AppInfo> {
    return this.applied(await this.call(() => this.api.invoke('settings:set-max-concurrent-runs', { value })));
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw toApiError(err);
    }
  }

  private applied(info: AppInfo): AppInfo {
    this.info = info;
    this.infoError = null;
    return info;
  }

  /** Retries a failed connection now instead of waiting for the backoff. */
  reconnectNow(): void {
    this.conn.reconnectNow();
  }

  private loadMissing(): void {
    if (!this.info && !this.infoLoading) {
      this.infoLoading = true;
      this.api
        .invoke('app:info', {})
        .then((info) => {
          this.info = info;
          this.infoError = null;
        })
        .catch((err: unknown) => {
          this.infoError = apiErrorText(err);
        })
        .finally(() => (this.infoLoading = false));
    }
    // The probe starts a training process; do it once per session, retrying only when the connection ate the answer.
    if (!this.probeDone && !this.probing) {
      this.probing = true;
      this.backend = { kind: 'probing' };
      this.api
        .invoke('backends:probe', { backend: 'auto' })
        .then((info) => {
          this.backend = { kind: 'ready', info };
          this.probeDone = true;
        })
        .catch((err: unknown) => {
          const e = toApiError(err);
          if (e.code === 'disconnected') this.backend = { kind: 'probing' };
          else {
            this.backend = { kind: 'failed', message: apiErrorText(e) };
            this.probeDone = true;
          }
        })
        .finally(() => (this.probing = false));
    }
  }
}

/**
 * Noticing runs written by someone else (a CLI run, a lab server, a classmate on a shared
 * folder) without a restart. Two sources, because neither is enough alone:
 * - `fs.watch` on the runs folder (not recursive: Linux has no recursive watch in Node 20)
 *   tells at once when a run folder appears, goes or is renamed;
 * - polling a cheap signature every `pollMs` catches what the watch can't see: a run's
 *   status.json or meta.json replaced inside its folder, and every change on network
 *   folders (SMB, NFS), which send no change events at all.
 * Either one only schedules a check; `onChange` is called when the signature differs
 * from the last one, so a burst of events (a run folder written file by file) is one call.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { META_FILE } from './meta.js';
import { runFolderNames, STATUS_FILE } from './read.js';

/** How `watchRuns` looks. */
export interface WatchRunsOptions {
  /** Poll interval in ms (default 2000). */
  pollMs?: number;
  /** Use fs.watch as well (default true); polling alone when false. */
  watch?: boolean;
  /** Quiet time after a watch event before the check, in ms (default 150): one check per burst. */
  debounceMs?: number;
}

/** A running watcher. */
export interface RunsWatcher {
  /** Stops watching and polling (safe to call more than once). */
  close(): void;
  /** Checks now (e.g. after this process changed the folder itself). */
  check(): void;
}

/**
 * The folder's signature: its run folders' names with the stat of their status.json and
 * meta.json, and how many run folders there are. `{signature: 'missing', count: 0}` when
 * the folder does not exist (yet). About 2 stats per run: 1,000 runs cost a few ms.
 */
export function runsSignature(dir: string): { signature: string; count: number } {
  let names: string[];
  try {
    names = runFolderNames(dir);
  } catch (err) {
    return { signature: `missing:${(err as NodeJS.ErrnoException).code ?? 'ERR'}`, count: 0 };
  }
  const parts = names.map((name) => `${name}|${stamp(join(dir, name, STATUS_FILE))}|${stamp(join(dir, name, META_FILE))}`);
  return { signature: parts.sort().join('\n'), count: names.length };
}

/**
 * Watches `dir` and calls `onChange(count)` (the number of run folders) whenever its runs
 * change; see the file comment. Timers are unref'd: a watcher never keeps a process
 * alive. An error thrown by `onChange` is swallowed (a listener must not stop the watch).
 */
export function watchRuns(dir: string, onChange: (count: number) => void, opts: WatchRunsOptions = {}): RunsWatcher {
  const pollMs = opts.pollMs ?? 2000;
  const debounceMs = opts.debounceMs ?? 150;
  const useWatch = opts.watch ?? true;
  let last = runsSignature(dir).signature;
  let closed = false;
  let watcher: FSWatcher | null = null;
  let pending: ReturnType<typeof setTimeout> | undefined;

  const check = (): void => {
    if (closed) return;
    const now = runsSignature(dir);
    if (now.signature === last) return;
    last = now.signature;
    try {
      onChange(now.count);
    } catch {
      // the listener's problem; the watch goes on
    }
  };
  const schedule = (): void => {
    if (closed || pending !== undefined) return;
    pending = setTimeout(() => {
      pending = undefined;
      check();
    }, debounceMs);
    pending.unref?.();
  };
  const startWatch = (): void => {
    if (!useWatch || watcher || closed) return;
    try {
      const w = watch(dir, { persistent: false }, schedule);
      // The folder removed, a network share gone, inotify out of watches: polling carries on, and the next poll retries.
      w.on('error', () => {
        w.close();
        if (watcher === w) watcher = null;
      });
      watcher = w;
    } catch {
      watcher = null;
    }
  };

  startWatch();
  const timer = setInterval(() => {
    startWatch();
    check();
  }, pollMs);
  timer.unref?.();

  return {
    check,
    close: () => {
      closed = true;
      clearInterval(timer);
      if (pending !== undefined) clearTimeout(pending);
      watcher?.close();
      watcher = null;
    },
  };
}

function stamp(file: string): string {
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : '-';
  } catch (err) {
    return `!${(err as NodeJS.ErrnoException).code ?? 'ERR'}`;
  }
}

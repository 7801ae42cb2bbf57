/**
 * Watches a data folder and its sub-folders and calls back once per burst of changes (debounced).
 * Folders are watched, never files: a file watch stays on the inode it started on, so a save that
 * writes a new file and renames it over the old one (vim, `sed -i`, os.replace, `yearbook import`)
 * would be the last one seen; a folder's watch reports every name created, renamed, written or
 * deleted in it. (Node 20's `recursive: true` on Linux watches each file that way, and misses every
 * save after the first rename.) After each burst the set of watched folders is brought in line with
 * the tree (new, removed and replaced folders); when the folder itself disappears, it is looked for
 * again every `retryMs` and watched (and reported as a change) once it is back. Hidden folders and
 * node_modules are skipped, as loadFolder skips them. No printing; no process.
 */
import { readdirSync, realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export interface Watcher {
  close(): void;
}

const skipped = (name: string): boolean => name.startsWith('.') || name === 'node_modules';

/** A path inside the watched folder is relevant unless one of its parts is hidden or node_modules. */
const relevant = (rel: string): boolean => !rel.split(/[\\/]/).some((p) => p !== '' && skipped(p));

interface Watched {
  watcher: FSWatcher;
  dev: number;
  ino: number;
}

/**
 * Calls `onChange` once after each burst of changes below `dir`, and once when `dir` itself goes
 * away or comes back. `retryMs`: how often a missing folder is looked for.
 */
export function watchFolder(dir: string, onChange: () => void, debounceMs = 150, retryMs = 500): Watcher {
  const root = resolve(dir);
  const watched = new Map<string, Watched>();
  let timer: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;
  let closed = false;

  const identity = (path: string): { dev: number; ino: number } | null => {
    try {
      const st = statSync(path);
      return st.isDirectory() ? { dev: st.dev, ino: st.ino } : null;
    } catch {
      return null;
    }
  };

  const unwatch = (path: string): void => {
    watched.get(path)?.watcher.close();
    watched.delete(path);
  };

  const unwatchAll = (): void => {
    for (const path of [...watched.keys()]) unwatch(path);
  };

  /** The root changed identity (deleted, moved away, replaced) since it was watched. */
  const rootChanged = (): boolean => {
    const now = identity(root);
    const was = watched.get(root);
    return now === null || !was || was.dev !== now.dev || was.ino !== now.ino;
  };

  const onEvent = (folder: string, event: string, name: string | Buffer | null): void => {
    if (closed) return;
    if (name !== null && !relevant(relative(root, join(folder, String(name))))) {
      // a hidden name (a swap file, .git): no reload, unless the folder itself went (its own name may be hidden)
      if (event === 'rename' && rootChanged()) schedule();
      return;
    }
    schedule();
  };

  /** Watches every folder of the tree that is not watched yet (or was replaced), drops the ones gone. False when the root is missing. */
  const sync = (): boolean => {
    const seen = new Set<string>();
    const realSeen = new Set<string>();
    const visit = (path: string): boolean => {
      const id = identity(path);
      if (!id) return false;
      let real = path;
      try {
        real = realpathSync(path);
      } catch {
        // gone meanwhile: the next event syncs again
      }
      if (realSeen.has(real)) return true; // a link back up the tree: walked once, as loadFolder does
      realSeen.add(real);
      seen.add(path);
      const cur = watched.get(path);
      if (!cur || cur.dev !== id.dev || cur.ino !== id.ino) {
        unwatch(path);
        try {
          const watcher = watch(path, { persistent: true }, (event, name) => onEvent(path, event, name));
          // an error (the folder removed, say) counts as a change: the sync after it sorts it out
          watcher.on('error', () => onEvent(path, 'rename', null));
          watched.set(path, { watcher, ...id });
        } catch {
          // removed between the stat and the watch, or no watches left: tried again at the next sync
          return path !== root;
        }
      }
      let names: string[];
      try {
        names = readdirSync(path);
      } catch {
        return true;
      }
      for (const name of names) if (!skipped(name)) visit(join(path, name));
      return true;
    };
    const ok = visit(root);
    for (const path of [...watched.keys()]) if (!seen.has(path)) unwatch(path);
    if (!ok) unwatchAll();
    return ok;
  };

  /** The root is missing: look for it every retryMs; once it is back, watch it and report a change. */
  const waitForRoot = (): void => {
    if (closed || retry) return;
    retry = setInterval(() => {
      if (closed || identity(root) === null) return;
      if (!sync()) return;
      clearInterval(retry!);
      retry = null;
      onChange();
    }, retryMs);
  };

  const schedule = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (closed) return;
      // watch new and replaced folders before the reload reads them: nothing written meanwhile is missed
      if (!sync()) waitForRoot();
      onChange();
    }, debounceMs);
  };

  if (!sync()) waitForRoot();

  return {
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      if (retry) clearInterval(retry);
      timer = retry = null;
      unwatchAll();
    },
  };
}

/**
 * Watches a folder and its sub-folders and calls back once per burst of changes (debounced).
 * fs.watch with `recursive: true` works on Linux since Node 20 (it watches each directory with
 * inotify and follows new ones); where it is not available (older Node on Linux, some network file
 * systems) every directory is watched on its own and the set is refreshed after each burst.
 * Hidden folders and node_modules are skipped, as loadFolder skips them.
 */
import { watch, readdirSync, statSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface Watcher {
  close(): void;
  /** How the folder is watched: one recursive watcher, or one per directory. */
  mode: 'recursive' | 'per-directory';
}

const relevant = (name: string | null): boolean => {
  if (name === null) return true;
  const parts = name.split(/[\\/]/);
  return !parts.some((p) => p.startsWith('.') || p === 'node_modules');
};

export function watchFolder(dir: string, onChange: () => void, debounceMs = 150): Watcher {
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const fire = (name: string | null): void => {
    if (closed || !relevant(name)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (closed) return;
      refresh?.();
      onChange();
    }, debounceMs);
  };
  let refresh: (() => void) | null = null;
  const watchers = new Map<string, FSWatcher>();

  try {
    const w = watch(dir, { recursive: true }, (_e, name) => fire(name === null ? null : String(name)));
    w.on('error', () => fire(null));
    watchers.set(dir, w);
    return { mode: 'recursive', close: () => stop() };
  } catch {
    // fall through to one watcher per directory
  }

  const dirs = (root: string): string[] => {
    const out = [root];
    for (let i = 0; i < out.length; i++) {
      let names: string[] = [];
      try {
        names = readdirSync(out[i]!);
      } catch {
        continue;
      }
      for (const n of names) {
        if (n.startsWith('.') || n === 'node_modules') continue;
        const p = join(out[i]!, n);
        try {
          if (statSync(p).isDirectory()) out.push(p);
        } catch {
          // gone or dangling
        }
      }
    }
    return out;
  };
  refresh = (): void => {
    const now = new Set(dirs(dir));
    for (const [d, w] of watchers) {
      if (!now.has(d)) {
        w.close();
        watchers.delete(d);
      }
    }
    for (const d of now) {
      if (watchers.has(d)) continue;
      try {
        const w = watch(d, (_e, name) => fire(name === null ? null : String(name)));
        w.on('error', () => fire(null));
        watchers.set(d, w);
      } catch {
        // removed meanwhile
      }
    }
  };
  refresh();
  return { mode: 'per-directory', close: () => stop() };

  function stop(): void {
    closed = true;
    if (timer) clearTimeout(timer);
    for (const w of watchers.values()) w.close();
    watchers.clear();
  }
}

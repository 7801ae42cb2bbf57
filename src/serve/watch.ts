/**
 * Watches a folder and its sub-folders and calls back once per burst of changes (debounced), with
 * one fs.watch `recursive: true` watcher: Node ≥ 20 (engines in package.json) supports it on Linux
 * as on macOS and Windows, and it follows sub-folders created later. Hidden folders and
 * node_modules are skipped, as loadFolder skips them.
 */
import { watch } from 'node:fs';

export interface Watcher {
  close(): void;
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
      if (!closed) onChange();
    }, debounceMs);
  };
  const watcher = watch(dir, { recursive: true }, (_e, name) => fire(name === null ? null : String(name)));
  // an error (the folder removed, say) counts as a change: one more reload
  watcher.on('error', () => fire(null));
  return {
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}

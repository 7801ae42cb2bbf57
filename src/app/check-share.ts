/**
 * One share of a parallel check, the same in a worker thread and in the main thread: reads the
 * share's files (its own and the ones its checks look at) and checks them (check-fast.ts: the fast
 * lane, else the kernel's checkSources), reporting on its own files only, and whether every document is of the region the
 * partition assumed. Prints nothing.
 */
import type { Report } from '../core/check.js';
import type { PreloadedRegions } from '../core/parse/dataset.js';
import type { FolderEntry } from '../io/folder.js';
import { checkEntries } from './check-fast.js';

export interface ShareInput {
  dir: string;
  /** The share's files, listed and not yet read (a share reads its own: no bytes are posted between threads). */
  entries: FolderEntry[];
  /** Source.rel of the share's own files. */
  owned: string[];
  /** Source.rel → the region code the partition assumed (from the file's name or its `region:` line). */
  regions: Record<string, string>;
  /** regions.yaml as the partition read it (not read again by the share). */
  tree: PreloadedRegions;
  /** Try the fast lane first. */
  fast: boolean;
}

export interface ShareOutput {
  report: Report;
  /** False when a document's region is not the one the partition assumed (the share is then void). */
  partitionHeld: boolean;
}

export async function checkShare(input: ShareInput): Promise<ShareOutput> {
  const { report, regionOf } = await checkEntries(input.entries, { dir: input.dir, owned: new Set(input.owned), regions: input.tree, fast: input.fast });
  const partitionHeld = input.entries.every((e) => {
    const code = regionOf(e.rel);
    return code === null || input.regions[e.rel] === code;
  });
  return { report, partitionHeld };
}

/**
 * One share of a parallel check, the same in a worker thread and in the main thread: reads the
 * share's files (its own and the ones its checks look at) and checks them (check-fast.ts: the fast
 * lane, else the kernel's checkSources), reporting on its own files only, and whether every document is of the region the
 * partition assumed. Prints nothing.
 */
import type { Report } from '../core/check.js';
import type { PreloadedRegions } from '../core/parse/dataset.js';
import { folderEntry, type FolderEntry } from '../io/folder.js';
import { checkEntries } from './check-fast.js';

export interface ShareInput {
  dir: string;
  /**
   * Paths inside `dir` of the share's files, listed and not yet read (a share reads its own: no
   * bytes are posted between threads, and no entries: they are rebuilt from the paths): its own
   * files first, `owned` of them, then the files its checks look at.
   */
  rels: string[];
  owned: number;
  /** The folder problems among them, by index into rels (a folder named *.yaml, one that cannot be listed). */
  problems: Record<number, NonNullable<FolderEntry['problem']>>;
  /** The region code the partition assumed for rels[i] (from the file's name or its `region:` line), '' for none. */
  regions: string[];
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
  const entries = input.rels.map((rel, i) => folderEntry(input.dir, rel, input.problems[i]));
  const owned = new Set(input.rels.slice(0, input.owned));
  const { report, regionOf } = await checkEntries(entries, { dir: input.dir, owned, regions: input.tree, fast: input.fast });
  const partitionHeld = input.rels.every((rel, i) => {
    const code = regionOf(rel);
    return code === null || input.regions[i] === code;
  });
  return { report, partitionHeld };
}

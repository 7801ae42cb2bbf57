/**
 * One share of a parallel check, the same in a worker thread and in the main thread: reads the
 * share's files (its own and the ones its checks look at) and runs the kernel's checkSources on
 * them, reporting on its own files only, and whether every document is of the region the
 * partition assumed. Prints nothing.
 */
import { checkSources, type Report } from '../core/check.js';
import type { PreloadedRegions } from '../core/parse/dataset.js';
import { readEntry, type FolderEntry } from '../io/folder.js';

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
}

export interface ShareOutput {
  report: Report;
  /** False when a document's region is not the one the partition assumed (the share is then void). */
  partitionHeld: boolean;
}

export function checkShare(input: ShareInput): ShareOutput {
  const sources = input.entries.map(readEntry);
  const { data, report } = checkSources(sources, { dir: input.dir, owned: new Set(input.owned), regions: input.tree });
  const partitionHeld = data.docs.every((d) => input.regions[d.rel] === d.regionCode);
  return { report, partitionHeld };
}

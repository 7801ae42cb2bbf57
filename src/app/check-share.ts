/**
 * One share of a parallel check, the same in a worker thread and in the main thread: the kernel's
 * checkSources on the share's Sources (its own files and the ones its checks look at), reporting
 * on its own files only, and whether every document is of the region the partition assumed.
 */
import { checkSources, type Report } from '../core/check.js';
import type { Source } from '../core/parse/source.js';
import type { PreloadedRegions } from '../core/parse/dataset.js';

export interface ShareInput {
  dir: string;
  /** The share's Sources; their bytes are views into `bytes` when packed for a worker. */
  sources: Source[];
  /** Source.rel of the share's own files. */
  owned: string[];
  /** Source.rel → the region code the partition read from the file's text. */
  regions: Record<string, string>;
  /** regions.yaml as the partition read it (not read again by the share). */
  tree: PreloadedRegions;
}

export interface ShareOutput {
  report: Report;
  /** False when a document's region is not the one the partition assumed (the share is then void). */
  partitionHeld: boolean;
}

/**
 * A share as posted to a worker: every file's bytes in one buffer (transferred, not copied; a
 * small file read by readFileSync is a view into a shared 8 KiB pool, which a clone would copy whole).
 */
export interface PackedShare {
  dir: string;
  files: { rel: string; file?: string; problem?: Source['problem']; start: number; end: number; hasBytes: boolean }[];
  bytes: Uint8Array;
  owned: string[];
  regions: Record<string, string>;
  tree: PreloadedRegions;
}

export function pack(input: ShareInput): PackedShare {
  let size = 0;
  for (const s of input.sources) size += s.bytes?.byteLength ?? 0;
  const bytes = new Uint8Array(size);
  let at = 0;
  const files = input.sources.map((s) => {
    const start = at;
    if (s.bytes) {
      bytes.set(s.bytes, at);
      at += s.bytes.byteLength;
    }
    return { rel: s.rel, file: s.file, problem: s.problem, start, end: at, hasBytes: s.bytes !== undefined, ...(s.text !== undefined ? { text: s.text } : {}) };
  });
  return { dir: input.dir, files, bytes, owned: input.owned, regions: input.regions, tree: input.tree };
}

export function unpack(p: PackedShare): ShareInput {
  const sources: Source[] = p.files.map((f) => {
    const s: Source = { rel: f.rel };
    if (f.file !== undefined) s.file = f.file;
    if (f.problem !== undefined) s.problem = f.problem;
    if ((f as { text?: string }).text !== undefined) s.text = (f as { text?: string }).text;
    if (f.hasBytes) s.bytes = p.bytes.subarray(f.start, f.end);
    return s;
  });
  return { dir: p.dir, sources, owned: p.owned, regions: p.regions, tree: p.tree };
}

export function checkShare(input: ShareInput): ShareOutput {
  const { data, report } = checkSources(input.sources, { dir: input.dir, owned: new Set(input.owned), regions: input.tree });
  const partitionHeld = data.docs.every((d) => input.regions[d.rel] === d.regionCode);
  return { report, partitionHeld };
}

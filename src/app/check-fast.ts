/**
 * The check of a folder's files with the fast lane first: each file read into one reused buffer
 * and handed to core/fast's Certifier. The documents it proves clean are counted by it; those with
 * a check that does not hold go, with what their checks look at, to the full check (core/check.ts),
 * which reports; when it declines altogether (a document it does not read, a file it cannot read
 * that way), the full check reads every file again. The report is the full check's either way.
 * Prints nothing, never exits.
 */
import type { Report } from '../core/check.js';
import { Certifier, complete, splitFiles, type Certified } from '../core/fast/certify.js';
import type { PreloadedRegions } from '../core/parse/dataset.js';
import { readBuffer, readEntry, readInto, type FolderEntry } from '../io/folder.js';

export interface EntriesCheck {
  report: Report;
  /** Source.rel → the region code of every document read (what a parallel check's partition is checked against). */
  regionOf: (rel: string) => string | null;
}

export interface EntriesOptions {
  dir: string;
  /** Source.rel of the files to report on (default all). */
  owned?: ReadonlySet<string>;
  regions?: PreloadedRegions;
  /** Try the fast lane first (default true). */
  fast?: boolean;
}

/** Checks the listed files; `owned` (Source.rel) limits the report to those, the others being looked up only. */
export async function checkEntries(entries: readonly FolderEntry[], opts: EntriesOptions): Promise<EntriesCheck> {
  const fast = opts.fast === false ? null : certifyEntriesPartly(entries, opts);
  if (fast && fast.partial.suspects.length === 0) return { report: fast.partial.report, regionOf: fast.regionOf };
  // the full check's modules (every check, the traditional-character table…) are loaded only when needed
  const { checkSources } = await import('../core/check.js');
  if (fast) {
    // the documents the fast lane could not prove clean, checked in full with what their checks look at
    const report = complete(fast.partial, (wanted) => entries.filter((e) => wanted(e.rel)).map(readEntry), opts, checkSources);
    return { report, regionOf: fast.regionOf };
  }
  const { data, report } = checkSources(entries.map(readEntry), opts);
  const byRel = new Map(data.docs.map((d) => [d.rel, d.regionCode]));
  return { report, regionOf: (rel) => byRel.get(rel) ?? null };
}

/** The fast lane alone: the report when it certifies the files, else null (nothing else is tried). */
export function certifyEntries(entries: readonly FolderEntry[], opts: EntriesOptions): EntriesCheck | null {
  const fast = certifyEntriesPartly(entries, opts);
  return fast && fast.partial.suspects.length === 0 ? { report: fast.partial.report, regionOf: fast.regionOf } : null;
}

/** The fast lane over the files, each read into one reused buffer: what it proved and what it leaves; null when it declines. */
function certifyEntriesPartly(entries: readonly FolderEntry[], opts: EntriesOptions): { partial: Certified; regionOf: (rel: string) => string | null } | null {
  const files = splitFiles(entries);
  const c = files && Certifier.start(files.setup.map(readEntry), opts);
  if (!c) return null;
  const rb = readBuffer();
  for (const e of files!.docs) {
    const bytes = readInto(e.abs, rb);
    if (!bytes || !c.add(e.rel, e.file, bytes)) return null;
  }
  const partial = c.finishPartly(opts.owned);
  if (!partial) return null;
  const byRel = c.regionsRead();
  return { partial, regionOf: (rel) => byRel.get(rel) ?? null };
}

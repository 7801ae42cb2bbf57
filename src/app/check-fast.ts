/**
 * The check of a folder's files with the fast lane first: each file read into one reused buffer
 * and handed to core/fast's Certifier; when it declines (or a file cannot be read that way), the
 * full check (core/check.ts) reads every file again and reports. The report is the full check's
 * either way. Prints nothing, never exits.
 */
import type { Report } from '../core/check.js';
import { Certifier } from '../core/fast/certify.js';
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

const SETUP = /^(regions|indicators)\.ya?ml$/;

/** Checks the listed files; `owned` (Source.rel) limits the report to those, the others being looked up only. */
export async function checkEntries(entries: readonly FolderEntry[], opts: EntriesOptions): Promise<EntriesCheck> {
  const fast = opts.fast === false ? null : certifyEntries(entries, opts);
  if (fast) return fast;
  // the full check's modules (every check, the traditional-character table…) are loaded only when needed
  const { checkSources } = await import('../core/check.js');
  const { data, report } = checkSources(entries.map(readEntry), opts);
  const byRel = new Map(data.docs.map((d) => [d.rel, d.regionCode]));
  return { report, regionOf: (rel) => byRel.get(rel) ?? null };
}

/** The fast lane alone: the report when it certifies the files, else null (nothing else is tried). */
export function certifyEntries(entries: readonly FolderEntry[], opts: EntriesOptions): EntriesCheck | null {
  const yaml = entries.filter((e) => /\.ya?ml$/i.test(e.rel));
  if (yaml.some((e) => e.problem)) return null;
  const setup = yaml.filter((e) => SETUP.test(e.rel));
  if (setup.length !== 2 || new Set(setup.map((e) => e.rel.replace(/\.yml$/, '.yaml'))).size !== 2) return null;
  const c = Certifier.start(setup.map(readEntry), opts);
  if (!c) return null;
  const rb = readBuffer();
  for (const e of yaml) {
    if (setup.includes(e)) continue;
    const bytes = readInto(e.abs, rb);
    if (!bytes || !c.add(e.rel, e.file, bytes)) return null;
  }
  const report = c.finish(opts.owned);
  if (!report) return null;
  const byRel = c.regionsRead();
  return { report, regionOf: (rel) => byRel.get(rel) ?? null };
}

/** What every check receives: the loaded data, lookups between documents, and a way to report. Does no I/O. */
import { findDoc, previousDoc, type Dataset } from '../parse/dataset.js';
import type { Doc, Finding, PosKey } from '../model/types.js';
import { makeFinding, type FindingInit } from '../findings/finding.js';

export interface CheckContext {
  data: Dataset;
  /** The documents to check: all of data.docs, or the share of one thread (the others are there to be looked up). */
  docs: readonly Doc[];
  /** The same region's document for another year in the same edition. */
  docFor(region: string, year: number, edition: string | null): Doc | undefined;
  /** The same region's document one year earlier, same edition (FORMAT.md §3 prev()). */
  prevDoc(doc: Doc): Doc | undefined;
  report(doc: Doc, at: PosKey | number | null, init: FindingInit): void;
  /** Counts one comparison made (for the summary). */
  counted(n?: number): void;
}

export interface Check {
  /** Stable name, usually the finding kind it produces. */
  name: string;
  description: string;
  run(ctx: CheckContext): void;
}

export { docKey } from '../parse/dataset.js';

export function makeContext(data: Dataset, sink: Finding[], docs: readonly Doc[] = data.docs): { ctx: CheckContext; checks(): number } {
  let checks = 0;
  const ctx: CheckContext = {
    data,
    docs,
    docFor: (region, year, edition) => findDoc(data, region, year, edition),
    prevDoc: (doc) => previousDoc(data, doc),
    report: (doc, at, init) => sink.push(makeFinding(doc, at, init)),
    counted: (n = 1) => {
      checks += n;
    },
  };
  return { ctx, checks: () => checks };
}

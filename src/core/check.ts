/**
 * The kernel's entry points: Sources → Dataset → Report. checkSources(sources) is the text-in
 * entry point (like textlint's lintText): parse every source, run every check, apply accept entries,
 * sort. Returns data; prints nothing, reads nothing, never throws on bad input.
 *
 *   Source[] → parseSources → Dataset → CHECKS.run(ctx) → applyAccepts → Report
 */
import { parseSources, type Dataset, type ParseOptions } from './parse/dataset.js';
import type { Source } from './parse/source.js';
import { CHECKS } from './checks/index.js';
import { makeContext } from './checks/context.js';
import { applyAccepts } from './checks/accept.js';
import { compareFindings } from './findings/finding.js';
import type { Finding } from './model/types.js';

export interface ReportSummary {
  documents: number;
  figures: number;
  checks: number;
  errors: number;
  warnings: number;
  accepted: number;
}

export interface Report {
  version: 1;
  summary: ReportSummary;
  findings: Finding[];
}

/** A folder read and checked: what every command works from. */
export interface Checked {
  data: Dataset;
  report: Report;
}

export interface CheckOptions extends ParseOptions {
  /**
   * Check only the files with these paths (Source.rel) and report only on them; the other
   * Sources are read so that the checks can look at them (a region's sub-regions, its previous
   * year). The share of one thread of a parallel check (app/check-parallel.ts): the shares'
   * reports merged are the report of the whole folder. Default: every file.
   */
  owned?: ReadonlySet<string>;
}

/** The report of a Dataset; with `ownedFiles` (paths as shown, Doc.file) only of those files, the others looked up only. */
export function checkDataset(data: Dataset, ownedFiles?: ReadonlySet<string>): Report {
  const docs = ownedFiles ? data.docs.filter((d) => ownedFiles.has(d.file)) : data.docs;
  const raw: Finding[] = ownedFiles ? data.findings.filter((f) => ownedFiles.has(f.file)) : [...data.findings];
  const { ctx, checks } = makeContext(data, raw, docs);
  for (const check of CHECKS) check.run(ctx);
  const findings = applyAccepts(docs, raw).sort(compareFindings);
  let figures = 0;
  for (const d of docs) figures += d.figures.size;
  return {
    version: 1,
    summary: {
      documents: docs.length,
      figures,
      checks: checks(),
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      accepted: findings.filter((f) => f.severity === 'info').length,
    },
    findings,
  };
}

/** Parses and checks a folder's worth of Sources (from disk or from memory). */
export function checkSources(sources: readonly Source[], opts: CheckOptions = {}): Checked {
  const data = parseSources(sources, opts);
  const owned = opts.owned;
  const ownedFiles = owned && new Set(sources.filter((s) => owned.has(s.rel)).map((s) => s.file ?? s.rel));
  return { data, report: checkDataset(data, ownedFiles) };
}

/** A report with nothing in it, for a folder that could not be read. */
export function emptyReport(): Report {
  return { version: 1, summary: { documents: 0, figures: 0, checks: 0, errors: 0, warnings: 0, accepted: 0 }, findings: [] };
}

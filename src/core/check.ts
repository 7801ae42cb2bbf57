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

export function checkDataset(data: Dataset): Report {
  const raw: Finding[] = [...data.findings];
  const { ctx, checks } = makeContext(data, raw);
  for (const check of CHECKS) check.run(ctx);
  const findings = applyAccepts(data.docs, raw).sort(compareFindings);
  let figures = 0;
  for (const d of data.docs) figures += d.figures.size;
  return {
    version: 1,
    summary: {
      documents: data.docs.length,
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
export function checkSources(sources: readonly Source[], opts: ParseOptions = {}): Checked {
  const data = parseSources(sources, opts);
  return { data, report: checkDataset(data) };
}

/** A report with nothing in it, for a folder that could not be read. */
export function emptyReport(): Report {
  return { version: 1, summary: { documents: 0, figures: 0, checks: 0, errors: 0, warnings: 0, accepted: 0 }, findings: [] };
}

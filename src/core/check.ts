/**
 * The check pipeline: load the folder → run every check → apply accept entries → sort. Returns the
 * report as data; prints nothing and never exits (the command line does that).
 *
 *   loadFolder(dir) → Dataset → CHECKS.run(ctx) → applyAccepts → Report
 */
import { loadFolder, type Dataset } from '../io/folder.js';
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

export function checkFolder(dir: string): Report {
  return checkDataset(loadFolder(dir));
}

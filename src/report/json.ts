/** The JSON report of FORMAT.md §10, field for field. Pure: (report, lang) → string. */
import type { Report } from '../core/check.js';
import { render, type Lang } from '../core/findings/messages.js';

export function formatJson(report: Report, lang: Lang = 'zh'): string {
  const out = {
    version: 1,
    summary: report.summary,
    findings: report.findings.map((f) => ({
      kind: f.kind,
      severity: f.severity,
      rule: f.rule,
      region: f.region,
      year: f.year,
      edition: f.edition,
      path: f.path,
      figures: f.figures,
      file: f.file,
      line: f.line,
      column: f.column,
      message: render(f.message, lang),
      expected: f.expected,
      actual: f.actual,
      accepted: f.accepted,
    })),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

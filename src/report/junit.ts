/** JUnit XML for GitLab and Jenkins: a test suite per file, a test case per finding (errors fail). Pure. */
import type { Report } from '../core/check.js';
import type { Finding } from '../core/model/types.js';
import { render, type Lang } from '../core/findings/messages.js';

function xml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function formatJunit(report: Report, lang: Lang = 'zh'): string {
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const suites: string[] = [];
  for (const [file, fs] of byFile) {
    const failures = fs.filter((f) => f.severity === 'error').length;
    const skipped = fs.filter((f) => f.severity === 'info').length;
    const cases = fs.map((f) => {
      const name = xml(`${f.kind} ${f.path ?? ''} (${f.line}:${f.column})`.replace(/ +\(/, ' ('));
      const text = xml(render(f.message, lang));
      const head = `    <testcase classname="${xml(file)}" name="${name}" file="${xml(file)}" line="${f.line}">`;
      if (f.severity === 'error') return `${head}\n      <failure type="${f.kind}" message="${text}">${xml(`${f.file}:${f.line}:${f.column}`)} ${text}</failure>\n    </testcase>`;
      if (f.severity === 'info') return `${head}\n      <skipped message="${xml(f.accepted ?? '')}"/>\n    </testcase>`;
      return `${head}\n      <system-out>${xml(`${f.file}:${f.line}:${f.column}`)} ${text}</system-out>\n    </testcase>`;
    });
    suites.push(`  <testsuite name="${xml(file)}" tests="${fs.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  if (suites.length === 0) {
    suites.push(`  <testsuite name="yearbook check" tests="1" failures="0" errors="0" skipped="0">\n    <testcase classname="yearbook" name="check (${report.summary.documents} documents, ${report.summary.figures} figures)"/>\n  </testsuite>`);
  }
  const total = Math.max(1, report.findings.length);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="yearbook check" tests="${total}" failures="${report.summary.errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}

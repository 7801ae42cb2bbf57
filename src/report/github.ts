/** GitHub Actions workflow commands (::error file=…,line=…::message), one per finding. Pure. */
import type { Report } from '../core/check.js';
import { render, type Lang } from '../core/findings/messages.js';

/** A workflow command's message: %, CR and LF escaped. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** A workflow command's property value: also : and , escaped. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: Report, lang: Lang = 'zh'): string {
  const out: string[] = [];
  for (const f of report.findings) {
    const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
    const text = render(f.message, lang) + (f.accepted ? (lang === 'en' ? ` (accepted: ${f.accepted})` : `（已接受：${f.accepted}）`) : '');
    out.push(`::${level} file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(`yearbook ${f.kind}`)}::${escapeData(text)}`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

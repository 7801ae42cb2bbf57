/** The default human report: file:line:column, severity, message, kind, a code frame with the caret under CJK text, a summary. Pure. */
import type { Report } from '../core/check.js';
import type { Finding } from '../core/model/types.js';
import { render, t, type Lang } from '../core/findings/messages.js';
import { displayWidth, padLike } from './width.js';

export interface TextOptions {
  lang: Lang;
  color: boolean;
}

const CODES = { red: [31, 39], yellow: [33, 39], cyan: [36, 39], gray: [90, 39], bold: [1, 22], green: [32, 39] } as const;
type Style = keyof typeof CODES;

/** Longest stretch of a source line shown in a code frame (display columns). */
const FRAME_WIDTH = 72;

export function formatText(report: Report, opts: TextOptions): string {
  const paint = (style: Style, s: string): string => (opts.color ? `\u001b[${CODES[style][0]}m${s}\u001b[${CODES[style][1]}m` : s);
  const lines: string[] = [];
  for (const f of report.findings) {
    const sev = f.severity === 'error' ? paint('red', t('severity.error', {}, opts.lang)) : f.severity === 'warning' ? paint('yellow', t('severity.warning', {}, opts.lang)) : paint('cyan', t('severity.info', {}, opts.lang));
    lines.push(`${paint('bold', `${f.file}:${f.line}:${f.column}`)}  ${sev}  ${render(f.message, opts.lang)}  ${paint('gray', `[${f.kind}]`)}`);
    if (f.accepted) lines.push(`    ${paint('cyan', t('report.accepted', { reason: f.accepted }, opts.lang))}`);
    lines.push(...codeFrame(f, paint));
    lines.push('');
  }
  const s = report.summary;
  const summary = s.errors + s.warnings + s.accepted === 0 ? t('report.clean', { ...s }, opts.lang) : t('report.summary', { ...s }, opts.lang);
  lines.push(s.errors > 0 ? paint('red', `✖ ${summary}`) : s.warnings > 0 ? paint('yellow', `⚠ ${summary}`) : paint('green', `✔ ${summary}`));
  return lines.join('\n') + '\n';
}

/** Two lines: the source line (cut around the column when long) and a caret under the column. */
export function codeFrame(f: Finding, paint: (s: Style, x: string) => string = (_s, x) => x): string[] {
  const src = f.sourceLine;
  if (src === undefined || src === '') return [];
  const chars = [...src];
  let start = 0;
  let prefix = '';
  // column counts UTF-16 units; convert to a character index
  let col = 0;
  for (let units = 0; col < chars.length && units < f.column - 1; col++) units += chars[col]!.length;
  if (displayWidth(src) > FRAME_WIDTH) {
    let w = 0;
    start = col;
    while (start > 0 && w < FRAME_WIDTH / 3) w += displayWidth(chars[--start]!);
    if (start > 0) prefix = '…';
  }
  let end = start;
  let w = 0;
  while (end < chars.length && w < FRAME_WIDTH) w += displayWidth(chars[end++]!);
  const shown = prefix + chars.slice(start, end).join('') + (end < chars.length ? '…' : '');
  const gutter = `${String(f.line).padStart(5)} | `;
  const caretPad = padLike(prefix + chars.slice(start, col).join(''));
  return [paint('gray', gutter) + shown, paint('gray', `${' '.repeat(5)} | `) + caretPad + paint(f.severity === 'error' ? 'red' : 'yellow', '^')];
}

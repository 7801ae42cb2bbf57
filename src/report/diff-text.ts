/** The human report of `yearbook diff`: changes grouped by region, year and edition, `原数 → 现数` with the position in NEW, a closing count. Pure. */
import { render, type Lang } from '../core/findings/messages.js';
import { countLine, figureName, groupTitle, groups, kindOf, shownValue, unreadNote, type DiffReport } from './diff-common.js';
import { displayWidth } from './width.js';

export interface DiffTextOptions {
  lang: Lang;
  color: boolean;
}

const CODES = { red: [31, 39], green: [32, 39], bold: [1, 22], gray: [90, 39], yellow: [33, 39] } as const;

export function formatDiffText(report: DiffReport, opts: DiffTextOptions): string {
  const paint = (style: keyof typeof CODES, s: string): string => (opts.color ? `\u001b[${CODES[style][0]}m${s}\u001b[${CODES[style][1]}m` : s);
  const en = opts.lang === 'en';
  const lines: string[] = [];
  for (const g of groups(report.changes)) {
    lines.push(paint('bold', groupTitle(g[0]!, opts.lang, report.editions)));
    const rows = g.map((c) => {
      const kind = kindOf(c);
      const name = figureName(c, opts.lang);
      const value =
        kind === 'changed'
          ? `${paint('red', shownValue(c, 'old', opts.lang))} → ${paint('green', shownValue(c, 'new', opts.lang))}`
          : kind === 'added'
            ? `${paint('green', en ? 'added' : '新增')} ${paint('green', shownValue(c, 'new', opts.lang))}`
            : `${paint('red', en ? 'removed' : '删除')} ${paint('red', shownValue(c, 'old', opts.lang))}`;
      const where = `${c.file}:${c.line}:${c.column}` + (c.inOld ? (en ? ' (the document is gone from NEW)' : '（该文档已不在新版中）') : '');
      return { name, value, where };
    });
    const nameWidth = Math.max(...rows.map((r) => displayWidth(r.name)));
    for (const r of rows) lines.push(`  ${r.name}${' '.repeat(nameWidth - displayWidth(r.name))}  ${r.value}   ${paint('gray', r.where)}`);
    lines.push('');
  }
  for (const u of report.unread) {
    const why = u.reason ? render(u.reason, opts.lang) : en ? 'no region or year' : '没有地区或年份';
    const side = u.side === 'old' ? (en ? 'old' : '原版') : en ? 'new' : '新版';
    lines.push(paint('yellow', en ? `not compared (${side}): ${u.file}:${u.line}:${u.column}: ${why}` : `未比较（${side}）：${u.file}:${u.line}:${u.column}：${why}`));
  }
  if (report.unread.length > 0) lines.push('');
  const ed = report.editions;
  if (ed && report.changes.length === 0) lines.push(en ? `no figure differs: ${ed[1]} revised nothing of ${ed[0]}${unreadNote(report, opts.lang)}` : `没有数字变化：${ed[1]}没有修订${ed[0]}的数字${unreadNote(report, opts.lang)}`);
  else lines.push(countLine(report.changes, opts.lang) + (ed ? (en ? `, revised by ${ed[1]} of ${ed[0]}` : `（${ed[1]}对${ed[0]}的修订）`) : '') + unreadNote(report, opts.lang));
  return lines.join('\n') + '\n';
}

/** A Markdown table of `yearbook diff` for a job summary ($GITHUB_STEP_SUMMARY) or a merge-request note: one row per figure, 原数 and 现数, its file:line. Pure. */
import { render, type Lang } from '../core/findings/messages.js';
import { countLine, groups, kindOf, labelOf, regionName, shownValue, unreadNote, type DiffReport } from './diff-common.js';

/** A table cell: pipes and line breaks would end it. */
const cell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function formatDiffMarkdown(report: DiffReport, lang: Lang = 'zh'): string {
  const en = lang === 'en';
  const lines: string[] = [];
  const title = en ? 'Figures changed' : '数字变化';
  const ed = report.editions ? (en ? ` (${report.editions[0]} → ${report.editions[1]})` : `（${report.editions[0]} → ${report.editions[1]}）`) : '';
  lines.push(`### yearbook diff${en ? ': ' : '：'}${title}${ed}`, '');
  lines.push(countLine(report.changes, lang) + unreadNote(report, lang), '');
  if (report.changes.length > 0) {
    lines.push(en ? '| Region | Year | Figure | Old | New | Where |' : '| 地区 | 年份 | 指标 | 原数 | 现数 | 位置 |', '| --- | --- | --- | --- | --- | --- |');
    for (const g of groups(report.changes)) {
      for (const c of g) {
        const kind = kindOf(c);
        const label = labelOf(c);
        const figure = label === null ? `\`${c.path}\`` : `${cell(label)} \`${c.path}\``;
        const oldV = kind === 'added' ? (en ? '(added)' : '（新增）') : cell(shownValue(c, 'old', lang));
        const newV = kind === 'removed' ? (en ? '(removed)' : '（删除）') : cell(shownValue(c, 'new', lang));
        const year = `${c.year}${c.edition ? ` ${cell(c.edition)}` : ''}`;
        lines.push(`| ${cell(regionName(c))} | ${year} | ${figure} | ${oldV} | ${newV} | \`${cell(`${c.file}:${c.line}`)}\` |`);
      }
    }
    lines.push('');
  }
  for (const u of report.unread) {
    const why = u.reason ? render(u.reason, lang) : en ? 'no region or year' : '没有地区或年份';
    lines.push(en ? `- not compared (${u.side}): \`${u.file}\`: ${cell(why)}` : `- 未比较（${u.side === 'old' ? '原版' : '新版'}）：\`${u.file}\`：${cell(why)}`);
  }
  if (report.unread.length > 0) lines.push('');
  return lines.join('\n') + '\n';
}

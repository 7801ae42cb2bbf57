/** GitHub Actions workflow commands for `yearbook diff`: one annotation per changed, added or removed figure on its line in NEW (原数 → 现数), one per document not compared. Pure. */
import { render, type Lang } from '../core/findings/messages.js';
import { escapeData, escapeProperty } from './github.js';
import { figureName, kindOf, regionName, shownValue, workTreePath, type DiffReport } from './diff-common.js';

export function formatDiffGithub(report: DiffReport, lang: Lang = 'zh'): string {
  const en = lang === 'en';
  const out: string[] = [];
  for (const c of report.changes) {
    const kind = kindOf(c);
    const name = figureName(c, lang);
    const where = en ? `${regionName(c)} ${c.year}${c.edition ? ` ${c.edition}` : ''}` : `${regionName(c)}${c.year}年${c.edition ? c.edition : ''}`;
    const oldV = shownValue(c, 'old', lang);
    const newV = shownValue(c, 'new', lang);
    const title = en ? `yearbook diff: ${kind} ${c.path}` : `yearbook diff：${kind === 'changed' ? '数字修改' : kind === 'added' ? '新增数字' : '删除数字'}`;
    let text: string;
    if (en) text = kind === 'changed' ? `${name}, ${where}: old ${oldV} → new ${newV}` : kind === 'added' ? `${name}, ${where}: added, ${newV}` : `${name}, ${where}: removed, was ${oldV}`;
    else text = kind === 'changed' ? `${where}${name}：原数 ${oldV} → 现数 ${newV}` : kind === 'added' ? `${where}${name}：新增，现数 ${newV}` : `${where}${name}：删除，原数 ${oldV}`;
    // a figure of a document that is gone from NEW has no line to stand on: the run's summary shows it
    const loc = c.inOld ? '' : `file=${escapeProperty(workTreePath(c.file, report.revs))},line=${c.line},col=${c.column},`;
    if (c.inOld) text += en ? ` (${c.file}, no longer in NEW)` : `（${c.file}，该文档已不在新版中）`;
    out.push(`::${kind === 'added' ? 'notice' : 'warning'} ${loc}title=${escapeProperty(title)}::${escapeData(text)}`);
  }
  for (const u of report.unread) {
    const why = u.reason ? render(u.reason, lang) : en ? 'no region or year' : '没有地区或年份';
    const loc = u.side === 'new' ? `file=${escapeProperty(workTreePath(u.file, report.revs))},line=${u.line},col=${u.column},` : '';
    const text = en ? `not compared (${u.side === 'old' ? 'old' : 'new'} side): ${u.file}: ${why}` : `未比较（${u.side === 'old' ? '原版' : '新版'}）：${u.file}：${why}`;
    out.push(`::warning ${loc}title=${escapeProperty(en ? 'yearbook diff: not compared' : 'yearbook diff：未比较')}::${escapeData(text)}`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

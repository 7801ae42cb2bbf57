/** What every report of `yearbook diff` shares: its input, a figure's value as shown (unit included), labels, groups and counts. Pure: no I/O, no sorting by locale. */
import type { FigureChange } from '../core/diff/figures.js';
import type { Message } from '../core/findings/messages.js';
import type { Figure, FigureValue } from '../core/model/types.js';
import type { Lang } from '../core/findings/messages.js';

/** A document that could not be compared (see app/diff.ts). */
export interface DiffUnread {
  file: string;
  side: 'old' | 'new';
  reason: Message | null;
  line: number;
  column: number;
  /** The same text on both sides: noted, no difference. */
  same: boolean;
}

/** What a diff report reads. */
export interface DiffReport {
  changes: FigureChange[];
  unread: DiffUnread[];
  /** Two editions of one folder compared (earlier, later), or null for two folders. */
  editions: [string, string] | null;
  /** The revisions of `REV:PATH` sides (files shown as `REV:PATH/…`), null for folders on disk. */
  revs: { old: string | null; new: string | null };
}

export type ChangeKind = 'changed' | 'added' | 'removed';

export const kindOf = (c: FigureChange): ChangeKind => (c.old === null ? 'added' : c.new === null ? 'removed' : 'changed');

/** The figure itself on one side. */
export function figureOf(c: FigureChange, side: 'old' | 'new'): Figure | null {
  const doc = side === 'old' ? c.oldDoc : c.newDoc;
  return doc?.figures.get(c.path) ?? null;
}

/** A scalar as written, with the catalogue's unit put in where none is written (before 以上/余…). */
function withUnit(v: FigureValue, f: Figure): string {
  const text = v.q.text;
  const unit = f.indicator?.unit.unit ?? '';
  if (v.q.unit !== null || unit === '') return text;
  const suffix = v.q.suffix;
  return suffix !== '' && text.endsWith(suffix) ? text.slice(0, text.length - suffix.length) + unit + suffix : text + unit;
}

const STATED = ['growth', 'increase', 'pp'] as const;
const STATED_LABEL: Record<(typeof STATED)[number], [string, string]> = { growth: ['增长', 'growth '], increase: ['增减', 'change '], pp: ['增减百分点', 'pp '] };

/** The figure's main value as shown: `369.07亿元`, `7.53天→6.99天`; a figure with only stated changes shows them. */
function mainValue(f: Figure, lang: Lang): string {
  if (f.value) return withUnit(f.value, f);
  if (f.before || f.after) return `${f.before ? withUnit(f.before, f) : ''}→${f.after ? withUnit(f.after, f) : ''}`;
  return STATED.filter((k) => f[k]).map((k) => STATED_LABEL[k][lang === 'en' ? 1 : 0] + f[k]!.q.text).join(lang === 'en' ? ', ' : '，');
}

const statedText = (v: FigureValue | null): string => v?.q.text ?? '';

/**
 * A side of a change as the reports show it: the main value with its unit, and — when a stated
 * change (growth, increase, pp) differs between the sides — that change in brackets:
 * `85.37亿元（增长5.1%）`. '' for a side that does not have the figure.
 */
export function shownValue(c: FigureChange, side: 'old' | 'new', lang: Lang): string {
  const f = figureOf(c, side);
  if (!f) return '';
  const other = figureOf(c, side === 'old' ? 'new' : 'old');
  const main = mainValue(f, lang);
  if (!f.value && !f.before && !f.after) return main;
  const parts = STATED.filter((k) => f[k] && (!other || statedText(other[k]) !== statedText(f[k]))).map((k) => STATED_LABEL[k][lang === 'en' ? 1 : 0] + f[k]!.q.text);
  if (parts.length === 0) return main;
  return lang === 'en' ? `${main} (${parts.join(', ')})` : `${main}（${parts.join('，')}）`;
}

/** The indicator's label (the catalogue of NEW, else of OLD); null when the catalogue does not know the path. */
export function labelOf(c: FigureChange): string | null {
  return (figureOf(c, 'new') ?? figureOf(c, 'old'))?.indicator?.label ?? null;
}

/** `基本医疗保险基金总支出（fund.basic.expenditure）`, or the path alone. */
export function figureName(c: FigureChange, lang: Lang): string {
  const label = labelOf(c);
  if (label === null) return c.path;
  return lang === 'en' ? `${label} (${c.path})` : `${label}（${c.path}）`;
}

/** The region's name (NEW's regions, else OLD's), or its code. */
export function regionName(c: FigureChange): string {
  return (c.newDoc ?? c.oldDoc)?.region?.name ?? c.region;
}

/** `内蒙古自治区（150000）2022年`, with the edition: `（年报）`. */
export function groupTitle(c: FigureChange, lang: Lang, editions: [string, string] | null): string {
  const ed = editions ? (lang === 'en' ? ` (${editions[0]} → ${editions[1]})` : `（${editions[0]} → ${editions[1]}）`) : c.edition ? (lang === 'en' ? ` (${c.edition})` : `（${c.edition}）`) : '';
  return lang === 'en' ? `${regionName(c)} (${c.region}), ${c.year}${ed}` : `${regionName(c)}（${c.region}）${c.year}年${ed}`;
}

/** The changes grouped by region (in the order of the region tree), year and edition; within a group, the kernel's order. */
export function groups(changes: FigureChange[]): FigureChange[][] {
  const by = new Map<string, FigureChange[]>();
  for (const c of changes) {
    const k = `${c.region}|${c.year}|${c.edition ?? ''}`;
    const g = by.get(k);
    if (g) g.push(c);
    else by.set(k, [c]);
  }
  const order = (c: FigureChange): number => (c.newDoc ?? c.oldDoc)?.region?.order ?? Number.MAX_SAFE_INTEGER;
  const cmp = (a: string | null, b: string | null): number => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
  return [...by.values()].sort((x, y) => {
    const a = x[0]!;
    const b = y[0]!;
    return order(a) - order(b) || cmp(a.region, b.region) || a.year - b.year || cmp(a.edition, b.edition);
  });
}

export function counts(changes: FigureChange[]): Record<ChangeKind, number> & { total: number } {
  const n = { changed: 0, added: 0, removed: 0, total: changes.length };
  for (const c of changes) n[kindOf(c)]++;
  return n;
}

/** `共3处：修改1处，新增1处，删除1处`, or that nothing differs. */
export function countLine(changes: FigureChange[], lang: Lang): string {
  const n = counts(changes);
  if (n.total === 0) return lang === 'en' ? 'no figure differs' : '没有数字变化';
  return lang === 'en' ? `${n.total} figure${n.total === 1 ? '' : 's'} differ: ${n.changed} changed, ${n.added} added, ${n.removed} removed` : `共${n.total}处：修改${n.changed}处，新增${n.added}处，删除${n.removed}处`;
}

/** A file shown as `REV:PATH/…` when a side is a revision: its path in the work tree (for annotations). */
export function workTreePath(file: string, revs: DiffReport['revs']): string {
  for (const rev of [revs.new, revs.old]) if (rev !== null && file.startsWith(rev + ':')) return file.slice(rev.length + 1).replace(/^\.\//, '');
  return file;
}

/** `；1个文档未比较` after the count, when documents could not be compared; '' otherwise. */
export function unreadNote(report: DiffReport, lang: Lang): string {
  const n = report.unread.length;
  if (n === 0) return '';
  return lang === 'en' ? `; ${n} document${n === 1 ? '' : 's'} not compared` : `；${n}个文档未比较`;
}

/**
 * The 勘误表 of a chapter (`build --errata OLD`) and the page index of a printed chapter
 * (`chapter.index.json`, read back by `--errata-index`): which changed figures of the previous volume
 * a chapter corrects, as rows of 地区, 指标, 原数, 更正为 and 页码, and where each region and figure
 * of a chapter printed. Pure: reads no files and prints nothing; the figure diff is the kernel's
 * (core/diff/figures.ts).
 */
import type { FigureChange } from '../core/diff/figures.js';
import { findDoc, type Dataset } from '../core/parse/dataset.js';
import { lookupIndicator } from '../core/parse/catalogue.js';
import { currentValue } from '../core/model/figure-interval.js';
import type { Doc, Figure, FigureStatus, FigureValue, Indicator } from '../core/model/types.js';
import { qualifierWords, statusWords } from './figure-text.js';
import { splitRows, tableId } from './figure-table.js';
import { statTables } from './stat-tables.js';

/** What a build is given to print errata: the changes from the previous volume's folder, its title, its page index. */
export interface Errata {
  /** diffDatasets(OLD, NEW): every change; the errata keep those that correct a figure (both sides written). */
  changes: readonly FigureChange[];
  /** The previous volume as its documents name it (`source:` 《内蒙古年鉴》2023卷), or null. */
  volume: string | null;
  /** The previous volume's chapter index (--errata-index), or null: then no 页码 column. */
  index: ChapterIndex | null;
}

export interface ErrataRow {
  /** The row's index in the table (data-yb-row: where a long table continues). */
  i: number;
  region: string;
  /** The region's name (地区). */
  name: string;
  /** The indicator as the catalogue names it, with its unit (基本医疗保险基金总支出（亿元）); a year before it when not the chapter's. */
  label: string;
  /** The old and new values as written (the unit left out when it is the label's). */
  old: string;
  new: string;
  /** The new figure's status mark (§8c), printed after it. */
  mark: FigureStatus | null;
  /** The page of the previous volume (from its index), '—' when the index has no such region; '' without an index. */
  page: string;
  year: number;
  path: string;
}

export interface ErrataTable {
  /** data-yb-table of its rows (t + a number after the chapter's other tables). */
  id: string;
  /** Whether a 页码 column is printed (an index was given). */
  pages: boolean;
  rows: ErrataRow[];
  /** The table in parts where the print found it continues (PageOptions.tableBreaks[id]); each after the first headed 续表. */
  pieces: { continued: boolean; rows: ErrataRow[] }[];
  notes: string[];
}

/** The changes of a stated change (growth, increase, pp) get rows of their own, after the value's. */
const PARTS = [
  { key: 'growth', word: '增长率', unit: '%' },
  { key: 'increase', word: '增减量', unit: null },
  { key: 'pp', word: '增减', unit: '百分点' },
] as const;

/** The main value of a figure as compared and printed: `value`, or `before→after`. */
function mainValue(f: Figure, unit: string | null): string | null {
  if (f.value) return bare(f.value, unit);
  if (f.before || f.after) return `${f.before ? bare(f.before, unit) : ''}→${f.after ? bare(f.after, unit) : ''}`;
  return null;
}

/** A value as written without its unit when that is the label's (95%以上 under % → 95以上); qualifier words as printed. */
export function bare(fv: FigureValue, unit: string | null): string {
  const { prefix, suffix } = qualifierWords(fv.q);
  return prefix + fv.q.literal + suffix + (fv.unit.unit === unit || fv.unit.unit === '' ? '' : fv.unit.unit);
}

/** Catalogue order of an indicator (its place in indicators.yaml; patterns after the named ones). */
function catalogueOrder(data: Dataset): (ind: Indicator | null) => number {
  const order = new Map<Indicator, number>();
  for (const ind of [...data.catalogue.indicators.values(), ...data.catalogue.wildcards]) if (!order.has(ind)) order.set(ind, order.size);
  return (ind) => (ind ? (order.get(ind) ?? 1e9) : 1e9);
}

/**
 * The rows of a chapter's 勘误表: the figures the chapter prints that both OLD and NEW write and
 * whose values differ — every figure of its members (its regions with entries), of its year and the
 * years before, and the figures of their children that the members' statistical tables print (of the
 * chapter's year). A figure only one of them has is no erratum (added figures are new, removed ones
 * not corrected). One row for a changed value, one for each changed stated change (增长率, 增减量,
 * 增减). In region-tree order (the chapter's, a parent's children after it as in its 分地区 table), then
 * the year, then catalogue order. `index` gives each row its page of the previous volume.
 */
export function errataRows(data: Dataset, members: readonly Doc[], errata: Errata, year: number): ErrataRow[] {
  // region code → the paths printed of it (null: all its figures, any year up to the chapter's)
  const printed = new Map<string, Set<string> | null>();
  for (const d of members) if (d.regionCode !== null) printed.set(d.regionCode, null);
  for (const d of members) {
    if (!d.region || d.year !== year) continue;
    const paths = statTables(data, d, { firstNo: 1 }).flatMap((t) => t.columns.map((c) => c.path));
    for (const child of d.region.children) {
      if (printed.get(child) === null) continue;
      const set = printed.get(child) ?? new Set<string>();
      for (const p of paths) set.add(p);
      printed.set(child, set);
    }
  }
  const treeOrder = (code: string): number => data.regions.byCode.get(code)?.order ?? 1e9;
  const orderOf = catalogueOrder(data);
  type Keyed = Omit<ErrataRow, 'i'> & { rank: number; ord: number; sub: number };
  const rows: Keyed[] = [];
  for (const c of errata.changes) {
    if (c.old === null || c.new === null || c.year > year || !printed.has(c.region) || !c.oldDoc || !c.newDoc) continue;
    const paths = printed.get(c.region);
    if (paths && (c.year !== year || !paths.has(c.path))) continue;
    const o = c.oldDoc.figures.get(c.path);
    const n = c.newDoc.figures.get(c.path);
    if (!o || !n) continue;
    const ind = lookupIndicator(data.catalogue, c.path);
    const unit = ind?.unit.unit || null;
    const name = c.newDoc.region?.name ?? data.regions.byCode.get(c.region)?.name ?? c.region;
    const label = `${c.year === year ? '' : `${c.year}年`}${ind?.label ?? c.path}`;
    const page = errata.index ? figurePage(errata.index, c.region, c.year, c.edition, c.path) : '';
    const base = { region: c.region, name, year: c.year, path: c.path, mark: n.status, page, rank: treeOrder(c.region), ord: orderOf(ind) };
    const ov = mainValue(o, unit);
    const nv = mainValue(n, unit);
    if (ov !== null && nv !== null && ov !== nv) rows.push({ ...base, label: unit ? `${label}（${unit}）` : label, old: ov, new: nv, sub: 0 });
    PARTS.forEach((p, k) => {
      const a = o[p.key];
      const b = n[p.key];
      const u = p.unit ?? unit;
      if (!a || !b) return;
      const av = bare(a, u);
      const bv = bare(b, u);
      if (av !== bv) rows.push({ ...base, label: `${label}${p.word}${u ? `（${u}）` : ''}`, old: av, new: bv, sub: k + 1 });
    });
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => a.rank - b.rank || cmp(a.region, b.region) || a.year - b.year || a.ord - b.ord || cmp(a.path, b.path) || a.sub - b.sub);
  return rows.map(({ rank: _r, ord: _o, sub: _s, ...r }, i) => ({ i, ...r }));
}

/** The chapter's 勘误表 (null when nothing is corrected), its rows cut where the print found it continues. */
export function errataTable(data: Dataset, members: readonly Doc[], errata: Errata, year: number, tableNo: number, breaks?: Record<string, number[]>): ErrataTable | null {
  const rows = errataRows(data, members, errata, year);
  if (rows.length === 0) return null;
  const id = tableId(tableNo);
  const pieces = splitRows(rows, breaks?.[id] ?? []).map((part, k) => ({ continued: k > 0, rows: part }));
  const volume = errata.volume ? (errata.volume.includes('《') ? errata.volume : `《${errata.volume}》`) : '上卷';
  const notes = [`注：“原数”为${volume}所载数字，“更正为”为本卷核实后的数字，以本卷为准${errata.index ? `；“页码”为${volume}中该数字所在页码` : ''}。`];
  const marked = statusWords(rows.flatMap((r) => (r.mark ? [r.mark] : [])));
  if (marked) notes.push(marked);
  return { id, pages: errata.index !== null, rows, pieces, notes };
}

// ---------------------------------------------------------------------------------------------
// The chapter index: where a chapter's regions and figures printed

/** `OUT/YEAR/chapter.index.json`: the pages of a printed chapter, as its folios number them. */
export interface ChapterIndex {
  format: typeof INDEX_FORMAT;
  /** The chapter's title (PDF metadata) and year. */
  title: string;
  year: number;
  /** Pages of the chapter's PDF. */
  pages: number;
  regions: IndexRegion[];
}

export interface IndexRegion {
  region: string;
  name: string;
  year: number;
  edition: string | null;
  /** The page its heading is on, and the last page before the next region's heading (or the chapter's end). */
  first: number;
  last: number;
  /** Figure path → the first page of the region's pages whose text holds the figure's number as written (figures whose number is not found, or too short to tell, are left out). */
  figures: Record<string, number>;
}

export const INDEX_FORMAT = 'yearbook-chapter-index/1';

/** A number too short to be told apart from page numbers and other figures (5, 12): its page is not looked for. */
const MIN_DIGITS = 3;

/**
 * The index of a printed chapter: `starts` are the pages its region headings start on (one per
 * member, in print order), `end` the page where what follows the last region begins (统计资料, 勘误表)
 * or the last page, `pages` each page's text (pdftotext, reading order). The children a member's
 * statistical tables list get entries of their own, their pages those of the member (or, with
 * `--tables end`, `tables`: the 统计资料 part's), their figures those the tables print.
 */
export function chapterIndex(data: Dataset, title: string, year: number, members: readonly Doc[], starts: readonly number[], end: number, pages: readonly string[], tables: { first: number; last: number } | null = null): ChapterIndex {
  // whitespace kept as one space: table cells side by side are separate numbers (a printed figure never breaks across lines)
  const compact = pages.map((p) => p.replace(/\s+/g, ' '));
  const entry = (d: Doc, first: number, last: number, only: Set<string> | null): IndexRegion => {
    const figures: Record<string, number> = {};
    for (const [path, f] of d.figures) {
      if (only && !only.has(path)) continue;
      const fv = currentValue(f) ?? f.growth ?? f.increase ?? f.pp;
      if (!fv || fv.q.literal.replace(/\D/g, '').length < MIN_DIGITS) continue;
      const re = new RegExp(`(?<![\\d.])${fv.q.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\.?\\d)`);
      for (let p = first; p <= last && p <= compact.length; p++) {
        if (re.test(compact[p - 1]!)) {
          figures[path] = p;
          break;
        }
      }
    }
    return { region: d.regionCode!, name: d.region?.name ?? d.regionCode!, year: d.year!, edition: d.edition, first, last, figures };
  };
  const own = new Set(members.map((d) => d.regionCode));
  const regions: IndexRegion[] = [];
  members.forEach((d, k) => {
    const first = starts[k] ?? 1;
    const last = Math.max(first, k + 1 < starts.length ? starts[k + 1]! : end);
    regions.push(entry(d, first, last, null));
    // the children its 分地区 tables list, where those tables print
    const paths = new Set(statTables(data, d, { firstNo: 1 }).flatMap((t) => t.columns.map((c) => c.path)));
    if (paths.size === 0 || !d.region) return;
    const from = tables?.first ?? first;
    const to = tables?.last ?? last;
    for (const code of d.region.children) {
      const child = own.has(code) ? undefined : findDoc(data, code, d.year!, d.edition);
      if (!child) continue;
      // its first page: where a line is its name alone (a table row's label), else where the tables' pages begin
      const name = new RegExp(`(^|\\n)[ \\t\\u3000]*${(child.region?.name ?? code).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t\\u3000]*(\\n|$)`);
      let at = from;
      for (let p = from; p <= to && p <= pages.length; p++) {
        if (name.test(pages[p - 1]!)) {
          at = p;
          break;
        }
      }
      regions.push(entry(child, at, to, paths));
    }
  });
  return { format: INDEX_FORMAT, title, year, pages: pages.length, regions };
}

/** The page of the old volume a figure printed on: the index's page for it, else its region's first page, else '—'. */
function figurePage(index: ChapterIndex, region: string, year: number, edition: string | null, path: string): string {
  const r = index.regions.find((x) => x.region === region && x.year === year && x.edition === edition);
  if (!r) return '—';
  return String(r.figures[path] ?? r.first);
}

export class ChapterIndexError extends Error {}

/** An index file read back (--errata-index); a file that is not one is a ChapterIndexError naming it (in Chinese, or English with `lang` en). */
export function parseChapterIndex(text: string, file: string, lang: 'zh' | 'en' = 'zh'): ChapterIndex {
  const en = lang === 'en';
  const bad = (zh: string, why: string): ChapterIndexError =>
    new ChapterIndexError(en ? `${file}: not a chapter page index (${why}). Give the chapter.index.json the previous volume's build wrote beside its chapter PDF` : `${file}：不是分卷页码索引（${zh}）。请给出上卷构建时写在分卷PDF旁的 chapter.index.json`);
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw bad('不是JSON', 'not JSON');
  }
  const x = j as Partial<ChapterIndex> | null;
  if (typeof x !== 'object' || x === null || x.format !== INDEX_FORMAT) throw bad(`缺少 "format": "${INDEX_FORMAT}"`, `no "format": "${INDEX_FORMAT}"`);
  if (!Array.isArray(x.regions)) throw bad('缺少 regions', 'no regions');
  const page = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) > 0;
  for (const r of x.regions as unknown[]) {
    const y = r as Partial<IndexRegion> | null;
    const ok =
      typeof y === 'object' && y !== null && typeof y.region === 'string' && Number.isSafeInteger(y.year) && (y.edition === null || typeof y.edition === 'string') && page(y.first) && page(y.last) && typeof y.figures === 'object' && y.figures !== null && Object.values(y.figures).every(page);
    if (!ok) throw bad(`地区条目有误：${JSON.stringify(r).slice(0, 80)}`, `a bad region entry: ${JSON.stringify(r).slice(0, 80)}`);
  }
  return { format: INDEX_FORMAT, title: String(x.title ?? ''), year: Number(x.year ?? 0), pages: Number(x.pages ?? 0), regions: x.regions as IndexRegion[] };
}

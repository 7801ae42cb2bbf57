/**
 * The statistical tables of FORMAT.md §8b (统计资料) as the page and Word templates print them: a
 * region's 分地区 table (its own row, 合计, then each child in region-tree order) or its years, from
 * the catalogue's `tables:` or by default one table per group of `aggregate: sum` figures sharing a
 * parent path. Cells are the figures as written (never re-rounded), `—` where a figure is missing, a
 * status mark (§8c) after the number; the numbers split at the decimal point so a column aligns on
 * it. Pure: prints nothing, knows no layout beyond the parts a long or wide table is cut into.
 */
import type { Dataset } from '../core/parse/dataset.js';
import { findDoc } from '../core/parse/dataset.js';
import { lookupIndicator } from '../core/parse/catalogue.js';
import { currentValue } from '../core/model/figure-interval.js';
import type { Doc, Figure, FigureStatus, FigureValue, Finding, TableSpec } from '../core/model/types.js';
import { render as renderMessage } from '../core/findings/messages.js';
import { splitRows, tableId } from './figure-table.js';
import { childrenWord, commonPrefix } from './title-words.js';
import { qualifierWords, statusWords } from './figure-text.js';

export interface StatColumn {
  path: string;
  /** The catalogue's label, with its unit in parentheses when the table has no common unit. */
  head: string;
  /** Room for the widest part from the decimal point on (.94, 以上, a mark), in `ch`: the column aligns on the point. */
  fw: number;
}

export interface StatCell {
  /** The figure's number up to its decimal point, with the qualifier words before it (不低于610); `—` when missing. */
  int: string;
  /** From the decimal point on (.94), with the qualifier words after it (95以上) and the unit when it is not the column's. */
  frac: string;
  mark: FigureStatus | null;
  /** The number of the draft note on this cell (①), or ''. */
  flag: string;
  /** data-yb for the preview (path), or null. */
  yb: string | null;
}

export interface StatRow {
  /** The row's index in the whole table (data-yb-row). */
  i: number;
  label: string;
  /** The region's own row (合计) of a `children` table. */
  total: boolean;
  /** The row's region code (data-yb-region for the preview). */
  region: string;
  cells: StatCell[];
  /** Marks of the notes on this row (the region's accepted inconsistencies), e.g. ①. */
  flag: string;
}

export interface StatTable {
  /** The table's id in its page (data-yb-table): t plus its number. */
  id: string;
  n: number;
  title: string;
  /** 单位：万人 when every column has that unit, else null (units in the headers). */
  unit: string | null;
  /** The head of the row-label column: 地区 or 年份. */
  stub: string;
  columns: StatColumn[];
  rows: StatRow[];
  /** Lines printed under the table: 注：… and 资料来源：…, the status marks explained, draft findings. */
  notes: string[];
  /**
   * The table as printed, piece by piece: a table with more columns than the width holds is cut into
   * column groups printed one after another, each with the row labels (ids t3, t3-2, …); each group
   * in parts where the print found it continues (PageOptions.tableBreaks, by id). Every piece but the
   * first is headed 续表n.
   */
  pieces: StatPiece[];
}

export interface StatPiece {
  /** data-yb-table: what the print's row markers and PageOptions.tableBreaks name. */
  tid: string;
  continued: boolean;
  columns: StatColumn[];
  /** The rows with the cells of this piece's columns only. */
  rows: StatRow[];
}

export interface StatOptions {
  /** Number of the first table (表n numbered on across the chapter). */
  firstNo: number;
  /** The chapter (医疗保障), in the title of the default table of figures alone in their group. */
  chapter?: string;
  mark?: boolean;
  /** The findings of a draft build: a cell whose figure has one is marked and the finding noted. */
  findings?: readonly Finding[] | null;
  breaks?: Record<string, number[]>;
  /** Columns one part of the table holds; more are split into parts with the row labels repeated. */
  maxColumns?: number;
}

/** Columns a portrait 16开 page holds beside the row labels at 小五. */
const MAX_COLUMNS = 6;
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/** The documents of a region's children that year and edition, in region-tree order (null where a child has none). */
function childDocs(data: Dataset, doc: Doc): { code: string; name: string; doc: Doc | null }[] {
  if (!doc.region || doc.year === null) return [];
  return doc.region.children.map((code) => ({ code, name: data.regions.byCode.get(code)?.name ?? code, doc: findDoc(data, code, doc.year!, doc.edition) ?? null }));
}

/** §8b's default: one table per group of `aggregate: sum` figures sharing a parent path, in the order the documents write them. */
function defaultSpecs(data: Dataset, docs: Doc[], chapter: string): TableSpec[] {
  const groups = new Map<string, string[]>();
  for (const d of docs) {
    for (const path of d.figures.keys()) {
      if (lookupIndicator(data.catalogue, path)?.aggregate !== 'sum') continue;
      const parent = path.slice(0, path.lastIndexOf('.'));
      const g = groups.get(parent) ?? [];
      groups.set(parent, g);
      if (!g.includes(path)) g.push(path);
    }
  }
  const specs: TableSpec[] = [];
  const single: string[] = [];
  for (const [parent, columns] of groups) {
    if (columns.length === 1) single.push(columns[0]!);
    else specs.push({ id: parent, title: groupTitle(data, columns), rows: 'children', columns, note: null, key: '' });
  }
  // figures alone in their group share one table (units in the heads)
  if (single.length === 1) specs.push({ id: single[0]!, title: lookupIndicator(data.catalogue, single[0]!)?.label ?? single[0]!, rows: 'children', columns: single, note: null, key: '' });
  else if (single.length > 1) specs.push({ id: 'other', title: `${chapter}其他指标`, rows: 'children', columns: single, note: null, key: '' });
  return specs;
}

/** The labels' common beginning, cut after its last 基金 or 保险 (职工基本医疗保险基金); '' when short. */
function commonName(labels: string[]): string {
  let prefix = commonPrefix(labels);
  const cut = Math.max(prefix.lastIndexOf('基金') + 2, prefix.lastIndexOf('保险') + 2);
  if (cut >= 2) prefix = prefix.slice(0, cut);
  return prefix.length >= 4 && labels.length > 1 ? prefix : '';
}

/** What a group of figures is called: their common name (职工基本医疗保险基金) + 收支情况 / 情况, else the first label. */
function groupTitle(data: Dataset, columns: string[]): string {
  const labels = columns.map((p) => lookupIndicator(data.catalogue, p)?.label ?? p);
  const name = commonName(labels);
  // a total and its parts (基本医疗保险参保人数; 职工基本医疗保险参保人数 …): the total's label
  if (!name && labels.slice(1).every((l) => l.endsWith(labels[0]!) || l.includes(labels[0]!.slice(-4)))) return labels[0]!;
  if (!name) return labels.length === 1 ? labels[0]! : `${labels[0]}等${labels.length}项指标`;
  return columns.every((p) => /\.(income|expenditure|balance)$/.test(p)) ? `${name}收支情况` : `${name}情况`;
}

/** A figure's value as a cell, as written: the unit dropped when it is the column's (95%以上 under % → 95以上). */
function cell(fig: Figure | undefined, columnUnit: string | null): Omit<StatCell, 'flag' | 'yb'> {
  const fv: FigureValue | null = fig ? currentValue(fig) : null;
  if (!fig || !fv) return { int: '—', frac: '', mark: null };
  const { prefix, suffix } = qualifierWords(fv.q);
  const lit = fv.q.literal;
  const dot = lit.indexOf('.');
  const unit = fv.unit.unit === columnUnit ? '' : fv.unit.unit;
  return { int: prefix + (dot < 0 ? lit : lit.slice(0, dot)), frac: (dot < 0 ? '' : lit.slice(dot)) + suffix + unit, mark: fig.status };
}

/** Width of text in `ch` (the width of 0): a Chinese character is about two. */
function chWidth(s: string): number {
  let w = 0;
  for (const c of s) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(c) ? 1.9 : 1;
  return w;
}

/** The statistical tables printed after a region's entries: those its data fills, numbered from `firstNo`. */
export function statTables(data: Dataset, doc: Doc, opts: StatOptions): StatTable[] {
  if (!doc.region || doc.year === null) return [];
  const children = childDocs(data, doc);
  const present = children.filter((c) => c.doc !== null);
  const years = data.docs
    .filter((d) => d.regionCode === doc.regionCode && d.edition === doc.edition && d.year !== null && d.year <= doc.year!)
    .sort((a, b) => a.year! - b.year!)
    .filter((d, i, all) => i === 0 || all[i - 1]!.year !== d.year);
  const specs = data.catalogue.tables ?? (present.length > 0 ? defaultSpecs(data, [doc, ...present.map((c) => c.doc!)], opts.chapter ?? '') : []);
  const out: StatTable[] = [];
  for (const spec of specs) {
    // a children table needs the children's documents, a years table at least two years
    const rowDocs: { label: string; code: string; doc: Doc | null; total: boolean }[] =
      spec.rows === 'children'
        ? present.length === 0
          ? []
          : [{ label: doc.region.short ?? '合计', code: doc.region.code, doc, total: true }, ...children.map((c) => ({ label: c.name, code: c.code, doc: c.doc, total: false }))]
        : years.length < 2
          ? []
          : years.map((d) => ({ label: `${d.year}年`, code: doc.region!.code, doc: d, total: false }));
    if (rowDocs.length === 0) continue;
    // only the columns some row has
    const columns = spec.columns.filter((p) => rowDocs.some((r) => r.doc?.figures.has(p)));
    if (columns.length === 0) continue;
    const units = columns.map((p) => lookupIndicator(data.catalogue, p)?.unit.unit ?? null);
    const common = units.every((u) => u !== null && u === units[0]) ? units[0]! : null;
    const n = opts.firstNo + out.length;
    const notes: string[] = [];
    const flagOf = new Map<string, string>();
    const flag = (text: string): string => {
      let f = flagOf.get(text);
      if (!f) {
        f = CIRCLED[flagOf.size] ?? `(${flagOf.size + 1})`;
        flagOf.set(text, f);
      }
      return f;
    };
    const marks = new Set<FigureStatus>();
    const rows: StatRow[] = rowDocs.map((r, i) => {
      const cells = columns.map((path, k): StatCell => {
        const fig = r.doc?.figures.get(path);
        const c = cell(fig, units[k] ?? null);
        if (c.mark) marks.add(c.mark);
        const finding = fig && r.doc ? opts.findings?.find((f) => f.file === r.doc!.file && (f.path === path || f.figures.includes(path))) : undefined;
        return { ...c, flag: finding ? flag(renderMessage(finding.message, 'zh')) : '', yb: opts.mark && fig ? path : null };
      });
      // an accepted inconsistency of this region's figures in the table gets a note
      const accepted = (r.doc?.accept ?? []).filter((a) => a.path !== null && columns.includes(a.path));
      const rowFlag = accepted.map((a) => flag(`${r.label}${lookupIndicator(data.catalogue, a.path!)?.label ?? a.path}：${a.reason}`)).join('');
      return { i, label: r.label, total: r.total, region: r.code, cells, flag: rowFlag };
    });
    if (spec.note) notes.push(spec.note);
    const marked = statusWords(marks);
    if (marked) notes.push(marked);
    for (const [text, f] of flagOf) notes.push(`${f}${text}`);
    const word = childrenWord(doc.region.code, children.map((c) => c.name));
    const title = spec.rows === 'children' && data.catalogue.tables === null ? `${doc.year}年各${word}${spec.title}` : spec.title;
    const id = tableId(n);
    // the heads without the name the title gives them all (职工基本医疗保险基金总收入 → 总收入)
    const labels = columns.map((path) => lookupIndicator(data.catalogue, path)?.label ?? path);
    const name = commonName(labels);
    const cols: StatColumn[] = columns.map((path, k) => {
      const label = name && labels[k]!.length > name.length ? labels[k]!.slice(name.length) : labels[k]!;
      const fw = Math.max(0, ...rows.map((r) => chWidth(r.cells[k]!.frac) + (r.cells[k]!.mark ? 0.8 : 0)));
      return { path, head: common === null && units[k] ? `${label}（${units[k]}）` : label, fw: Math.round(fw * 10) / 10 };
    });
    const max = opts.maxColumns ?? MAX_COLUMNS;
    const pieces: StatPiece[] = [];
    for (let from = 0, group = 1; from < cols.length; from += max, group++) {
      const tid = group === 1 ? id : `${id}-${group}`;
      const slice = (r: StatRow): StatRow => ({ ...r, cells: r.cells.slice(from, from + max) });
      for (const part of splitRows(rows, opts.breaks?.[tid] ?? [])) pieces.push({ tid, continued: pieces.length > 0, columns: cols.slice(from, from + max), rows: part.map(slice) });
    }
    out.push({ id, n, title, unit: common, stub: spec.rows === 'children' ? '地区' : '年份', columns: cols, rows, notes, pieces });
  }
  return out;
}

/**
 * The figures that differ between two datasets, or between two editions in one (FORMAT.md §11):
 * documents matched by region, year and edition, figures by path, values compared as written with
 * their unit (the catalogue's when none is written). Pure: no I/O, no messages, no sorting by locale.
 */
import type { Doc, Figure, FigureValue } from '../model/types.js';
import type { Dataset } from '../parse/dataset.js';
import { locate } from '../parse/source-file.js';

/** One figure that changed, appeared or went away. */
export interface FigureChange {
  region: string;
  year: number;
  edition: string | null;
  path: string;
  /** The value as written on the old side (`value`, or `before→after`); null when the figure is new. */
  old: string | null;
  /** The same on the new side; null when the figure was removed. */
  new: string | null;
  /** Where the figure stands in NEW (for a removed figure: its document in NEW, or, with no such document, in OLD). */
  file: string;
  line: number;
  column: number;
  /** Whether file/line/column point into OLD (the document is gone from NEW). */
  inOld: boolean;
  /** The figure's status mark on the new side (§8c), when it has one. */
  status: string | null;
  /** The two documents (the old one null for an added document, the new one null for a removed one). */
  oldDoc: Doc | null;
  newDoc: Doc | null;
}

/** A figure's main value as written: its `value`, or `before→after`; null when it has neither. */
export function writtenValue(f: Figure): string | null {
  if (f.value) return f.value.q.text;
  if (f.before || f.after) return `${f.before?.q.text ?? ''}→${f.after?.q.text ?? ''}`;
  if (f.growth) return f.growth.q.text;
  if (f.increase) return f.increase.q.text;
  if (f.pp) return f.pp.q.text;
  return null;
}

/** A value as compared: qualifier, number as written and unit (the written one, or the catalogue's). */
function canon(v: FigureValue | null): string {
  if (!v) return '';
  const q = v.q;
  return `${q.prefix}${q.literal}${q.suffix}|${v.unit.unit}`;
}

/** Everything of a figure that a change in it would change in print: its values and stated changes. */
function figureKey(f: Figure): string {
  return [f.value, f.before, f.after, f.growth, f.increase, f.pp].map(canon).join('/');
}

const docId = (d: Doc): string => `${d.regionCode}|${d.year}|${d.edition ?? ''}`;

/** The documents of a dataset that have a region and a year, by region|year|edition (the first of duplicates). */
function byKey(data: Dataset, keyOf: (d: Doc) => string | null): Map<string, Doc> {
  const out = new Map<string, Doc>();
  for (const d of data.docs) {
    if (d.regionCode === null || d.year === null) continue;
    const k = keyOf(d);
    if (k !== null && !out.has(k)) out.set(k, d);
  }
  return out;
}

/** Where a figure's value stands in its document. */
function at(doc: Doc, f: Figure | null): { line: number; column: number } {
  const loc = locate(doc, f ? f.at : 'figures');
  return { line: loc.line, column: loc.column };
}

/** The changes from `oldDoc` to `newDoc` (either may be missing), in the new document's figure order, then the removed ones. */
function docChanges(oldDoc: Doc | null, newDoc: Doc | null): FigureChange[] {
  const meta = (newDoc ?? oldDoc)!;
  const out: FigureChange[] = [];
  const push = (path: string, o: Figure | null, n: Figure | null): void => {
    const placeDoc = newDoc ?? oldDoc!;
    const pos = newDoc ? at(newDoc, n) : at(oldDoc!, o);
    out.push({
      region: meta.regionCode!,
      year: meta.year!,
      edition: meta.edition,
      path,
      old: o ? writtenValue(o) : null,
      new: n ? writtenValue(n) : null,
      file: placeDoc.file,
      line: pos.line,
      column: pos.column,
      inOld: newDoc === null,
      status: n?.status ?? null,
      oldDoc,
      newDoc,
    });
  };
  const olds = oldDoc?.figures ?? new Map<string, Figure>();
  const news = newDoc?.figures ?? new Map<string, Figure>();
  for (const [path, n] of news) {
    const o = olds.get(path) ?? null;
    if (!o || figureKey(o) !== figureKey(n)) push(path, o, n);
  }
  for (const [path, o] of olds) if (!news.has(path)) push(path, o, null);
  return out;
}

/**
 * Orders changes by file, then position (removed figures of a document after the others, by path);
 * the figures of documents gone from NEW (their positions in OLD) after all of NEW's.
 */
function ordered(changes: FigureChange[]): FigureChange[] {
  return changes.sort((a, b) => Number(a.inOld) - Number(b.inOld) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || Number(a.new === null) - Number(b.new === null) || a.line - b.line || a.column - b.column || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every figure that differs between OLD and NEW, documents matched by region, year and edition. */
export function diffDatasets(oldData: Dataset, newData: Dataset): FigureChange[] {
  const olds = byKey(oldData, docId);
  const news = byKey(newData, docId);
  const out: FigureChange[] = [];
  for (const [k, n] of news) out.push(...docChanges(olds.get(k) ?? null, n));
  for (const [k, o] of olds) if (!news.has(k)) out.push(...docChanges(o, null));
  return ordered(out);
}

/**
 * What edition `later` revised of edition `earlier` in one dataset: for each region and year that has
 * both, every figure whose value differs or that only one of them holds. Years with one of the two
 * editions only are not compared (nothing was revised there).
 */
export function diffEditions(data: Dataset, earlier: string, later: string): FigureChange[] {
  const ry = (d: Doc): string => `${d.regionCode}|${d.year}`;
  const olds = byKey(data, (d) => (d.edition === earlier ? ry(d) : null));
  const news = byKey(data, (d) => (d.edition === later ? ry(d) : null));
  const out: FigureChange[] = [];
  for (const [k, n] of news) {
    const o = olds.get(k);
    if (o) out.push(...docChanges(o, n));
  }
  return ordered(out);
}

/** The editions a dataset's documents name, in the order first met. */
export function editionsOf(data: Dataset): string[] {
  const seen = new Set<string>();
  for (const d of data.docs) if (d.edition !== null) seen.add(d.edition);
  return [...seen];
}

/**
 * The render plan, shared by the PDF build, the Word build and the preview: which pages a dataset
 * makes, in print order — an entry, summary, plan and a plan's progress table per document (YEAR/CODE/KIND), then a chapter per
 * year of every entry in region-tree order (YEAR/chapter) — each with its title, author and charts
 * (numbered 图n as printed, across a chapter). Paths are relative to the output folder, with '/', and
 * unique: of documents for one region, year and edition only the first is printed.
 * Pure: renders no HTML and writes nothing; charts are drawn only when a page asks for them.
 */
import { docKey, previousDoc, type Dataset } from '../core/parse/dataset.js';
import type { Doc } from '../core/model/types.js';
import type { RoundingMode } from './figure-text.js';
import { plainText, textRenderer } from './text.js';
import type { ChartInput, ChartSize } from './charts.js';
import { statTables } from './stat-tables.js';
import { errataRows, type Errata } from './errata.js';

export interface Chart {
  n: number;
  title: string;
  svg: string;
  /** The figure paths it shows (ChartInput.paths). */
  paths: string[];
}

/** A chart SVG's size as laid out, CSS px at 96/in (it prints at its own width). */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('chart SVG without width and height');
  return { width: Number(m[1]), height: Number(m[2]) };
}

export type PageKind = 'entry' | 'summary' | 'plan' | 'progress' | 'chapter';

/** What the plan needs of the charts module (render/charts.ts with its assets, or none). */
export interface ChartRenderer {
  chartsFor(doc: Doc, data: Dataset, size: ChartSize, withTitle: boolean): Promise<ChartInput[]>;
  renderSvg(input: ChartInput): Promise<string>;
}

/** A chart for editors, drawn at page width with its title, written beside the page as SVG and PNG. */
export interface ChartFile {
  /** Path without extension, relative to the output folder: 2023/150200/charts/years-insured. */
  path: string;
  svg: string;
}

export interface Page {
  kind: PageKind;
  /** Output path without extension, relative to the output folder: 2023/150200/entry. */
  path: string;
  year: number;
  title: string;
  author: string;
  /** The document of an entry, summary or plan; a chapter's members in print order. */
  docs: Doc[];
  /** The charts printed in the page, one list per document, numbered as printed (图n). */
  charts(): Promise<Chart[][]>;
  /** The chart files for editors that go with this page. */
  chartFiles(): Promise<ChartFile[]>;
}

export interface PlanOptions {
  /** The chapter named in titles and running heads (医疗保障). */
  chapter: string;
  rounding: RoundingMode;
  charts: ChartRenderer | null;
}

/** The stamp of a draft with errors: 草稿 · 3处数据不一致 (null when there are none). */
export function draftStamp(errors: number): string | null {
  return errors > 0 ? `草稿 · ${errors}处数据不一致` : null;
}

/** Where a document's outputs go: YEAR/CODE, or YEAR/CODE-EDITION. */
export function docDir(doc: Doc): string {
  const code = doc.edition ? `${doc.regionCode}-${doc.edition.replace(/[\\/:*?"<>|\s]+/g, '_')}` : doc.regionCode!;
  return `${doc.year}/${code}`;
}

/** A document the plan leaves out: a later one for the region, year and edition of `original`. */
export interface SkippedDoc {
  doc: Doc;
  original: Doc;
}

/**
 * The documents a build prints: of documents for one region, year and edition (a duplicate-document
 * error, built only as a draft) the first in path order, the one the check and prev() take as the
 * original; the others are skipped, not printed over it.
 */
export function printedDocs(docs: readonly Doc[]): { printed: Doc[]; skipped: SkippedDoc[] } {
  const first = new Map<string, Doc>();
  const printed: Doc[] = [];
  const skipped: SkippedDoc[] = [];
  for (const doc of docs) {
    const k = docKey(doc.regionCode!, doc.year!, doc.edition);
    const original = first.get(k);
    if (original) skipped.push({ doc, original });
    else {
      first.set(k, doc);
      printed.push(doc);
    }
  }
  return { printed, skipped };
}

/**
 * Each document's folder (docDir), unique also where editions differ only in the characters docDir
 * replaces or in case (one folder on Windows and macOS): a later one gets -2, -3…
 */
function uniqueDirs(docs: readonly Doc[]): Map<Doc, string> {
  const taken = new Set<string>();
  const dirs = new Map<Doc, string>();
  for (const doc of docs) {
    const base = docDir(doc);
    let dir = base;
    for (let n = 2; taken.has(dir.toLowerCase()); n++) dir = `${base}-${n}`;
    taken.add(dir.toLowerCase());
    dirs.set(doc, dir);
  }
  return dirs;
}

/** Region-tree order: the order entries are printed in (then by edition). */
export function byRegionOrder(a: Doc, b: Doc): number {
  return (a.region?.order ?? 1e9) - (b.region?.order ?? 1e9) || (a.regionCode! < b.regionCode! ? -1 : a.regionCode! > b.regionCode! ? 1 : 0) || ((a.edition ?? '') < (b.edition ?? '') ? -1 : (a.edition ?? '') > (b.edition ?? '') ? 1 : 0);
}

/** Documents in print order: by year, then region-tree order. */
export function printOrder(docs: readonly Doc[]): Doc[] {
  return [...docs].sort((a, b) => a.year! - b.year! || byRegionOrder(a, b));
}

/** A title as printed, in plain text (for the file's metadata); a placeholder it cannot fill is left as written. */
function renderedTitle(data: Dataset, doc: Doc, title: string, key: string, rounding: RoundingMode): string {
  return plainText(textRenderer(doc, { rounding, prev: previousDoc(data, doc), onProblem: () => undefined }).render(title, key)).replace(/〔缺：[^〕]*〕/g, '');
}

const memo = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | null = null;
  return () => (p ??= make());
};

export function renderPlan(data: Dataset, opts: PlanOptions): Page[] {
  const docs = printOrder(printedDocs(data.docs).printed);
  const dirs = uniqueDirs(docs);
  const { chapter, rounding, charts: renderer } = opts;
  const none = async (): Promise<never[]> => [];

  /** A document's charts as printed in its own page (numbered from 1), drawn once. */
  const inPage = new Map<Doc, () => Promise<Chart[]>>();
  const chartsOf = (doc: Doc, size: ChartSize): (() => Promise<Chart[]>) => {
    let f = inPage.get(doc);
    if (!f) {
      f = memo(async () => {
        if (!renderer) return [];
        const out: Chart[] = [];
        for (const [i, input] of (await renderer.chartsFor(doc, data, size, false)).entries()) {
          const svg = await renderer.renderSvg(input);
          out.push({ n: i + 1, title: input.title, svg: svg.replace(/^<\?xml[^>]*>\s*/, ''), paths: input.paths });
        }
        return out;
      });
      inPage.set(doc, f);
    }
    return f;
  };
  const filesOf = (doc: Doc): (() => Promise<ChartFile[]>) =>
    memo(async () => {
      if (!renderer) return [];
      const out: ChartFile[] = [];
      for (const input of await renderer.chartsFor(doc, data, 'page', true)) out.push({ path: `${dirs.get(doc)!}/charts/${input.id}`, svg: await renderer.renderSvg(input) });
      return out;
    });

  const pages: Page[] = [];
  for (const doc of docs) {
    const dir = dirs.get(doc)!;
    const name = doc.region?.name ?? doc.regionCode!;
    const year = doc.year!;
    if (doc.entry) {
      const charts = chartsOf(doc, 'column');
      pages.push({ kind: 'entry', path: `${dir}/entry`, year, docs: [doc], title: `${name}${year}年${chapter}`, author: doc.entry.author ?? doc.entry.credit ?? name, charts: async () => [await charts()], chartFiles: filesOf(doc) });
    }
    if (doc.summary) {
      const title = renderedTitle(data, doc, doc.summary.title, 'summary.title', rounding) || `${name}${year}年工作总结`;
      // a document with an entry shows its charts there
      const charts = doc.entry ? none : chartsOf(doc, 'page');
      pages.push({ kind: 'summary', path: `${dir}/summary`, year, docs: [doc], title, author: doc.summary.author ?? doc.summary.issuer ?? name, charts: async () => [await charts()], chartFiles: doc.entry ? none : filesOf(doc) });
    }
    if (doc.plan) {
      const title = renderedTitle(data, doc, doc.plan.title, 'plan.title', rounding) || `${name}实施方案`;
      // the plan as published, then its tasks' progress as a report of its own
      pages.push({ kind: 'plan', path: `${dir}/plan`, year, docs: [doc], title, author: doc.plan.issuer ?? name, charts: async () => [[]], chartFiles: none });
      if (doc.plan.tasks.length > 0) pages.push({ kind: 'progress', path: `${dir}/progress`, year, docs: [doc], title: `${title}任务进展`, author: doc.plan.issuer ?? name, charts: async () => [[]], chartFiles: none });
    }
  }
  for (const year of [...new Set(docs.filter((d) => d.entry).map((d) => d.year!))]) {
    const members = docs.filter((d) => d.entry && d.year === year);
    const first = members[0]!;
    pages.push({
      kind: 'chapter',
      path: `${year}/chapter`,
      year,
      docs: members,
      title: `${first.source ? first.source + ' ' : ''}${chapter}(${year}年)`,
      author: members.map((d) => d.entry!.author ?? d.entry!.credit).filter(Boolean).join('、') || chapter,
      // each entry's charts, numbered on across the chapter
      charts: memo(async () => {
        let n = 1;
        const out: Chart[][] = [];
        for (const d of members) out.push((await chartsOf(d, 'column')()).map((c) => ({ ...c, n: n++ })));
        return out;
      }),
      chartFiles: none,
    });
  }
  return pages;
}

/** The title of a chapter's errata part (build --errata), in its contents and bookmarks. */
export const ERRATA_TITLE = '勘误表';

/** A heading a chapter's contents list: a region (its name, then its year on a line of its own) or one of its entries. */
export interface ChapterHeading {
  level: 'region' | 'entry';
  /** As the contents print it: the region's name, or the entry's title without its 【】. */
  name: string;
  /** A region's year label (2022年), printed under its name. */
  year?: string;
}

/**
 * The headings a chapter's table of contents lists, in print order: each member's region, then the
 * titles of its entries (rendered as printed: a title may name a figure).
 */
export function chapterHeadings(page: Page, data: Dataset, rounding: RoundingMode, tables: 'after' | 'appendix' = 'after', errata: Errata | null = null): ChapterHeading[] {
  const out = page.docs.flatMap((d): ChapterHeading[] => [
    { level: 'region', name: d.region?.name ?? d.regionCode!, year: `${d.year}年` },
    ...d.entry!.sections.map((x): ChapterHeading => ({ level: 'entry', name: renderedTitle(data, d, x.title, `${x.key}.title`, rounding) })),
  ]);
  // --tables end: the 统计资料 part after the last entry, when the chapter has tables
  if (tables === 'appendix' && page.docs.some((d) => statTables(data, d, { firstNo: 1 }).length > 0)) out.push({ level: 'region', name: '统计资料' });
  // --errata: the 勘误表 part last, when the chapter corrects a figure
  if (errata && errataRows(data, page.docs, errata, page.year).length > 0) out.push({ level: 'region', name: ERRATA_TITLE });
  return out;
}

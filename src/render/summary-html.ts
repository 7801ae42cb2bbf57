/**
 * The 公文 pages (summary.hbs): work summaries and plans as published, in the GB/T 9704 layout with
 * the elements of FORMAT.md §8a (版头, 主送机关, 附件说明, 署名, 成文日期, 附注, attachments, 版记), and a
 * plan's progress table as a report of its own. Pure: prints nothing itself, reads no files.
 */
import type { Dataset } from '../core/parse/dataset.js';
import type { Doc } from '../core/model/types.js';
import type { Chart } from './plan.js';
import { markChartSvg } from './mark.js';
import { figureTable, tableId } from './figure-table.js';
import { chineseDate, taskRows, type TaskRow } from './tasks.js';
import { gwElements, gwPlan, gwSections, placeCharts, type GwElements, type GwSection } from './gongwen.js';
import { escapeHtml } from './text.js';
import { common, paragraphs, rendererFor, type PageOptions, type Templates } from './page-common.js';

/** A paragraph and the charts printed right after it. */
interface ParagraphView {
  html: string;
  charts: Chart[];
}

interface SectionView {
  /** Null for a section without a title: its text prints unnumbered. */
  tag: string | null;
  cls: string;
  number: string;
  title: string;
  paragraphs: ParagraphView[];
  sections: SectionView[];
}

/** The GB/T 9704 elements as the template prints them; null or empty where the document has none. */
interface GongwenView {
  /** 版头: 发文机关标志 (red, 小标宋, sized to fit the type area) and 发文字号. */
  header: { mark: string; size: string; number: string | null } | null;
  /** 主送机关, flush left, ending in a full-width colon. */
  to: string | null;
  /** 附件说明: 附件： followed by the attachments' names (numbered 1． 2． when several). */
  attachmentNote: { n: string; name: string }[];
  /** 署名, 成文日期 (2023年12月28日) and 附注 (in parentheses). */
  closing: { lines: boolean; signature: string | null; date: string | null; note: string | null } | null;
  /** Each attachment on a page of its own, headed 附件 / 附件1 at the top left, its title centred. */
  attachments: { label: string; title: string; paragraphs: string[] }[];
  /** 版记: 抄送 and 印发机关 / 印发日期 between rules. */
  colophon: { cc: string | null; printedBy: string | null; printedOn: string | null } | null;
}

/** The shared sections as the template prints them: h2.h1 一、, h3.h2 （一）…, a task's number and title run in. */
function sectionViews(sections: GwSection[]): SectionView[] {
  return sections.map((s) => ({
    tag: s.titled ? ['h2', 'h3', 'h4', 'h5'][Math.min(s.depth, 3)]! : null,
    cls: `h${Math.min(s.depth, 3) + 1}`,
    number: s.number,
    title: s.title,
    paragraphs: s.paragraphs.map((p) => ({ html: p.lead ? `<span class="run-in">${p.lead}</span>${p.text}` : p.text, charts: [] })),
    sections: sectionViews(s.sections),
  }));
}

/** A section's paragraphs and its sub-sections' in print order. */
function flatParagraphs(s: SectionView): ParagraphView[] {
  return [...s.paragraphs, ...s.sections.flatMap(flatParagraphs)];
}

/**
 * Hangs each chart after a paragraph: the last of the intro or the top-level section placeCharts gave it,
 * moved `shift[n]` paragraphs further down the text (PageOptions.chartShift: the PDF build moves a
 * chart that would leave a hole at a page foot until the text fills it), never past the text's end nor
 * before a chart it followed. Returns the charts that stand before any paragraph (an intro without text).
 */
function hangCharts(intro: ParagraphView[], sections: SectionView[], placed: { intro: Chart[]; after: Chart[][] }, shift: Record<number, number> = {}): Chart[] {
  const flat = [...intro, ...sections.flatMap(flatParagraphs)];
  const ends: number[] = [intro.length - 1];
  for (const s of sections) ends.push(ends[ends.length - 1]! + flatParagraphs(s).length);
  const before: Chart[] = [];
  let floor = -1;
  for (const [k, charts] of [placed.intro, ...placed.after].entries()) {
    for (const c of charts) {
      const at = Math.max(floor, Math.min(ends[k]! + (shift[c.n] ?? 0), flat.length - 1));
      floor = at;
      if (at < 0) before.push(c);
      else flat[at]!.charts.push(c);
    }
  }
  return before;
}

/** Where the template puts the 版记 (PageOptions.colophon). */
function colophonPlacement(opts: Pick<PageOptions, 'colophon'>): { blankBeforeColophon: boolean; colophonFlow: string | null } {
  const c = opts.colophon ?? 'page';
  return { blankBeforeColophon: c === 'blank', colophonFlow: typeof c === 'object' ? `${Math.max(0, c.pad).toFixed(2)}pt` : null };
}

function gongwenView(e: GwElements): GongwenView {
  return { ...e, header: e.header ? { mark: e.header.mark, size: `${e.header.sizePt}pt`, number: e.header.number } : null, to: e.to === null ? null : escapeHtml(e.to) };
}

export function summaryHtml(t: Templates, data: Dataset, doc: Doc, charts: Chart[], opts: PageOptions): string {
  const s = doc.summary!;
  const r = rendererFor(data, doc, opts);
  const table = s.figureTable ? figureTable(doc, 1, opts.mark, opts.tableBreaks?.[tableId(1)]) : null;
  const heading = r.render(s.title, 'summary.title') || `${doc.region?.name ?? doc.regionCode}${doc.year}年工作总结`;
  const placed = placeCharts(s.intro, s.sections, opts.mark ? charts.map((c) => ({ ...c, svg: markChartSvg(c.svg, [doc]) })) : charts);
  const intro = paragraphs(s.intro, 'summary.intro', r).map((html) => ({ html, charts: [] }));
  const sections = sectionViews(gwSections(s.sections, 0, r));
  return t.summary({
    ...common(t, opts, heading, s.author ?? s.issuer ?? doc.region?.name ?? '', 'summary'),
    ...gongwenView(gwElements(s, r)),
    ...colophonPlacement(opts),
    kind: 'summary',
    heading,
    notice: null,
    intro,
    introCharts: hangCharts(intro, sections, placed, opts.chartShift),
    sections,
    author: s.author,
    charts: placed.rest,
    tables: table ? [table] : [],
    tasks: null,
  });
}

/**
 * A plan as published: with 主送机关 (`to`) its intro is the covering notice (印发通知), printed with
 * 署名, 成文日期 and 附注 before the 方案, which starts a new page; then the 方案's title, its
 * sections with the tasks where `tasks_at` says, its 附件说明 and attachments, and the 版记.
 */
export function planHtml(t: Templates, data: Dataset, doc: Doc, charts: Chart[], opts: PageOptions): string {
  const p = doc.plan!;
  const r = rendererFor(data, doc, opts);
  const table = p.figureTable ? figureTable(doc, 1, opts.mark, opts.tableBreaks?.[tableId(1)]) : null;
  const heading = r.render(p.title, 'plan.title') || `${doc.region?.name ?? doc.regionCode}实施方案`;
  const plan = gwPlan(p, r);
  const gw = gongwenView(plan.elements);
  return t.summary({
    ...common(t, opts, heading, p.issuer ?? doc.region?.name ?? '', 'summary'),
    ...gw,
    ...colophonPlacement(opts),
    kind: 'plan',
    heading,
    notice: plan.notice ? { to: gw.to, paragraphs: plan.notice.paragraphs, closing: plan.notice.closing } : null,
    to: plan.to === null ? null : gw.to,
    closing: plan.closing,
    intro: plan.intro.map((html) => ({ html, charts: [] })),
    introCharts: [],
    sections: sectionViews(plan.sections),
    author: null,
    charts,
    tables: table ? [table] : [],
    tasks: null,
  });
}

/**
 * The rows in table bodies: a group's heading row and its first task in a body of their own that
 * is not split (a group row never ends a page), the group's other tasks in the next body.
 */
function tableBodies(rows: TaskRow[]): { keep: boolean; rows: (TaskRow & { heading: boolean })[] }[] {
  const bodies: { keep: boolean; rows: (TaskRow & { heading: boolean })[] }[] = [];
  for (const row of rows) {
    if (row.group !== null) {
      bodies.push({ keep: true, rows: [{ ...row, heading: true }, { ...row, heading: false }] });
      bodies.push({ keep: false, rows: [] });
    } else {
      if (bodies.length === 0) bodies.push({ keep: false, rows: [] });
      bodies[bodies.length - 1]!.rows.push({ ...row, heading: false });
    }
  }
  return bodies.filter((b) => b.rows.length > 0);
}

/** A plan's progress table, a landscape report of its own (YEAR/CODE/progress): 序号 … 状态/进展. */
export function progressHtml(t: Templates, data: Dataset, doc: Doc, opts: PageOptions): string {
  const p = doc.plan!;
  const r = rendererFor(data, doc, opts);
  const { rows, counts } = taskRows(p, r);
  const heading = `${r.render(p.title, 'plan.title') || `${doc.region?.name ?? doc.regionCode}实施方案`}任务进展`;
  return t.summary({
    ...common(t, opts, heading, p.issuer ?? doc.region?.name ?? '', 'summary'),
    kind: 'progress',
    header: null,
    to: null,
    attachmentNote: [],
    closing: null,
    attachments: [],
    colophon: null,
    ...colophonPlacement({}),
    heading,
    notice: null,
    intro: [],
    introCharts: [],
    sections: [],
    author: null,
    charts: [],
    tables: [],
    tasks: { asOf: p.as_of ? `截至${chineseDate(p.as_of)}` : null, bodies: tableBodies(rows), counts },
  });
}

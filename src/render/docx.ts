/**
 * Word documents of the render plan's pages: the same text, numbering, tables and charts (as PNGs)
 * as the PDFs, as docx objects an editor can change — fonts by name per role (Latin text en-US,
 * East Asian zh-CN), noting the characters each font and face sets so the caller can embed subsets
 * (ctx.embed), sections per layout (16开 two-column entries, GB/T 9704 summaries on the 22 × 28
 * grid, the landscape task table with the PDF's columns). Pure: no files, no browser; the fonts'
 * bytes come through ctx.embed, and print/docx.ts packs the objects into bytes.
 */
import {
  AlignmentType,
  Bookmark,
  BookmarkEnd,
  BookmarkStart,
  BorderStyle,
  CharacterSet,
  Document,
  DocumentGridType,
  Footer,
  Header,
  ImageRun,
  LineRuleType,
  OnOffElement,
  PageNumber,
  PageOrientation,
  PageReference,
  Paragraph,
  SectionType,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  TableBorders,
  VerticalAlignTable as VerticalAlign,
  WidthType,
  type ISectionOptions,
  type IRunOptions,
} from 'docx';
import { previousDoc, type Dataset } from '../core/parse/dataset.js';
import type { Doc, FigureStatus } from '../core/model/types.js';
import { xiaobiaosongBold, type FontMap, type Role } from './fonts.js';
import { figureTable, type FigureTable } from './figure-table.js';
import { statTables, type StatTable } from './stat-tables.js';
import { errataRows, errataTable, type Errata, type ErrataTable } from './errata.js';
import { ERRATA_TITLE } from './plan.js';
import { chineseDate, taskRows } from './tasks.js';
import { gwElements, gwPlan, gwSections, placeCharts, type GwClosing, type GwElements, type GwSection } from './gongwen.js';
import { plainText, statusNote, textRenderer, type TextError, type TextRenderer } from './text.js';
import type { RoundingMode } from './figure-text.js';
import type { Page } from './plan.js';

// ---- units ----

/** Millimetres to twips (1/20 pt). */
const mm = (x: number): number => Math.round((x * 1440) / 25.4);
/** Points to half-points (docx run sizes). */
const pt = (x: number): number => Math.round(x * 2);

const A4 = { width: mm(210), height: mm(297) };
const K16 = { width: mm(185), height: mm(260) };

/** The entry page (templates/css/entry.css): 185 × 260 mm, margins 20 16 18 16, two columns 7 mm apart. */
const ENTRY_MARGIN = { top: mm(20), right: mm(16), bottom: mm(18), left: mm(16), header: mm(10), footer: mm(10) };
const ENTRY_TEXT_WIDTH = K16.width - ENTRY_MARGIN.left - ENTRY_MARGIN.right;
const ENTRY_GAP = mm(7);
const ENTRY_COLUMN = Math.floor((ENTRY_TEXT_WIDTH - ENTRY_GAP) / 2);
/** GB/T 9704: top 37, bottom 35, left (binding) 28, right 26 mm; the page number 7 mm below the type area. */
const GB_MARGIN = { top: mm(37), right: mm(26), bottom: mm(35), left: mm(28), header: mm(15), footer: mm(23) };
const GB_TEXT_WIDTH = A4.width - GB_MARGIN.left - GB_MARGIN.right;
/** The task table's landscape page (summary.css @page landscape). */
const LANDSCAPE_MARGIN = { top: mm(28), right: mm(37), bottom: mm(26), left: mm(35), header: mm(12), footer: mm(14) };
const LANDSCAPE_TEXT_WIDTH = A4.height - LANDSCAPE_MARGIN.left - LANDSCAPE_MARGIN.right;
/** 22 lines a page: 28.95 pt. */
const GB_LINE = Math.round(28.95 * 20);
/**
 * The GB/T 9704 document grid: 22 lines of 28 characters in the 156 × 225 mm type area. Word counts
 * `charSpace` in 1/4096 pt from the default font size (三号, 16 pt) to the character pitch.
 */
const GB_GRID = { type: DocumentGridType.LINES_AND_CHARS, linePitch: GB_LINE, charSpace: Math.round(((GB_TEXT_WIDTH / 20 / 28) - 16) * 4096) };
/**
 * 三号 text a hair narrower (−0.25 pt a character), so 28 characters fill the 156 mm line: the
 * grid's character pitch, set by tracking rather than by the grid itself (see offGrid).
 */
const GB_TRACKING = -5;

/**
 * Takes every paragraph under the given components off the character grid (w:snapToGrid off):
 * Word would squeeze 三号 characters to the grid's 15.8 pt pitch, but LibreOffice gives a character
 * wider than the pitch two cells, printing 14 characters a line. The grid stays declared (Word's
 * 页面设置 shows 22 lines of 28 characters) and the exact 28.95 pt line height keeps the lines on it.
 */
function offGrid(components: readonly unknown[]): void {
  const seen = new Set<unknown>();
  const walk = (c: unknown): void => {
    if (!c || typeof c !== 'object' || seen.has(c)) return;
    seen.add(c);
    if (c instanceof Paragraph) {
      const props = (c as unknown as { properties: { root: { rootKey?: string }[] } }).properties;
      // before w:spacing, as CT_PPrBase orders them
      const at = props.root.findIndex((x) => ['w:spacing', 'w:ind', 'w:jc'].includes(x.rootKey ?? ''));
      props.root.splice(at < 0 ? props.root.length : at, 0, new OnOffElement('w:snapToGrid', false) as unknown as { rootKey?: string });
      return;
    }
    const o = c as { root?: unknown; options?: { children?: unknown } };
    if (Array.isArray(o.root)) o.root.forEach(walk);
    if (Array.isArray(o.options?.children)) o.options.children.forEach(walk);
  };
  components.forEach(walk);
}

/** Exact line heights in twips, as the CSS line-height (Word's "auto" multiplies the font's own, much taller, line). */
const exactLine = (fontPt: number, lineHeight: number): { line: number; lineRule: (typeof LineRuleType)['EXACT'] } => ({ line: Math.round(fontPt * lineHeight * 20), lineRule: LineRuleType.EXACT });

// ---- fonts and runs ----

type Fonts = Record<Role, string> & { xiaobiaosongBold: boolean };

/** Word names fonts: the first family of each role (Noto Serif SC, or 仿宋_GB2312 when configured). */
export function docxFonts(map: FontMap): Fonts {
  return { song: map.song[0]!, hei: map.hei[0]!, kai: map.kai[0]!, fangsong: map.fangsong[0]!, xiaobiaosong: map.xiaobiaosong[0]!, xiaobiaosongBold: xiaobiaosongBold(map) };
}

function font(name: string): IRunOptions['font'] {
  return { ascii: name, eastAsia: name, hAnsi: name, cs: name };
}

/** The characters set in each font, regular and bold: what an embedded subset must hold. */
export type UsedChars = Map<string, { regular: Set<number>; bold: Set<number> }>;

/** A font the .docx carries (TrueType bytes of its faces), as the docx package takes it. */
export interface DocxFont {
  name: string;
  data: Uint8Array;
  bold?: Uint8Array;
}

export interface Ctx {
  fonts: Fonts;
  /** Filled while the document is built: the characters of each font and face. */
  used?: UsedChars;
  /** The fonts to embed for the characters used (the io layer subsets the bundled ones); none when absent. */
  embed?: (used: UsedChars) => DocxFont[];
  draft: string | null;
  /** Drawing ids within one document (the docx package's own counter is process-wide). */
  drawing: number;
  bookmark: number;
  /** Takes each placeholder that cannot be printed (a draft prints 〔缺：…〕); without it, a TextError. */
  onProblem?: (problem: TextError) => void;
}

/** Printable ASCII: what fields (page numbers, page references) and tabs may draw in any font. */
const FIELD_CHARS = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('') + '—';

/** Notes the characters a run sets in a font. */
function use(ctx: Ctx, name: string, text: string, bold: boolean): void {
  ctx.used ??= new Map();
  let u = ctx.used.get(name);
  if (!u) ctx.used.set(name, (u = { regular: new Set(FIELD_CHARS.split('').map((c) => c.codePointAt(0)!)), bold: new Set() }));
  const set = bold ? u.bold : u.regular;
  if (bold && set.size === 0) for (const c of FIELD_CHARS) set.add(c.codePointAt(0)!);
  for (const ch of text) set.add(ch.codePointAt(0)!);
}

function run(ctx: Ctx, text: string, role: Role, size: number, extra: Partial<IRunOptions> = {}): TextRun {
  use(ctx, ctx.fonts[role], text, extra.bold === true);
  return new TextRun({ text, font: font(ctx.fonts[role]), size: pt(size), ...extra } as IRunOptions);
}

/** The renderer's HTML-escaped text as paragraphs of plain text. */
function paras(r: TextRenderer, text: string, key: string): string[] {
  return r
    .render(text, key)
    .replace(/<sup class="status-mark">([^<]*)<\/sup>/g, `${MARK_OPEN}$1${MARK_CLOSE}`)
    .split(/\n+/)
    .map((p) => plainText(p).trim())
    .filter(Boolean);
}

function renderer(data: Dataset, doc: Doc, rounding: RoundingMode, ctx: Ctx, onStatusMark?: (m: FigureStatus) => void): TextRenderer {
  return textRenderer(doc, { rounding, prev: previousDoc(data, doc), onProblem: ctx.onProblem, ...(onStatusMark ? { onStatusMark } : {}) });
}

/** Where paras() keeps a status mark of the prose (§8c), to be raised by proseRuns. */
const MARK_OPEN = '\u0001';
const MARK_CLOSE = '\u0002';

/** A paragraph of prose as runs, its status marks (28ʳ) superscript runs of their own, as the PDF raises them. */
function proseRuns(ctx: Ctx, text: string, role: Role, size: number): TextRun[] {
  if (!text.includes(MARK_OPEN)) return [run(ctx, text, role, size)];
  return text
    .split(new RegExp(`(${MARK_OPEN}[^${MARK_CLOSE}]*${MARK_CLOSE})`))
    .filter((piece) => piece !== '')
    .map((piece) => (piece.startsWith(MARK_OPEN) ? run(ctx, piece.slice(1, -1), role, size, { superScript: true }) : run(ctx, piece, role, size)));
}

// ---- charts ----

export interface DocxChart {
  n: number;
  title: string;
  png: Uint8Array;
  /** CSS px at 96/in: the size the chart was laid out for. */
  width: number;
  height: number;
  /** The figure paths it shows (ChartInput.paths). */
  paths: string[];
}

function chartBlocks(ctx: Ctx, charts: DocxChart[], maxWidthTwips: number, captionSize: number): Paragraph[] {
  return charts.flatMap((c) => {
    // px at 96/in; never wider than the column or type area
    const maxPx = (maxWidthTwips / 1440) * 96;
    const k = Math.min(1, maxPx / c.width);
    const id = ++ctx.drawing;
    return [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { before: mm(2), line: 240, lineRule: LineRuleType.AUTO },
        children: [new ImageRun({ type: 'png', data: c.png, transformation: { width: Math.round(c.width * k), height: Math.round(c.height * k) }, altText: { id: String(id), name: `图${c.n}`, description: c.title, title: `图${c.n} ${c.title}` } })],
      }),
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: mm(1), after: mm(4) }, children: [run(ctx, `图${c.n} ${c.title}`, 'hei', captionSize)] }),
    ];
  });
}

/** A table cell's text: plain, or a number with its status mark raised (§8c: 28ʳ) and a note flag after it (①). */
type Cell = string | { text: string; sup?: string; after?: string };

/** A cell's runs: the mark a superscript run of its own, as the PDF raises it. */
function cellRuns(ctx: Ctx, value: Cell, role: Role, size: number): TextRun[] {
  if (typeof value === 'string') return [run(ctx, value, role, size)];
  return [run(ctx, value.text, role, size), ...(value.sup ? [run(ctx, value.sup, role, size, { superScript: true })] : []), ...(value.after ? [run(ctx, value.after, role, size)] : [])];
}

/** A 三线表 as the PDF prints it: a heavy rule above the header and under the last row, a light one under the header, no other rules; the header row repeats on every page. */
function ruledTable(
  ctx: Ctx,
  opts: { head: string[]; rows: Cell[][]; widths: number[]; size: number; bodyRole: Role; align: ('left' | 'right' | 'center')[]; headAlign: 'left' | 'center'; pad: [number, number]; bottom?: boolean },
): Table {
  const { widths, size, pad } = opts;
  const alignment = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER };
  const cell = (value: Cell, role: Role, align: 'left' | 'right' | 'center', top: number, bottom: number, w: number): TableCell =>
    new TableCell({
      width: { size: w, type: WidthType.DXA },
      ...(opts.bottom ? { verticalAlign: VerticalAlign.BOTTOM } : {}),
      borders: { top: top ? LINE(top) : NONE, bottom: bottom ? LINE(bottom) : NONE, left: NONE, right: NONE },
      margins: { top: mm(pad[0]), bottom: mm(pad[0]), left: mm(pad[1]), right: mm(pad[1]) },
      children: [new Paragraph({ alignment: alignment[align], children: cellRuns(ctx, value, role, size) })],
    });
  const last = opts.rows.length - 1;
  return new Table({
    width: { size: widths.reduce((x, y) => x + y, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    // no rules but the three the cells draw (the docx default draws a grid)
    borders: TableBorders.NONE,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: opts.head.map((h, i) => cell(h, 'hei', opts.headAlign, 8, 4, widths[i]!)) }),
      ...opts.rows.map((r, k) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, opts.bodyRole, opts.align[i] ?? 'left', 0, k === last ? 8 : 0, widths[i]!)) })),
    ],
  });
}

/** The 勘误表 as the PDF prints it (entry.hbs): a 三线表 of 地区, 指标, 原数, 更正为 (and 页码), its header repeated where it continues, the notes under it. */
function errataBlocks(ctx: Ctx, t: ErrataTable, width: number): (Paragraph | Table)[] {
  const size = 9;
  const num = Math.floor(width * 0.11);
  const region = Math.floor(width * 0.18);
  const widths = [region, width - region - num * (t.pages ? 3 : 2), num, num, ...(t.pages ? [num] : [])];
  return [
    ruledTable(ctx, {
      head: ['地区', '指标', '原数', '更正为', ...(t.pages ? ['页码'] : [])],
      rows: t.rows.map((r) => [r.name, r.label, r.old, { text: r.new, sup: r.mark ?? '' }, ...(t.pages ? [r.page] : [])]),
      widths,
      size,
      bodyRole: 'song',
      align: ['left', 'left', 'right', 'right', 'right'],
      headAlign: 'left',
      pad: [0.5, 1.2],
    }),
    ...t.notes.map((n) => new Paragraph({ spacing: { before: mm(0.5) }, children: [run(ctx, n, 'song', 8)] })),
  ];
}

/**
 * A statistical table as the PDF prints it (stat-table.hbs): 表n and its title, 单位 at the right, a 三线表
 * whose header row Word repeats on every page it continues on (Word cannot print 续表 itself), each
 * column group of a wide table after the other with the row labels, the notes under it.
 */
function statTableBlocks(ctx: Ctx, t: StatTable, width: number): (Paragraph | Table)[] {
  const size = 9;
  const out: (Paragraph | Table)[] = [];
  const groups = [...new Map(t.pieces.map((p) => [p.tid, p])).values()];
  for (const [g, piece] of groups.entries()) {
    const from = t.columns.findIndex((c) => c.path === piece.columns[0]!.path);
    const stub = Math.floor(width * 0.2);
    const each = Math.floor((width - stub) / piece.columns.length);
    out.push(new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: mm(3), after: mm(1) }, children: [run(ctx, g === 0 ? `表${t.n} ${t.title}` : `续表${t.n}`, 'hei', 10.5)] }));
    if (t.unit) out.push(new Paragraph({ alignment: AlignmentType.RIGHT, keepNext: true, spacing: { after: mm(0.5) }, children: [run(ctx, `单位：${t.unit}`, 'song', size)] }));
    out.push(
      ruledTable(ctx, {
        head: [t.stub, ...piece.columns.map((c) => c.head)],
        rows: t.rows.map((r) => [r.label + r.flag, ...piece.columns.map((_, j) => r.cells[from + j]!).map((c): Cell => ({ text: c.int + c.frac, sup: c.mark ?? '', after: c.flag }))]),
        widths: [stub, ...piece.columns.map(() => each)],
        size,
        bodyRole: 'song',
        align: ['left', ...piece.columns.map(() => 'right' as const)],
        headAlign: 'center',
        pad: [0.5, 1.2],
        bottom: true,
      }),
    );
  }
  for (const n of t.notes) out.push(new Paragraph({ spacing: { before: mm(0.5) }, children: [run(ctx, n, 'song', 8)] }));
  out.push(new Paragraph({ spacing: { after: mm(3) }, children: [] }));
  return out;
}

/** A bookmark with an id counted in the document (the docx package counts bookmarks process-wide). */
function bookmark(ctx: Ctx, name: string, children: TextRun[]): Bookmark {
  const b = new Bookmark({ id: name, children });
  const n = ++ctx.bookmark;
  Object.assign(b as unknown as Record<string, unknown>, { start: new BookmarkStart(name, n), end: new BookmarkEnd(n) });
  return b;
}

// ---- tables ----

const LINE = (size: number) => ({ style: BorderStyle.SINGLE, size, color: '000000' });
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

/** 表n as a three-line table, like figure-table.hbs: 指标 / 数值 / 变化. */
function figureTableBlocks(ctx: Ctx, t: FigureTable, width: number, size: number, bodyRole: Role): (Paragraph | Table)[] {
  const cols = t.hasChange ? [0.5, 0.3, 0.2] : [0.6, 0.4];
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: mm(2), after: mm(1.5) }, children: [run(ctx, `表${t.n} ${t.title}`, 'hei', size)] }),
    ruledTable(ctx, {
      head: ['指标', '数值', ...(t.hasChange ? ['变化'] : [])],
      rows: t.rows.map((r) => [r.label, r.value, ...(t.hasChange ? [r.change] : [])]),
      widths: cols.map((c) => Math.floor(width * c)),
      size,
      bodyRole,
      align: ['left', 'right', 'right'],
      headAlign: 'left',
      pad: [0.8, 1.5],
    }),
    new Paragraph({ spacing: { after: mm(4) }, children: [] }),
  ];
}

// ---- headers and footers ----

function draftParagraph(ctx: Ctx): Paragraph[] {
  return ctx.draft ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(ctx, ctx.draft, 'hei', 10, { color: 'CC0000' })] })] : [];
}

/** GB/T 9704 page numbers: — 1 — in 四号, odd pages right and even pages left, one character in. */
function gbFooters(ctx: Ctx): Pick<ISectionOptions, 'headers' | 'footers'> {
  use(ctx, ctx.fonts.song, FIELD_CHARS, false);
  const num = (): TextRun => new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(ctx.fonts.song), size: pt(14) });
  const draft = draftParagraph(ctx);
  return {
    ...(draft.length ? { headers: { default: new Header({ children: draftParagraph(ctx) }), even: new Header({ children: draftParagraph(ctx) }) } } : {}),
    footers: {
      default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: 280 }, children: [num()] })] }),
      even: new Footer({ children: [new Paragraph({ alignment: AlignmentType.LEFT, indent: { left: 280 }, children: [num()] })] }),
    },
  };
}

/** Yearbook pages (entry.css): the running head centred, the page number at the outer corner of the head. */
function entryHeaders(ctx: Ctx, runningHead: string): Pick<ISectionOptions, 'headers'> {
  const tabs = [
    { type: TabStopType.CENTER, position: Math.round(ENTRY_TEXT_WIDTH / 2) },
    { type: TabStopType.RIGHT, position: ENTRY_TEXT_WIDTH },
  ];
  use(ctx, ctx.fonts.song, FIELD_CHARS, false);
  const num = (): TextRun => new TextRun({ children: [PageNumber.CURRENT], font: font(ctx.fonts.song), size: pt(9) });
  const head = (): TextRun => run(ctx, runningHead, 'song', 9);
  return {
    headers: {
      default: new Header({ children: [new Paragraph({ tabStops: tabs, children: [new TextRun({ text: '\t', size: pt(9) }), head(), new TextRun({ text: '\t', size: pt(9) }), num()] }), ...draftParagraph(ctx)] }),
      even: new Header({ children: [new Paragraph({ tabStops: tabs, children: [num(), new TextRun({ text: '\t', size: pt(9) }), head()] }), ...draftParagraph(ctx)] }),
    },
  };
}

// ---- documents ----

export interface EntryInput {
  doc: Doc;
  charts: DocxChart[];
  tableNo: number;
}

/** entry.css: 10.5 pt, line-height 1.62. */
function entryLine(): { line: number; lineRule: (typeof LineRuleType)['EXACT'] } {
  return exactLine(10.5, 1.62);
}

/** One region's entries, or a chapter (with a table of contents) of many. */
export function entryDocument(data: Dataset, inputs: EntryInput[], ctx: Ctx, rounding: RoundingMode, chapter: string, toc: boolean, meta: { title: string; author: string }, tables: 'after' | 'appendix' = 'after', errata: Errata | null = null): Document {
  const first = inputs[0]!.doc;
  const runningHead = [first.source ?? '', chapter].filter(Boolean).join(' · ');
  const page = { size: { width: K16.width, height: K16.height, orientation: PageOrientation.PORTRAIT }, margin: ENTRY_MARGIN };
  const sections: ISectionOptions[] = [];
  // tables numbered as the PDF numbers them: on across the chapter from the first input's number, counting only those printed
  let nextTable = inputs[0]?.tableNo ?? 1;
  const appendix: StatTable[] = [];
  const corrects = toc && errata !== null && errataRows(data, inputs.map((x) => x.doc), errata, inputs[0]!.doc.year!).length > 0;
  if (toc) {
    sections.push({
      properties: { page },
      ...entryHeaders(ctx, runningHead),
      children: [
        // the chapter opens with its title (the top of the navigation pane), then the contents
        ...(chapter ? [new Paragraph({ alignment: AlignmentType.CENTER, outlineLevel: 0, spacing: { before: mm(12) }, children: [run(ctx, chapter, 'hei', 22)] })] : []),
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: mm(10), after: mm(8) }, children: [run(ctx, '目 录', 'hei', 16)] }),
        // a line per region and, indented, per entry: its page a PAGEREF to the heading's bookmark (Word fills it when it updates fields)
        ...inputs.flatMap(({ doc }) => {
          const r = renderer(data, doc, rounding, ctx);
          const line = (name: string, ref: string, size: number, indent: number): Paragraph =>
            new Paragraph({
              tabStops: [{ type: TabStopType.RIGHT, position: ENTRY_TEXT_WIDTH, leader: 'dot' }],
              indent: indent ? { left: indent } : undefined,
              spacing: { line: size === 11 ? 480 : 420, lineRule: LineRuleType.AUTO },
              children: [run(ctx, name, 'song', size), new TextRun({ text: '\t', size: pt(size) }), new PageReference(ref, {})],
            });
          return [
            line(doc.region?.name ?? doc.regionCode!, `r${doc.regionCode}`, 11, 0),
            ...doc.entry!.sections.map((s, j) => line(plainText(r.render(s.title, `${s.key}.title`)), `r${doc.regionCode}e${j + 1}`, 10.5, 420)),
          ];
        }),
        // --errata: the 勘误表 part last
        ...(corrects
          ? [
              new Paragraph({
                tabStops: [{ type: TabStopType.RIGHT, position: ENTRY_TEXT_WIDTH, leader: 'dot' }],
                spacing: { line: 480, lineRule: LineRuleType.AUTO },
                children: [run(ctx, ERRATA_TITLE, 'song', 11), new TextRun({ text: '\t', size: pt(11) }), new PageReference('errata', {})],
              }),
            ]
          : []),
      ],
    });
  }
  for (const [i, { doc, charts }] of inputs.entries()) {
    const marks = new Set<FigureStatus>();
    const r = renderer(data, doc, rounding, ctx, (m) => void marks.add(m));
    const entry = doc.entry!;
    const name = doc.region?.name ?? doc.regionCode!;
    // the region title spans both columns: a one-column section, then the two-column text
    sections.push({
      properties: { page, type: i === 0 ? SectionType.NEXT_PAGE : SectionType.CONTINUOUS },
      ...(i === 0 && !toc ? entryHeaders(ctx, runningHead) : {}),
      children: [
        // headings for the navigation pane: chapter → region → entry (an entry alone: region → entry)
        new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, outlineLevel: toc ? 1 : 0, spacing: { before: i === 0 ? 0 : mm(4) }, children: [bookmark(ctx, `r${doc.regionCode}`, [run(ctx, name, 'hei', 14)])] }),
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: mm(1), after: mm(5) }, children: [run(ctx, `${doc.year}年`, 'hei', 10.5)] }),
      ],
    });
    const body: (Paragraph | Table)[] = [];
    for (const [j, s] of entry.sections.entries()) {
      const ps = paras(r, s.text, `${s.key}.text`);
      const title = plainText(r.render(s.title, `${s.key}.title`));
      // 【概况】 runs in with the first paragraph of its entry: that paragraph is the entry's heading in the
      // navigation pane (Word lists a paragraph, so it shows the title and the start of its text), and its title the contents' bookmark
      const titleRun = run(ctx, `【${title}】`, 'hei', 10.5, { bold: true });
      body.push(
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          outlineLevel: toc ? 2 : 1,
          spacing: { ...entryLine(), after: ps.length <= 1 ? mm(2) : 0 },
          children: [toc ? bookmark(ctx, `r${doc.regionCode}e${j + 1}`, [titleRun]) : titleRun, ...(ps[0] ? proseRuns(ctx, ps[0], 'song', 10.5) : [])],
        }),
      );
      for (const [j, p] of ps.slice(1).entries()) {
        body.push(new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 420 }, spacing: { ...entryLine(), after: j === ps.length - 2 ? mm(2) : 0 }, children: proseRuns(ctx, p, 'song', 10.5) }));
      }
    }
    // as the PDF (#9): charts, the figure table only when asked for (entry.figure_table), then the credit closes the entry
    body.push(...chartBlocks(ctx, charts, ENTRY_COLUMN, 9));
    const table = entry.figureTable ? figureTable(doc, nextTable) : null;
    if (table) nextTable++;
    if (table) body.push(...figureTableBlocks(ctx, table, ENTRY_COLUMN, 9, 'song'));
    const credit = entry.author ?? entry.credit;
    if (credit) body.push(new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: mm(1), after: mm(4) }, children: [run(ctx, `（${credit}）`, 'song', 10.5)] }));
    // the marks the prose printed, explained under the credit (entry.hbs)
    const note = statusNote(marks);
    if (note) body.push(new Paragraph({ spacing: { after: mm(3) }, children: [run(ctx, note, 'song', 8)] }));
    sections.push({ properties: { page, type: SectionType.CONTINUOUS, column: { count: 2, space: ENTRY_GAP, equalWidth: true } }, children: body });
    // a chapter's statistical tables of this region, over the whole type area after its entries (as the PDF's)
    const stat = toc ? statTables(data, doc, { firstNo: nextTable, chapter }) : [];
    nextTable += stat.length;
    if (tables === 'appendix') appendix.push(...stat);
    else if (stat.length > 0) sections.push({ properties: { page, type: SectionType.CONTINUOUS }, children: stat.flatMap((t) => statTableBlocks(ctx, t, ENTRY_TEXT_WIDTH)) });
  }
  // --tables end: all of them in a 统计资料 part after the last entry, on a new page
  if (appendix.length > 0) {
    sections.push({
      properties: { page, type: SectionType.NEXT_PAGE },
      children: [new Paragraph({ alignment: AlignmentType.CENTER, outlineLevel: 1, spacing: { after: mm(4) }, children: [run(ctx, '统计资料', 'hei', 14)] }), ...appendix.flatMap((t) => statTableBlocks(ctx, t, ENTRY_TEXT_WIDTH))],
    });
  }
  // --errata: the 勘误表 last, on a new page
  const corrections = toc && errata ? errataTable(data, inputs.map((x) => x.doc), errata, inputs[0]!.doc.year!, nextTable) : null;
  if (corrections) {
    sections.push({
      properties: { page, type: SectionType.NEXT_PAGE },
      children: [new Paragraph({ alignment: AlignmentType.CENTER, outlineLevel: 1, spacing: { after: mm(4) }, children: [bookmark(ctx, 'errata', [run(ctx, ERRATA_TITLE, 'hei', 14)])] }), ...errataBlocks(ctx, corrections, ENTRY_TEXT_WIDTH)],
    });
  }
  return makeDocument(ctx, sections, meta, { font: ctx.fonts.song, size: 10.5 });
}

const GB_STYLE: { role: Role; bold: boolean }[] = [
  { role: 'hei', bold: false },
  { role: 'kai', bold: false },
  { role: 'fangsong', bold: true },
  { role: 'fangsong', bold: false },
];

/** The shared sections (gongwen.ts) as GB/T 9704 paragraphs: 一、 黑体, （一） 楷体, 1. 仿宋 bold; a task's number and title run in bold. */
function sectionBlocks(ctx: Ctx, sections: GwSection[]): Paragraph[] {
  return sections.flatMap((s) => {
    const st = GB_STYLE[Math.min(s.depth, 3)]!;
    return [
      ...(s.titled ? [new Paragraph({ keepNext: true, keepLines: true, indent: { firstLine: 640 }, spacing: { line: GB_LINE, lineRule: LineRuleType.EXACT }, children: [run(ctx, `${s.number}${plainText(s.title)}`, st.role, 16, { characterSpacing: GB_TRACKING, ...(st.bold ? { bold: true } : {}) })] })] : []),
      ...s.paragraphs.map((p) => gbParagraph(ctx, plainText(p.text), p.lead ? plainText(p.lead) : '')),
      ...sectionBlocks(ctx, s.sections),
    ];
  });
}

/** A paragraph of body text, 仿宋 三号, two characters in; `lead` runs in bold before it (a task's number and title). */
function gbParagraph(ctx: Ctx, text: string, lead = '', extra: { indent?: boolean; before?: number } = {}): Paragraph {
  // 28 characters of 16 pt in 156 mm: the tracking sets them to the grid's pitch
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    widowControl: true,
    ...(extra.indent === false ? {} : { indent: { firstLine: 640 } }),
    spacing: { line: GB_LINE, lineRule: LineRuleType.EXACT, ...(extra.before ? { before: extra.before } : {}) },
    children: [...(lead ? [run(ctx, lead, 'fangsong', 16, { characterSpacing: GB_TRACKING, bold: true })] : []), ...(text ? [run(ctx, text, 'fangsong', 16, { characterSpacing: GB_TRACKING })] : [])],
  });
}

/** The title: 小标宋 二号, centred, one blank line below it (summary.css .title). */
function gbTitle(ctx: Ctx, heading: string, opts: { pageBreakBefore?: boolean; size?: number; after?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    ...(opts.pageBreakBefore ? { pageBreakBefore: true } : {}),
    spacing: { ...exactLine(opts.size ?? 22, 1.5), after: opts.after ?? GB_LINE },
    children: [run(ctx, heading, 'xiaobiaosong', opts.size ?? 22, ctx.fonts.xiaobiaosongBold ? { bold: true } : {})],
  });
}

/** The red of the 版头 (summary.css .issuer-mark, .red-rule). */
const RED = 'E60000';

/**
 * 版头 (summary.css .banner): the 发文机关标志 in red 小标宋, its top 35 mm below the top of the type area;
 * the 发文字号 two lines below it; the red rule (0.6 mm, a bottom border) 4 mm under the 发文字号; two lines to the title.
 */
function bannerBlocks(ctx: Ctx, h: NonNullable<GwElements['header']>): Paragraph[] {
  const rule = { bottom: { style: BorderStyle.SINGLE, size: 14, color: RED, space: 11 } };
  const mark = new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    spacing: { before: mm(34.3), line: Math.round(h.sizePt * 1.1 * 20), lineRule: LineRuleType.EXACT },
    ...(h.number ? {} : { border: rule }),
    children: [run(ctx, h.mark, 'xiaobiaosong', h.sizePt, { color: RED, ...(ctx.fonts.xiaobiaosongBold ? { bold: true } : {}) })],
  });
  if (!h.number) return [mark, new Paragraph({ spacing: { line: GB_LINE, lineRule: LineRuleType.EXACT }, children: [] })];
  return [
    mark,
    new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, border: rule, spacing: { before: GB_LINE * 2 - Math.round(h.sizePt * 0.1 * 20), line: GB_LINE, lineRule: LineRuleType.EXACT, after: GB_LINE * 2 - mm(4) }, children: [run(ctx, h.number, 'fangsong', 16)] }),
  ];
}

/** 主送机关: flush left (顶格), wrapped lines too. */
function toParagraph(ctx: Ctx, to: string): Paragraph {
  return gbParagraph(ctx, to, '', { indent: false });
}

/** Widths in em of 仿宋 text as set: CJK one, ASCII digits and letters half. */
const ems = (s: string): number => [...s].reduce((a, c) => a + (c.codePointAt(0)! < 0x2e80 ? 0.5 : 1), 0);

/**
 * 署名 and 成文日期 (summary.css .closing): one line below the text, the 署名 two characters from the right, the date
 * under it two characters further in (when the date is the longer, it ends two characters from the right); 附注 below.
 */
function closingBlocks(ctx: Ctx, c: GwClosing): Paragraph[] {
  const em = 316;
  const block = Math.max(c.signature ? ems(c.signature) : 0, c.date ? ems(c.date) + 2 : 0);
  const right = (w: number): number => Math.round((2 + block - w) * em);
  const line = (text: string, w: number, first: boolean): Paragraph =>
    new Paragraph({ alignment: AlignmentType.RIGHT, keepNext: true, keepLines: true, indent: { right: right(w) }, spacing: { line: GB_LINE, lineRule: LineRuleType.EXACT, ...(first ? { before: GB_LINE } : {}) }, children: [run(ctx, text, 'fangsong', 16, { characterSpacing: GB_TRACKING })] });
  const out: Paragraph[] = [];
  if (c.lines && c.signature) out.push(line(c.signature, ems(c.signature), true));
  if (c.lines && c.date) out.push(line(c.date, ems(c.date) + 2, !c.signature));
  if (c.note) out.push(gbParagraph(ctx, c.note));
  return out;
}

/** 附件说明: one line below the text, two characters in: 附件：1．name, further names under the first. */
function attachmentNoteBlocks(ctx: Ctx, note: GwElements['attachmentNote']): Paragraph[] {
  return note.map((a, i) =>
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      keepNext: i < note.length - 1,
      indent: { left: 640 + 3 * 316 + (a.n ? Math.round(1 * 316) : 0), hanging: (i === 0 ? 3 * 316 : 0) + (a.n ? 316 : 0) },
      spacing: { line: GB_LINE, lineRule: LineRuleType.EXACT, ...(i === 0 ? { before: GB_LINE } : {}) },
      children: [run(ctx, `${i === 0 ? '附件：' : ''}${a.n}${plainText(a.name)}`, 'fangsong', 16, { characterSpacing: GB_TRACKING })],
    }),
  );
}

/** Each attachment on a new page: 附件1 in 黑体 三号 flush left on the first line, its title centred on the third. */
function attachmentBlocks(ctx: Ctx, attachments: GwElements['attachments']): Paragraph[] {
  return attachments.flatMap((a) => [
    new Paragraph({ pageBreakBefore: true, keepNext: true, spacing: { line: GB_LINE, lineRule: LineRuleType.EXACT, after: GB_LINE }, children: [run(ctx, a.label, 'hei', 16)] }),
    gbTitle(ctx, plainText(a.title)),
    ...a.paragraphs.map((p) => gbParagraph(ctx, plainText(p))),
  ]);
}

/**
 * 版记 (summary.css .colophon): 抄送 and 印发机关 / 印发日期 in 四号 仿宋 between heavy rules (0.35 mm), a thin one (0.25 mm)
 * between them, as a one-column table (its borders the rules) on a page of its own, pushed to the foot of the type
 * area by an empty paragraph of exact height: Word has no way to put a block at the foot of the page the text ends
 * on but a frame, which LibreOffice and Word place differently.
 */
function colophonBlocks(ctx: Ctx, c: NonNullable<GwElements['colophon']>): (Paragraph | Table)[] {
  const rowLine = exactLine(14, 1.9);
  const rows: TableRow[] = [];
  const cell = (children: Paragraph[]): TableCell => new TableCell({ width: { size: GB_TEXT_WIDTH, type: WidthType.DXA }, margins: { top: 0, bottom: 0, left: 280, right: 280 }, children });
  if (c.cc) rows.push(new TableRow({ cantSplit: true, children: [cell([new Paragraph({ indent: { left: 3 * 280, hanging: 3 * 280 }, spacing: rowLine, children: [run(ctx, `抄送：${c.cc}`, 'fangsong', 14)] })])] }));
  if (c.printedBy || c.printedOn)
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [cell([new Paragraph({ tabStops: [{ type: TabStopType.RIGHT, position: GB_TEXT_WIDTH - 2 * 280 }], spacing: rowLine, children: [run(ctx, c.printedBy ?? '', 'fangsong', 14), new TextRun({ text: '\t', size: pt(14) }), run(ctx, c.printedOn ?? '', 'fangsong', 14)] })])],
      }),
    );
  const heavy = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  const thin = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
  // the type area (225 mm) less the rows and a little room for the rules
  const pad = mm(225) - rows.length * rowLine.line - 120;
  return [
    new Paragraph({ pageBreakBefore: true, spacing: { line: pad, lineRule: LineRuleType.EXACT }, children: [] }),
    new Table({
      width: { size: GB_TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: [GB_TEXT_WIDTH],
      layout: TableLayoutType.FIXED,
      borders: { top: heavy, bottom: heavy, insideHorizontal: thin, left: NONE, right: NONE, insideVertical: NONE },
      rows,
    }),
  ];
}

const GB_PAGE = { size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT }, margin: GB_MARGIN };
const GB_PROPS = { page: GB_PAGE, grid: GB_GRID };

/** The end of a 公文 after its text: 附件说明, 署名 and 成文日期, 附注 (then the caller's tables). */
function gbEnd(ctx: Ctx, e: GwElements, closing: GwClosing | null): Paragraph[] {
  return [...attachmentNoteBlocks(ctx, e.attachmentNote), ...(closing ? closingBlocks(ctx, closing) : [])];
}

/** After the text: each attachment on its page, the 版记 last. */
function gbTail(ctx: Ctx, e: GwElements): (Paragraph | Table)[] {
  return [...attachmentBlocks(ctx, e.attachments), ...(e.colophon ? colophonBlocks(ctx, e.colophon) : [])];
}

/** A summary as the PDF prints it (summary.hbs): 版头, title, 主送, text with its charts, table, 附件说明, 署名, 成文日期, 附注, attachments, 版记. */
export function summaryDocument(data: Dataset, doc: Doc, charts: DocxChart[], ctx: Ctx, rounding: RoundingMode, meta: { title: string; author: string }): Document {
  const s = doc.summary!;
  const r = renderer(data, doc, rounding, ctx);
  const e = gwElements(s, r);
  const heading = plainText(r.render(s.title, 'summary.title')) || `${doc.region?.name ?? doc.regionCode}${doc.year}年工作总结`;
  const children: (Paragraph | Table)[] = [
    ...(e.header ? bannerBlocks(ctx, e.header) : []),
    gbTitle(ctx, heading),
    ...(e.to ? [toParagraph(ctx, e.to)] : []),
    ...paras(r, s.intro, 'summary.intro').map((p) => gbParagraph(ctx, p)),
  ];
  // as the PDF: each chart after the section that names its figures, the rest and the figure table after the text
  const placed = placeCharts(s.intro, s.sections, charts);
  children.push(...chartBlocks(ctx, placed.intro, GB_TEXT_WIDTH, 12));
  for (const [i, section] of gwSections(s.sections, 0, r).entries()) children.push(...sectionBlocks(ctx, [section]), ...chartBlocks(ctx, placed.after[i] ?? [], GB_TEXT_WIDTH, 12));
  children.push(...chartBlocks(ctx, placed.rest, GB_TEXT_WIDTH, 12));
  const table = s.figureTable ? figureTable(doc, 1) : null;
  if (table) children.push(...figureTableBlocks(ctx, table, GB_TEXT_WIDTH, 12, 'fangsong'));
  if (s.author) children.push(new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: GB_LINE, line: GB_LINE, lineRule: LineRuleType.EXACT }, children: [run(ctx, s.author, 'fangsong', 16)] }));
  children.push(...gbEnd(ctx, e, e.closing));
  children.push(...gbTail(ctx, e));
  return makeDocument(ctx, [{ properties: GB_PROPS, ...gbFooters(ctx), children }], meta, { font: ctx.fonts.fangsong, size: 16 });
}

/** The task table's columns and their shares of the landscape type area (225 mm), as the PDF's. */
export const TASK_COLUMNS: readonly { head: string; share: number }[] = [
  { head: '序号', share: 0.05 },
  { head: '任务', share: 0.24 },
  { head: '牵头单位', share: 0.12 },
  { head: '配合单位', share: 0.16 },
  { head: '责任单位', share: 0.12 },
  { head: '完成时限', share: 0.11 },
  { head: '状态/进展', share: 0.2 },
];

export function planDocument(data: Dataset, doc: Doc, ctx: Ctx, rounding: RoundingMode, meta: { title: string; author: string }, part: 'plan' | 'progress' = 'plan'): Document {
  const p = doc.plan!;
  const r = renderer(data, doc, rounding, ctx);
  const title = plainText(r.render(p.title, 'plan.title')) || `${doc.region?.name ?? doc.regionCode}实施方案`;
  if (part === 'plan') {
    // as published (summary.hbs, kind plan): 版头, the covering notice, then the 方案 on a new page, 附件, 版记
    const g = gwPlan(p, r);
    const e = g.elements;
    const children: (Paragraph | Table)[] = [...(e.header ? bannerBlocks(ctx, e.header) : [])];
    if (g.notice) {
      if (g.notice.to) children.push(toParagraph(ctx, g.notice.to));
      children.push(...g.notice.paragraphs.map((x) => gbParagraph(ctx, plainText(x))));
      if (g.notice.closing) children.push(...closingBlocks(ctx, g.notice.closing));
    }
    children.push(gbTitle(ctx, title, { pageBreakBefore: g.notice !== null }));
    if (g.to) children.push(toParagraph(ctx, g.to));
    children.push(...g.intro.map((x) => gbParagraph(ctx, plainText(x))), ...sectionBlocks(ctx, g.sections));
    const table = p.figureTable ? figureTable(doc, 1) : null;
    if (table) children.push(...figureTableBlocks(ctx, table, GB_TEXT_WIDTH, 12, 'fangsong'));
    children.push(...gbEnd(ctx, e, g.closing));
    children.push(...gbTail(ctx, e));
    return makeDocument(ctx, [{ properties: GB_PROPS, ...gbFooters(ctx), children }], meta, { font: ctx.fonts.fangsong, size: 16 });
  }
  const heading = `${title}任务进展`;
  // the task table on landscape pages, the PDF's columns and proportions (summary.css .tasks):
  // 序号 任务 牵头单位 配合单位 责任单位 完成时限 状态/进展, at the PDF's 10.5 pt on 1.45 lines
  const shared = taskRows(p, r);
  const rows = shared.rows.map((row) => ({
    ...row,
    title: plainText(row.title),
    progress: plainText(row.progress),
  }));
  const countText = shared.counts;

  const share = TASK_COLUMNS.map((c) => c.share);
  const widths = share.map((x) => Math.floor(LANDSCAPE_TEXT_WIDTH * x));
  const border = { top: LINE(4), bottom: LINE(4), left: LINE(4), right: LINE(4) };
  const margins = { top: mm(1.2), bottom: mm(1.2), left: mm(1.5), right: mm(1.5) };
  const para = (children: TextRun[], center = false, keepNext = false): Paragraph => new Paragraph({ alignment: center ? AlignmentType.CENTER : AlignmentType.LEFT, spacing: exactLine(10.5, 1.45), ...(keepNext ? { keepNext: true } : {}), children });
  const cell = (paragraphs: Paragraph[], w: number, fill: string | null, opts: { span?: number } = {}): TableCell =>
    new TableCell({
      width: { size: w, type: WidthType.DXA },
      borders: border,
      margins,
      ...(opts.span ? { columnSpan: opts.span } : {}),
      ...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill } } : {}),
      children: paragraphs,
    });
  const t = (text: string, role: Role = 'fangsong', extra: Partial<IRunOptions> = {}): TextRun => run(ctx, text, role, 10.5, extra);
  const tableRows: TableRow[] = [new TableRow({ tableHeader: true, cantSplit: true, children: TASK_COLUMNS.map((c, i) => cell([para([t(c.head, 'hei')], true)], widths[i]!, 'EEEEEE')) })];
  for (const row of rows) {
    // a group row stays with its first task (Word keeps a row whose paragraphs keep with the next)
    if (row.group) tableRows.push(new TableRow({ cantSplit: true, children: [cell([para([t(row.group, 'kai')], false, true)], widths.reduce((a, b) => a + b, 0), 'F6F6F6', { span: TASK_COLUMNS.length })] }));
    const fill = row.overdue ? 'FDE8E8' : null;
    const status = row.overdue ? [t('逾期', 'hei', { color: 'BB0000' }), t(` ${row.status}`)] : [t(row.status)];
    tableRows.push(
      new TableRow({
        cantSplit: true,
        children: [
          cell([para([t(row.no)], true)], widths[0]!, fill),
          cell([para([t(row.title)])], widths[1]!, fill),
          cell([para([t(row.lead)])], widths[2]!, fill),
          cell([para([t(row.partners)])], widths[3]!, fill),
          cell([para([t(row.responsible)])], widths[4]!, fill),
          cell([para([t(row.due)])], widths[5]!, fill),
          cell([para(status), ...(row.progress ? [para([t(row.progress)])] : [])], widths[6]!, fill),
        ],
      }),
    );
  }
  // the progress report (summary.hbs, kind progress): title 18 pt, 截至2023年3月17日 and the counts centred, the table
  const centred = (text: string): Paragraph => new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: { ...exactLine(12, 1.6), after: mm(2) }, children: [run(ctx, text, 'fangsong', 12)] });
  const taskChildren: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: exactLine(18, 1.5), children: [run(ctx, heading, 'xiaobiaosong', 18, ctx.fonts.xiaobiaosongBold ? { bold: true } : {})] }),
    ...(p.as_of ? [centred(`截至${chineseDate(p.as_of)}`)] : []),
    centred(countText),
    new Table({ width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, rows: tableRows }),
  ];
  const landscape = { size: { width: A4.width, height: A4.height, orientation: PageOrientation.LANDSCAPE }, margin: LANDSCAPE_MARGIN };
  return makeDocument(ctx, [{ properties: { page: landscape }, ...gbFooters(ctx), children: taskChildren }], meta, { font: ctx.fonts.fangsong, size: 16 });
}

function makeDocument(ctx: Ctx, sections: ISectionOptions[], meta: { title: string; author: string }, body: { font: string; size: number }): Document {
  for (const s of sections) if (s.properties?.grid) offGrid([...s.children, ...Object.values(s.headers ?? {}), ...Object.values(s.footers ?? {})]);
  // what runs without a font of their own (tabs, page references) draw in
  use(ctx, body.font, FIELD_CHARS, false);
  const fonts = ctx.embed?.(ctx.used!) ?? [];
  return new Document({
    ...(fonts.length > 0 ? { fonts: fonts.map((f) => ({ name: f.name, data: f.data as Buffer, ...(f.bold ? { bold: f.bold as Buffer } : {}), characterSet: CharacterSet.GB_2312 })) } : {}),
    title: meta.title,
    creator: meta.author,
    lastModifiedBy: 'yearbook',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: { run: { font: font(body.font), size: pt(body.size), language: { value: 'en-US', eastAsia: 'zh-CN' } } },
      },
    },
    sections,
  });
}

/** The Word document of a planned page, with its charts as PNGs (one list per document of the page). */
export function pageDocument(page: Page, data: Dataset, ctx: Ctx, charts: DocxChart[][], rounding: RoundingMode, chapter: string, tables: 'after' | 'appendix' = 'after', errata: Errata | null = null): Document {
  const meta = { title: page.title, author: page.author };
  const doc = page.docs[0]!;
  switch (page.kind) {
    case 'entry':
      return entryDocument(data, [{ doc, charts: charts[0] ?? [], tableNo: 1 }], ctx, rounding, chapter, false, meta);
    case 'chapter':
      return entryDocument(data, page.docs.map((d, i) => ({ doc: d, charts: charts[i] ?? [], tableNo: i + 1 })), ctx, rounding, chapter, true, meta, tables, errata);
    case 'summary':
      return summaryDocument(data, doc, charts[0] ?? [], ctx, rounding, meta);
    case 'plan':
    case 'progress':
      return planDocument(data, doc, ctx, rounding, meta, page.kind);
  }
}

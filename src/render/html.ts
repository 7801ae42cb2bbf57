/**
 * Turns documents into the data the page templates print (entry, chapter, summary, plan) and renders
 * the templates (Handlebars, strict mode). Figures and prose come through the text renderer; every
 * string a template prints is escaped. Pure: the io layer reads the template files.
 */
import Handlebars from 'handlebars';
import { previousDoc, type Dataset } from '../core/parse/dataset.js';
import type { Doc, Plan, Section, Task } from '../core/model/types.js';
import { currentValue } from '../core/model/figure-interval.js';
import { familyCss, ROLES, type FontMap } from './fonts.js';
import { changeText, figureText, type RoundingMode } from './figure-text.js';
import { plainText, textRenderer, type TextError, type TextRenderer } from './text.js';
export { plainText } from './text.js';
import { chapterHeadings, type Chart, type Page } from './plan.js';
export type { Chart } from './plan.js';
import { markChartSvg } from './mark.js';
import { overdueBy } from '../core/checks/overdue.js';

export class TemplateError extends Error {}


export interface TocLine {
  name: string;
  level: 'top' | 'sub';
  page: string;
}

export interface PageOptions {
  fonts: FontMap;
  /** The @font-face rules of the fonts the map names (from the io layer). */
  fontFaces: string;
  rounding: RoundingMode;
  /** The draft stamp (草稿 · 3处数据不一致), or null for a clean build. */
  draft: string | null;
  /** The chapter named in running heads (医疗保障). */
  chapter: string;
  /** Mark printed figures, figure-table rows and chart labels with data-yb="path" (the preview). */
  mark?: boolean;
  /** Takes each placeholder that cannot be printed (then shown as 〔缺：…〕); without it, a TextError. */
  onProblem?: (problem: TextError) => void;
}

/** The text renderer of a document as these options print it. */
export function rendererFor(data: Dataset, doc: Doc, opts: Pick<PageOptions, 'rounding' | 'mark' | 'onProblem'>): TextRenderer {
  return textRenderer(doc, { rounding: opts.rounding, prev: previousDoc(data, doc), mark: opts.mark, onProblem: opts.onProblem });
}

/** The text of a templates folder, as the io layer read it. */
export interface TemplateSources {
  dir: string;
  hbs: Record<'entry' | 'summary' | 'head' | 'figure-table' | 'section', string>;
  css: Record<'base' | 'entry' | 'summary', string>;
}

export interface Templates {
  entry: HandlebarsTemplateDelegate;
  summary: HandlebarsTemplateDelegate;
  css: Record<'base' | 'entry' | 'summary', string>;
}

/** Compiles the page templates; a broken one is a TemplateError naming its file, line and column. */
export function compileTemplates(src: TemplateSources): Templates {
  const hb = Handlebars.create();
  const fileOf = (name: string): string => `${src.dir.replace(/[\\/]+$/, '')}/${name}.hbs`;
  hb.registerHelper('cssString', (s: unknown) => cssString(String(s)));
  const compile = (name: 'entry' | 'summary'): HandlebarsTemplateDelegate => {
    try {
      const tpl = hb.compile(src.hbs[name], { strict: true });
      // compile lazily parses: force it now so syntax errors name the file
      hb.precompile(src.hbs[name], { strict: true });
      return (ctx: unknown) => {
        try {
          return tpl(ctx);
        } catch (e) {
          throw templateError(fileOf(name), e);
        }
      };
    } catch (e) {
      throw templateError(fileOf(name), e);
    }
  };
  for (const p of ['head', 'figure-table', 'section'] as const) hb.registerPartial(p, src.hbs[p]);
  return { entry: compile('entry'), summary: compile('summary'), css: { ...src.css } };
}

/**
 * A CSS string literal ("…") of any text, for `content:` and the like: every character that could end
 * the string, the declaration or the <style> element, or that CSS reads otherwise (quotes, backslash,
 * < > &, control and format characters, line and paragraph separators, lone surrogates,
 * unassigned code points), is written as a hex escape `\HH ` (NUL as U+FFFD, which CSS makes of it).
 */
export function cssString(s: string): string {
  return `"${s.replace(/[\p{C}\p{Zl}\p{Zp}"'\\<>&]/gu, (c) => `\\${(c === '\0' ? 0xfffd : c.codePointAt(0)!).toString(16)} `)}"`;
}

function templateError(file: string, e: unknown): TemplateError {
  const err = e as Error & { lineNumber?: number; column?: number };
  const where = err.lineNumber ? `${file}:${err.lineNumber}:${(err.column ?? 0) + 1}` : file;
  const name = /"([^"]+)" not defined/.exec(err.message)?.[1];
  return new TemplateError(`${where}  模板错误:${name ? `引用了不存在的“${name}”` : err.message.split('\n')[0]}`);
}

function fontsContext(fonts: FontMap): Record<string, string> {
  return Object.fromEntries(ROLES.map((r) => [r, familyCss(fonts, r)]));
}

const NUMERALS = '零一二三四五六七八九';
/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 26 → 二十六. */
export function chineseNumber(n: number): string {
  if (n < 10) return NUMERALS[n]!;
  if (n < 20) return '十' + (n % 10 ? NUMERALS[n % 10] : '');
  if (n < 100) return NUMERALS[Math.floor(n / 10)] + '十' + (n % 10 ? NUMERALS[n % 10] : '');
  return String(n);
}

/** Heading numbers of GB/T 9704 by depth: 一、 (一) 1. (1) */
export function headingNumber(depth: number, n: number): string {
  switch (depth) {
    case 0:
      return `${chineseNumber(n)}、`;
    case 1:
      return `(${chineseNumber(n)})`;
    case 2:
      return `${n}.`;
    default:
      return `(${n})`;
  }
}

function paragraphs(text: string, key: string, r: TextRenderer): string[] {
  const html = r.render(text, key);
  return html.split(/\n+/).map((p) => p.trim()).filter(Boolean);
}

interface SectionView {
  tag: string;
  cls: string;
  number: string;
  title: string;
  paragraphs: string[];
  sections: SectionView[];
}

function sectionViews(sections: Section[], depth: number, r: TextRenderer): SectionView[] {
  return sections.map((s, i) => ({
    tag: ['h2', 'h3', 'h4', 'h5'][Math.min(depth, 3)]!,
    cls: `h${Math.min(depth, 3) + 1}`,
    number: headingNumber(depth, i + 1),
    title: r.render(s.title, `${s.key}.title`),
    paragraphs: paragraphs(s.text, `${s.key}.text`, r),
    sections: sectionViews(s.sections, depth + 1, r),
  }));
}

export interface FigureTable {
  n: number;
  title: string;
  hasChange: boolean;
  rows: { label: string; value: string; change: string; yb: string | null }[];
}

/** The document's figures as a table (表n), in the order they are written. */
export function figureTable(doc: Doc, n: number, mark = false): FigureTable | null {
  const rows = [...doc.figures.values()].flatMap((fig) => {
    const cur = currentValue(fig);
    if (!cur || !fig.indicator) return [];
    const value = fig.before && fig.after ? `${figureText(fig.before)} → ${figureText(fig.after)}` : figureText(cur);
    const change = fig.growth ? changeText('growth', fig.growth) : fig.pp ? changeText('pp', fig.pp) : fig.increase ? changeText('increase', fig.increase) : '';
    return [{ label: fig.indicator.label, value, change, yb: mark ? fig.path : null }];
  });
  if (rows.length === 0) return null;
  return { n, title: `${doc.region?.name ?? doc.regionCode}${doc.year}年主要指标`, hasChange: rows.some((r) => r.change !== ''), rows };
}


function common(t: Templates, opts: PageOptions, title: string, author: string, css: 'entry' | 'summary'): Record<string, unknown> {
  return { title: plainText(title), author, fonts: fontsContext(opts.fonts), fontFaces: opts.fontFaces, css: t.css.base + '\n' + t.css[css], draft: opts.draft };
}

export interface EntryInput {
  doc: Doc;
  charts: Chart[];
  /** Number the first table gets. */
  tableNo: number;
}

/** One region's entries, or a chapter of many regions with a table of contents. */
export function entryHtml(t: Templates, data: Dataset, inputs: EntryInput[], opts: PageOptions, toc: TocLine[] | null): string {
  const first = inputs[0]!.doc;
  const volume = first.source ?? '';
  const regions = inputs.map(({ doc, charts, tableNo }) => {
    const r = rendererFor(data, doc, opts);
    const entry = doc.entry!;
    const table = figureTable(doc, tableNo, opts.mark);
    return {
      id: `r${doc.regionCode}`,
      name: doc.region?.name ?? doc.regionCode,
      yearLabel: `${doc.year}年`,
      sections: entry.sections.map((s) => ({ title: r.render(s.title, `${s.key}.title`), paragraphs: paragraphs(s.text, `${s.key}.text`, r) })),
      credit: entry.author ?? entry.credit,
      charts: opts.mark ? charts.map((c) => ({ ...c, svg: markChartSvg(c.svg, [doc]) })) : charts,
      tables: table ? [table] : [],
    };
  });
  const title = toc ? `${volume ? volume + ' ' : ''}${opts.chapter}(${first.year}年)` : `${first.region?.name ?? first.regionCode}${first.year}年${opts.chapter}`;
  const runningHead = [volume, opts.chapter].filter(Boolean).join(' · ');
  return t.entry({ ...common(t, opts, title, inputs.map((i) => i.doc.entry!.author ?? i.doc.entry!.credit ?? '').filter(Boolean).join('、'), 'entry'), runningHead, regions, toc });
}

export function summaryHtml(t: Templates, data: Dataset, doc: Doc, charts: Chart[], opts: PageOptions): string {
  const s = doc.summary!;
  const r = rendererFor(data, doc, opts);
  const table = figureTable(doc, 1, opts.mark);
  const heading = r.render(s.title, 'summary.title') || `${doc.region?.name ?? doc.regionCode}${doc.year}年工作总结`;
  return t.summary({
    ...common(t, opts, heading, s.author ?? s.issuer ?? doc.region?.name ?? '', 'summary'),
    heading,
    meta: [s.issuer, s.date].filter(Boolean).join(' '),
    intro: paragraphs(s.intro, 'summary.intro', r),
    sections: sectionViews(s.sections, 0, r),
    author: s.author,
    charts: opts.mark ? charts.map((c) => ({ ...c, svg: markChartSvg(c.svg, [doc]) })) : charts,
    tables: table ? [table] : [],
    tasks: null,
  });
}

const STATUS: Record<string, string> = { done: '已完成', 'in-progress': '推进中', 'not-started': '未开始' };

/** Deadlines as printed: 2023年3月、持续推进. */
export function dueText(due: Task['due']): string {
  return due.map((d) => (d.kind === 'ongoing' ? '持续推进' : d.text.length === 7 ? `${d.text.slice(0, 4)}年${Number(d.text.slice(5))}月` : `${d.text.slice(0, 4)}年${Number(d.text.slice(5, 7))}月${Number(d.text.slice(8))}日`)).join('、');
}

export interface TaskRow {
  /** The group heading to print before this task, when it starts a new group. */
  group: string | null;
  no: string;
  /** As the text renderer escaped it (HTML-safe). */
  title: string;
  lead: string;
  partners: string;
  due: string;
  status: string;
  /** As the text renderer escaped it (HTML-safe). */
  progress: string;
  overdue: boolean;
}

/** The rows of a plan's task table and the line counting them by status; shared by the PDF and Word outputs. */
export function taskRows(plan: Plan, r: TextRenderer): { rows: TaskRow[]; counts: string } {
  let lastGroup: string | null = null;
  const rows = plan.tasks.map((task) => {
    const group = task.group && task.group !== lastGroup ? task.group : null;
    lastGroup = task.group;
    return {
      group,
      no: task.no,
      title: r.render(task.title, `${task.key}.title`),
      lead: task.lead.join('、'),
      partners: [...task.partners, ...task.responsible].join('、'),
      due: dueText(task.due),
      status: (task.status && STATUS[task.status]) || '未填报',
      progress: task.progress ? r.render(task.progress, `${task.key}.progress`) : '',
      overdue: overdueBy(task, plan.as_of) !== null,
    };
  });
  const byStatus = new Map<string, number>();
  for (const row of rows) byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + 1);
  const overdue = rows.filter((x) => x.overdue).length;
  const counts = `共${rows.length}项任务:${[...byStatus].map(([k, v]) => `${k}${v}项`).join(',')}${overdue ? `;截至${plan.as_of}逾期${overdue}项` : ''}。`;
  return { rows, counts };
}

export function planHtml(t: Templates, data: Dataset, doc: Doc, charts: Chart[], opts: PageOptions): string {
  const p = doc.plan!;
  const r = rendererFor(data, doc, opts);
  const { rows, counts: countText } = taskRows(p, r);
  const table = figureTable(doc, 1, opts.mark);
  const heading = r.render(p.title, 'plan.title') || `${doc.region?.name ?? doc.regionCode}实施方案`;
  return t.summary({
    ...common(t, opts, `${heading}任务进展`, p.issuer ?? doc.region?.name ?? '', 'summary'),
    heading: `${heading}任务进展`,
    meta: [p.issuer, p.as_of ? `截至${p.as_of}` : null].filter(Boolean).join(' '),
    intro: paragraphs(p.intro, 'plan.intro', r),
    sections: sectionViews(p.sections, 0, r),
    author: null,
    charts,
    tables: table ? [table] : [],
    tasks: { caption: `表${table ? 2 : 1} 任务进展`, rows, counts: countText },
  });
}

/**
 * The HTML of a planned page. A chapter's contents: the given lines, 'none' for none (the first
 * print, to find the pages), or by default every member without page numbers.
 */
export async function pageHtml(page: Page, t: Templates, data: Dataset, opts: PageOptions, toc?: TocLine[] | 'none'): Promise<string> {
  const charts = await page.charts();
  const doc = page.docs[0]!;
  switch (page.kind) {
    case 'entry':
      return entryHtml(t, data, [{ doc, charts: charts[0] ?? [], tableNo: 1 }], opts, null);
    case 'chapter':
      return entryHtml(t, data, page.docs.map((d, i) => ({ doc: d, charts: charts[i] ?? [], tableNo: i + 1 })), opts, toc === 'none' ? null : (toc ?? tocLines(page, null)));
    case 'summary':
      return summaryHtml(t, data, doc, charts[0] ?? [], opts);
    case 'plan':
      return planHtml(t, data, doc, [], opts);
  }
}

/** A chapter's table of contents: one line per member, with its page number once known. */
export function tocLines(page: Page, pages: number[] | null): TocLine[] {
  return chapterHeadings(page).map((h, i) => ({ name: h.name, level: 'top' as const, page: pages ? String(pages[i]) : '' }));
}

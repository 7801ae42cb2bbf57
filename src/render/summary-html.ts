/**
 * The 公文 pages (summary.hbs): work summaries and plans as published, in the GB/T 9704 layout with
 * the elements of FORMAT.md §8a (版头, 主送机关, 附件说明, 署名, 成文日期, 附注, attachments, 版记), and a
 * plan's progress table as a report of its own. Pure: prints nothing itself, reads no files.
 */
import type { Dataset } from '../core/parse/dataset.js';
import type { Doc, GongwenElements, Plan, Section, Task } from '../core/model/types.js';
import type { Chart } from './plan.js';
import { markChartSvg } from './mark.js';
import { figureTable } from './figure-table.js';
import { chineseDate, dueText, headingNo, taskRows, type TaskRow } from './tasks.js';
import { escapeHtml, type TextRenderer } from './text.js';
import { common, paragraphs, rendererFor, type PageOptions, type Templates } from './page-common.js';

interface SectionView {
  /** Null for a section without a title: its text prints unnumbered. */
  tag: string | null;
  cls: string;
  number: string;
  title: string;
  paragraphs: string[];
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

/** Top-level sections as printed: titled ones numbered 一、二、…, untitled ones as plain text. */
function sectionViews(sections: Section[], depth: number, r: TextRenderer): SectionView[] {
  let n = 0;
  return sections.map((s) => {
    const title = r.render(s.title, `${s.key}.title`);
    const titled = s.title !== '';
    if (titled) n++;
    return {
      tag: titled ? ['h2', 'h3', 'h4', 'h5'][Math.min(depth, 3)]! : null,
      cls: `h${Math.min(depth, 3) + 1}`,
      number: titled ? headingNo(depth, n) : '',
      title,
      paragraphs: paragraphs(s.text, `${s.key}.text`, r),
      sections: sectionViews(s.sections, depth + 1, r),
    };
  });
}

/** The units and deadline of a task as the published plan prints them: （牵头单位：…；配合单位：…；责任单位：…；持续推进）. */
export function taskUnits(task: Task): string {
  const parts = [
    task.lead.length ? `牵头单位：${task.lead.join('、')}` : null,
    task.partners.length ? `配合单位：${task.partners.join('、')}` : null,
    task.responsible.length ? `责任单位：${task.responsible.join('、')}` : null,
    task.due.length ? task.due.map((d) => (d.kind === 'ongoing' ? '持续推进' : `${dueText([d])}完成`)).join('、') : null,
  ].filter((x): x is string => x !== null);
  return parts.length ? `（${parts.join('；')}）` : '';
}

/** A task as a paragraph of the plan's text: 1.扩大基本医疗保险覆盖面。text（units）. HTML-safe. */
function taskParagraphs(task: Task, r: TextRenderer): string[] {
  const title = r.render(task.title, `${task.key}.title`);
  const stop = /[。！？]$/.test(task.title) ? '' : '。';
  const n = /^\d+$/.test(task.no) ? headingNo(2, Number(task.no)) : `${escapeHtml(task.no)} `;
  const paras = paragraphs(task.text, `${task.key}.text`, r);
  const units = escapeHtml(taskUnits(task));
  const lead = `<span class="run-in">${escapeHtml(n)}${title}${stop}</span>`;
  if (paras.length === 0) return [`${lead}${units}`];
  return paras.map((p, i) => `${i === 0 ? lead : ''}${p}${i === paras.length - 1 ? units : ''}`);
}

/**
 * The top-level sections of a plan with its tasks standing where `tasks_at` says (the tasks_at-th
 * numbered section, counting from 0, prints its own text and then the tasks, grouped under (一)…
 * headings by `group`); a tasks_at past the last numbered section adds one, 主要任务.
 */
function planSections(p: Plan, r: TextRenderer): SectionView[] {
  const views = sectionViews(p.sections, 0, r);
  if (p.tasks_at === null || p.tasks.length === 0) return views;
  const groups: { name: string | null; tasks: Task[] }[] = [];
  for (const t of p.tasks) {
    const last = groups[groups.length - 1];
    if (last && last.name === t.group) last.tasks.push(t);
    else groups.push({ name: t.group, tasks: [t] });
  }
  const ungrouped = groups.every((g) => g.name === null);
  const taskViews: SectionView[] = ungrouped
    ? []
    : groups.map((g, i) => ({ tag: 'h3', cls: 'h2', number: g.name === null ? '' : headingNo(1, i + 1), title: escapeHtml(g.name ?? ''), paragraphs: g.tasks.flatMap((t) => taskParagraphs(t, r)), sections: [] }));
  const numbered = views.filter((v) => v.tag !== null);
  let host = numbered[p.tasks_at];
  if (!host) {
    host = { tag: 'h2', cls: 'h1', number: headingNo(0, numbered.length + 1), title: '主要任务', paragraphs: [], sections: [] };
    views.push(host);
  }
  if (ungrouped) host.paragraphs.push(...p.tasks.flatMap((t) => taskParagraphs(t, r)));
  else host.sections.push(...taskViews);
  return views;
}

/** Where the template puts the 版记 (PageOptions.colophon). */
function colophonPlacement(opts: Pick<PageOptions, 'colophon'>): { blankBeforeColophon: boolean; colophonFlow: string | null } {
  const c = opts.colophon ?? 'page';
  return { blankBeforeColophon: c === 'blank', colophonFlow: typeof c === 'object' ? `${Math.max(0, c.pad).toFixed(2)}pt` : null };
}

/** Whether the 版头 prints: `header` when given, else whenever there is a 发文字号. */
function hasHeader(g: GongwenElements): boolean {
  return g.header ?? g.number !== null;
}

function gongwenView(g: GongwenElements, r: TextRenderer): GongwenView {
  let header: GongwenView['header'] = null;
  if (hasHeader(g) && (g.issuer || g.number)) {
    const mark = g.issuer ? (g.issuer.endsWith('文件') ? g.issuer : `${g.issuer}文件`) : '';
    // 初号 (42 pt) when it fits the 156 mm type area (442 pt), smaller for a long name
    const size = Math.min(42, Math.floor((440 / Math.max(1, [...mark].length)) * 10) / 10);
    header = { mark, size: `${size}pt`, number: g.number };
  }
  const several = g.attachments.length > 1;
  const names = g.attachments.map((a, i) => ({ n: several ? `${i + 1}．` : '', name: r.render(a.title, `${a.key}.title`) }));
  const signature = g.signature ?? (g.date ? g.issuer : null);
  return {
    header,
    to: g.to.length ? `${g.to.map(escapeHtml).join('，')}：` : null,
    attachmentNote: names,
    closing: signature || g.date || g.note ? { lines: Boolean(signature || g.date), signature, date: g.date ? chineseDate(g.date) : null, note: g.note ? `（${g.note.replace(/^[(（]|[)）]$/g, '')}）` : null } : null,
    attachments: g.attachments.map((a, i) => ({ label: several ? `附件${i + 1}` : '附件', title: r.render(a.title, `${a.key}.title`), paragraphs: paragraphs(a.text, `${a.key}.text`, r) })),
    colophon: g.cc.length || g.printed_by || g.printed_on ? { cc: g.cc.length ? `${g.cc.join('，')}。` : null, printedBy: g.printed_by, printedOn: g.printed_on ? `${chineseDate(g.printed_on)}印发` : null } : null,
  };
}

export function summaryHtml(t: Templates, data: Dataset, doc: Doc, charts: Chart[], opts: PageOptions): string {
  const s = doc.summary!;
  const r = rendererFor(data, doc, opts);
  const table = s.figureTable ? figureTable(doc, 1, opts.mark) : null;
  const heading = r.render(s.title, 'summary.title') || `${doc.region?.name ?? doc.regionCode}${doc.year}年工作总结`;
  return t.summary({
    ...common(t, opts, heading, s.author ?? s.issuer ?? doc.region?.name ?? '', 'summary'),
    ...gongwenView(s, r),
    ...colophonPlacement(opts),
    kind: 'summary',
    heading,
    notice: null,
    intro: paragraphs(s.intro, 'summary.intro', r),
    sections: sectionViews(s.sections, 0, r),
    author: s.author,
    charts: opts.mark ? charts.map((c) => ({ ...c, svg: markChartSvg(c.svg, [doc]) })) : charts,
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
  const table = p.figureTable ? figureTable(doc, 1, opts.mark) : null;
  const heading = r.render(p.title, 'plan.title') || `${doc.region?.name ?? doc.regionCode}实施方案`;
  const gw = gongwenView(p, r);
  const intro = paragraphs(p.intro, 'plan.intro', r);
  const asNotice = p.to.length > 0 && intro.length > 0;
  return t.summary({
    ...common(t, opts, heading, p.issuer ?? doc.region?.name ?? '', 'summary'),
    ...gw,
    ...colophonPlacement(opts),
    kind: 'plan',
    heading,
    notice: asNotice ? { to: gw.to, paragraphs: intro, closing: gw.closing } : null,
    to: asNotice ? null : gw.to,
    closing: asNotice ? null : gw.closing,
    intro: asNotice ? [] : intro,
    sections: planSections(p, r),
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
    sections: [],
    author: null,
    charts: [],
    tables: [],
    tasks: { asOf: p.as_of ? `截至${chineseDate(p.as_of)}` : null, bodies: tableBodies(rows), counts },
  });
}

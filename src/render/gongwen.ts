/**
 * What a 公文 (summary or plan) prints and in which order, shared by the PDF (summary-html.ts) and Word (docx.ts): the
 * GB/T 9704 elements of FORMAT.md §8a with their wording, the numbered sections, a plan's notice/方案 split and its tasks
 * where `tasks_at` puts them. Pure; text as the renderer escaped it (HTML-safe) or raw where marked; no markup or layout.
 */
import type { GongwenElements, Plan, Section, Task } from '../core/model/types.js';
import { chineseDate, dueText, headingNo } from './tasks.js';
import { escapeHtml, type TextRenderer } from './text.js';
import { paragraphs } from './page-common.js';
import { placeholders } from '../core/model/text-refs.js';

/** A paragraph of a section: `lead` is a task's run-in number and title (printed bold), '' for plain text. HTML-safe. */
export interface GwParagraph {
  lead: string;
  text: string;
}

export interface GwSection {
  /** 0 for 一、, 1 for （一）, 2 for 1., 3 for （1）. */
  depth: number;
  /** False for a section without a title: its text prints unnumbered, no heading. */
  titled: boolean;
  number: string;
  /** HTML-safe. */
  title: string;
  paragraphs: GwParagraph[];
  sections: GwSection[];
}

/** 署名, 成文日期 (2023年12月28日) and 附注 (in parentheses); raw text. */
export interface GwClosing {
  /** Whether a 署名 or 成文日期 prints (the right-aligned block). */
  lines: boolean;
  signature: string | null;
  date: string | null;
  note: string | null;
}

/** The GB/T 9704 elements as printed; null or empty where the document has none. */
export interface GwElements {
  /** 版头: 发文机关标志 (red, 小标宋, in points sized to fit the type area) and 发文字号; raw text. */
  header: { mark: string; sizePt: number; number: string | null } | null;
  /** 主送机关, ending in a full-width colon; raw text. */
  to: string | null;
  /** 附件说明: the attachments' numbers (1． 2． when several) and names (HTML-safe). */
  attachmentNote: { n: string; name: string }[];
  closing: GwClosing | null;
  /** Each attachment on a page of its own, headed 附件 / 附件1; title and paragraphs HTML-safe. */
  attachments: { label: string; title: string; paragraphs: string[] }[];
  /** 版记: 抄送 and 印发机关 / 印发日期; raw text. */
  colophon: { cc: string | null; printedBy: string | null; printedOn: string | null } | null;
}

const plain = (ps: string[]): GwParagraph[] => ps.map((text) => ({ lead: '', text }));

/** Top-level sections as printed: titled ones numbered 一、二、…, untitled ones as plain text. */
export function gwSections(sections: Section[], depth: number, r: TextRenderer): GwSection[] {
  let n = 0;
  return sections.map((s) => {
    const title = r.render(s.title, `${s.key}.title`);
    const titled = s.title !== '';
    if (titled) n++;
    return {
      depth,
      titled,
      number: titled ? headingNo(depth, n) : '',
      title,
      paragraphs: plain(paragraphs(s.text, `${s.key}.text`, r)),
      sections: gwSections(s.sections, depth + 1, r),
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

/** A task as paragraphs of the plan's text: 1.扩大基本医疗保险覆盖面。 run in, its text, then its units. */
function taskParagraphs(task: Task, r: TextRenderer): GwParagraph[] {
  const title = r.render(task.title, `${task.key}.title`);
  const stop = /[。！？]$/.test(task.title) ? '' : '。';
  const n = /^\d+$/.test(task.no) ? headingNo(2, Number(task.no)) : `${escapeHtml(task.no)} `;
  const paras = paragraphs(task.text, `${task.key}.text`, r);
  const units = escapeHtml(taskUnits(task));
  const lead = `${escapeHtml(n)}${title}${stop}`;
  if (paras.length === 0) return [{ lead, text: units }];
  return paras.map((p, i) => ({ lead: i === 0 ? lead : '', text: `${p}${i === paras.length - 1 ? units : ''}` }));
}

/**
 * The top-level sections of a plan with its tasks standing where `tasks_at` says (the tasks_at-th
 * numbered section, counting from 0, prints its own text and then the tasks, grouped under (一)…
 * headings by `group`); a tasks_at past the last numbered section adds one, 主要任务.
 */
export function planSections(p: Plan, r: TextRenderer): GwSection[] {
  const views = gwSections(p.sections, 0, r);
  if (p.tasks_at === null || p.tasks.length === 0) return views;
  const groups: { name: string | null; tasks: Task[] }[] = [];
  for (const t of p.tasks) {
    const last = groups[groups.length - 1];
    if (last && last.name === t.group) last.tasks.push(t);
    else groups.push({ name: t.group, tasks: [t] });
  }
  const ungrouped = groups.every((g) => g.name === null);
  const taskViews: GwSection[] = ungrouped
    ? []
    : groups.map((g, i) => ({ depth: 1, titled: true, number: g.name === null ? '' : headingNo(1, i + 1), title: escapeHtml(g.name ?? ''), paragraphs: g.tasks.flatMap((t) => taskParagraphs(t, r)), sections: [] }));
  const numbered = views.filter((v) => v.titled);
  let host = numbered[p.tasks_at];
  if (!host) {
    host = { depth: 0, titled: true, number: headingNo(0, numbered.length + 1), title: '主要任务', paragraphs: [], sections: [] };
    views.push(host);
  }
  if (ungrouped) host.paragraphs.push(...p.tasks.flatMap((t) => taskParagraphs(t, r)));
  else host.sections.push(...taskViews);
  return views;
}

/** Whether the 版头 prints: `header` when given, else whenever there is a 发文字号. */
function hasHeader(g: GongwenElements): boolean {
  return g.header ?? g.number !== null;
}

export function gwElements(g: GongwenElements, r: TextRenderer): GwElements {
  let header: GwElements['header'] = null;
  if (hasHeader(g) && (g.issuer || g.number)) {
    const mark = g.issuer ? (g.issuer.endsWith('文件') ? g.issuer : `${g.issuer}文件`) : '';
    // 初号 (42 pt) when it fits the 156 mm type area (442 pt), smaller for a long name
    const sizePt = Math.min(42, Math.floor((440 / Math.max(1, [...mark].length)) * 10) / 10);
    header = { mark, sizePt, number: g.number };
  }
  const several = g.attachments.length > 1;
  const names = g.attachments.map((a, i) => ({ n: several ? `${i + 1}．` : '', name: r.render(a.title, `${a.key}.title`) }));
  const signature = g.signature ?? (g.date ? g.issuer : null);
  return {
    header,
    to: g.to.length ? `${g.to.join('，')}：` : null,
    attachmentNote: names,
    closing: signature || g.date || g.note ? { lines: Boolean(signature || g.date), signature, date: g.date ? chineseDate(g.date) : null, note: g.note ? `（${g.note.replace(/^[(（]|[)）]$/g, '')}）` : null } : null,
    attachments: g.attachments.map((a, i) => ({ label: several ? `附件${i + 1}` : '附件', title: r.render(a.title, `${a.key}.title`), paragraphs: paragraphs(a.text, `${a.key}.text`, r) })),
    colophon: g.cc.length || g.printed_by || g.printed_on ? { cc: g.cc.length ? `${g.cc.join('，')}。` : null, printedBy: g.printed_by, printedOn: g.printed_on ? `${chineseDate(g.printed_on)}印发` : null } : null,
  };
}

/** A plan as published: its parts in print order (notice, then the 方案 with its own title, to, intro, sections). */
export interface GwPlan {
  elements: GwElements;
  /** The covering notice (印发通知) when the plan has 主送机关 and an intro: to, paragraphs, closing; then the 方案 starts a new page. */
  notice: { to: string | null; paragraphs: string[]; closing: GwClosing | null } | null;
  /** 主送机关 and closing of the 方案 itself (null when the notice carries them). */
  to: string | null;
  closing: GwClosing | null;
  intro: string[];
  sections: GwSection[];
}

export function gwPlan(p: Plan, r: TextRenderer): GwPlan {
  const elements = gwElements(p, r);
  const intro = paragraphs(p.intro, 'plan.intro', r);
  const asNotice = p.to.length > 0 && intro.length > 0;
  return {
    elements,
    notice: asNotice ? { to: elements.to, paragraphs: intro, closing: elements.closing } : null,
    to: asNotice ? null : elements.to,
    closing: asNotice ? null : elements.closing,
    intro: asNotice ? [] : intro,
    sections: planSections(p, r),
  };
}

/** The figure paths a text and its sub-sections name in placeholders (`{{a.b}}`, `{{prev(a.b)}}`, `{{change a.b}}`). */
function namedPaths(title: string, text: string, sections: Section[], into: string[] = []): string[] {
  for (const t of [title, text]) for (const p of placeholders(t).found) for (const ref of p.refs) into.push(ref.path);
  for (const s of sections) namedPaths(s.title, s.text, s.sections, into);
  return into;
}

/**
 * Where a 公文 prints its charts (#9 point 11): each after the intro or the top-level section whose text first names
 * one of its figures (a part such as `reform.stay_days.before` names `reform.stay_days`), the others after the text —
 * so a chart stands beside what it shows instead of alone on a page at the end. Numbered 图1, 图2 … in print order.
 */
export function placeCharts<C extends { n: number; paths: string[] }>(intro: string, sections: Section[], charts: C[]): { intro: C[]; after: C[][]; rest: C[] } {
  const places = [namedPaths('', intro, []), ...sections.map((s) => namedPaths(s.title, s.text, s.sections))];
  const slots: C[][] = places.map(() => []);
  const rest: C[] = [];
  for (const c of charts) {
    const at = places.findIndex((named) => named.some((n) => c.paths.some((p) => n === p || n.startsWith(`${p}.`))));
    (at < 0 ? rest : slots[at]!).push(c);
  }
  let n = 0;
  const number = (list: C[]): C[] => list.map((c) => ({ ...c, n: ++n }));
  const numbered = slots.map(number);
  return { intro: numbered[0]!, after: numbered.slice(1), rest: number(rest) };
}

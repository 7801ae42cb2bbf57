/**
 * Turns converted plain text into a document skeleton: numbered headings (一、 (一) 1. (1)) into
 * nested sections, 【…】 titles into entry sections with a trailing author credit, plan tasks with
 * their (牵头单位:…;时限) note. Pure; no figures here.
 */

export type Kind = 'summary' | 'entry' | 'plan';

export interface OutSection {
  title: string;
  text: string;
  sections: OutSection[];
}

export interface OutTask {
  no: number;
  group: string | null;
  title: string;
  text: string;
  lead: string[];
  partners: string[];
  responsible: string[];
  due: string | null;
}

export interface Skeleton {
  kind: Kind;
  title: string | null;
  author: string | null;
  intro: string;
  sections: OutSection[];
  tasks: OutTask[];
  /** Things dropped or doubtful, for the user (Chinese). */
  notes: string[];
}

const CN_NUM = '[一二三四五六七八九十]+';
const HEADINGS: { level: number; re: RegExp }[] = [
  { level: 1, re: new RegExp(`^(${CN_NUM})、\\s*(.*)$`) },
  { level: 2, re: new RegExp(`^[(（](${CN_NUM})[)）]\\s*(.*)$`) },
  { level: 4, re: /^[(（](\d{1,2})[)）]\s*(.*)$/ },
  { level: 3, re: /^(\d{1,2})(?:[、．]|\.(?!\d))\s*(.*)$/ },
];

/** A line that is page debris rather than text: image file names, share buttons. */
const NOISE = /^(?:分享到[:：]?|.*\.(?:png|jpe?g|gif|webp|bmp)|.*\|.*\|\s*)$/i;

interface Heading {
  level: number;
  no: string;
  title: string;
  rest: string;
}

/** Reads a numbered heading: the whole line when it is short and has no sentence end, or a short first sentence ending in 。. */
export function parseHeading(line: string): Heading | null {
  for (const { level, re } of HEADINGS) {
    const m = re.exec(line);
    if (!m) continue;
    const no = m[1]!;
    const body = m[2]!.trim();
    if (body === '') return null;
    if (!/[。！？!?]/.test(body.replace(/[。！？!?]+$/, '')) && body.length <= 60) {
      // the whole line is the heading (a trailing 。 is dropped)
      if (/[。]$/.test(body) && body.length > 40) return null;
      return { level, no, title: body.replace(/[。]+$/, ''), rest: '' };
    }
    const stop = body.search(/[。！？!?]/);
    if (stop > 0 && stop <= 40) return { level, no, title: body.slice(0, stop), rest: body.slice(stop + 1).trim() };
    return null;
  }
  return null;
}

export function detectKind(text: string): Kind {
  const lines = text.split('\n').map((l) => l.trim());
  const bracketed = lines.filter((l) => /^【[^】]{1,30}】/.test(l)).length;
  if (bracketed >= 2) return 'entry';
  if (/(实施方案|工作方案|行动方案)/.test(text) && /牵头单位/.test(text)) return 'plan';
  return 'summary';
}

export function buildSkeleton(text: string, kind: Kind): Skeleton {
  const lines = text.split('\n').map((l) => l.trim().replace(/[ \t\u3000]+/g, (s) => (s.length > 1 ? ' ' : s)));
  const notes: string[] = [];
  const kept: string[] = [];
  for (const l of lines) {
    if (NOISE.test(l)) notes.push(`略去网页残留或表格行“${l}”`);
    else kept.push(l);
  }
  if (kind === 'entry') return entrySkeleton(kept, notes);
  return summarySkeleton(kept, kind, notes);
}

function paragraphs(xs: string[]): string {
  return xs.filter((x) => x !== '').join('\n\n');
}

/** An author credit at the end of a text: “(刘雪峰)” or the unclosed “(刘雪峰”. */
const CREDIT = /\s*[(（]([\u4e00-\u9fff·]{2,5})[)）]?\s*$/;

function entrySkeleton(lines: string[], notes: string[]): Skeleton {
  const sections: OutSection[] = [];
  const before: string[] = [];
  let cur: { title: string; paras: string[] } | null = null;
  const all: { title: string; paras: string[] }[] = [];
  for (const line of lines) {
    // a 【title】 may also start mid-line, after a credit
    const parts = line.split(/(?=【[^】\n]{1,30}】)/);
    for (const part of parts) {
      const m = /^【([^】]{1,30})】\s*(.*)$/.exec(part);
      if (m) {
        cur = { title: m[1]!.trim(), paras: [m[2]!.trim()] };
        all.push(cur);
      } else if (cur) cur.paras.push(part.trim());
      else if (part.trim() !== '') before.push(part.trim());
    }
  }
  if (before.length > 0) notes.push(`第一个【】标题之前的文字未收入条目：${before.join(' / ')}`);
  let author: string | null = null;
  for (const s of all) {
    // strip credits from the end of the section
    for (let i = s.paras.length - 1; i >= 0; i--) {
      if (s.paras[i] === '') continue;
      const m = CREDIT.exec(s.paras[i]!);
      if (m && !/[0-9]/.test(m[1]!)) {
        if (author !== null && author !== m[1]) notes.push(`作者署名不一致：${author}、${m[1]}`);
        author ??= m[1]!;
        s.paras[i] = s.paras[i]!.slice(0, m.index).trim();
      }
      break;
    }
  }
  const seen = new Set<string>();
  for (const s of all) {
    const text = paragraphs(s.paras);
    const key = s.title + '\u0000' + text.replace(/\s+/g, '');
    if (seen.has(key)) {
      notes.push(`【${s.title}】与前面一节完全相同（排版重复），只保留一次`);
      continue;
    }
    seen.add(key);
    sections.push({ title: s.title, text, sections: [] });
  }
  return { kind: 'entry', title: null, author, intro: '', sections, tasks: [], notes };
}

const TASK_NOTE = /[(（]((?:牵头单位|责任单位|配合单位)[:：][^()（）]*)[)）]\s*$/;

function summarySkeleton(lines: string[], kind: Kind, notes: string[]): Skeleton {
  const root: OutSection = { title: '', text: '', sections: [] };
  const stack: { level: number; sec: OutSection; paras: string[] }[] = [];
  const introParas: string[] = [];
  const paraOf = new Map<OutSection, string[]>();
  const levelOf = new Map<OutSection, number>();
  const hasNumbered = lines.some((l) => parseHeading(l) !== null);
  let title: string | null = null;
  let author: string | null = null;
  const tasks: OutTask[] = [];
  let group: string | null = null;
  let lastTask: OutTask | null = null;
  let lastPlain: OutSection | null = null;

  // the trailing credit line of an article: 记者:… 通讯员:…
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const lastLine = lines[lines.length - 1];
  if (lastLine !== undefined && /^(?:记者|通讯员|作者|撰稿|供稿)[:：]/.test(lastLine)) {
    author = lastLine.replace(/\s+/g, ' ');
    lines.pop();
  }
  const isTitleLike = (l: string): boolean => l.length >= 4 && l.length <= 60 && !/[。;；,，:：|]$/.test(l) && !/\|/.test(l) && !/[。]/.test(l) && !/^\d{4}年\d{1,2}月\d{1,2}日$/.test(l) && !/^[(（].*[)）]$/.test(l);

  // unnumbered sub-headings (runs of short lines without punctuation between blank lines), used only when nothing is numbered
  const plainHeading = (i: number): number => {
    if (hasNumbered) return 0;
    let j = i;
    while (j < lines.length && lines[j] !== '' && lines[j]!.length <= 20 && !/[。,，;；:：!?！？、]/.test(lines[j]!)) j++;
    if (j === i || j - i > 3) return 0;
    if (i > 0 && lines[i - 1] !== '') return 0;
    if (j < lines.length && lines[j] !== '') return 0;
    return j - i;
  };

  const addTo = (sec: OutSection | null, para: string): void => {
    if (sec === null) introParas.push(para);
    else paraOf.get(sec)!.push(para);
  };
  const current = (): OutSection | null => (stack.length > 0 ? stack[stack.length - 1]!.sec : null);
  const open = (level: number, t: string): OutSection => {
    while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1]!.sec : root;
    const sec: OutSection = { title: t, text: '', sections: [] };
    parent.sections.push(sec);
    paraOf.set(sec, []);
    levelOf.set(sec, level);
    stack.push({ level, sec, paras: [] });
    return sec;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    if (title === null && stack.length === 0 && tasks.length === 0) {
      // a title line: the first title-like line before any heading (for a plan, the line naming the plan)
      const planTitle = kind === 'plan' ? /(方案|意见|办法)$/.test(line) && isTitleLike(line) : false;
      const firstLine = kind !== 'plan' && introParas.length === 0 && isTitleLike(line) && parseHeading(line) === null && plainHeading(i) === 0;
      if (planTitle || firstLine) {
        title = line;
        continue;
      }
    }
    const h = parseHeading(line);
    if (h) {
      if (kind === 'plan' && h.level === 3 && group !== null) {
        // a task: 1.title。text(牵头单位:…;配合单位:…;时限)
        const task: OutTask = { no: Number(h.no), group, title: h.title, text: h.rest, lead: [], partners: [], responsible: [], due: null };
        tasks.push(task);
        lastTask = task;
        finishTask(task);
        continue;
      }
      lastTask = null;
      const sec = open(h.level, h.title);
      if (h.rest !== '') paraOf.get(sec)!.push(h.rest);
      if (kind === 'plan' && h.level === 2) group = h.title;
      else if (kind === 'plan' && h.level === 1) group = null;
      continue;
    }
    const n = plainHeading(i);
    if (n > 0) {
      const t = lines.slice(i, i + n).join(' ');
      // a heading printed on two lines with a blank between (强化数字赋能 / 跑出“智慧医保”加速度)
      if (lastPlain !== null) lastPlain.title += ' ' + t;
      else lastPlain = open(1, t);
      i += n - 1;
      continue;
    }
    lastPlain = null;
    if (lastTask) {
      lastTask.text = lastTask.text ? lastTask.text + '\n' + line : line;
      finishTask(lastTask);
      continue;
    }
    addTo(current(), line);
  }
  const fill = (sec: OutSection): void => {
    sec.text = paragraphs(paraOf.get(sec) ?? []);
    sec.sections.forEach(fill);
  };
  root.sections.forEach(fill);
  // a plan's group headings whose tasks went to plan.tasks are left empty: drop them
  const prune = (xs: OutSection[]): OutSection[] =>
    xs
      .map((s) => ({ ...s, sections: prune(s.sections) }))
      .filter((s) => kind !== 'plan' || tasks.length === 0 || s.text !== '' || s.sections.length > 0 || (levelOf.get(s) ?? 0) === 1);
  const sections = prune(root.sections).filter((s) => kind !== 'plan' || s.text !== '' || s.sections.length > 0);
  return { kind, title, author, intro: paragraphs(introParas), sections, tasks, notes };
}

/** Splits the trailing (牵头单位:…;配合单位:…;责任单位:…;持续推进) note of a task into fields. */
function finishTask(task: OutTask): void {
  const m = TASK_NOTE.exec(task.text);
  if (!m) return;
  task.text = task.text.slice(0, m.index).trim();
  for (const part of m[1]!.split(/[;；]/).map((s) => s.trim())) {
    const kv = /^(牵头单位|配合单位|责任单位)[:：](.*)$/.exec(part);
    if (kv) {
      const names = expandUnits(kv[2]!.split(/[、,，]/).map((s) => s.trim()).filter(Boolean));
      if (kv[1] === '牵头单位') task.lead = names;
      else if (kv[1] === '配合单位') task.partners = names;
      else task.responsible = names;
    } else if (part !== '') task.due = dueOf(part);
  }
}

/** “市教育局、民政局” → 市教育局、市民政局: a short name inherits the 市 of the first one. */
function expandUnits(xs: string[]): string[] {
  const first = xs[0] ?? '';
  if (!first.startsWith('市')) return xs;
  return xs.map((x) => (/^(市|各|自治区|国家|区|盟|旗|县)/.test(x) || x.length > 8 ? x : '市' + x));
}

function dueOf(s: string): string | null {
  if (/持续推进|长期坚持|持续实施/.test(s)) return 'ongoing';
  const m = /(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?/.exec(s);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}${m[3] ? '-' + m[3].padStart(2, '0') : ''}`;
  const y = /(\d{4})年(?:底|末|内|年底)/.exec(s);
  if (y) return `${y[1]}-12`;
  return null;
}

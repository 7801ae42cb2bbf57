/**
 * `yearbook import-text` as a library: pasted text → a region-year document (YAML text) that passes
 * `yearbook check`. Steps: convert (繁→简, pinyin debris) → structure (headings, 【】, tasks) →
 * figures ({{path}}) → checked in memory (core's checkSources with DIR's regions.yaml and
 * indicators.yaml), dropping figures that break a rule → YAML. Writes nothing.
 *
 *   text → convert → structure → recognise → emit YAML ⇄ checkSources([regions, indicators, doc])
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { checkSources } from '../core/check.js';
import { parseSources } from '../core/parse/dataset.js';
import type { Source } from '../core/parse/source.js';
import { readBytes } from '../io/folder.js';
import type { Catalogue, Finding, RegionTree } from '../core/model/types.js';
import { render as renderMessage } from '../core/findings/messages.js';
import { toSimplifiedClean } from './convert.js';
import { fixProse } from '../core/checks/prose-fix.js';
import { buildSkeleton, detectKind, type Kind, type OutSection } from './structure.js';
import { Recogniser, type Occurrence, type Piece } from './figures.js';
import { NOTE_MARK, wordToText, type WordStats } from './word.js';

export { toSimplifiedClean, removePinyinDebris } from './convert.js';
export { buildSkeleton, detectKind, parseHeading } from './structure.js';
export { Recogniser, norm, writeValue } from './figures.js';
export { WordError, wordToText, creditName, type WordStats, type WordText } from './word.js';

export interface ImportOptions {
  region: string;
  year: number;
  kind?: Kind;
  /** Shown in the header comment and in `source`. */
  sourceName?: string;
  /** The author credit when the source says it apart from the text (a Word file's right-aligned closing line); overrides one read from the text. */
  author?: string | null;
  /** Footnote texts by the key their NOTE_OPEN key NOTE_CLOSE markers in the text carry (a Word file's footnotes). */
  footnotes?: Map<string, string>;
}

export interface ImportResult {
  yaml: string;
  kind: Kind;
  /** path → written value, or {before, after, growth} */
  figures: Map<string, Record<string, string>>;
  /** Figures recognised but left as text: conflicting values, or breaking a rule. */
  dropped: { path: string; reason: string }[];
  /** Findings of the final check (warnings, or errors that could not be resolved). */
  findings: Finding[];
  notes: string[];
  /** Each footnote of the source and the figure whose `note` it became (null: reported in notes only). */
  footnotes: { key: string; text: string; path: string | null }[];
  /** The document's text block (entry:, summary: or plan:) as YAML, with {{path}} for the given figures and their written text for the rest. */
  blockFor(figures: ReadonlySet<string>): string;
}

export interface Reference {
  dir: string;
  catalogue: Catalogue;
  regions: RegionTree;
  /** DIR's regions.yaml and indicators.yaml as read, for checking a new document beside them. */
  sources: Source[];
}

/** Reads DIR's regions.yaml and indicators.yaml (only those) into a reference for importing. */
export function loadReference(dir: string): Reference {
  const sources: Source[] = [];
  for (const rel of ['regions.yaml', 'indicators.yaml']) {
    const read = readBytes(join(dir, rel));
    // a missing file is left out: the check then reports it as missing
    if ('problem' in read && read.problem.reason === 'unreadable' && read.problem.code === 'ENOENT') continue;
    sources.push({ rel, file: `${dir.replace(/[\\/]+$/, '')}/${rel}`, ...read });
  }
  const data = parseSources(sources, { dir });
  return { dir, catalogue: data.catalogue, regions: data.regions, sources };
}

type RText = Piece[];
interface RSection {
  title: string;
  text: RText;
  sections: RSection[];
}

export function importText(raw: string, ref: Reference, opts: ImportOptions): ImportResult {
  // the safe fixes `yearbook fix` applies (GB/T 15834 full-width punctuation beside Chinese), so what is imported checks clean
  const text = fixProse(toSimplifiedClean(raw), { simplified: true }).text;
  const kind = opts.kind ?? detectKind(text);
  const sk = buildSkeleton(text, kind);
  if (opts.author) sk.author = fixProse(toSimplifiedClean(opts.author), { simplified: true }).text;
  const rec = new Recogniser({ catalogue: ref.catalogue, year: opts.year, kind });
  const toR = (secs: OutSection[]): RSection[] => secs.map((s) => ({ title: s.title, text: rec.recognise(s.text), sections: toR(s.sections) }));
  const intro = rec.recognise(sk.intro);
  const sections = toR(sk.sections);
  const tasks = sk.tasks.map((t) => ({ ...t, rtext: rec.recognise(t.text) }));

  // resolve: a path with two different values for one part, or with both value and before/after, is ambiguous
  const dropped: { path: string; reason: string }[] = [];
  const byPath = new Map<string, Map<string, Set<string>>>();
  for (const o of rec.occurrences) {
    const parts = byPath.get(o.path) ?? new Map<string, Set<string>>();
    byPath.set(o.path, parts);
    const set = parts.get(o.part) ?? new Set<string>();
    parts.set(o.part, set);
    set.add(o.written);
  }
  const figures = new Map<string, Record<string, string>>();
  for (const [path, parts] of byPath) {
    const conflicting = [...parts.values()].some((s) => s.size > 1) || (parts.has('value') && (parts.has('before') || parts.has('after')));
    if (conflicting) {
      dropped.push({ path, reason: `文中有多个不同的数：${[...parts.values()].flatMap((s) => [...s]).join('、')}` });
      continue;
    }
    const fig: Record<string, string> = {};
    for (const [part, set] of parts) fig[part] = [...set][0]!;
    figures.set(path, fig);
  }

  // footnotes: one whose mark follows a figure becomes its `note`; the marks leave the text
  const footnotes: ImportResult['footnotes'] = [];
  const noted = new Map<string, string>();
  const seenKeys = new Set<string>();
  const attach = (pieces: RText): void => {
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!;
      if (typeof p !== 'string') continue;
      for (const m of p.matchAll(NOTE_MARK)) {
        const key = m[1]!;
        if (seenKeys.has(key)) continue;
        seenKeys.add(key);
        const prev = pieces[i - 1];
        const text = opts.footnotes?.get(key) ?? '';
        const path = m.index === 0 && prev !== undefined && typeof prev !== 'string' && figures.has(prev.path) && !noted.has(prev.path) ? prev.path : null;
        if (path !== null) noted.set(path, text);
        footnotes.push({ key, text, path });
      }
    }
  };
  const visit = (xs: RSection[]): void => xs.forEach((s) => (attach(s.text), visit(s.sections)));
  attach(intro);
  visit(sections);
  tasks.forEach((t) => attach(t.rtext));
  for (const k of opts.footnotes?.keys() ?? []) if (!seenKeys.has(k)) footnotes.push({ key: k, text: opts.footnotes!.get(k)!, path: null });
  const notes = [...sk.notes];
  for (const f of footnotes) {
    if (f.path !== null) {
      figures.get(f.path)!.note = f.text;
      notes.push(`${f.key}“${f.text}”成为 ${f.path} 的 note`);
    } else notes.push(`${f.key}“${f.text}”未收入正文（正文中的脚注标记已删去）`);
  }

  const build = (): string => emit(opts, kind, sk, intro, sections, tasks, figures);
  // check in memory; drop the figures that errors are about and try again
  let findings: Finding[] = [];
  let yaml = build();
  for (let round = 0; round < 20; round++) {
    findings = checkText(ref, yaml, opts);
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length === 0) break;
    const guilty = new Set<string>();
    for (const f of errors) {
      if (f.path !== null && figures.has(f.path)) guilty.add(f.path);
      else for (const p of f.figures) if (figures.has(p)) guilty.add(p);
    }
    if (guilty.size === 0) break;
    for (const p of guilty) {
      const why = errors.find((f) => f.path === p || f.figures.includes(p));
      dropped.push({ path: p, reason: `核对不通过（${why?.kind ?? 'error'}）：${why ? renderMessage(why.message) : ''}` });
      figures.delete(p);
      for (const f of footnotes) if (f.path === p) f.path = null;
    }
    yaml = build();
  }
  const blockFor = (paths: ReadonlySet<string>): string => emitBody(kind, sk, intro, sections, tasks, new Map([...figures].filter(([p]) => paths.has(p))));
  return { yaml, kind, figures, dropped, findings, notes, footnotes, blockFor };
}

/** A Word (.docx) file's bytes imported: read into text (word.ts), then as importText; the Word side's counts and notes come along. Throws WordError when the bytes are not a readable Word file. */
export async function importWord(bytes: Uint8Array, ref: Reference, opts: ImportOptions): Promise<ImportResult & { word: WordStats }> {
  const w = await wordToText(bytes, { catalogue: ref.catalogue, regions: ref.regions, region: opts.region, year: opts.year, kind: opts.kind });
  const r = importText(w.text, ref, { ...opts, author: opts.author ?? w.author, footnotes: w.footnotes });
  return { ...r, notes: [...w.notes, ...r.notes], word: w.stats };
}

/** Checks the one new document beside the reference's regions.yaml and indicators.yaml, in memory. */
export function checkText(ref: Reference, yaml: string, opts: ImportOptions): Finding[] {
  const rel = `${opts.year}/${opts.region}.yaml`;
  const doc: Source = { rel, file: `${ref.dir.replace(/[\\/]+$/, '')}/${rel}`, text: yaml };
  return checkSources([...ref.sources, doc], { dir: ref.dir }).report.findings;
}

function render(pieces: RText, figures: Map<string, unknown>): string {
  return unmark(pieces.map((p) => (typeof p === 'string' ? p : figures.has(p.path) ? `{{${p.ref}}}` : p.literal)).join(''));
}

/** The text without footnote marks. */
const unmark = (s: string): string => s.replace(NOTE_MARK, '');

/** A figure map in YAML: nested plain keys, plain scalars (values are as written in the text). */
function emitFigures(figures: Map<string, Record<string, string>>): string {
  interface Node {
    kids: Map<string, Node>;
    fig?: Record<string, string>;
  }
  const root: Node = { kids: new Map() };
  for (const [path, fig] of figures) {
    let n = root;
    for (const seg of path.split('.')) {
      let k = n.kids.get(seg);
      if (!k) n.kids.set(seg, (k = { kids: new Map() }));
      n = k;
    }
    n.fig = fig;
  }
  const scalar = (s: string): string => (/^[\w.%≥≤<>~≈+\-\u4e00-\u9fff]+$/.test(s) && !/^[<>~]/.test(s) ? s : JSON.stringify(s));
  const lines: string[] = [];
  const walk = (n: Node, indent: string): void => {
    for (const [k, c] of n.kids) {
      if (c.fig) {
        const f = c.fig;
        const keys = Object.keys(f);
        if (keys.length === 1 && keys[0] === 'value') lines.push(`${indent}${k}: ${scalar(f.value!)}`);
        else {
          const order = ['value', 'before', 'after', 'growth', 'note'].filter((x) => f[x] !== undefined);
          lines.push(`${indent}${k}: {${order.map((x) => `${x}: ${scalar(f[x]!)}`).join(', ')}}`);
        }
      } else {
        lines.push(`${indent}${k}:`);
        walk(c, indent + '  ');
      }
    }
  };
  walk(root, '  ');
  return lines.length > 0 ? 'figures:\n' + lines.join('\n') + '\n' : '';
}

type Tasks = (ReturnType<typeof buildSkeleton>['tasks'][number] & { rtext: RText })[];

function emit(opts: ImportOptions, kind: Kind, sk: ReturnType<typeof buildSkeleton>, intro: RText, sections: RSection[], tasks: Tasks, figures: Map<string, Record<string, string>>): string {
  // the file it came from is named in a comment: `source` is the yearbook volume, printed as the running head
  const head = `# 由 yearbook import-text 从 ${opts.sourceName ?? '粘贴的文本'} 生成：请对照原文校对标题、层级和数字。\n` + `region: "${opts.region}"\nyear: ${opts.year}\n`;
  return head + emitFigures(figures) + emitBody(kind, sk, intro, sections, tasks, figures);
}

/** The entry:, summary: or plan: block as YAML. */
function emitBody(kind: Kind, sk: ReturnType<typeof buildSkeleton>, intro: RText, sections: RSection[], tasks: Tasks, figures: Map<string, Record<string, string>>): string {
  const block = (s: string): string => (s.includes('\n') || s.length > 0 ? s.replace(/\s+$/, '') + '\n' : s);
  const secs = (xs: RSection[]): unknown[] =>
    xs.map((s) => {
      const o: Record<string, unknown> = { title: unmark(s.title) };
      const t = render(s.text, figures);
      if (t.trim() !== '') o.text = block(t);
      if (s.sections.length > 0) o.sections = secs(s.sections);
      return o;
    });
  const introText = render(intro, figures).trim();
  const body: Record<string, unknown> = {};
  if (kind === 'entry') {
    const e: Record<string, unknown> = {};
    if (sk.author) e.author = sk.author;
    e.sections = secs(sections);
    body.entry = e;
  } else if (kind === 'summary') {
    const s: Record<string, unknown> = {};
    if (sk.title) s.title = unmark(sk.title);
    if (sk.author) s.author = sk.author;
    if (introText) s.intro = block(introText);
    s.sections = secs(sections);
    body.summary = s;
  } else {
    const p: Record<string, unknown> = {};
    if (sk.title) p.title = unmark(sk.title);
    if (introText) p.intro = block(introText);
    if (sections.length > 0) p.sections = secs(sections);
    if (tasks.length > 0) {
      p.tasks = tasks.map((t) => {
        const o: Record<string, unknown> = { no: t.no };
        if (t.group) o.group = t.group;
        o.title = unmark(t.title);
        const tt = render(t.rtext, figures).trim();
        if (tt) o.text = tt;
        if (t.lead.length) o.lead = t.lead;
        if (t.partners.length) o.partners = t.partners;
        if (t.responsible.length) o.responsible = t.responsible;
        if (t.due) o.due = t.due;
        return o;
      });
    }
    body.plan = p;
  }
  return stringify(body, { lineWidth: 0, blockQuote: 'literal' });
}

export type { Kind, Occurrence };
export { render as renderMessage } from '../core/findings/messages.js';

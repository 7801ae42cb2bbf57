/**
 * Turns a Word (.docx) file's bytes into the text import-text reads (mammoth's document model):
 * paragraphs as blank-line-separated paragraphs, Word numbering and heading styles as literal 一、（一）1.（1） numbers, tables as
 * sentences of their catalogue-labelled cells, the right-aligned closing credit as the author,
 * footnote references as markers with their text. Reads no file and writes nothing: bytes in.
 */
import mammoth from 'mammoth';
import type { Catalogue, RegionTree } from '../core/model/types.js';
import { norm, PREFIX_WORDS, Recogniser, SUFFIX_WORDS, UNIT_WORDS } from './figures.js';
import { detectKind, type Kind } from './structure.js';

/** A footnote reference in the text handed on: NOTE_OPEN id NOTE_CLOSE (private-use characters, never in a real text). */
export const NOTE_OPEN = '\uE000';
export const NOTE_CLOSE = '\uE001';
export const NOTE_MARK = /\uE000([^\uE001]*)\uE001/g;

/** A file that is not a readable Word file: `zip` its package is broken, `xml` a part is not well-formed XML, `missing` it has no main document part, `empty` it holds no text. */
export class WordError extends Error {
  constructor(
    readonly code: 'zip' | 'xml' | 'missing' | 'empty' | 'other',
    message: string,
  ) {
    super(message);
  }
}

function wordError(e: unknown): WordError {
  const m = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/\s+/g, ' ').trim();
  if (/zip|central directory|end of data|signature/i.test(m)) return new WordError('zip', m);
  if (/xmldom|xml|parse error|unclosed|element/i.test(m)) return new WordError('xml', m);
  if (/main document part/i.test(m)) return new WordError('missing', m);
  return new WordError('other', m);
}

export interface WordStats {
  paragraphs: number;
  /** Paragraphs numbered by Word (lists) or styled as headings, given a literal number. */
  numbered: number;
  tables: number;
  /** Table cells holding a number under or beside a head. */
  tableCells: number;
  /** Of those, the cells whose row or column head is a catalogue label: written into the text as figures. */
  tableFigures: number;
  footnotes: number;
  author: string | null;
}

export interface WordText {
  text: string;
  author: string | null;
  footnotes: Map<string, string>;
  stats: WordStats;
  notes: string[];
}

export interface WordContext {
  catalogue: Catalogue;
  regions: RegionTree;
  region: string;
  year: number;
  kind?: Kind;
}

// mammoth's document model (documents.js), the part read here
interface MElement {
  type: string;
  children?: MElement[];
  value?: string;
  isBold?: boolean;
  styleName?: string | null;
  styleId?: string | null;
  alignment?: string | null;
  numbering?: { isOrdered: boolean; level: string } | null;
  noteType?: string;
  noteId?: string;
  body?: MElement[];
  colSpan?: number;
  rowSpan?: number;
  breakType?: string;
}
interface MDocument extends MElement {
  notes?: { resolve(ref: MElement): { body: MElement[] } | null };
}

type Block = { kind: 'p'; text: string; right: boolean } | { kind: 'table'; rows: string[][] };

const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
function cnNumber(n: number): string {
  if (n <= 10) return CN[n]!;
  if (n < 20) return '十' + CN[n - 10];
  return CN[Math.floor(n / 10)] + '十' + CN[n % 10];
}
/** The literal a heading of Word level L (0-based) is given: 一、 （一） 1. （1）. */
function numberText(level: number, n: number): string {
  if (level <= 0) return `${cnNumber(n)}、`;
  if (level === 1) return `（${cnNumber(n)}）`;
  if (level === 2) return `${n}.`;
  return `（${n}）`;
}
const LITERAL_NUMBER = /^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}(?:[、．]|\.(?!\d))|[(（]\d{1,2}[)）]|【)/;

/** The bytes of a .docx as the text the import reads; throws WordError when the file cannot be read as Word. */
export async function wordToText(bytes: Uint8Array, ctx: WordContext): Promise<WordText> {
  let doc: MDocument | null = null;
  try {
    await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        externalFileAccess: false,
        // images are not read: do not encode them
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
        transformDocument: (d: MDocument) => {
          doc = d;
          return d;
        },
      },
    );
  } catch (e) {
    throw wordError(e);
  }
  if (doc === null) throw new WordError('missing', 'no document');
  const d: MDocument = doc;
  const footnotes = new Map<string, string>();
  const notes: string[] = [];

  const textOf = (e: MElement): string => {
    if (e.type === 'text') return e.value ?? '';
    if (e.type === 'tab') return ' ';
    if (e.type === 'break') return e.breakType === 'line' ? '\n' : '';
    if (e.type === 'noteReference') {
      const note = d.notes?.resolve(e) ?? null;
      const id = e.noteId ?? String(footnotes.size + 1);
      const key = `${e.noteType === 'endnote' ? '尾注' : '脚注'}${id}`;
      if (note) footnotes.set(key, note.body.map((p) => textOf(p).trim()).filter(Boolean).join(' ').replace(/↑$/, '').trim());
      return NOTE_OPEN + key + NOTE_CLOSE;
    }
    if (e.type === 'paragraph') return (e.children ?? []).map(textOf).join('');
    if (e.type === 'table') return '';
    return (e.children ?? []).map(textOf).join('');
  };

  // blocks in reading order; numbering counters per level
  const blocks: Block[] = [];
  const counters: number[] = [];
  let numbered = 0;
  const paragraph = (p: MElement): void => {
    let text = textOf(p);
    const heading = /^(?:heading|标题)\s*(\d)$/i.exec(p.styleName ?? '') ?? /^Heading(\d)$/.exec(p.styleId ?? '');
    let level: number | null = null;
    if (p.numbering?.isOrdered) level = Number(p.numbering.level) || 0;
    else if (heading) level = Number(heading[1]) - 1;
    const lines = text.split('\n');
    if (level !== null && text.trim() !== '' && !LITERAL_NUMBER.test(text.trim())) {
      counters.length = level + 1;
      for (let i = 0; i < level; i++) counters[i] ??= 1;
      counters[level] = (counters[level] ?? 0) + 1;
      lines[0] = numberText(level, counters[level]!) + lines[0]!.trim();
      numbered++;
    }
    text = lines.join('\n');
    blocks.push({ kind: 'p', text, right: p.alignment === 'right' || p.alignment === 'end' });
  };
  const table = (t: MElement): void => {
    const rows: string[][] = [];
    // a cell merged down (rowSpan) stands in each row it covers, at its column
    const down = new Map<number, { text: string; left: number }>();
    for (const r of t.children ?? []) {
      if (r.type !== 'tableRow') continue;
      const row: string[] = [];
      const fill = (): void => {
        for (let d = down.get(row.length); d !== undefined && d.left > 0; d = down.get(row.length)) {
          d.left--;
          row.push(d.text);
        }
      };
      for (const c of r.children ?? []) {
        if (c.type !== 'tableCell') continue;
        fill();
        const parts: string[] = [];
        for (const x of c.children ?? []) {
          if (x.type === 'table') table(x);
          else parts.push(textOf(x).trim());
        }
        const cell = parts.filter(Boolean).join('\n');
        for (let i = 0; i < Math.max(1, c.colSpan ?? 1); i++) {
          if ((c.rowSpan ?? 1) > 1) down.set(row.length, { text: cell, left: (c.rowSpan ?? 1) - 1 });
          row.push(cell);
        }
      }
      fill();
      rows.push(row);
    }
    blocks.push({ kind: 'table', rows });
  };
  const walk = (xs: MElement[]): void => {
    for (const x of xs) {
      if (x.type === 'paragraph') paragraph(x);
      else if (x.type === 'table') table(x);
      else if (x.children) walk(x.children);
    }
  };
  walk(d.children ?? []);

  // the closing credit: the last non-empty paragraph, right-aligned, a name rather than a date or a sentence
  let author: string | null = null;
  const last = [...blocks].reverse().find((b) => b.kind === 'table' || b.text.trim() !== '');
  if (last && last.kind === 'p' && last.right) {
    const name = creditName(last.text.replace(NOTE_MARK, '').trim());
    if (name !== null) {
      author = name;
      blocks.splice(blocks.indexOf(last), 1);
    }
  }

  const paraText = blocks.flatMap((b) => (b.kind === 'p' ? [b.text] : [])).join('\n');
  const kind = ctx.kind ?? detectKind(paraText);
  const rec = new Recogniser({ catalogue: ctx.catalogue, year: ctx.year, kind });
  let tables = 0;
  let tableCells = 0;
  let tableFigures = 0;
  const out: string[] = [];
  let caption = '';
  for (const b of blocks) {
    if (b.kind === 'p') {
      out.push(b.text);
      if (b.text.trim() !== '') caption = b.text;
      continue;
    }
    tables++;
    const t = tableText(b.rows, rec, ctx, caption);
    tableCells += t.cells;
    tableFigures += t.figures;
    if (t.lines.length > 0) out.push(...t.lines);
    notes.push(...t.notes.map((n) => `表格${tables}${n}`));
  }
  const paragraphs = blocks.filter((b) => b.kind === 'p' && b.text.trim() !== '').length;
  if (out.join('').replace(NOTE_MARK, '').trim() === '' && author === null) throw new WordError('empty', 'no text');
  return {
    text: out.join('\n\n'),
    author,
    footnotes,
    notes,
    stats: { paragraphs, numbered, tables, tableCells, tableFigures, footnotes: footnotes.size, author },
  };
}

/** A closing credit's name: （刘雪峰）, 刘雪峰, 撰稿：刘雪峰, 刘雪峰 撰稿; null for a date, a sentence or an office's signature line. */
export function creditName(s: string): string | null {
  let t = s.replace(/\s+/g, ' ').trim();
  if (t === '' || t.length > 40 || /\d{4}\s*年|\d{4}-\d{1,2}|[。！？；，,]/.test(t)) return null;
  t = t.replace(/^[(（]\s*/, '').replace(/\s*[)）]$/, '');
  t = t.replace(/^(?:撰稿人?|供稿人?|作者|执笔|撰写|编写)\s*[:：]\s*/, '').replace(/\s*(?:撰稿|供稿|执笔|撰写|编写)$/, '');
  if (t === '' || /[()（）【】]/.test(t)) return null;
  return t;
}

/** A cell that is one number: qualifier, number, 万/亿 and 余/多, unit, qualifier (the text's words, and the signs a table uses). */
const NUMBER_CELL = new RegExp(`^(${PREFIX_WORDS}|≥|≤|>|<|~|≈)?\\s*(-?\\d+(?:\\.\\d+)?)\\s*([万亿]?[余多]?)\\s*(${UNIT_WORDS})?\\s*(${SUFFIX_WORDS})?$`);
/** The unit a column or row head names in brackets: 参保人数（万人）, （单位：亿元）. */
const HEAD_UNIT = new RegExp(`[(（]\\s*(?:单位[:：]\\s*)?([万亿]?(?:${UNIT_WORDS}))\\s*[)）]\\s*$`);
/** A caption's or title row's 单位：万人. */
const CAPTION_UNIT = new RegExp(`单位\\s*[:：]\\s*([万亿]?(?:${UNIT_WORDS}))`);

/**
 * A table as text: each cell holding a number whose row head (first column) or column head (the
 * row above the first row with a number; title rows above it are read for 单位) is a catalogue label becomes “label number unit”, a row's cells joined with ； and ended with 。 (the table one paragraph), so the text's
 * figure recognition takes them; a cell under another year or another region is left out. A table
 * without such a cell but with long cells (a layout table) gives its cells as paragraphs; any other
 * is left out of the text, with a note.
 */
function tableText(rows: string[][], rec: Recogniser, ctx: WordContext, caption: string): { lines: string[]; cells: number; figures: number; notes: string[] } {
  const notes: string[] = [];
  const size = `（${rows.length}行×${Math.max(0, ...rows.map((r) => r.length))}列）`;
  const lines: string[] = [];
  let cells = 0;
  let figures = 0;
  const skippedOther: string[] = [];
  const unknown: string[] = [];
  // the head row: the row just above the first with a number (rows above it are titles, a merged 单位 line …); none when numbers start at once
  const isNumber = (x: string): boolean => NUMBER_CELL.test(x.replace(NOTE_MARK, '').replace(/\s+/g, ' ').trim());
  const firstData = rows.findIndex((row) => row.slice(1).some(isNumber));
  const head = firstData > 0 ? firstData - 1 : -1;
  const above = rows.slice(0, Math.max(0, head)).flat().join(' ');
  const tableUnit = CAPTION_UNIT.exec(rows[head]?.[0] ?? '')?.[1] ?? CAPTION_UNIT.exec(above)?.[1] ?? CAPTION_UNIT.exec(caption)?.[1] ?? null;
  const strip = (h: string): string => h.replace(NOTE_MARK, '').replace(HEAD_UNIT, '').replace(/\s+/g, '').trim();
  const marks = (s: string): string => [...s.matchAll(NOTE_MARK)].map((m) => m[0]).join('');
  /** The figure path a sentence “head value” gives, or null. */
  const probe = (head: string, value: string): string | null => {
    const pieces = rec.recognise(`${head}${value}。`);
    rec.occurrences.length = 0;
    const refs = pieces.filter((p) => typeof p !== 'string');
    return refs.length === 1 && typeof refs[0] !== 'string' ? refs[0]!.path : null;
  };
  const labels = [...ctx.catalogue.indicators.values()].filter((i) => !i.key.includes('*'));
  const catalogueUnit = (h: string): string | null => {
    const hits = new Set(labels.filter((i) => norm(i.label) === norm(h)).map((i) => i.unit.unit));
    return hits.size === 1 ? [...hits][0]! : null;
  };
  const otherYear = (h: string): boolean => {
    const y = /(?:^|\D)((?:19|20)\d{2})\s*年?(?:\D|$)/.exec(h);
    return y !== null && Number(y[1]) !== ctx.year;
  };
  const otherRegion = (h: string): boolean => {
    const name = strip(h).replace(/^(?:其中[:：]?)/, '');
    const found = ctx.regions.byName.get(name) ?? (ctx.regions.byCode.has(name) ? [ctx.regions.byCode.get(name)!] : []);
    return found.length > 0 && !found.some((r) => r.code === ctx.region);
  };
  // the row heads: the leading columns without a number in any row below the heads (职工医保 | 基金收入 | 22.36)
  const data = rows.slice(head + 1);
  let headCols = 1;
  while (data.some((row) => row.length > headCols + 1) && !data.some((row) => isNumber(row[headCols] ?? ''))) headCols++;
  const rowHeadOf = (row: string[]): string => row.slice(0, headCols).filter((x, i, xs) => x !== '' && xs.indexOf(x) === i).join('');
  for (let r = head + 1; r < rows.length; r++) {
    const row = rows[r]!;
    const parts: string[] = [];
    for (let c = headCols; c < row.length; c++) {
      const raw = row[c]!;
      const cellText = raw.replace(NOTE_MARK, '').replace(/\s+/g, ' ').trim();
      const m = NUMBER_CELL.exec(cellText);
      if (!m) continue;
      cells++;
      const rowHead = rowHeadOf(row);
      const colHead = rows[head]?.[c] ?? '';
      let found: { head: string; path: string; other: string; unitHead: string } | null = null;
      for (const [head, other] of [
        [rowHead, colHead],
        [colHead, rowHead],
      ] as const) {
        const h = strip(head);
        if (h.length < 2) continue;
        // the unit: the cell's own, a head's (万人), the caption's 单位：万人, else the catalogue unit of the label the head names
        const unit = m[4] ? '' : HEAD_UNIT.exec(head.replace(NOTE_MARK, ''))?.[1] ?? HEAD_UNIT.exec(other.replace(NOTE_MARK, ''))?.[1] ?? tableUnit ?? catalogueUnit(h);
        if (unit === null) continue;
        const value = cellText.replace(/\s+/g, '') + unit;
        const path = probe(h, value);
        if (path !== null) {
          if (found !== null && found.path !== path) {
            found = null;
            break;
          }
          found ??= { head: h, path, other, unitHead: value };
        }
      }
      if (found === null) {
        unknown.push(`${strip(rowHead) || '?'}／${strip(colHead) || '?'}`);
        continue;
      }
      if (otherYear(found.other) || otherRegion(found.other)) {
        skippedOther.push(`${strip(found.other)}：${found.head}`);
        continue;
      }
      figures++;
      parts.push(`${found.head}${found.unitHead}${marks(raw)}`);
    }
    if (parts.length > 0) lines.push(parts.join('；') + '。');
  }
  // the table is one paragraph of the text
  if (lines.length > 1) lines.splice(0, lines.length, lines.join(''));
  if (figures === 0) {
    const longCells = rows.flat().filter((x) => x.replace(NOTE_MARK, '').length > 40);
    if (longCells.length > 0) {
      notes.push(`${size}中没有指标数字，单元格的文字作为段落收入正文`);
      return { lines: rows.flat().filter((x) => x.trim() !== ''), cells, figures, notes };
    }
  }
  const left = rows.length * Math.max(0, ...rows.map((x) => x.length)) - figures;
  notes.push(`${size}：${figures} 个单元格的数字成为 figures，写作正文中的一句；其余 ${left} 个单元格（表头、说明和未识别的数）未收入正文`);
  if (skippedOther.length > 0) notes.push(`中属于其他年份或地区的数字未导入：${skippedOther.slice(0, 5).join('、')}${skippedOther.length > 5 ? ' 等' : ''}`);
  if (unknown.length > 0) notes.push(`中表头不是指标目录名称的数字未导入：${unknown.slice(0, 5).join('、')}${unknown.length > 5 ? ' 等' : ''}`);
  return { lines, cells, figures, notes };
}

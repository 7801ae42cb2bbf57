/**
 * Prose problems (kind `text`, a warning): unbalanced brackets and quotes, pinyin debris left by a
 * bad character conversion (發(fā)布), traditional characters in a simplified document, half-width
 * punctuation touching Chinese text (GB/T 15834). Also the pure finders `yearbook fix` reuses. No I/O.
 */
import * as OpenCC from 'opencc-js/t2cn';
import { textFields, textOffset, type TextField } from '../model/text-fields.js';
import type { Doc } from '../model/types.js';
import { msg } from '../findings/messages.js';
import type { Check, CheckContext } from './context.js';

const OPEN: Record<string, string> = { '(': ')', '（': '）', '【': '】', '《': '》', '〈': '〉', '「': '」', '『': '』', '[': ']', '“': '”', '‘': '’' };
const CLOSE: Record<string, string> = Object.fromEntries(Object.entries(OPEN).map(([o, c]) => [c, o]));
/** Editors mix half- and full-width parentheses: either closes either. */
const SAME: Record<string, string> = { '(': '（', '（': '(', ')': '）', '）': ')' };

/** A Chinese character followed by tone-marked pinyin in parentheses: 發(fā)布, 機(jī)構(gòu). */
export const PINYIN = /[\u3400-\u9fff][(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zü]*)[)）]/g;

let toSimplified: ((s: string) => string) | null = null;
/** Traditional → simplified characters (OpenCC t → cn), the table the check compares with. */
export function simplify(s: string): string {
  const conv = (toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  return conv(s);
}

function context(text: string, i: number): string {
  const a = Math.max(0, i - 8);
  const b = Math.min(text.length, i + 9);
  return (a > 0 ? '…' : '') + text.slice(a, b).replace(/\s+/g, ' ') + (b < text.length ? '…' : '');
}

export const textCheck: Check = {
  name: 'text',
  description: 'Section text has balanced brackets and quotes, no conversion debris, no traditional characters in a simplified document and no half-width punctuation touching Chinese text.',
  run(ctx) {
    for (const doc of ctx.docs) {
      for (const field of textFields(doc)) {
        ctx.counted();
        brackets(ctx, doc, field);
        pinyin(ctx, doc, field);
        if (doc.script === 'simplified') traditional(ctx, doc, field);
        halfWidth(ctx, doc, field);
      }
    }
  },
};

function brackets(ctx: CheckContext, doc: Doc, f: TextField): void {
  for (const p of bracketProblems(f.text)) {
    const at = textOffset(doc, f.key, f.text, p.i);
    const m = p.open
      ? msg('text.unclosed', { char: p.ch, close: OPEN[p.ch]!, context: context(f.text, p.i) })
      : msg('text.unopened', { char: p.ch, open: CLOSE[p.ch]!, context: context(f.text, p.i) });
    ctx.report(doc, at, { kind: 'text', path: f.owner, figures: [], message: m });
  }
}

/** Unclosed opening and unopened closing brackets; a close matches the nearest open of its kind. */
export function bracketProblems(text: string): { i: number; ch: string; open: boolean }[] {
  const stack: { ch: string; i: number }[] = [];
  const out: { i: number; ch: string; open: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (OPEN[ch] !== undefined) stack.push({ ch, i });
    else if (CLOSE[ch] !== undefined) {
      const want = CLOSE[ch]!;
      const k = findLast(stack, (s) => s.ch === want || s.ch === SAME[want]);
      if (k < 0) out.push({ i, ch, open: false });
      else for (const s of stack.splice(k).slice(1)) out.push({ ...s, open: true });
    }
  }
  for (const s of stack) out.push({ ...s, open: true });
  return out.sort((a, b) => a.i - b.i);
}

function findLast<T>(xs: T[], p: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i]!)) return i;
  return -1;
}

function pinyin(ctx: CheckContext, doc: Doc, f: TextField): void {
  const hits = [...f.text.matchAll(PINYIN)];
  if (hits.length === 0) return;
  const first = hits[0]!;
  const at = textOffset(doc, f.key, f.text, first.index!);
  const snippet = hits.length > 1 ? msg('text.pinyin-more', { snippet: first[0], count: hits.length, others: hits.length - 1 }) : first[0];
  ctx.report(doc, at, { kind: 'text', path: f.owner, figures: [], message: msg('text.pinyin', { snippet, hint: msg('hint.pinyin') }) });
}

function traditional(ctx: CheckContext, doc: Doc, f: TextField): void {
  if (!/[\u3400-\u9fff]/.test(f.text)) return;
  const conv = simplify(f.text);
  if (conv === f.text) return;
  const chars: string[] = [];
  let firstAt = -1;
  let count = 0;
  const n = Math.min(conv.length, f.text.length);
  for (let i = 0; i < n; i++) {
    if (conv[i] !== f.text[i]) {
      count++;
      if (firstAt < 0) firstAt = i;
      if (!chars.includes(f.text[i]!) && chars.length < 6) chars.push(f.text[i]!);
    }
  }
  if (count === 0) return;
  const at = textOffset(doc, f.key, f.text, firstAt);
  ctx.report(doc, at, { kind: 'text', path: f.owner, figures: [], message: msg('text.traditional', { count, chars: chars.join('') }) });
}

/** Half-width marks and their GB/T 15834 full-width forms. */
export const FULL_WIDTH: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）' };

/**
 * Characters of Chinese text a mark can touch: CJK ideographs, CJK and full-width punctuation,
 * Chinese quotes, the dash and the ellipsis.
 */
const CHINESE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u3007]/;
const isChinese = (ch: string | undefined): boolean => ch !== undefined && CHINESE.test(ch);

/** Where nothing is Chinese prose: figure placeholders `{{…}}` and URLs. [start, end) pairs. */
export function protectedRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(/\{\{[^{}]*\}\}|\b(?:https?|ftp):\/\/[\x21-\x7e]+|\bwww\.[\x21-\x7e]+/g)) out.push([m.index!, m.index! + m[0].length]);
  return out;
}

/** One half-width mark that should be full-width: its index, the mark and its replacement. */
export interface HalfWidthMark {
  i: number;
  ch: string;
  to: string;
}

/**
 * The nearest character before (dir −1) or after (dir +1) index i, skipping spaces on the same
 * line. A figure placeholder stands for Chinese text (it prints a figure with its unit: 3.2万人).
 */
function neighbour(text: string, i: number, dir: -1 | 1, placeholders: [number, number][]): string | undefined {
  let k = i + dir;
  while (k >= 0 && k < text.length && (text[k] === ' ' || text[k] === '\t')) k += dir;
  if (placeholders.some(([a, b]) => k >= a && k < b)) return '字';
  return text[k];
}

/**
 * Half-width , ; : ? ! touching a Chinese character (spaces between them allowed), and half-width
 * ( ) pairs that enclose or adjoin Chinese text, outside placeholders, URLs and pinyin debris. `1,234`, `3:1`,
 * `e.g.` and Latin text are left alone: neither side is Chinese. A bracket without its partner is
 * left to the bracket check. Sorted by index.
 */
export function halfWidthMarks(text: string): HalfWidthMark[] {
  const ranges = protectedRanges(text);
  const placeholders = ranges.filter(([a]) => text.startsWith('{{', a));
  // pinyin debris (發(fā)布) is removed, not re-punctuated: its brackets are the debris check's
  const debris = [...text.matchAll(PINYIN)].map((m): [number, number] => [m.index! + 1, m.index! + m[0].length]);
  const guarded = (i: number): boolean => ranges.some(([a, b]) => i >= a && i < b) || debris.some(([a, b]) => i >= a && i < b);
  const out: HalfWidthMark[] = [];
  const stack: { i: number; ch: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (guarded(i)) continue;
    if (ch === ',' || ch === ';' || ch === ':' || ch === '?' || ch === '!') {
      if (isChinese(neighbour(text, i, -1, placeholders)) || isChinese(neighbour(text, i, 1, placeholders))) out.push({ i, ch, to: FULL_WIDTH[ch]! });
    } else if (ch === '(' || ch === '（') {
      stack.push({ i, ch });
    } else if (ch === ')' || ch === '）') {
      const open = stack.pop();
      if (open === undefined) continue;
      const chinese = CHINESE.test(text.slice(open.i + 1, i)) || isChinese(neighbour(text, open.i, -1, placeholders)) || isChinese(neighbour(text, i, 1, placeholders));
      if (!chinese) continue;
      if (open.ch === '(') out.push({ i: open.i, ch: '(', to: '（' });
      if (ch === ')') out.push({ i, ch: ')', to: '）' });
    }
  }
  return out.sort((a, b) => a.i - b.i);
}

function halfWidth(ctx: CheckContext, doc: Doc, f: TextField): void {
  const marks = halfWidthMarks(f.text);
  if (marks.length === 0) return;
  const first = marks[0]!;
  const at = textOffset(doc, f.key, f.text, first.i);
  ctx.report(doc, at, { kind: 'text', path: f.owner, figures: [], message: msg('text.half-width', { count: marks.length, char: first.ch, full: first.to, context: context(f.text, first.i) }) });
}

/**
 * Prose problems (kind `text`, a warning): unbalanced brackets and quotes, pinyin debris left by a
 * bad character conversion (發(fā)布), traditional characters in a simplified document. No I/O.
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
const PINYIN = /[\u3400-\u9fff][(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zü]*)[)）]/g;

let toSimplified: ((s: string) => string) | null = null;
function simplify(s: string): string {
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
  description: 'Section text has balanced brackets and quotes, no conversion debris, and no traditional characters in a simplified document.',
  run(ctx) {
    for (const doc of ctx.data.docs) {
      for (const field of textFields(doc)) {
        ctx.counted();
        brackets(ctx, doc, field);
        pinyin(ctx, doc, field);
        if (doc.script === 'simplified') traditional(ctx, doc, field);
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

/**
 * The safe fixes of Chinese prose, text in → text out: pinyin debris removed (發(fā)布 → 發布),
 * traditional → simplified characters (the `text` check's OpenCC table), half-width , ; : ? ! ( )
 * touching Chinese → full-width (GB/T 15834). Never changes `{{…}}` placeholders, URLs, digits or
 * Latin text, and never a line break. Pure.
 */
import { halfWidthMarks, PINYIN, protectedRanges, simplify } from './text.js';

export interface ProseCounts {
  punctuation: number;
  traditional: number;
  debris: number;
}

export interface ProseFix {
  text: string;
  counts: ProseCounts;
}

export const noCounts = (): ProseCounts => ({ punctuation: 0, traditional: 0, debris: 0 });

export function addCounts(a: ProseCounts, b: ProseCounts): ProseCounts {
  return { punctuation: a.punctuation + b.punctuation, traditional: a.traditional + b.traditional, debris: a.debris + b.debris };
}

/** Applies `f` to the stretches of `text` outside placeholders and URLs. */
function outsideProtected(text: string, f: (s: string) => string): string {
  let out = '';
  let at = 0;
  for (const [a, b] of protectedRanges(text)) {
    out += f(text.slice(at, a)) + text.slice(a, b);
    at = b;
  }
  return out + f(text.slice(at));
}

/** Marks after which (and before which) spaces are dropped once the mark is full-width. */
const SPACE_AFTER = new Set(['，', '；', '：', '？', '！', '）']);
const SPACE_BEFORE = new Set(['，', '；', '：', '？', '！', '（']);

/** The fixes of one stretch of prose. `simplified`: the document is written in simplified characters. */
export function fixProse(text: string, opts: { simplified: boolean }): ProseFix {
  const counts = noCounts();
  // 1. pinyin debris: the character stays, its pinyin in brackets goes
  let s = outsideProtected(text, (part) =>
    part.replace(new RegExp(PINYIN.source, 'g'), (m: string) => {
      counts.debris++;
      return m[0]!;
    }),
  );
  // 2. traditional → simplified, character for character
  if (opts.simplified) {
    const before = s;
    s = outsideProtected(s, simplify);
    if (s.length === before.length) {
      for (let i = 0; i < s.length; i++) if (s[i] !== before[i]) counts.traditional++;
    } else if (s !== before) counts.traditional++;
  }
  // 3. half-width punctuation touching Chinese, and the spaces on its outer side
  const marks = halfWidthMarks(s);
  if (marks.length > 0) {
    counts.punctuation += marks.length;
    const to = new Map(marks.map((m) => [m.i, m.to]));
    const drop = new Set<number>();
    for (const m of marks) {
      if (SPACE_AFTER.has(m.to)) for (let k = m.i + 1; s[k] === ' ' || s[k] === '\t'; k++) drop.add(k);
      if (SPACE_BEFORE.has(m.to)) for (let k = m.i - 1; k >= 0 && (s[k] === ' ' || s[k] === '\t'); k--) drop.add(k);
    }
    let out = '';
    for (let i = 0; i < s.length; i++) {
      if (drop.has(i)) {
        // spaces that indent a line or end it are the YAML's, not the prose's
        if (atLineEdge(s, i)) out += s[i];
        continue;
      }
      out += to.get(i) ?? s[i];
    }
    s = out;
  }
  return { text: s, counts };
}

/** Whether the space at i belongs to a line's indentation or trailing white space. */
function atLineEdge(s: string, i: number): boolean {
  let a = i;
  while (a > 0 && (s[a - 1] === ' ' || s[a - 1] === '\t')) a--;
  let b = i;
  while (b < s.length && (s[b] === ' ' || s[b] === '\t')) b++;
  return a === 0 || s[a - 1] === '\n' || b === s.length || s[b] === '\n' || s[b] === '\r';
}


/**
 * Real text metrics for charts: advance widths of Noto Sans SC read with fontkit from the same
 * @fontsource files the PDF embeds, so vega lays out Chinese labels at their true width
 * (vega's own guess is 0.8 em a character, about 20% short for Chinese). Reads font files only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The family charts are set in; the PDF must declare @font-face rules for this exact name. */
export const CHART_FONT_FAMILY = 'Noto Sans SC';

interface FkGlyph {
  advanceWidth: number;
}
interface FkFont {
  unitsPerEm: number;
  glyphForCodePoint(cp: number): FkGlyph;
  hasGlyphForCodePoint(cp: number): boolean;
}
interface Fontkit {
  create(buf: Buffer): FkFont;
}

// fontkit ships no type declarations; the module is loaded through a variable specifier and typed here.
const FONTKIT_NAME = 'fontkit';
const fontkit = (await import(FONTKIT_NAME)) as Fontkit;

const require = createRequire(import.meta.url);
const PKG_DIR = dirname(require.resolve('@fontsource/noto-sans-sc/unicode.json'));
/** Directory of the split font files (woff2 for browsers, woff with identical metrics). */
export const FONT_FILES_DIR = join(PKG_DIR, 'files');

interface Range {
  lo: number;
  hi: number;
  subset: string;
}

function parseRanges(): Range[] {
  const json = JSON.parse(readFileSync(join(PKG_DIR, 'unicode.json'), 'utf8')) as Record<string, string>;
  const out: Range[] = [];
  for (const [key, spec] of Object.entries(json)) {
    const subset = key.replace(/^\[(\d+)\]$/, '$1');
    for (const part of spec.split(',')) {
      const m = /^U\+([0-9a-f]+)(?:-([0-9a-f]+))?$/i.exec(part.trim());
      if (!m) continue;
      const lo = parseInt(m[1]!, 16);
      out.push({ lo, hi: m[2] ? parseInt(m[2], 16) : lo, subset });
    }
  }
  return out.sort((a, b) => a.lo - b.lo || a.hi - b.hi || (a.subset < b.subset ? -1 : 1));
}

const RANGES = parseRanges();

/** The @fontsource subset ("latin", "97", …) whose unicode-range holds a code point, or null. */
export function subsetOf(cp: number): string | null {
  // ranges are few thousand: a binary search on lo, then a short scan back
  let lo = 0;
  let hi = RANGES.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (RANGES[mid]!.lo <= cp) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && i >= lo - 64; i--) {
    const r = RANGES[i]!;
    if (r.hi >= cp) return r.subset;
  }
  return null;
}

/** Weights the package has files for. */
const WEIGHTS = [100, 200, 300, 400, 500, 600, 700, 800, 900];

export function normaliseWeight(w: unknown): number {
  if (w === 'bold' || w === 'bolder') return 700;
  if (w === 'lighter') return 300;
  const n = typeof w === 'number' ? w : typeof w === 'string' && /^\d+$/.test(w) ? Number(w) : 400;
  let best = 400;
  for (const x of WEIGHTS) if (Math.abs(x - n) < Math.abs(best - n)) best = x;
  return best;
}

/** File name of one subset at one weight. */
export function fontFile(subset: string, weight: number, ext: 'woff' | 'woff2'): string {
  return join(FONT_FILES_DIR, `noto-sans-sc-${subset}-${weight}-normal.${ext}`);
}

const FONTS = new Map<string, FkFont | null>();

function fontFor(subset: string, weight: number): FkFont | null {
  const key = `${subset}-${weight}`;
  let f = FONTS.get(key);
  if (f === undefined) {
    // The .woff files hold the same glyph tables as the .woff2 files the browser loads (checked in
    // tests/charts.test.ts); they decode about 20× faster in fontkit (zlib rather than JS brotli).
    try {
      f = fontkit.create(readFileSync(fontFile(subset, weight, 'woff')));
    } catch {
      f = null;
    }
    FONTS.set(key, f);
  }
  return f;
}

/** Advance widths in em, per weight and code point. */
const ADVANCES = new Map<number, Map<number, number>>();

/** Advance width of one character in em, as the browser will set it. */
export function advanceEm(cp: number, weight = 400): number {
  let table = ADVANCES.get(weight);
  if (!table) ADVANCES.set(weight, (table = new Map()));
  let em = table.get(cp);
  if (em === undefined) {
    em = fallbackEm(cp);
    const subset = subsetOf(cp);
    const font = subset === null ? null : fontFor(subset, weight);
    if (font && font.hasGlyphForCodePoint(cp)) em = font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm;
    table.set(cp, em);
  }
  return em;
}

/** A character the font lacks is drawn by some fallback font: guess full width for CJK, else half. */
function fallbackEm(cp: number): number {
  if (cp === 0x20) return 0.224;
  return cp >= 0x2e80 ? 1 : 0.55;
}

/** Width of a line of text in px at a font size and weight: the sum of the advance widths. */
export function textWidth(text: string, fontSize: number, weight: unknown = 400): number {
  const w = normaliseWeight(weight);
  let em = 0;
  for (const ch of text) em += advanceEm(ch.codePointAt(0)!, w);
  return em * fontSize;
}

/** The code points of a text grouped by subset: which font files a page needs to draw it. */
export function subsetsFor(text: string): Set<string> {
  const out = new Set<string>();
  for (const ch of text) {
    const s = subsetOf(ch.codePointAt(0)!);
    if (s !== null) out.add(s);
  }
  return out;
}

/** Words a Chinese name reads well broken before ("职工基本|医疗保险基金", "包头稀土高新|技术产业开发区"). */
const BREAK_BEFORE = ['医疗', '医保', '保险', '基金', '救助', '技术', '产业', '开发区', '高新', '经济', '联合旗', '自治', '参保', '人数', '(', '（'];
const ADMIN_SUFFIX = /^[省市盟州县旗区]$/;
const NO_LINE_START = /^[)）】」』,，、。;；:：!！?？%]/;

/**
 * Breaks a label into lines no wider than `max` px, at most `maxLines` lines: the fewest lines that
 * fit, with the breaks placed to even out the lines, preferring breaks before common words and never
 * putting a closing bracket or punctuation mark at the start of a line. A single character wider
 * than `max` stays on its line.
 */
export function wrapText(text: string, fontSize: number, max: number, maxLines = 3, weight: unknown = 400): string[] {
  const chars = [...text];
  const w = (a: number, b: number): number => textWidth(chars.slice(a, b).join(''), fontSize, weight);
  if (w(0, chars.length) <= max || chars.length < 2) return [text];
  const bonus = (i: number): number => {
    const rest = chars.slice(i).join('');
    if (NO_LINE_START.test(rest)) return Infinity;
    // after an administrative suffix (鄂尔多斯市|康巴什区) or before a common word
    if (i >= 2 && chars.length - i >= 2 && ADMIN_SUFFIX.test(chars[i - 1]!)) return -fontSize * 2;
    return BREAK_BEFORE.some((b) => rest.startsWith(b)) ? -fontSize * 1.5 : 0;
  };
  // cost of the best split of chars[from..] into k lines: the widest line, minus break bonuses
  const memo = new Map<string, { cost: number; cuts: number[] }>();
  const best = (from: number, k: number): { cost: number; cuts: number[] } => {
    const key = `${from}/${k}`;
    const hit = memo.get(key);
    if (hit) return hit;
    let res: { cost: number; cuts: number[] };
    const whole = w(from, chars.length);
    if (k === 1) res = { cost: whole > max ? whole + 1e6 : whole, cuts: [] };
    else {
      res = { cost: Infinity, cuts: [] };
      for (let i = from + 1; i < chars.length; i++) {
        const first = w(from, i);
        if (first > max && i > from + 1) break;
        const rest = best(i, k - 1);
        const cost = Math.max(first > max ? first + 1e6 : first, rest.cost) + bonus(i);
        if (cost < res.cost) res = { cost, cuts: [i, ...rest.cuts] };
      }
    }
    memo.set(key, res);
    return res;
  };
  let pick: number[] = [];
  for (let k = 2; k <= Math.max(2, maxLines); k++) {
    const r = best(0, k);
    pick = r.cuts;
    if (r.cost < 1e5) break;
  }
  const lines: string[] = [];
  let at = 0;
  for (const c of [...pick, chars.length]) {
    lines.push(chars.slice(at, c).join(''));
    at = c;
  }
  return lines.filter((l) => l !== '');
}

const UNICODE_RANGES: Record<string, string> = JSON.parse(readFileSync(join(PKG_DIR, 'unicode.json'), 'utf8')) as Record<string, string>;

/**
 * @font-face rules for "Noto Sans SC" covering a text: one rule per needed subset and weight, with
 * its unicode-range, pointing at the woff2 file (`file:` URL), carrying it inline (`data:` URL), or at
 * the file's name under a font origin that serves @fontsource/noto-sans-sc's files (`{ origin }`).
 */
export function fontFaceCss(text: string, weights: number[], mode: 'data' | 'file' | { origin: string } = 'data'): string {
  const subsets = [...subsetsFor(text)].sort();
  let css = '';
  for (const w of weights) {
    for (const s of subsets) {
      const key = /^\d+$/.test(s) ? `[${s}]` : s;
      const range = UNICODE_RANGES[key];
      const file = fontFile(s, w, 'woff2');
      let src: string;
      try {
        if (typeof mode === 'object') {
          if (!existsSync(file)) continue;
          src = `${mode.origin}/noto-sans-sc/${basename(file)}`;
        } else src = mode === 'data' ? `data:font/woff2;base64,${readFileSync(file).toString('base64')}` : pathToFileURL(file).href;
      } catch {
        continue;
      }
      css += `@font-face{font-family:'${CHART_FONT_FAMILY}';font-style:normal;font-weight:${w};font-display:block;src:url(${src}) format('woff2');${range ? `unicode-range:${range};` : ''}}\n`;
    }
  }
  return css;
}

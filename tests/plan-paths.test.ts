/**
 * Issue #8 without a browser: the render plan's paths are unique (a duplicated document is left out,
 * editions that share a folder name get their own), and cssString makes any text one CSS string token.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadFolder } from '../src/app/check.js';
import { printedDocs, renderPlan } from '../src/render/plan.js';
import { cssString } from '../src/render/html.js';
import { REGIONS, removeFolder, writeFolder } from './helpers.js';

const INDICATORS = `indicators:
  insured.total:
    label: 基本医疗保险参保人数
    unit: 万人
`;
const doc = (code: string, year: number, edition: string | null, words: string): string =>
  `region: "${code}"\nyear: ${year}\n${edition === null ? '' : `edition: "${edition}"\n`}figures:\n  insured:\n    total: 10\nentry:\n  sections:\n    - title: 概况\n      text: ${words}{{insured.total}}。\nsummary:\n  intro: ${words}。\n`;

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeFolder));
function plan(files: Record<string, string>) {
  const dir = writeFolder({ 'regions.yaml': REGIONS, 'indicators.yaml': INDICATORS, ...files });
  dirs.push(dir);
  const data = loadFolder(dir);
  return { data, pages: renderPlan(data, { chapter: '医疗保障', rounding: 'half-up', charts: null }) };
}

describe('render plan paths', () => {
  it('prints the first of duplicated documents (path order, as the check) and leaves the later one out', () => {
    const { data, pages } = plan({ '2023/150500.yaml': doc('150500', 2023, null, '第一份'), '2023/150500b.yaml': doc('150500', 2023, null, '第二份'), '2023/150200.yaml': doc('150200', 2023, null, '包头') });
    expect(pages.map((p) => p.path)).toEqual(['2023/150200/entry', '2023/150200/summary', '2023/150500/entry', '2023/150500/summary', '2023/chapter']);
    expect(pages.find((p) => p.path === '2023/150500/entry')!.docs[0]!.rel).toBe('2023/150500.yaml');
    expect(pages.at(-1)!.docs.map((d) => d.rel)).toEqual(['2023/150200.yaml', '2023/150500.yaml']);
    const { skipped } = printedDocs(data.docs);
    expect(skipped.map((s) => [s.doc.rel, s.original.rel])).toEqual([['2023/150500b.yaml', '2023/150500.yaml']]);
  });

  it('gives editions whose folder names coincide (after replacing characters, or but for case) their own folders', () => {
    const { pages } = plan({ '2023/a.yaml': doc('150500', 2023, '征求 意见', '甲'), '2023/b.yaml': doc('150500', 2023, '征求_意见', '乙'), '2023/c.yaml': doc('150500', 2023, 'A', '丙'), '2023/d.yaml': doc('150500', 2023, 'a', '丁') });
    const paths = pages.map((p) => p.path);
    expect(new Set(paths.map((p) => p.toLowerCase())).size).toBe(paths.length);
    expect(paths).toEqual(['2023/150500-A/entry', '2023/150500-A/summary', '2023/150500-a-2/entry', '2023/150500-a-2/summary', '2023/150500-征求_意见/entry', '2023/150500-征求_意见/summary', '2023/150500-征求_意见-2/entry', '2023/150500-征求_意见-2/summary', '2023/chapter']);
  });
});

/** The value of a CSS string token at the start of `css` (CSS Syntax §4.3.5), and where it ends; null for a bad string. */
function readCssString(css: string): { value: string; end: number } | null {
  const quote = css[0];
  let value = '';
  let i = 1;
  while (i < css.length) {
    const c = css[i]!;
    if (c === quote) return { value, end: i + 1 };
    if (c === '\n' || c === '\r' || c === '\f') return null;
    if (c === '\\') {
      const hex = /^[0-9a-fA-F]{1,6}/.exec(css.slice(i + 1))?.[0];
      if (hex) {
        const n = parseInt(hex, 16);
        value += n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) ? '\ufffd' : String.fromCodePoint(n);
        i += 1 + hex.length;
        if (/[ \t\n\r\f]/.test(css[i] ?? '')) i++;
        continue;
      }
      value += css[i + 1] ?? '';
      i += 2;
      continue;
    }
    const cp = css.codePointAt(i)!;
    value += String.fromCodePoint(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return null;
}

describe('cssString', () => {
  it('escapes what ends a string, a declaration or the style element', () => {
    expect(cssString('年鉴\r}} body{display:none} .x{')).toBe('"年鉴\\d }} body{display:none} .x{"');
    expect(cssString('a\f"\'\\<>&\u2028\u2029\u0000\u007f\u0085')).toBe('"a\\c \\22 \\27 \\5c \\3c \\3e \\26 \\2028 \\2029 \\fffd \\7f \\85 "');
    expect(cssString('《科尔沁区年鉴》2024卷 · 医疗保障')).toBe('"《科尔沁区年鉴》2024卷 · 医疗保障"');
  });

  it('makes any text one string token that reads back as the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const css = cssString(s);
        const token = readCssString(css);
        expect(token).not.toBeNull();
        expect(token!.end).toBe(css.length);
        // CSS reads NUL and lone surrogates as U+FFFD
        expect(token!.value).toBe(s.replace(/\0/g, '\ufffd').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
        expect(css).not.toMatch(/[<>\u0000-\u001f\u007f\u2028\u2029]/);
      }),
      { numRuns: 2000 },
    );
  });
});

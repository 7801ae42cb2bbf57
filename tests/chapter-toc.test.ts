/**
 * The chapter's contents without a browser (issue #10 item 5): the page of each region and entry
 * title found in page texts in reading order (print/toc.ts), and /PageMode /UseOutlines added by the
 * PDF finishing only where asked for and where there are bookmarks, reproducibly.
 */
import { describe, expect, it } from 'vitest';
import { headingPages } from '../src/print/toc.js';
import { finishPdf } from '../src/print/pdf-finish.js';
import { pageMode } from './pdf-outline.js';
import { checkSources } from '../src/core/check.js';
import { chapterHeadings, renderPlan } from '../src/render/plan.js';
import { tocLines } from '../src/render/html.js';

describe('headingPages', () => {
  const pages = [
    '医疗保障\n目　录\n呼和浩特市 2\n',
    '  呼和浩特市  \n\n  2022年\n【概况】2022年，全市参保\n【支付方式\n改革】2022年，包头市2022年\n',
    '续文\n包头市\n2022年\n【概况】2022年\n',
    '【支付方式改革】……\n',
  ];
  it('finds regions (name, then year on its own line) and run-in titles split over lines, in order', () => {
    const got = headingPages(pages, [
      { level: 'region', name: '呼和浩特市', year: '2022年' },
      { level: 'entry', name: '概况' },
      { level: 'entry', name: '支付方式改革' },
      { level: 'region', name: '包头市', year: '2022年' },
      { level: 'entry', name: '概况' },
      { level: 'entry', name: '支付方式改革' },
    ]);
    // the contents page lists 呼和浩特市 but not with its year under it; 包头市2022年 in running text is no heading
    expect(got).toEqual([2, 2, 2, 3, 3, 4]);
  });
  it('a heading not found takes the page of the one before', () => {
    expect(headingPages(pages, [{ level: 'region', name: '包头市', year: '2022年' }, { level: 'entry', name: '不存在' }])).toEqual([3, 3]);
  });
});

/** A one-page PDF with a classic xref table, with or without an outline. */
function tinyPdf(withOutline: boolean): Uint8Array {
  const objs = [
    `<< /Type /Catalog /Pages 2 0 R${withOutline ? ' /Outlines 4 0 R' : ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>',
    '<< /Type /Outlines /Count 0 >>',
    '<< /Producer (test) >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

describe('finishPdf showOutline', () => {
  const meta = { title: '医疗保障', author: '甲', lang: 'zh-CN', date: 1672531200 };
  it('sets /PageMode /UseOutlines when asked and there is an outline; else leaves the catalogue', () => {
    expect(pageMode(finishPdf(tinyPdf(true), { ...meta, showOutline: true }))).toBe('UseOutlines');
    expect(pageMode(finishPdf(tinyPdf(true), meta))).toBeUndefined();
    expect(pageMode(finishPdf(tinyPdf(false), { ...meta, showOutline: true }))).toBeUndefined();
  });
  it('is reproducible and idempotent', () => {
    const a = finishPdf(tinyPdf(true), { ...meta, showOutline: true });
    expect(Buffer.from(finishPdf(tinyPdf(true), { ...meta, showOutline: true })).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(finishPdf(a, { ...meta, showOutline: true })).equals(Buffer.from(a))).toBe(true);
  });
});

describe('the chapter\'s order and contents lines', () => {
  // the tree lists 阿拉善盟 before 包头市 (codes sort the other way); documents are read in path order
  const regions = 'regions:\n  - code: "150000"\n    name: 内蒙古自治区\n    children:\n      - {code: "152900", name: 阿拉善盟}\n      - {code: "150200", name: 包头市}\n';
  const entry = (code: string, titles: string[]): string => `region: "${code}"\nyear: 2022\nentry:\n  sections:\n${titles.map((t) => `    - title: ${t}\n      text: 正文。\n`).join('')}`;
  const { data } = checkSources([
    { rel: 'regions.yaml', text: regions },
    { rel: 'indicators.yaml', text: 'indicators: {}\n' },
    { rel: '2022/150200.yaml', text: entry('150200', ['概况', '基金监管']) },
    { rel: '2022/152900.yaml', text: entry('152900', ['概况']) },
    { rel: '2022/150000.yaml', text: entry('150000', ['概况', '支付方式改革']) },
  ]);
  const chapter = renderPlan(data, { chapter: '医疗保障', rounding: 'half-up', charts: null }).find((p) => p.kind === 'chapter')!;
  it('prints the parent region first, then its children in region-tree order', () => {
    expect(chapter.docs.map((d) => d.regionCode)).toEqual(['150000', '152900', '150200']);
  });
  it('lists each region and, under it, its entries without their brackets', () => {
    expect(chapterHeadings(chapter, data, 'half-up').map((h) => `${h.level}:${h.name}${h.year ? ' ' + h.year : ''}`)).toEqual([
      'region:内蒙古自治区 2022年',
      'entry:概况',
      'entry:支付方式改革',
      'region:阿拉善盟 2022年',
      'entry:概况',
      'region:包头市 2022年',
      'entry:概况',
      'entry:基金监管',
    ]);
    expect(tocLines(chapter, data, { rounding: 'half-up' }, [2, 2, 3, 3, 3, 4, 4, 5]).map((l) => `${l.level} ${l.name} ${l.page}`)).toEqual([
      'top 内蒙古自治区 2',
      'sub 概况 2',
      'sub 支付方式改革 3',
      'top 阿拉善盟 3',
      'sub 概况 3',
      'top 包头市 4',
      'sub 概况 4',
      'sub 基金监管 5',
    ]);
  });
});

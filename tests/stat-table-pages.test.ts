/**
 * Issue #10, the statistical tables as printed by the real Chromium in the chapter, read back with
 * `pdftotext -bbox`: generated folders of 12 and 100 children — the 合计 row first, each child's
 * figures as written in its row, 单位 above the table, 续表1 with the header repeated wherever the
 * table continues, a wide table cut into column groups with the row labels repeated, no word over
 * another or outside the page — and the chapter of the example data.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app/build-pdf.js';
import { removeFolder, writeFolder } from './helpers.js';
import { statFolder, type StatFixture } from './stat-fixture.js';
import { bbox, collisions, type PdfPage, type Word } from './pdf-words.js';

const CATALOGUE = readFileSync('data/indicators.yaml', 'utf8');
const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

async function buildChapter(files: Record<string, string>, tables: 'after' | 'appendix' = 'after'): Promise<string> {
  const dir = writeFolder(files);
  const out = mkdtempSync(join(tmpdir(), 'yearbook-stat-'));
  cleanup.push(out);
  try {
    const result = await build({ dir, out, templates: 'templates', draft: false, rounding: 'half-up', chapter: '医疗保障', tables, concurrency: 2, env: { ...process.env, SOURCE_DATE_EPOCH: undefined } });
    expect(result.report.summary.errors).toBe(0);
    expect(result.refused).toBe(false);
  } finally {
    removeFolder(dir);
  }
  return join(out, '2022/chapter.pdf');
}

/** The words on the line of a word (same baseline, within 2 pt), left to right. */
const lineOf = (page: PdfPage, w: Word): Word[] => page.words.filter((x) => Math.abs(x.y1 - w.y1) < 2).sort((a, b) => a.x0 - b.x0);

/** Each printed table row: its label and the numbers on its line, in page order. */
function rowsOf(pages: PdfPage[], labels: Set<string>): { page: number; label: string; cells: string[] }[] {
  const out: { page: number; label: string; cells: string[] }[] = [];
  pages.forEach((p, i) => {
    for (const w of [...p.words].sort((a, b) => a.y0 - b.y0)) {
      if (!labels.has(w.text)) continue;
      const line = lineOf(p, w).filter((x) => x.x0 > w.x0);
      out.push({ page: i, label: w.text, cells: line.map((x) => x.text) });
    }
  });
  return out;
}

function checkTable(pdf: string, f: StatFixture): { pages: PdfPage[]; continued: number } {
  const pages = bbox(pdf);
  const labels = new Set(['全区', ...f.children.map((c) => c.name)]);
  // a table row: the label and three numbers on its line (a chart's bar labels have one)
  const rows = rowsOf(pages, labels).filter((r) => r.cells.length === 3 && r.cells.every((c) => /^\d+\.\d\d$/.test(c)));
  // the first table (参保人数): 全区 first, then every child once, in order, its figures as written
  const first = rows.slice(0, f.children.length + 1);
  expect(first.map((r) => r.label)).toEqual(['全区', ...f.children.map((c) => c.name)]);
  expect(first[0]!.cells).toEqual([f.parent.total, f.parent.employee, f.parent.resident]);
  f.children.forEach((c, i) => expect(first[i + 1]!.cells, c.name).toEqual([c.total, c.employee, c.resident]));
  // each page the table continues on starts with 续表1 over the header (地区 …) before its first row
  const tablePages = [...new Set(first.map((r) => r.page))];
  for (const [k, pi] of tablePages.entries()) {
    const p = pages[pi]!;
    const firstRow = first.find((r) => r.page === pi)!;
    const rowWord = p.words.find((w) => w.text === firstRow.label)!;
    const header = p.words.filter((w) => w.text === '地区' && w.y1 < rowWord.y0).sort((a, b) => b.y0 - a.y0)[0];
    expect(header, `page ${pi + 1}: header above ${firstRow.label}`).toBeDefined();
    if (k > 0) {
      const label = p.words.filter((w) => w.y1 <= header!.y0 + 1).sort((a, b) => b.y1 - a.y1);
      expect(label.some((w) => w.text === '续表1'), `page ${pi + 1}: 续表1 above the header`).toBe(true);
    } else {
      expect(p.words.some((w) => w.text === '表1')).toBe(true);
      expect(p.words.some((w) => w.text === '单位：万人')).toBe(true);
    }
  }
  expect(collisions(pdf)).toEqual([]);
  return { pages, continued: tablePages.length - 1 };
}

describe('分地区 tables in the chapter', () => {
  let twelve: StatFixture;
  let hundred: StatFixture;
  let pdf12 = '';
  let pdf100 = '';
  beforeAll(async () => {
    twelve = statFolder(12, CATALOGUE);
    hundred = statFolder(100, CATALOGUE);
    pdf12 = await buildChapter(twelve.files);
    pdf100 = await buildChapter(hundred.files);
  }, 300_000);

  it('12 children: 合计 first, figures as written, 单位 above; the children chart beside the entry', () => {
    const { pages } = checkTable(pdf12, twelve);
    expect(pages.some((p) => p.words.some((w) => w.text.startsWith('图1')) && p.words.some((w) => w.text === '2022年各市基本医疗保险参保人数（万人）'))).toBe(true);
  });

  it('100 children: the table continues over pages, each under 续表1 with its header repeated, no row lost or cut', () => {
    expect(checkTable(pdf100, hundred).continued).toBeGreaterThanOrEqual(2);
  });

  it('--tables end: the tables together in a 统计资料 part after the last entry, listed in the contents at its page', async () => {
    const pdf = await buildChapter(twelve.files, 'appendix');
    const pages = bbox(pdf);
    const part = pages.findIndex((p) => p.words.some((w) => w.text === '统计资料') && p.words.some((w) => w.text === '表1'));
    expect(part).toBeGreaterThan(0);
    // the credit closes the last entry before it, on an earlier page
    const credit = pages.findIndex((p) => p.words.some((w) => w.text === '（刘雪峰）'));
    expect(credit).toBeGreaterThanOrEqual(0);
    expect(credit).toBeLessThan(part);
    // the contents line 统计资料 … N names that page
    const contents = pages[0]!;
    const line = lineOf(contents, contents.words.find((w) => w.text === '统计资料')!);
    expect(line[line.length - 1]!.text).toBe(String(part + 1));
    checkTable(pdf, twelve);
  }, 120_000);

  it('a table wider than the page is cut into column groups, the row labels repeated in each', async () => {
    // 30 children: more than the children chart draws, so each label below is the table's
    const f = statFolder(30, CATALOGUE, `
tables:
  - id: wide
    title: 各市参保和基金情况
    rows: children
    columns: [insured.total, insured.employee, insured.resident, fund.employee.income, fund.employee.expenditure, fund.resident.income, fund.resident.expenditure]
`);
    const pdf = await buildChapter(f.files);
    const pages = bbox(pdf);
    const words = pages.flatMap((p) => p.words.map((w) => w.text));
    // 7 columns: six, then the seventh under 续表1 with every row label again (and 续表1 on any page either continues on)
    const continued = words.filter((w) => w === '续表1').length;
    expect(continued).toBeGreaterThanOrEqual(1);
    expect(words.filter((w) => w === '第3市')).toHaveLength(2);
    expect(words.filter((w) => w === '地区')).toHaveLength(continued + 1);
    const seventh = pages.findIndex((p) => p.words.some((w) => w.text.startsWith('城乡居民基本医疗保险基金支出') || w.text.startsWith('支出（亿元）')));
    expect(seventh).toBeGreaterThanOrEqual(0);
    // units in the heads, the heads never outside the page
    expect(words.some((w) => w.includes('（万人）'))).toBe(true);
    expect(words.some((w) => w.includes('（亿元）'))).toBe(true);
    expect(collisions(pdf)).toEqual([]);
  }, 120_000);
});

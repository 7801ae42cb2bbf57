/**
 * Issue #8, pages silently wrong, with the real Chromium: what the margin boxes alone print (running
 * head, folio) and the text that shares their font are in the PDF, in the bundled fonts, without
 * .notdef glyphs; text from the data cannot inject CSS; duplicated documents do not overwrite each other.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/app/build-pdf.js';
import { removeFolder, writeFolder } from './helpers.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'yearbook-pages-'));
const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

const REGIONS = `regions:
  - code: "150500"
    name: 通辽市
    children:
      - {code: "150502", name: 科尔沁区}
`;
const INDICATORS = `indicators:
  insured.total:
    label: 基本医疗保险参保人数
    unit: 万人
    aggregate: sum
    min: 0
  insured.employee:
    label: 职工基本医疗保险参保人数
    unit: 万人
    aggregate: sum
    min: 0
  insured.resident:
    label: 城乡居民基本医疗保险参保人数
    unit: 万人
    aggregate: sum
    min: 0
rules:
  - id: insured-sum
    check: insured.total = insured.employee + insured.resident
    message: 参保人数合计与职工、居民参保人数之和不符
`;
/** A document of 科尔沁区 with an entry (one section) and a summary; `source` as YAML text. */
function document(source: string, words = '全区', year = 2023, figureTable = false): string {
  return `region: "150502"
year: ${year}
source: ${source}
figures:
  insured:
    total: 80.5
    employee: 20.25
    resident: 60.25
entry:
  author: 包青${figureTable ? '\n  figure_table: true' : ''}
  sections:
    - title: 概况
      text: |
        {{year}}年,${words}基本医疗保险参保人数{{insured.total}},其中职工{{insured.employee}},居民{{insured.resident}}。
summary:
  title: 科尔沁区医疗保障局${year}年工作总结
  intro: |
    {{year}}年,${words}参保人数{{insured.total}}。
`;
}

async function buildFolder(files: Record<string, string>, extra: { draft?: boolean; chapter?: string } = {}): Promise<{ out: string; result: BuildResult }> {
  const dir = writeFolder({ 'regions.yaml': REGIONS, 'indicators.yaml': INDICATORS, ...files });
  const out = tmp();
  cleanup.push(out);
  try {
    const result = await build({ dir, out, templates: 'templates', draft: extra.draft ?? false, rounding: 'half-up', chapter: extra.chapter ?? '医疗保障', concurrency: 2, env: { ...process.env, SOURCE_DATE_EPOCH: undefined } });
    return { out, result };
  } finally {
    removeFolder(dir);
  }
}

function pdftext(file: string, ...args: string[]): string {
  const r = spawnSync('pdftotext', [...args, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The text of each page, in reading order, with the lines of each page. */
function pages(file: string): string[][] {
  return pdftext(file, '-raw').split('\f').filter((p) => p.trim() !== '').map((p) => p.split('\n').map((l) => l.trim()).filter(Boolean));
}

/** Every font of a PDF embedded, one of the bundled families (no system fallback), CID TrueType. */
function expectBundledFonts(file: string): void {
  const r = spawnSync('pdffonts', [file], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const rows = r.stdout.trim().split('\n').slice(2);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row, file).toMatch(/^[A-Z]{6}\+(NotoSerifSC|NotoSansSC|LXGWWenKai)\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  }
}

/** The glyph ids a PDF draws (Chromium writes each as four hex digits in `<…> Tj` with Identity-H). */
function glyphIds(file: string): string[] {
  const r = spawnSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { maxBuffer: 256 * 1024 * 1024 });
  expect(r.status, String(r.stderr)).toBe(0);
  const text = r.stdout.toString('latin1');
  const ids: string[] = [];
  for (const m of text.matchAll(/<([0-9a-fA-F]+)>\s*Tj/g)) ids.push(...m[1]!.match(/.{4}/g)!);
  for (const m of text.matchAll(/\[((?:[^\]])*)\]\s*TJ/g)) for (const s of m[1]!.matchAll(/<([0-9a-fA-F]+)>/g)) ids.push(...s[1]!.match(/.{4}/g)!);
  return ids;
}

function expectNoNotdef(file: string): void {
  const ids = glyphIds(file);
  expect(ids.length, `${file}: no text drawn`).toBeGreaterThan(10);
  expect(ids.filter((g) => g === '0000'), `${file} draws .notdef`).toEqual([]);
}

/** Every file under a folder, relative to it, with '/'. */
/** The build's outputs under `dir`: every file but those of the build cache (.yearbook-cache/, not an output). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      if (d === dir && name === '.yearbook-cache') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

describe('fonts that only the margin boxes need', () => {
  it('prints the running heads, the folio and 表1 of an entry whose source has characters the body lacks (沁, 卷)', async () => {
    const { out, result } = await buildFolder({ '2023/150502.yaml': document('《科尔沁区年鉴》2024卷', '全区', 2023, true) });
    expect(result.refused).toBe(false);
    const entry = join(out, '2023/150502/entry.pdf');
    const [first] = pages(entry);
    // the running head of an odd page (the chapter) and the folio (a right-hand page: top right), then the body
    expect(first![0]).toBe('医疗保障 1');
    const text = first!.join('\n');
    expect(text).toContain('科尔沁区');
    const table = text.slice(text.search(/表1\s+科尔沁区2023年主要指标/));
    expect(table).toMatch(/指标\s+数值\s+基本医疗保险参保人数\s+80\.5万人\s+职工基本医疗保险参保人数\s+20\.25万人\s+城乡居民基本医疗保险参保人数\s+60\.25万人/);
    expectBundledFonts(entry);
    expectNoNotdef(entry);

    // the chapter of the year, after its contents: right-hand pages have the chapter and then the folio,
    // left-hand ones the folio and then the volume (卷 printed by the running head alone)
    const chapter = pages(join(out, '2023/chapter.pdf'));
    expect(chapter.length).toBeGreaterThan(1);
    // the front (the chapter's title and its contents) counts in the numbering but prints no running head or folio
    expect(chapter[0]![0]).toBe('医疗保障');
    chapter.slice(1).forEach((p, k) => {
      const i = k + 1;
      expect(p[0]).toBe(i % 2 === 0 ? `医疗保障 ${i + 1}` : `${i + 1} 《科尔沁区年鉴》2024卷`);
    });
    expect(chapter.at(-1)!.join('\n')).toMatch(/60\.25万人/);
    expectBundledFonts(join(out, '2023/chapter.pdf'));
    expectNoNotdef(join(out, '2023/chapter.pdf'));

    // the summary's folio (— 1 —) in the bundled Song, not a system font
    const summary = join(out, '2023/150502/summary.pdf');
    expect(pdftext(summary)).toMatch(/—\s?1\s?—/);
    expectBundledFonts(summary);
    expectNoNotdef(summary);
  }, 120_000);

  it('prints a draft stamp whose characters only the stamp has', async () => {
    // an error (a total that is not the sum of its parts) makes a draft; the stamp is printed in a margin box
    const { out, result } = await buildFolder({ '2023/150502.yaml': document('《科尔沁区年鉴》2024卷').replace('total: 80.5', 'total: 99.5') }, { draft: true });
    expect(result.report.summary.errors).toBeGreaterThan(0);
    const entry = join(out, '2023/150502/entry.pdf');
    const text = pdftext(entry);
    expect(text).toContain(`草稿 · ${result.report.summary.errors}处数据不一致`);
    expect(text).toMatch(/^医疗保障\s+1/);
    expect(text).toContain('60.25万人');
    expectBundledFonts(entry);
    expectNoNotdef(entry);
  }, 120_000);
});

describe('text from the data in CSS', () => {
  const body = /全\s*区\s*基\s*本\s*医\s*疗\s*保\s*险\s*参\s*保\s*人\s*数\s*80\.5万人/;
  it('a source with a carriage return, a form feed, U+2028, quotes, a backslash or a null is printed as text in the running head, the body stays', async () => {
    // one year each: every year has its own entry and chapter
    const sources = {
      2020: '"年鉴\\r}} body{display:none} .x{"',
      2021: '"年鉴\\f}} body{display:none} .x{"',
      2022: '"年鉴\\u2028\\"\'}} body{display:none} .x{"',
      2023: '"年鉴\\\\\\0}} body{display:none} .x{"',
    };
    const { out, result } = await buildFolder(Object.fromEntries(Object.entries(sources).map(([year, source]) => [`${year}/150502.yaml`, document(source, '全区', Number(year))])));
    expect(result.refused).toBe(false);
    for (const year of Object.keys(sources)) {
      // the entry's one page (an odd page: the chapter in its head)
      const entry = pages(join(out, `${year}/150502/entry.pdf`));
      expect(entry[0]![0]).toBe('医疗保障 1');
      expect(entry.flat().join('\n')).toMatch(body);
      // the chapter's contents, then its region on an even page, headed by the volume: the source as text
      const chapter = pages(join(out, `${year}/chapter.pdf`));
      expect(chapter[1]![0], year).toMatch(/^2 年鉴.*\}\} body\{display:none\} \.x\{$/);
      expect(chapter.flat().join('\n'), year).toMatch(body);
      expect(pdftext(join(out, `${year}/150502/summary.pdf`))).toContain(`科尔沁区医疗保障局${year}年工作总结`);
    }
  }, 120_000);

  it('a --chapter with a carriage return is printed as text in the running head, the body stays', async () => {
    const { out } = await buildFolder({ '2023/150502.yaml': document('《科尔沁区年鉴》2024卷') }, { chapter: '医疗\r}} body{display:none} .x{' });
    for (const f of ['2023/150502/entry.pdf', '2023/chapter.pdf']) {
      const [first, ...rest] = pages(join(out, f));
      // the entry's running head and folio; the chapter's title opening its front page (no folio there)
      expect(first![0], f).toMatch(f.endsWith('chapter.pdf') ? /^医疗\s?\}\} body\{display:none\} \.x\{$/ : /^医疗\s?\}\} body\{display:none\} \.x\{ 1$/);
      expect([first!, ...rest].flat().join('\n'), f).toMatch(body);
    }
  }, 120_000);
});

describe('duplicated documents', () => {
  it('prints the first of two documents for one region and year once, lists the other, and reports each file once', async () => {
    const { out, result } = await buildFolder(
      {
        '2023/150502.yaml': document('《科尔沁区年鉴》2024卷', '第一份'),
        '2023/150502b.yaml': document('《科尔沁区年鉴》2024卷', '第二份'),
      },
      { draft: true },
    );
    // the check reports the later file as the duplicate
    expect(result.report.findings.filter((f) => f.kind === 'duplicate-document').map((f) => f.file)).toEqual([expect.stringMatching(/2023\/150502b\.yaml$/)]);
    expect(result.refused).toBe(false);
    // each output once, and exactly the files on disk
    const reported = result.outputs.map((f) => relative(out, f).split('\\').join('/'));
    expect(new Set(reported).size).toBe(reported.length);
    expect(filesUnder(out)).toEqual([...reported].sort());
    expect(reported.filter((f) => f.endsWith('.pdf')).sort()).toEqual(['2023/150502/entry.pdf', '2023/150502/summary.pdf', '2023/chapter.pdf']);
    // the original (first in path order, the one the check keeps) is printed; the duplicate is listed
    expect(pdftext(join(out, '2023/150502/entry.pdf'))).toContain('第一份');
    expect(pdftext(join(out, '2023/150502/entry.pdf'))).not.toContain('第二份');
    const chapter = pdftext(join(out, '2023/chapter.pdf'));
    expect(chapter).toContain('第一份');
    expect(chapter).not.toContain('第二份');
    expect(chapter.match(/【概况】/g)).toHaveLength(1);
    expect(result.skipped).toEqual([{ file: expect.stringMatching(/2023\/150502b\.yaml$/), original: expect.stringMatching(/2023\/150502\.yaml$/) }]);
    expect(readdirSync(join(out, '2023')).sort()).toEqual(['150502', 'chapter.html', 'chapter.index.json', 'chapter.pdf']);
    expect(readFileSync(join(out, '2023/150502/entry.html'), 'utf8')).toContain('第一份');
  }, 120_000);
});

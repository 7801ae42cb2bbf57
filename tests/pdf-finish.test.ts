/**
 * pdf-finish: reproducible Chromium PDFs with the document's metadata.
 * The Chromium part prints real PDFs with /usr/bin/chromium and checks them with poppler-utils.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDate, finishPdf, pdfDate, type PdfMeta } from '../src/print/pdf-finish.js';
import { inspectPdf } from '../src/print/pdf-inspect.js';
import { readLayout } from '../src/print/pdf-syntax.js';

const CHROMIUM = '/usr/bin/chromium';
const hasTool = (cmd: string): boolean => spawnSync(cmd, ['-v']).error === undefined;
const canPrint = existsSync(CHROMIUM) && hasTool('pdfinfo') && hasTool('pdffonts') && hasTool('pdftoppm');

const META: PdfMeta = {
  title: '内蒙古统计年鉴 2023',
  author: '内蒙古自治区统计局',
  subject: '统计年鉴',
  keywords: ['统计', '人口', 'GDP'],
  lang: 'zh-CN',
  date: buildDate({ SOURCE_DATE_EPOCH: '1700000000' }, 0),
};

/** Runs a poppler tool on the bytes; fails the test on any error or warning it prints. */
function poppler(tool: string, args: string[], pdf: Uint8Array, dir: string, after: string[] = []): string {
  const file = join(dir, `${tool}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync(tool, [...args, file, ...after], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** Each object's bytes (from `N G obj` to the next object), by object number. */
function objectBytes(pdf: Uint8Array): Map<number, string> {
  const layout = readLayout(pdf);
  const used = [...layout.entries.values()].filter((e) => e.inUse).sort((a, b) => a.offset - b.offset);
  const out = new Map<number, string>();
  used.forEach((e, i) => {
    const end = used[i + 1]?.offset ?? layout.xrefOffset;
    const text = layout.s.slice(e.offset, end);
    expect(text.startsWith(`${e.num} ${e.gen} obj`), `xref entry of object ${e.num}`).toBe(true);
    out.set(e.num, text);
  });
  return out;
}

describe('buildDate', () => {
  it('uses SOURCE_DATE_EPOCH when it is a valid integer', () => {
    expect(buildDate({ SOURCE_DATE_EPOCH: '1700000000' }, 5)).toBe(1700000000);
    expect(buildDate({ SOURCE_DATE_EPOCH: ' 0 ' }, 5)).toBe(0);
  });
  it('falls back when it is unset, empty or malformed', () => {
    for (const v of [undefined, '', 'abc', '1.5', '-3', '1e9', '99999999999999999999']) {
      expect(buildDate({ SOURCE_DATE_EPOCH: v }, 1234)).toBe(1234);
    }
    expect(() => buildDate({}, 1.5)).toThrow(RangeError);
  });
  it('formats PDF dates in UTC', () => {
    expect(pdfDate(1700000000)).toBe("D:20231114221320+00'00'");
    expect(pdfDate(0)).toBe("D:19700101000000+00'00'");
  });
});

/** A minimal one-page PDF with a classic xref table and no Info, as a stand-in for odd input. */
function tinyPdf(): Uint8Array {
  const objs = [
    '<</Type /Catalog /Pages 2 0 R>>',
    '<</Type /Pages /Kids [3 0 R] /Count 1>>',
    '<</Type /Page /Parent 2 0 R /MediaBox [0 0 200 100]>>',
  ];
  let s = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => {
    offs.push(s.length);
    s += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = s.length;
  s += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offs) s += `${String(o).padStart(10, '0')} 00000 n \n`;
  s += `trailer\n<</Size ${objs.length + 1} /Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

describe('finishPdf on a hand-made PDF', () => {
  it('adds an Info dictionary, /Lang and /ID when they are missing', () => {
    const out = finishPdf(tinyPdf(), { ...META, subject: undefined, keywords: [] });
    const facts = inspectPdf(out);
    expect(facts.info).toEqual({
      Title: META.title,
      Author: META.author,
      CreationDate: "D:20231114221320+00'00'",
      ModDate: "D:20231114221320+00'00'",
    });
    expect(facts.lang).toBe('zh-CN');
    expect(facts.id?.[0]).toMatch(/^[0-9a-f]{32}$/);
    objectBytes(out); // every xref offset points at its object
    expect(finishPdf(out, { ...META, subject: undefined, keywords: [] })).toEqual(out);
  });
  it('rejects what it cannot handle', () => {
    expect(() => finishPdf(new Uint8Array([1, 2, 3]), META)).toThrow(/not a PDF/);
    expect(() => finishPdf(tinyPdf(), { ...META, date: -1 })).toThrow(RangeError);
    expect(() => finishPdf(tinyPdf(), { ...META, lang: 'zh CN' })).toThrow(RangeError);
  });
});

const FONTS = fileURLToPath(new URL('../node_modules/@fontsource/noto-serif-sc/', import.meta.url));

function html(lang: string | null): string {
  const css = (w: number) => pathToFileURL(join(FONTS, `${w}.css`)).href;
  const rows = Array.from({ length: 60 }, (_, i) => `<tr><td>地区${i + 1}</td><td>${(i * 37.3).toFixed(1)}</td></tr>`).join('');
  return `<!doctype html>
<html${lang ? ` lang="${lang}"` : ''}><head><meta charset="utf-8"><title>统计年鉴</title>
<link rel="stylesheet" href="${css(400)}"><link rel="stylesheet" href="${css(700)}">
<style>body { font-family: 'Noto Serif SC'; font-size: 11pt } @page { size: A4; margin: 20mm }</style></head>
<body>
<h1>第一章 综合</h1><p>内蒙古自治区位于中国北部边疆。年末常住人口 2396 万人。</p>
<h2>1.1 人口</h2><table>${rows}</table>
<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" role="img" aria-label="图表">
<rect x="10" y="10" width="80" height="100" fill="#36c"/><text x="100" y="60" font-family="Noto Serif SC">图表 一</text></svg>
<h1>第二章 经济</h1><h2>2.1 地区生产总值</h2><p>地区生产总值增长 7.3%。</p>
</body></html>`;
}

describe('finishPdf on Chromium PDFs', () => {
  it('has Chromium and poppler-utils to print with (scripts/setup.sh installs them)', () => expect(canPrint).toBe(true));

  let dir = '';
  const raw: Uint8Array[] = [];
  let enUs: Uint8Array;

  /** Prints with a fresh browser process and profile each time. */
  async function print(file: string): Promise<Uint8Array> {
    const profile = mkdtempSync(join(tmpdir(), 'yearbook-chromium-'));
    try {
      const browser = await puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        userDataDir: profile,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      try {
        const page = await browser.newPage();
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        return await page.pdf({ tagged: true, outline: true, printBackground: true, preferCSSPageSize: true });
      } finally {
        await browser.close();
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yearbook-pdf-'));
    writeFileSync(join(dir, 'zh.html'), html('zh-CN'));
    writeFileSync(join(dir, 'none.html'), html(null));
    raw.push(await print(join(dir, 'zh.html')));
    await new Promise((r) => setTimeout(r, 1000)); // let the clock tick so that the raw dates differ
    raw.push(await print(join(dir, 'zh.html')));
    enUs = await print(join(dir, 'none.html'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('raw prints differ only in the Info dates', () => {
    const [a, b] = [raw[0]!, raw[1]!];
    expect(a.length).toBe(b.length);
    const dates = [...Buffer.from(a).toString('latin1').matchAll(/\/(CreationDate|ModDate) \(D:\d{14}[^)]*\)/g)];
    expect(dates).toHaveLength(2);
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) expect(dates.some((m) => i >= m.index && i < m.index + m[0].length), `byte ${i}`).toBe(true);
    }
    expect(inspectPdf(a).id).toBeUndefined();
  });

  it('gives byte-identical finished PDFs, and finishing is idempotent', () => {
    const [a, b] = raw.map((p) => finishPdf(p, META));
    expect(Buffer.compare(Buffer.from(a!), Buffer.from(b!))).toBe(0);
    expect(finishPdf(a!, META)).toEqual(a);
    expect(finishPdf(finishPdf(a!, { ...META, title: 'x', subject: undefined, keywords: ['k'], lang: 'en', date: 0 }), META)).toEqual(a);
  });

  it('keeps every object except Info, Catalog and the root structure element byte for byte', () => {
    const before = objectBytes(raw[0]!);
    const after = objectBytes(finishPdf(raw[0]!, META));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const changed = [...before.keys()].filter((n) => before.get(n) !== after.get(n));
    expect(changed).toEqual([1]); // only the Info dictionary: Chromium already wrote /Lang (zh-CN)
  });

  it('sets title, author, subject, keywords, dates and /ID (pdfinfo)', () => {
    const out = finishPdf(raw[0]!, META);
    const info = poppler('pdfinfo', ['-isodates'], out, dir);
    expect(info).toMatch(/^Title:\s+内蒙古统计年鉴 2023$/m);
    expect(info).toMatch(/^Author:\s+内蒙古自治区统计局$/m);
    expect(info).toMatch(/^Subject:\s+统计年鉴$/m);
    expect(info).toMatch(/^Keywords:\s+统计, 人口, GDP$/m);
    expect(info).toMatch(/^CreationDate:\s+2023-11-14T22:13:20Z$/m);
    expect(info).toMatch(/^ModDate:\s+2023-11-14T22:13:20Z$/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    // @page { size: A4 } gives 594.96 x 841.92 pts, format: 'A4' gives 595.92 x 841.92; poppler calls both A4.
    expect(info).toMatch(/^Page size:\s+59\d\.\d+ x 841\.92 pts \(A4\)$/m);
    expect(info).toMatch(/^Pages:\s+[2-9]$/m);
    const facts = inspectPdf(out);
    expect(facts.lang).toBe('zh-CN');
    expect(facts.tagged).toBe(true);
    expect(facts.id?.[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(facts.id?.[1]).toBe(facts.id?.[0]);
    expect(inspectPdf(finishPdf(raw[0]!, { ...META, author: '别人' })).id).not.toEqual(facts.id);
  });

  it('keeps the outline built from the headings', () => {
    expect(inspectPdf(finishPdf(raw[0]!, META)).outline).toEqual([
      { title: '第一章 综合', level: 1 },
      { title: '1.1 人口', level: 2 },
      { title: '第二章 经济', level: 1 },
      { title: '2.1 地区生产总值', level: 2 },
    ]);
  });

  it('keeps the fonts embedded as CID TrueType subsets, with no Type 3 (pdffonts), and renders (pdftoppm)', () => {
    const out = finishPdf(raw[0]!, META);
    const rows = poppler('pdffonts', [], out, dir).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+NotoSerifSC\S* +CID TrueType +Identity-H +yes yes yes /);
    }
    poppler('pdftoppm', ['-r', '20', '-png', '-f', '1', '-l', '1'], out, dir, [join(dir, 'page')]);
    expect(readdirSync(dir).some((f) => f.startsWith('page') && f.endsWith('.png'))).toBe(true);
  });

  it('sets /Lang where Chromium wrote its default (no <html lang>)', () => {
    expect(inspectPdf(enUs).lang).toBe('en-US');
    const out = finishPdf(enUs, META);
    expect(inspectPdf(out).lang).toBe('zh-CN');
    expect(Buffer.from(out).toString('latin1')).not.toContain('/Lang (en-US)');
    poppler('pdfinfo', [], out, dir);
  });
});

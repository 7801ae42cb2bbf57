/** Charts: which charts a document gets, SVG rendering with real Noto Sans SC metrics, layout without overlaps, PNG by chromium. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { loadFolder } from '../src/app/check.js';
import type { Dataset } from '../src/core/parse/dataset.js';
import type { Doc } from '../src/core/model/types.js';
import {
  chartsForDocument,
  layoutChart,
  measure,
  renderSvg,
  useChartAssets,
  CHART_SIZES,
  type Box,
  type ChartInput,
} from '../src/render/charts.js';
import { svgToPng } from '../src/print/png.js';
import { chartAssets } from '../src/io/chart-assets.js';
import { advanceEm, fontFile, subsetOf, textWidth, wrapText } from '../src/io/font-metrics.js';
import { removeFolder, writeFolder } from './helpers.js';

useChartAssets(chartAssets());
const data = loadFolder('data');

function doc(ds: Dataset, region: string, year: number): Doc {
  const d = ds.docs.find((x) => x.regionCode === region && x.year === year);
  if (!d) throw new Error(`no document ${region} ${year}`);
  return d;
}

type Values = Record<string, unknown>[];
function values(spec: object): Values {
  return (spec as { data: { values: Values } }).data.values;
}

/** Where PNGs are written for a person to look at: CHARTS_PNG_DIR, if set. */
const PNG_DIR = process.env.CHARTS_PNG_DIR ?? '';

// ---- a synthetic province: 12 cities with long names, three years ----

const CITIES: [string, string][] = [
  ['150100', '呼和浩特市'],
  ['150200', '包头稀土高新技术产业开发区'],
  ['150300', '达尔罕茂明安联合旗'],
  ['150400', '鄂尔多斯市康巴什区'],
  ['150500', '科尔沁左翼后旗'],
  ['150600', '莫力达瓦达斡尔族自治旗'],
  ['150700', '鄂伦春自治旗'],
  ['150800', '巴彦淖尔市'],
  ['150900', '乌兰察布市察哈尔右翼前旗'],
  ['152200', '兴安盟'],
  ['152500', '锡林郭勒盟二连浩特市'],
  ['152900', '阿拉善盟额济纳旗'],
];

function syntheticFolder(): string {
  let regions = 'regions:\n  - code: "150000"\n    name: 内蒙古自治区\n    short: 全区\n    children:\n';
  for (const [code, name] of CITIES) regions += `      - {code: "${code}", name: ${name}}\n`;
  const files: Record<string, string> = {
    'regions.yaml': regions,
    'indicators.yaml': readFileSync('data/indicators.yaml', 'utf8'),
  };
  CITIES.forEach(([code], i) => {
    const employee = (20 + i * 7.31).toFixed(2);
    const resident = (90 + i * 23.17).toFixed(2);
    const total = (Number(employee) + Number(resident)).toFixed(2);
    // one city without the split: its bar is the total alone
    const figs = i === 3 ? `    total: ${total}\n` : `    total: ${total}\n    employee: ${employee}\n    resident: ${resident}\n`;
    files[`2022/${code}.yaml`] = `region: "${code}"\nyear: 2022\nfigures:\n  insured:\n${figs}`;
  });
  files['2020/150000.yaml'] = 'region: "150000"\nyear: 2020\nfigures:\n  insured:\n    total: 2101.5\n';
  files['2021/150000.yaml'] = 'region: "150000"\nyear: 2021\nfigures:\n  insured:\n    total: 2148.30\n';
  files['2022/150000.yaml'] = 'region: "150000"\nyear: 2022\nfigures:\n  insured:\n    total: 2169.94\n';
  return writeFolder(files);
}

let synthDir = '';
let synth: Dataset;
beforeAll(() => {
  synthDir = syntheticFolder();
  synth = loadFolder(synthDir);
});
afterAll(() => removeFolder(synthDir));

function overlaps(a: Box, b: Box): boolean {
  return a.x1 < b.x2 - 0.01 && b.x1 < a.x2 - 0.01 && a.y1 < b.y2 - 0.01 && b.y1 < a.y2 - 0.01;
}

/** Texts overlapping texts or bars, and texts outside the drawing. */
function layoutProblems(r: { boxes: Box[]; width: number; height: number }): string[] {
  const out: string[] = [];
  const texts = r.boxes.filter((b) => b.kind === 'text');
  const rects = r.boxes.filter((b) => b.kind === 'rect');
  for (let i = 0; i < texts.length; i++) {
    const a = texts[i]!;
    if (a.x1 < -0.01 || a.y1 < -0.01 || a.x2 > r.width + 0.01 || a.y2 > r.height + 0.01) out.push(`clipped: ${a.text}`);
    for (let j = i + 1; j < texts.length; j++) if (overlaps(a, texts[j]!)) out.push(`overlap: ${a.text} / ${texts[j]!.text}`);
    for (const b of rects) if (overlaps(a, b)) out.push(`on a bar: ${a.text}`);
  }
  return out;
}

describe('chartsForDocument', () => {
  it('gives the Tongliao 2023 summary its funds and before-after charts', () => {
    const charts = chartsForDocument(doc(data, '150500', 2023), data);
    expect(charts.map((c) => c.id)).toEqual(['funds', 'before-after']);

    const funds = charts[0]!;
    expect(funds.title).toBe('2023年医疗保障基金收支情况（亿元）');
    const fv = values(funds.spec).map((v) => [String(v.row).replace('\n', ''), v.measure, v.value, v.text]);
    expect(fv).toEqual([
      ['职工基本医疗保险基金', '收入', 22.36, '22.36'],
      ['职工基本医疗保险基金', '支出', 16.15, '16.15'],
      ['职工基本医疗保险基金', '累计结存', 61.96, '61.96'],
      ['城乡居民基本医疗保险基金', '收入', 18.06, '18.06'],
      ['城乡居民基本医疗保险基金', '支出', 15.2, '15.2'],
      ['城乡居民基本医疗保险基金', '累计结存', 15.86, '15.86'],
      ['医疗救助基金', '收入', 1.76, '1.76'],
      ['医疗救助基金', '支出', 1.16, '1.16'],
      ['医疗救助基金', '累计结存', 0.69, '0.69'],
    ]);

    const ba = charts[1]!;
    const panels = (ba.spec as { concat: { title: { text: string }; data: { values: Values } }[] }).concat;
    expect(panels.map((p) => p.title.text)).toEqual(['患者平均住院天数（天）', '次均住院费用（元）', '患者平均自负费用（元）']);
    expect(panels[0]!.data.values.map((v) => [v.stage, v.value, v.text])).toEqual([
      ['改革前', 7.53, '7.53'],
      ['改革后', 6.99, '6.99'],
    ]);
    expect(panels[1]!.data.values.map((v) => v.text)).toEqual(['7487.93', '6091.89']);
  });

  it('sizes a summary for A4 and a yearbook entry for one column, unless told', () => {
    const tongliao = doc(data, '150500', 2023);
    expect(chartsForDocument(tongliao, data)[0]!.size).toBe('page');
    expect(chartsForDocument(tongliao, data, { size: 'column' })[0]!.size).toBe('column');
    expect(chartsForDocument(doc(data, '150000', 2022), data)[0]!.size).toBe('column');
  });

  it('gives Inner Mongolia 2022 a funds chart with the basic fund and no balance bar it lacks', () => {
    const charts = chartsForDocument(doc(data, '150000', 2022), data);
    // the 12 盟市 of data/ (illustrative figures) give it the children chart too
    expect(charts.map((c) => c.id)).toEqual(['children', 'funds']);
    const v = values(charts.find((c) => c.id === 'funds')!.spec).filter((x) => String(x.row).replace('\n', '') === '基本医疗保险基金');
    expect(v.map((x) => [x.measure, x.text])).toEqual([
      ['收入', '511.17'],
      ['支出', '369.07'],
    ]);
  });

  it('builds children (stacked, total label) and years charts for a province', () => {
    const charts = chartsForDocument(doc(synth, '150000', 2022), synth, { size: 'column' });
    expect(charts.map((c) => c.id)).toEqual(['children', 'years']);
    const children = charts[0]!;
    expect(children.title).toBe('2022年各盟市基本医疗保险参保人数（万人）');
    const parts = (children.spec as { layer: { data: { values: Values } }[] }).layer[0]!.data.values;
    const hohhot = parts.filter((p) => p.row === '呼和浩特市');
    expect(hohhot.map((p) => [p.part, p.value])).toEqual([
      ['职工', 20],
      ['城乡居民', 90],
    ]);
    const unsplit = parts.filter((p) => String(p.row).replace(/\n/g, '') === '鄂尔多斯市康巴什区');
    expect(unsplit.map((p) => p.part)).toEqual(['未分项']);
    const labels = (children.spec as { layer: { data: { values: Values } }[] }).layer[1]!.data.values;
    expect(labels[0]).toMatchObject({ row: '呼和浩特市', text: '110.00' });

    const years = charts[1]!;
    expect(years.title).toBe('内蒙古自治区2020—2022年基本医疗保险参保人数（万人）');
    expect(values(years.spec).map((v) => [v.year, v.text])).toEqual([
      ['2020年', '2101.5'],
      ['2021年', '2148.30'],
      ['2022年', '2169.94'],
    ]);
  });

  it('leaves the title out of the drawing when the page prints it as a caption', async () => {
    const [funds] = chartsForDocument(doc(data, '150500', 2023), data, { title: false });
    expect(funds!.title).toBe('2023年医疗保障基金收支情况（亿元）');
    expect(await renderSvg(funds!)).not.toContain('收支情况');
  });

  it('needs two children and three years', () => {
    const oneChild = synth.docs.filter((d) => d.regionCode !== '150200' || d.year !== 2022);
    const ds: Dataset = { ...synth, docs: oneChild.filter((d) => d.regionCode === '150000' || d.regionCode === '150100') };
    expect(chartsForDocument(doc(ds, '150000', 2022), ds).map((c) => c.id)).toEqual(['years']);
    const twoYears: Dataset = { ...synth, docs: synth.docs.filter((d) => d.year !== 2020) };
    expect(chartsForDocument(doc(twoYears, '150000', 2022), twoYears).map((c) => c.id)).toEqual(['children']);
  });
});

describe('text metrics', () => {
  it('measures a Chinese label with the font, not 0.8 em a character', () => {
    const label = '基本医疗保险参保人数(万人)';
    const size = 13;
    let units = 0;
    for (const ch of label) units += advanceEm(ch.codePointAt(0)!) * 1000;
    const expected = (units / 1000) * size;
    expect(measure({ fontSize: size }, label)).toBeCloseTo(expected, 6);
    // the CJK characters are a full em, the brackets narrow: nothing like the 0.8 em guess
    expect(Math.abs(expected - 0.8 * label.length * size)).toBeGreaterThan(10);
  });

  it('takes the widths from the woff2 files the PDF embeds (the woff twins agree)', async () => {
    const fontkit = (await import('fontkit' as string)) as { create(b: Buffer): { unitsPerEm: number; glyphForCodePoint(cp: number): { advanceWidth: number } } };
    for (const ch of '参保人数万人(2023.5)职工居民') {
      const cp = ch.codePointAt(0)!;
      for (const weight of [400, 700]) {
        const f2 = fontkit.create(readFileSync(fontFile(subsetOf(cp)!, weight, 'woff2')));
        expect(advanceEm(cp, weight)).toBe(f2.glyphForCodePoint(cp).advanceWidth / f2.unitsPerEm);
      }
    }
  });

  it('is the width vega lays the title out with (scenegraph bounds, ± 1 px)', async () => {
    const input = chartsForDocument(doc(synth, '150000', 2022), synth, { size: 'page' })[0]!;
    const r = await layoutChart(input);
    const title = r.boxes.find((b) => b.role === 'title-text')!;
    expect(title.text).toBe(input.title);
    const fontkitWidth = textWidth(input.title, CHART_SIZES.page.titleSize, 700);
    expect(Math.abs(title.x2 - title.x1 - fontkitWidth)).toBeLessThanOrEqual(1);
  });

  it('wraps long names into balanced lines that fit, breaking before words', () => {
    expect(wrapText('职工基本医疗保险基金', 10.5, 84)).toEqual(['职工基本', '医疗保险基金']);
    expect(wrapText('呼和浩特市', 10.5, 84)).toEqual(['呼和浩特市']);
    for (const l of wrapText('包头稀土高新技术产业开发区', 10.5, 84)) expect(textWidth(l, 10.5)).toBeLessThanOrEqual(84);
  });
});

describe('renderSvg', () => {
  it('draws the Chinese labels and is byte-identical across renders', async () => {
    const [funds, ba] = chartsForDocument(doc(data, '150500', 2023), data);
    const a = await renderSvg(ba!);
    const b = await renderSvg(ba!);
    expect(a).toBe(b);
    // the title names what is compared (it wraps into lines in the drawing)
    expect(ba!.title).toBe('2023年患者平均住院天数、次均住院费用、患者平均自负费用改革前后对比');
    for (const s of ['改革前后对比', '患者平均住院天数（天）', '改革前', '改革后', '7.53', '6.99', '7487.93']) expect(a).toContain(s);
    expect(a).toContain('font-family="Noto Sans SC"');
    expect(a).not.toMatch(/<title>|cursor|href=/);
    const f = await renderSvg(funds!);
    for (const s of ['职工基本', '医疗保险基金', '累计结存', '61.96', '0.69']) expect(f).toContain(s);
  });

  it('lays every chart out without overlapping or clipped text, in both sizes', async () => {
    const docs: [Dataset, Doc][] = [
      [data, doc(data, '150500', 2023)],
      [data, doc(data, '150000', 2022)],
      [synth, doc(synth, '150000', 2022)],
    ];
    for (const size of ['column', 'page'] as const) {
      for (const [ds, d] of docs) {
        for (const c of chartsForDocument(d, ds, { size })) {
          const r = await layoutChart(c);
          expect.soft(layoutProblems(r), `${d.rel} ${c.id} ${size}`).toEqual([]);
          expect.soft(r.warnings, `${d.rel} ${c.id} ${size}`).toEqual([]);
          expect.soft(r.width, `${c.id} ${size} width`).toBeLessThanOrEqual(CHART_SIZES[size].width + 0.5);
          expect.soft(r.width, `${c.id} ${size} width`).toBeGreaterThan(CHART_SIZES[size].width - 8);
        }
      }
    }
  });

  it('the 12-city children chart: texts apart, every city on its own row', async () => {
    const input = chartsForDocument(doc(synth, '150000', 2022), synth, { size: 'column' })[0]!;
    const r = await layoutChart(input);
    const texts = r.boxes.filter((b) => b.kind === 'text');
    expect(texts.length).toBeGreaterThan(12 * 2);
    expect(layoutProblems(r)).toEqual([]);
    for (const [, name] of CITIES) expect(texts.some((t) => t.text.replace(/\n/g, '') === name)).toBe(true);
  });

  it('loads nothing from the network or disk', async () => {
    const input: ChartInput = {
      id: 'x',
      title: 'x',
      spec: { data: { url: 'http://example.invalid/data.json' }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative' } } },
    };
    const r = await layoutChart(input);
    expect(r.warnings.join(' ')).toMatch(/load nothing/);
  });
});

describe('svgToPng', () => {
  let browser: Browser | null = null;
  let page: Page;
  let profile = '';
  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'yearbook-chromium-'));
    browser = await puppeteer.launch({
      executablePath: '/usr/bin/chromium',
      userDataDir: profile,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless'],
    });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('draws a PNG of the chart at the asked scale', async () => {
    const charts = (['column', 'page'] as const).flatMap((size) => [
      ...chartsForDocument(doc(data, '150500', 2023), data, { size }),
      ...chartsForDocument(doc(synth, '150000', 2022), synth, { size }),
    ]);
    if (PNG_DIR) mkdirSync(PNG_DIR, { recursive: true });
    for (const c of charts) {
      const r = await layoutChart(c);
      const png = await svgToPng(r.svg, page, 2);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // IHDR: width and height at offset 16 and 20
      expect(png.readUInt32BE(16)).toBe(Math.ceil(r.width) * 2);
      expect(png.readUInt32BE(20)).toBe(Math.ceil(r.height) * 2);
      expect(png.length).toBeGreaterThan(5000);
      if (PNG_DIR) writeFileSync(join(PNG_DIR, `${c.id}-${c.size}.png`), png);
    }
  });
});

describe('chart templates follow --templates', () => {
  it('a changed template in the templates copy changes the chart; a missing one comes from the bundle', async () => {
    const { chartRenderer } = await import('../src/app/prepare.js');
    const copy = mkdtempSync(join(tmpdir(), 'yearbook-chart-tpl-'));
    try {
      mkdirSync(join(copy, 'charts'));
      // only config.vl.json in the copy, with another background: the rest are the bundled ones
      writeFileSync(join(copy, 'charts', 'config.vl.json'), readFileSync('templates/charts/config.vl.json', 'utf8').replace('"background": "#ffffff"', '"background": "#fdf6e3"'));
      const own = await chartRenderer(copy);
      const d = doc(data, '150000', 2022);
      const [input] = await own.chartsFor(d, data, 'column', false);
      expect(input).toBeDefined();
      expect(await own.renderSvg(input!)).toContain('#fdf6e3');
      const bundled = await chartRenderer('templates');
      const [again] = await bundled.chartsFor(d, data, 'column', false);
      const svg = await bundled.renderSvg(again!);
      expect(svg).not.toContain('#fdf6e3');
      expect(svg).toContain('#ffffff');
    } finally {
      rmSync(copy, { recursive: true, force: true });
      useChartAssets(chartAssets());
    }
  });
});

describe('legends and captions from the catalogue', () => {
  /** A catalogue whose labels are not the example data's, with and without the fund wildcards. */
  const catalogue = (wildcards: boolean): string => `indicators:
  insured.total: {label: 参保总人数, unit: 万人, aggregate: sum}
  insured.employee: {label: 在职及退休职工参保总人数, unit: 万人, aggregate: sum}
  insured.resident: {label: 城乡居民参保总人数, unit: 万人, aggregate: sum}
${wildcards ? '  fund.*.income: {label: 本年收入合计, unit: 亿元}\n  fund.*.expenditure: {label: 本年支出合计, unit: 亿元}\n  fund.*.balance: {label: 年末滚存结余, unit: 亿元}\n' : ''}  fund.employee.income: {label: 职工医保统筹基金本年收入, unit: 亿元}
  fund.employee.expenditure: {label: 职工医保统筹基金本年支出, unit: 亿元}
  fund.employee.balance: {label: 职工医保统筹基金滚存结余, unit: 亿元}
  reform.stay_days: {label: 出院者平均住院日, unit: 天}
`;
  const folder = (wildcards: boolean): string =>
    writeFolder({
      'regions.yaml': 'regions:\n  - code: "150000"\n    name: 内蒙古自治区\n    children:\n      - {code: "150100", name: 呼和浩特市}\n      - {code: "150200", name: 包头市}\n',
      'indicators.yaml': catalogue(wildcards),
      '2022/150000.yaml': 'region: "150000"\nyear: 2022\nfigures:\n  insured: {total: 300, employee: 100, resident: 200}\n  fund:\n    employee: {income: 30.5, expenditure: 20.25, balance: 61.96}\n    resident: {income: 18.06, expenditure: 15.2}\n  reform:\n    stay_days: {before: 7.53, after: 6.99}\n',
      '2022/150100.yaml': 'region: "150100"\nyear: 2022\nfigures:\n  insured: {total: 110, employee: 20, resident: 90}\n',
      '2022/150200.yaml': 'region: "150200"\nyear: 2022\nfigures:\n  insured: {total: 190, employee: 80, resident: 110}\n',
    });
  const RAW = /\b(income|expenditure|balance|employee|resident|stay_days|insured|fund)\b/;

  for (const wildcards of [true, false]) {
    it(`prints the catalogue's labels in legends, rows and captions, never a key (${wildcards ? 'with' : 'without'} fund.* labels)`, async () => {
      const dir = folder(wildcards);
      try {
        const ds = loadFolder(dir);
        const charts = chartsForDocument(doc(ds, '150000', 2022), ds, { size: 'page' });
        expect(charts.map((c) => c.id)).toEqual(['children', 'funds', 'before-after']);
        const texts = async (c: ChartInput): Promise<string[]> => (await layoutChart(c)).boxes.filter((b) => b.kind === 'text').map((b) => b.text.replace(/\n/g, ''));
        const [children, funds, ba] = await Promise.all(charts.map(texts));
        // the insured parts: what sets each label apart from the others
        expect(children).toEqual(expect.arrayContaining(['在职及退休职工', '城乡居民']));
        // the fund measures: the wildcard labels, or what the fund's own labels add to its name
        expect(funds).toEqual(expect.arrayContaining(wildcards ? ['本年收入合计', '本年支出合计', '年末滚存结余'] : ['本年收入', '本年支出', '滚存结余']));
        expect(funds.join('')).toContain('职工医保统筹基金');
        // a fund the catalogue names only by its wildcard is called by its Chinese name
        if (wildcards) expect(funds.join('')).toContain('城乡居民基本医疗保险基金');
        expect(ba).toEqual(expect.arrayContaining(['出院者平均住院日（天）']));
        for (const c of [children, funds, ba]) for (const t of c) expect(t).not.toMatch(RAW);
        // the captions name what is shown, with full-width parentheses
        expect(charts.map((c) => c.title)).toEqual(['2022年各市参保总人数（万人）', '2022年医疗保障基金收支情况（亿元）', '2022年出院者平均住院日改革前后对比']);
      } finally {
        removeFolder(dir);
      }
    });
  }

  it('sets chart labels in 五号 (10.5 pt) or larger on A4, at the width the page prints them', async () => {
    const tongliao = doc(data, '150500', 2023);
    for (const c of chartsForDocument(tongliao, data, { size: 'page', title: false })) {
      const svg = await renderSvg(c);
      const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]);
      // placed at its own width in the 156 mm type area: 1 px = 0.75 pt
      expect(width * 0.75).toBeLessThanOrEqual((156 * 72) / 25.4);
      const sizes = [...svg.matchAll(/font-size="([\d.]+)(?:px)?"/g)].map((m) => Number(m[1]) * 0.75);
      expect(sizes.length).toBeGreaterThan(3);
      for (const s of sizes) expect(s).toBeGreaterThanOrEqual(10.5);
    }
  });
});

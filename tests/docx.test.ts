/**
 * Word export: buildDocx on the example data, the .docx files unzipped (jszip) and their XML read:
 * text with figures, GB/T 9704 headings, page sizes and margins in twips, fonts by name, tables,
 * chart PNGs, page numbers, the draft header, refusal, fixed dates and byte-identical rebuilds.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocx, type DocxOptions } from '../src/app/build-docx.js';
import { dosDateTime } from '../src/print/docx-zip.js';
import { obfuscateFont } from '../src/print/ttf.js';

interface FkFont {
  familyName: string;
  postscriptName: string;
  numGlyphs: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): { id: number; advanceWidth: number; path: { commands: unknown[] } };
}
const fontkit = (await import('fontkit' as string)) as { create(b: Buffer): FkFont };

/** The fonts a .docx embeds, by name and face, un-obfuscated with the keys of its font table. */
async function embedded(zip: JSZip): Promise<Map<string, FkFont>> {
  const table = await zip.file('word/fontTable.xml')!.async('string');
  const rels = await zip.file('word/_rels/fontTable.xml.rels')!.async('string');
  const out = new Map<string, FkFont>();
  for (const font of table.matchAll(/<w:font w:name="([^"]+)">([\s\S]*?)<\/w:font>/g)) {
    for (const e of font[2]!.matchAll(/<w:embed(Regular|Bold) r:id="(rId\d+)" w:fontKey="\{([0-9A-F-]+)\}"/g)) {
      const target = new RegExp(`Id="${e[2]}"[^>]*Target="([^"]+)"`).exec(rels)![1]!;
      const bytes = await zip.file(`word/${target}`)!.async('uint8array');
      out.set(`${font[1]}/${e[1]}`, fontkit.create(Buffer.from(obfuscateFont(bytes, e[3]!))));
    }
  }
  return out;
}

/** The runs of a part: font (East Asian), bold, text. */
function runs(xml: string): { font: string; bold: boolean; text: string }[] {
  return [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].flatMap((m) => {
    const font = /w:eastAsia="([^"]+)"/.exec(m[1]!)?.[1];
    const text = [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
    return font && text ? [{ font, bold: /<w:b\/>/.test(m[1]!), text: text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&apos;/g, "'") }] : [];
  });
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'yearbook-docx-'));
const opts = (dir: string, out: string, extra: Partial<DocxOptions> = {}): DocxOptions => ({
  dir,
  out,
  templates: 'templates',
  draft: false,
  rounding: 'half-up',
  chapter: '医疗保障',
  env: { ...process.env, SOURCE_DATE_EPOCH: undefined },
  ...extra,
});

async function open(file: string): Promise<JSZip> {
  return JSZip.loadAsync(readFileSync(file));
}
async function part(file: string, name: string): Promise<string> {
  const zip = await open(file);
  const f = zip.file(name);
  expect(f, `${file}: ${name}`).not.toBeNull();
  return f!.async('string');
}
/** The text of a part, tags removed. */
const text = (xml: string): string => xml.replace(/<[^>]+>/g, '');
const sectPrs = (xml: string): string[] => [...xml.matchAll(/<w:sectPr>[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);

describe('Word export of the example data', () => {
  let out = '';
  let result: Awaited<ReturnType<typeof buildDocx>>;
  const progress: string[] = [];
  beforeAll(async () => {
    out = tmp();
    result = await buildDocx(opts('data', out, { onProgress: (_d, _t, f) => progress.push(f) }));
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes every document and the chapter under out/YEAR/CODE/', () => {
    expect(result.refused).toBe(false);
    const expected = ['2022/150000/entry.docx', '2023/150500/summary.docx', '2022/530581/summary.docx', '2023/150200/plan.docx', '2023/150200/progress.docx', '2021/330225/summary.docx', '2022/chapter.docx'];
    for (const f of expected) expect(existsSync(join(out, f)), f).toBe(true);
    expect(result.outputs.map((f) => f.slice(out.length + 1)).sort()).toEqual([...expected].sort());
    expect(progress).toHaveLength(expected.length);
  });

  it('prints the entry with its figures, 【titles】 in bold Hei, Song body, the author right-aligned', async () => {
    const xml = await part(join(out, '2022/150000/entry.docx'), 'word/document.xml');
    const t = text(xml);
    expect(t).toContain('2169.94万人');
    expect(t).toContain('【概况】');
    expect(t).toContain('369.07亿元');
    // the title run: bold, Noto Sans SC (hei) by name, 五号 (21 half-points)
    expect(xml).toMatch(/<w:rFonts w:ascii="Noto Sans SC"[^>]*w:eastAsia="Noto Sans SC"[^>]*\/><w:b\/><w:bCs\/><w:sz w:val="21"\/><w:szCs w:val="21"\/><\/w:rPr><w:t xml:space="preserve">【概况】/);
    expect(xml).toContain('w:eastAsia="Noto Serif SC"');
    // the credit in parentheses, right-aligned
    expect(xml).toMatch(/<w:jc w:val="right"\/><\/w:pPr><w:r><w:rPr>(?:(?!<\/w:p>).)*<w:t xml:space="preserve">（刘雪峰）<\/w:t>/);
  });

  it('lays entries out on 16开 185 × 260 mm pages in two columns', async () => {
    const xml = await part(join(out, '2022/150000/entry.docx'), 'word/document.xml');
    for (const s of sectPrs(xml)) {
      expect(s).toContain('<w:pgSz w:w="10488" w:h="14740" w:orient="portrait"/>');
      expect(s).toContain('w:top="1134" w:right="907" w:bottom="1020" w:left="907"');
    }
    expect(xml).toMatch(/<w:cols w:space="397" w:num="2" w:equalWidth="true"\/>/);
    const head = await part(join(out, '2022/150000/entry.docx'), 'word/header1.xml');
    expect(text(head)).toContain('医疗保障');
  });

  it('prints summaries on A4 with GB/T 9704 margins, 仿宋 三号 and 一、(一) headings from the nesting', async () => {
    const xml = await part(join(out, '2022/530581/summary.docx'), 'word/document.xml');
    const [s] = sectPrs(xml);
    expect(s).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    // 37 26 35 28 mm
    expect(s).toContain('w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"');
    const t = text(xml);
    expect(t).toContain('一、医保基金运行情况');
    expect(t).toContain('（一）抓实参保登记');
    // 一、 in Hei, (一) in Kai, body 16 pt
    // (tracked −0.25 pt: 28 characters to the line)
    expect(xml).toMatch(/w:eastAsia="Noto Sans SC"[^>]*\/><w:spacing w:val="-5"\/><w:sz w:val="32"\/><w:szCs w:val="32"\/><\/w:rPr><w:t xml:space="preserve">一、/);
    expect(xml).toMatch(/w:eastAsia="LXGW WenKai"[^>]*\/><w:spacing w:val="-5"\/><w:sz w:val="32"\/><w:szCs w:val="32"\/><\/w:rPr><w:t xml:space="preserve">（一）/);
    // the title: 二号 (44 half-points), bold, centred
    expect(xml).toMatch(/<w:jc w:val="center"\/><\/w:pPr><w:r><w:rPr>[^]*?<w:b\/><w:bCs\/><w:sz w:val="44"\/>/);
    // — 1 — page numbers: odd right, even left
    const settings = await part(join(out, '2022/530581/summary.docx'), 'word/settings.xml');
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    const footers = await Promise.all(['word/footer1.xml', 'word/footer2.xml'].map((f) => part(join(out, '2022/530581/summary.docx'), f)));
    expect(footers.map((f) => text(f).replace(/\s+/g, ''))).toEqual(['—PAGE—', '—PAGE—']);
    expect(footers[0]).toContain('<w:jc w:val="right"/>');
    expect(footers[1]).toContain('<w:jc w:val="left"/>');
  });

  it('writes no figures table unless asked (figure_table), and the plan’s task table on landscape pages, overdue rows marked', async () => {
    const summary = text(await part(join(out, '2023/150500/summary.docx'), 'word/document.xml'));
    expect(summary).toContain('通辽市');
    expect(summary).not.toMatch(/主要指标指标数值/);
    // the task table is the progress report's (progress.docx), as in the PDF build
    const xml = await part(join(out, '2023/150200/progress.docx'), 'word/document.xml');
    const t = text(xml);
    // the PDF's seven columns, 配合单位 and 责任单位 apart
    expect(t).toContain('序号任务牵头单位配合单位责任单位完成时限状态/进展');
    const header = /<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/.exec(xml.slice(xml.lastIndexOf('<w:tbl>')))![1]!;
    expect([...header.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)]).toHaveLength(7);
    expect(t).toContain('逾期');
    expect(t).toMatch(/共26项任务：[^。]*逾期\d+项。/);
    const sects = sectPrs(xml);
    expect(sects.at(-1)).toContain('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>');
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('w:fill="FDE8E8"');
  });

  it('prints the plan as published: notice, then the 方案 on a new page, every task with its text and units, 三、组织保障, 附件', async () => {
    const xml = await part(join(out, '2023/150200/plan.docx'), 'word/document.xml');
    const t = text(xml);
    const plan = (parse(readFileSync('data/2023/150200.yaml', 'utf8')) as { plan: { tasks: { no: number; title: string; text: string; lead: string[]; partners?: string[]; responsible?: string[] }[] } }).plan;
    // the covering notice (主送 flush left, its closing with 2023年3月17日) before the 方案's title, which starts a page
    const notice = t.indexOf('各旗、县、区人民政府');
    // the 方案's title, then its unnumbered preamble
    const title = t.indexOf('包头市深化医疗保障制度改革实施方案为贯彻落实');
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(t.indexOf('现将《包头市深化医疗保障制度改革实施方案》印发给你们')).toBeGreaterThan(notice);
    expect(t.indexOf('2023年3月17日')).toBeGreaterThan(notice);
    expect(t.indexOf('2023年3月17日')).toBeLessThan(t.indexOf('一、总体要求'));
    expect(t).toContain('（此件公开发布）');
    expect(xml).toMatch(/<w:pageBreakBefore\/>(?:(?!<\/w:p>).)*包头市深化医疗保障制度改革实施方案<\/w:t>/);
    expect(t).not.toContain('2023-03-17');
    expect(title).toBeGreaterThan(t.indexOf('2023年3月17日'));
    // the sections numbered as published, the tasks in 二、改革任务
    expect(t).toContain('一、总体要求');
    expect(t).toContain('二、改革任务');
    expect(t).toContain('三、组织保障');
    expect(t).toContain('（一）加强组织领导');
    expect(plan.tasks).toHaveLength(26);
    let at = t.indexOf('二、改革任务');
    for (const task of plan.tasks) {
      // bold run-in 1.扩大基本医疗保险覆盖面。, then the text (up to its first placeholder) and the units
      const lead = `${task.no}.${task.title}。`;
      expect(xml, lead).toMatch(new RegExp(`<w:b/>(?:(?!</w:r>).)*<w:t xml:space="preserve">${lead.replace(/[.()（）]/g, '\\$&')}</w:t>`));
      const i = t.indexOf(lead, at);
      expect(i, lead).toBeGreaterThan(at);
      const words = task.text.split('{{')[0]!.slice(0, 20);
      expect(t.indexOf(words, i), `${lead} ${words}`).toBeGreaterThan(i);
      const units = `（牵头单位：${task.lead.join('、')}${task.partners?.length ? `；配合单位：${task.partners.join('、')}` : ''}${task.responsible?.length ? `；责任单位：${task.responsible.join('、')}` : ''}`;
      expect(t.indexOf(units, i), `${lead} ${units}`).toBeGreaterThan(i);
      at = i;
    }
    expect(at).toBeLessThan(t.indexOf('三、组织保障'));
    // the attachment on a page of its own after the text, headed 附件
    expect(xml).toMatch(/<w:pageBreakBefore\/>(?:(?!<\/w:p>).)*<w:t xml:space="preserve">附件<\/w:t>/);
    expect(t.indexOf('包头市“三医”联动联席会议成员名单', t.indexOf('三、组织保障'))).toBeGreaterThan(0);
  });

  it('marks Latin text en-US and East Asian text zh-CN, so figures are not broken as Chinese', async () => {
    for (const f of ['2022/150000/entry.docx', '2023/150500/summary.docx']) {
      const styles = await part(join(out, f), 'word/styles.xml');
      expect(styles, f).toMatch(/<w:rPrDefault><w:rPr>[\s\S]*<w:lang w:val="en-US" w:eastAsia="zh-CN"\/>/);
      expect(styles, f).not.toContain('w:val="zh-CN"');
    }
  });

  it('sets summaries and plans on the GB/T 9704 grid of 22 lines × 28 characters', async () => {
    for (const f of ['2023/150500/summary.docx', '2022/530581/summary.docx', '2023/150200/plan.docx']) {
      const [s] = sectPrs(await part(join(out, f), 'word/document.xml'));
      const m = /<w:docGrid w:type="linesAndChars" w:linePitch="(\d+)" w:charSpace="(-?\d+)"\/>/.exec(s!);
      expect(m, f).not.toBeNull();
      // 225 mm / 22 lines; 156 mm / 28 characters = 16 pt + charSpace / 4096
      expect(Number(m![1]) * 22).toBeCloseTo((225 / 25.4) * 1440, -2);
      expect((16 + Number(m![2]) / 4096) * 28 * 20).toBeCloseTo((156 / 25.4) * 1440, -1);
    }
  });

  it('embeds the bundled fonts, subset to the characters each face sets, obfuscated per ECMA-376', async () => {
    for (const f of result.outputs) {
      const zip = await open(f);
      expect(await zip.file('word/settings.xml')!.async('string'), f).toContain('<w:embedTrueTypeFonts/>');
      const fonts = await embedded(zip);
      expect([...fonts.keys()], f).toEqual(expect.arrayContaining(['Noto Serif SC/Regular', 'Noto Sans SC/Regular']));
      for (const [key, font] of fonts) {
        const [name, face] = key.split('/');
        // a real font of that name and weight (the PDF's own: NotoSerifSC-Bold, LXGWWenKai-Regular)
        expect(font.familyName, key).toBe(name);
        expect(font.postscriptName, key).toBe(`${name!.replace(/ /g, '')}-${face}`);
      }
      const parts = Object.keys(zip.files).filter((n) => /^word\/(document|header\d+|footer\d+)\.xml$/.test(n));
      let checked = 0;
      for (const p of parts) {
        for (const r of runs(await zip.file(p)!.async('string'))) {
          const font = fonts.get(`${r.font}/${r.bold ? 'Bold' : 'Regular'}`);
          expect(font, `${f} ${p}: ${r.font} ${r.bold ? 'bold' : ''} embedded`).toBeDefined();
          for (const ch of r.text) {
            if (ch === ' ' || ch === '\t') continue;
            const g = font!.glyphForCodePoint(ch.codePointAt(0)!);
            expect(g.id > 0 && g.path.commands.length > 0, `${f}: “${ch}” in ${r.font} ${r.bold ? 'Bold' : 'Regular'}`).toBe(true);
            checked++;
          }
        }
      }
      expect(checked, f).toBeGreaterThan(500);
      // subsets, not whole fonts: a few hundred glyphs each, the file well under a megabyte
      for (const font of fonts.values()) expect(font.numGlyphs).toBeLessThan(3000);
      expect(readFileSync(f).length, f).toBeLessThan(1_000_000);
    }
  });

  it('gives the title (小标宋, here Noto Serif SC) the real bold face', async () => {
    const zip = await open(join(out, '2023/150500/summary.docx'));
    const fonts = await embedded(zip);
    const regular = fonts.get('Noto Serif SC/Regular')!;
    const bold = fonts.get('Noto Serif SC/Bold')!;
    expect(bold.postscriptName).toBe('NotoSerifSC-Bold');
    // a different outline than the regular one (not the regular emboldened)
    const title = runs(await zip.file('word/document.xml')!.async('string')).find((r) => r.bold && r.text.includes('工作总结'))!;
    expect(title.font).toBe('Noto Serif SC');
    const ch = '通'.codePointAt(0)!;
    expect(bold.glyphForCodePoint(ch).path.commands).not.toEqual(regular.glyphForCodePoint(ch).path.commands);
  });

  it('embeds the charts as PNG images with 图n captions', async () => {
    for (const f of ['2022/150000/entry.docx', '2022/chapter.docx', '2023/150500/summary.docx']) {
      const zip = await open(join(out, f));
      const media = Object.keys(zip.files).filter((n) => /^word\/media\/.+\.png$/.test(n));
      expect(media.length, f).toBeGreaterThan(0);
      const png = await zip.file(media[0]!)!.async('uint8array');
      expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toContain('<pic:pic');
      expect(text(xml)).toMatch(/图1 \S/);
    }
  });

  it('gives the chapter a table of contents and fixed dates', async () => {
    const xml = await part(join(out, '2022/chapter.docx'), 'word/document.xml');
    expect(text(xml)).toContain('目 录');
    expect(xml).toContain('PAGEREF r150000');
    expect(xml).toContain('<w:bookmarkStart w:name="r150000" w:id="1"/>');
    const core = await part(join(out, '2022/chapter.docx'), 'docProps/core.xml');
    // 1 January after the year described
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2023-01-01T00:00:00Z</dcterms:created>');
    const zip = await open(join(out, '2022/chapter.docx'));
    for (const f of Object.values(zip.files)) expect(f.date.getUTCFullYear(), f.name).toBe(2023);
  });

  it('prints the chapter’s 分地区 tables (#10): 表n, 单位, a 三线表 whose header row repeats, 全区 first, each city’s figures as written', async () => {
    const xml = await part(join(out, '2022/chapter.docx'), 'word/document.xml');
    const plain = text(xml);
    expect(plain).toContain('表1 2022年各盟市基本医疗保险参保人数');
    expect(plain).toContain('单位：万人');
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
    const insured = tables.find((t) => text(t).includes('呼和浩特市') && text(t).includes('2169.94'))!;
    expect(insured).toBeDefined();
    // the header row repeats on every page; no vertical rules
    expect(insured).toContain('<w:tblHeader/>');
    expect(insured).not.toMatch(/<w:left w:val="single"/);
    const rows = [...insured.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => text(c[0])));
    expect(rows[1]).toEqual(['全区', '2169.94', '586.83', '1583.11']);
    const city = readFileSync('data/2022/150100.yaml', 'utf8');
    const hohhot = rows.find((r) => r[0] === '呼和浩特市')!;
    for (const v of hohhot.slice(1)) expect(city).toContain(`: ${v}`);
  });
});

describe('Word export of a summary with every GB/T 9704 element (tests/fixtures/gongwen)', () => {
  let out = '';
  let xml = '';
  beforeAll(async () => {
    out = tmp();
    await buildDocx(opts('tests/fixtures/gongwen', out, { charts: false }));
    xml = await part(join(out, '2023/150500/summary.docx'), 'word/document.xml');
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  /** The paragraphs of the body, in order: properties and text. */
  const paragraphsOf = (x: string): { pPr: string; text: string }[] => [...x.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((m) => ({ pPr: /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(m[1]!)?.[1] ?? '', text: text(m[1]!) }));

  it('prints the 版头: the 发文机关标志 in red 小标宋, the 发文字号, the red rule under it, then the title', () => {
    const ps = paragraphsOf(xml);
    expect(ps[0]!.text).toBe('通辽市医疗保障局文件');
    // red ink (summary.css #e60000), at most 初号 (42 pt = 84 half-points)
    expect(xml).toMatch(/<w:color w:val="E60000"\/><w:sz w:val="(\d+)"\/>(?:(?!<\/w:r>).)*通辽市医疗保障局文件/);
    expect(Number(/<w:color w:val="E60000"\/><w:sz w:val="(\d+)"\/>/.exec(xml)![1])).toBeLessThanOrEqual(84);
    expect(ps[1]!.text).toBe('通医保发〔2023〕12号');
    expect(ps[1]!.pPr).toMatch(/<w:bottom w:val="single" w:color="E60000" w:sz="14"/);
    expect(ps[2]!.text).toBe('通辽市医疗保障局关于2023年工作情况的报告');
  });

  it('puts 主送机关 flush left, 附件说明, 署名 and the date in 年月日 right-aligned at the end, 附注 below', () => {
    const ps = paragraphsOf(xml);
    const to = ps.find((p) => p.text === '各旗县区医疗保障局，市直有关单位：')!;
    expect(to).toBeDefined();
    expect(to.pPr).not.toContain('w:firstLine');
    const body = ps.find((p) => p.text.startsWith('现将通辽市医疗保障局'))!;
    expect(body.pPr).toContain('w:firstLine="640"');
    const texts = ps.map((p) => p.text);
    const note = texts.indexOf('附件：1．2023年通辽市医疗保障主要指标');
    expect(note).toBeGreaterThan(texts.indexOf('三、提升医保经办服务水平'));
    expect(texts[note + 1]).toBe('2．2024年通辽市医疗保障重点工作安排');
    expect(texts.slice(note + 2, note + 5)).toEqual(['通辽市医疗保障局', '2023年12月28日', '（此件公开发布）']);
    for (const p of ps.slice(note + 2, note + 4)) expect(p.pPr).toContain('<w:jc w:val="right"/>');
    expect(text(xml)).not.toContain('2023-12-28');
  });

  it('starts each attachment on a new page headed 附件1, 附件2, and ends with the 版记 between rules', () => {
    const ps = paragraphsOf(xml);
    for (const [label, title] of [['附件1', '2023年通辽市医疗保障主要指标'], ['附件2', '2024年通辽市医疗保障重点工作安排']]) {
      const i = ps.findIndex((p) => p.text === label);
      expect(i, label).toBeGreaterThan(0);
      expect(ps[i]!.pPr, label).toContain('<w:pageBreakBefore/>');
      expect(ps[i + 1]!.text).toBe(title);
    }
    // the 版记: the document's last table, after the attachments, on a page of its own, 抄送 then 印发机关 … 印发日期
    const tail = xml.slice(xml.lastIndexOf('<w:pageBreakBefore/>'));
    expect(text(tail)).toMatch(/^抄送：市财政局，市卫生健康委员会。通辽市医疗保障局办公室\s*2023年12月29日印发$/);
    const table = /<w:tbl>[\s\S]*<\/w:tbl>/.exec(tail)![0];
    expect(table).toMatch(/<w:top w:val="single" w:color="000000" w:sz="8"\/>/);
    expect(table).toMatch(/<w:bottom w:val="single" w:color="000000" w:sz="8"\/>/);
    expect(table).toMatch(/<w:insideH w:val="single" w:color="000000" w:sz="6"\/>/);
    expect(xml.indexOf('抄送：')).toBeGreaterThan(xml.indexOf('三是强化基金监管'));
  });
});

describe('Word export: refusal, draft, fonts, reproducibility', () => {
  const dirs: string[] = [];
  const out = (): string => {
    const d = tmp();
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a folder with errors without --draft, and writes nothing', async () => {
    const o = out();
    const r = await buildDocx(opts('tests/fixtures/as-published', o, { charts: false }));
    expect(r.refused).toBe(true);
    expect(r.report.summary.errors).toBeGreaterThan(0);
    expect(r.outputs).toEqual([]);
    expect(existsSync(join(o, '2022'))).toBe(false);
  });

  it('with --draft builds anyway and puts 草稿 · N处数据不一致 in the header of every page', async () => {
    const o = out();
    const r = await buildDocx(opts('tests/fixtures/as-published', o, { draft: true, charts: false }));
    expect(r.refused).toBe(false);
    expect(r.outputs.length).toBeGreaterThan(0);
    const stamp = `草稿 · ${r.report.summary.errors}处数据不一致`;
    for (const f of r.outputs) {
      const zip = await open(f);
      const headers = Object.keys(zip.files).filter((n) => /^word\/header\d+\.xml$/.test(n));
      // default (odd) and even headers
      expect(headers.length, f).toBeGreaterThanOrEqual(2);
      for (const h of headers) expect(text(await zip.file(h)!.async('string')), `${f} ${h}`).toContain(stamp);
    }
  });

  it('uses the font names of templates/fonts.yaml (first family of each role)', async () => {
    const templates = tmp();
    dirs.push(templates);
    mkdirSync(templates, { recursive: true });
    writeFileSync(join(templates, 'fonts.yaml'), 'fangsong: [仿宋_GB2312, FangSong]\nxiaobiaosong: [方正小标宋简体]\n');
    const o = out();
    await buildDocx(opts('data', o, { templates, charts: false }));
    const xml = await part(join(o, '2022/530581/summary.docx'), 'word/document.xml');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:ascii="方正小标宋简体"');
    expect(xml).not.toContain('FangSong"');
    // a real 小标宋 is heavy in its one face: the title is not asked for a (synthetic) bold
    const title = /<w:r><w:rPr><w:rFonts w:ascii="方正小标宋简体"[^]*?<\/w:r>/.exec(xml)![0];
    expect(title).not.toContain('<w:b/>');
    expect(title).toContain('总结');
    expect(title).not.toContain('<w:b ');
    // the user's own fonts are named, not embedded; the bundled ones still are
    const table = await part(join(o, '2022/530581/summary.docx'), 'word/fontTable.xml');
    expect(table).not.toContain('仿宋_GB2312');
    expect(table).toContain('w:name="Noto Sans SC"');
  });

  it('two builds in one process are byte-identical; SOURCE_DATE_EPOCH sets the dates', async () => {
    const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };
    const a = out();
    const b = out();
    const ra = await buildDocx(opts('data', a, { env, charts: false }));
    await buildDocx(opts('data', b, { env, charts: false }));
    for (const f of ra.outputs) expect(readFileSync(f).equals(readFileSync(join(b, f.slice(a.length)))), f).toBe(true);
    const core = await part(join(a, '2022/chapter.docx'), 'docProps/core.xml');
    expect(core).toContain('2023-11-14T22:13:20Z');
  });

  it('stamps zip entries in UTC DOS time', () => {
    // 2023-01-01T00:00:00Z
    expect(dosDateTime(1672531200)).toBe(((2023 - 1980) << 25) | (1 << 21) | (1 << 16));
    // before 1980: the earliest DOS date
    expect(dosDateTime(0)).toBe((1 << 21) | (1 << 16));
  });
});

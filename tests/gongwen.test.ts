/**
 * The 公文 pages with the real Chromium (FORMAT.md §8a, GB/T 9704): a summary with every element prints
 * them in order, red 版头, attachments on their own pages, the 版记 on the last; dates 年月日 at the end;
 * no page ends with a heading; no text over text; the plan as published and its progress table.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app/build-pdf.js';
import { loadFolder } from '../src/app/check.js';
import type { Doc, Section } from '../src/core/model/types.js';
import { headingNo, taskRows } from '../src/render/tasks.js';
import { textRenderer, plainText } from '../src/render/text.js';
import { previousDoc, type Dataset } from '../src/core/parse/dataset.js';
import { bbox, collisions, type Word } from './pdf-words.js';

const opts = (dir: string, out: string) => ({ dir, out, templates: 'templates', draft: false, rounding: 'half-up' as const, chapter: '医疗保障', concurrency: 2, env: { ...process.env, SOURCE_DATE_EPOCH: undefined } });
const MM = 72 / 25.4;

/** The text of each page in reading order, lines of words, folios and draft stamps left out. */
function pageLines(file: string): string[][] {
  return bbox(file).map((p) => {
    const lines: { y: number; words: Word[] }[] = [];
    for (const w of [...p.words].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)) {
      const line = lines.find((l) => Math.abs(l.y - w.y0) < 3);
      if (line) line.words.push(w);
      else lines.push({ y: w.y0, words: [w] });
    }
    return lines.map((l) => l.words.sort((a, b) => a.x0 - b.x0).map((w) => w.text).join('')).filter((t) => !/^—\d+—$/.test(t) && !t.includes('草稿'));
  });
}

const flat = (pages: string[][]): string => pages.map((p) => p.join('')).join('');

/** Every heading a page may not end with, as printed: 一、… （一）… and a plan's task groups. */
function headingsOf(doc: Doc, data: Dataset): string[] {
  const r = textRenderer(doc, { rounding: 'half-up', prev: previousDoc(data, doc), onProblem: () => undefined });
  const out: string[] = [];
  const walk = (sections: Section[], depth: number): void => {
    let n = 0;
    for (const s of sections) {
      if (s.title !== '') out.push(`${headingNo(depth, ++n)}${plainText(r.render(s.title, `${s.key}.title`))}`);
      walk(s.sections, depth + 1);
    }
  };
  if (doc.summary) walk(doc.summary.sections, 0);
  if (doc.plan) {
    walk(doc.plan.sections, 0);
    for (const row of taskRows(doc.plan, r).rows) if (row.group) out.push(row.group);
  }
  return out.map((h) => h.replace(/\s+/g, ''));
}

/** Red pixels (R > 180, G and B < 90) in the top `share` of a page rendered at 50 dpi. */
function redPixels(file: string, page: number, share: number): number {
  return red(file, page, share).count;
}

/** The red pixels of the top `share` of a page at 50 dpi, and the first row (in mm from the top) that has any. */
function red(file: string, page: number, share: number): { count: number; firstMm: number | null } {
  const r = spawnSync('pdftoppm', ['-r', '50', '-f', String(page), '-l', String(page), file], { maxBuffer: 64 * 1024 * 1024 });
  expect(r.status).toBe(0);
  const buf = r.stdout;
  // P6\n<w> <h>\n255\n then RGB bytes
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const data = buf.subarray(header[0].length);
  let n = 0;
  let first: number | null = null;
  for (let y = 0; y < Math.floor(h * share); y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      if (data[i]! > 180 && data[i + 1]! < 90 && data[i + 2]! < 90) {
        n++;
        first ??= (y * 25.4) / 50;
      }
    }
  }
  return { count: n, firstMm: first };
}

let out = '';
let fixtureOut = '';
const data = loadFolder('data');
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'yearbook-gongwen-'));
  fixtureOut = mkdtempSync(join(tmpdir(), 'yearbook-gongwen-fx-'));
  const a = await build(opts('data', out));
  expect(a.refused).toBe(false);
  const b = await build(opts('tests/fixtures/gongwen', fixtureOut));
  expect(b.refused).toBe(false);
}, 240_000);
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(fixtureOut, { recursive: true, force: true });
});

describe('a summary with every GB/T 9704 element', () => {
  const pdf = (): string => join(fixtureOut, '2023/150500/summary.pdf');

  it('prints them in the standard order', () => {
    const text = flat(pageLines(pdf()));
    const order = ['通辽市医疗保障局文件', '通医保发〔2023〕12号', '通辽市医疗保障局关于2023年工作情况的报告', '各旗县区医疗保障局，市直有关单位：', '现将通辽市医疗保障局', '一、建立以“三重保障”', '（一）完善待遇保障机制', '三、提升医保经办服务水平', '附件：1．2023年通辽市医疗保障主要指标', '2．2024年通辽市医疗保障重点工作安排', '通辽市医疗保障局2023年12月28日', '（此件公开发布）', '附件12023年通辽市医疗保障主要指标', '附件22024年通辽市医疗保障重点工作安排', '抄送：市财政局，市卫生健康委员会。', '通辽市医疗保障局办公室2023年12月29日印发'];
    let at = -1;
    for (const s of order) {
      const i = text.indexOf(s, at + 1);
      expect(i, `${s} after position ${at} in ${text}`).toBeGreaterThan(at);
      at = i;
    }
    expect(text).not.toContain('2023-12-28');
  });

  it('prints the 版头 in red at the top of page 1, and no red below it or on other pages', () => {
    expect(redPixels(pdf(), 1, 0.45)).toBeGreaterThan(1500);
    const pages = bbox(pdf()).length;
    for (let p = 2; p <= pages; p++) expect(redPixels(pdf(), p, 1), `page ${p}`).toBe(0);
    // a summary without a 发文字号 has no 版头
    expect(redPixels(join(out, '2022/530581/summary.pdf'), 1, 1)).toBe(0);
  });

  it('the 发文机关标志 stands 35 mm below the top of the type area, the 主送机关 flush left', () => {
    const [p1] = bbox(pdf());
    const mark = p1!.words.find((w) => w.text.startsWith('通辽市医疗保障局文件'))!;
    // the type area starts 37 mm from the top: the red ink of the mark starts 35 mm below it
    const ink = red(pdf(), 1, 0.45).firstMm!;
    expect(Math.abs(ink - (37 + 35)), `red ink from ${ink} mm`).toBeLessThan(1.2);
    expect(Math.abs((mark.x0 + mark.x1) / 2 - (28 + 78) * MM)).toBeLessThan(3);
    const to = p1!.words.find((w) => w.text.startsWith('各旗县区医疗保障局'))!;
    expect(Math.abs(to.x0 - 28 * MM)).toBeLessThan(1.5);
  });

  it('puts each attachment on a page of its own, headed 附件1 / 附件2 top left in its first line', () => {
    const pages = bbox(pdf());
    for (const [label, title] of [['附件1', '2023年通辽市医疗保障主要指标'], ['附件2', '2024年通辽市医疗保障重点工作安排']] as const) {
      const page = pages.find((p) => p.words.some((w) => w.text === label))!;
      expect(page, label).toBeDefined();
      const first = [...page.words].filter((w) => !/^—/.test(w.text)).sort((a, b) => a.y0 - b.y0)[0]!;
      expect(first.text).toBe(label);
      expect(Math.abs(first.x0 - 28 * MM)).toBeLessThan(1.5);
      expect(Math.abs(first.y0 / MM - 37)).toBeLessThan(4);
      const t = page.words.find((w) => w.text === title)!;
      expect(Math.abs((t.x0 + t.x1) / 2 - (28 + 78) * MM), 'title centred').toBeLessThan(3);
      // nothing of the text or of the other attachment on that page
      expect(page.words.some((w) => w.text.includes('附件：') || w.text.includes('抄送'))).toBe(false);
    }
  });

  it('prints the 版记 on the last page, its last line at the foot of the type area', () => {
    const pages = bbox(pdf());
    const last = pages[pages.length - 1]!;
    const printed = last.words.find((w) => w.text.endsWith('印发'))!;
    expect(printed, 'the 印发 line on the last page').toBeDefined();
    expect(last.words.some((w) => w.text.startsWith('抄送'))).toBe(true);
    // the type area ends 35 mm above the bottom edge
    expect(printed.y1 / MM).toBeGreaterThan(297 - 35 - 12);
    expect(printed.y1 / MM).toBeLessThan(297 - 35);
    for (const p of pages.slice(0, -1)) expect(p.words.some((w) => w.text.endsWith('印发') || w.text.startsWith('抄送'))).toBe(false);
  });

  it('puts the 版记 at the foot of the last page, an even one: after the text when it fits, else on a page of its own, after a blank page when needed', async () => {
    const folios = (file: string): string[] => spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.split('\f').map((p) => /—\s*(\d+)\s*—/.exec(p)?.[1] ?? '');
    /** The fixture with one attachment of `extra` more lines. */
    const variant = async (extra: number): Promise<string> => {
      const dir = mkdtempSync(join(tmpdir(), 'yearbook-gongwen-one-'));
      cpSync('tests/fixtures/gongwen', join(dir, 'in'), { recursive: true });
      const file = join(dir, 'in/2023/150500.yaml');
      let text = readFileSync(file, 'utf8');
      text = text.slice(0, text.indexOf('    - title: 2024年')) + text.slice(text.indexOf('  signature:'));
      text = text.replace('城乡居民医疗保险参保{{insured.resident}}。\n', `城乡居民医疗保险参保{{insured.resident}}。\n${Array.from({ length: extra }, (_, i) => `        第${i + 1}项工作。\n`).join('')}`);
      writeFileSync(file, text);
      const r = await build(opts(join(dir, 'in'), join(dir, 'out')));
      expect(r.refused).toBe(false);
      return dir;
    };
    const footOfLast = (file: string): void => {
      const pages = bbox(file);
      expect(pages.length % 2, 'the last page is even').toBe(0);
      const printed = pages[pages.length - 1]!.words.find((w) => w.text.endsWith('印发'))!;
      expect(printed.y1 / MM).toBeGreaterThan(297 - 35 - 12);
      expect(printed.y1 / MM).toBeLessThan(297 - 35);
    };
    // two attachments: the text ends on page 5, the 版记 takes page 6 (with its folio)
    footOfLast(pdf());
    expect(folios(pdf()).slice(0, 6)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(pageLines(pdf())[5]!.join('')).toMatch(/^抄送：/);
    const dirs: string[] = [];
    try {
      // one short attachment: the text ends on page 4 with room, the 版记 stands at its foot
      dirs.push(await variant(0));
      const fits = join(dirs[0]!, 'out/2023/150500/summary.pdf');
      footOfLast(fits);
      expect(bbox(fits)).toHaveLength(4);
      expect(pageLines(fits)[3]![0]).toBe('附件');
      expect(folios(fits).slice(0, 4)).toEqual(['1', '2', '3', '4']);
      // one attachment that fills page 4: a blank page 5, the 版记 on page 6, neither with a folio
      dirs.push(await variant(13));
      const full = join(dirs[1]!, 'out/2023/150500/summary.pdf');
      footOfLast(full);
      const lines = pageLines(full);
      expect(lines).toHaveLength(6);
      expect(lines[4]).toEqual([]);
      expect(lines[5]!.join('')).toMatch(/^抄送：/);
      expect(folios(full).slice(0, 6)).toEqual(['1', '2', '3', '4', '', '']);
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  }, 180_000);

  it('prints the 署名 and 成文日期 right, the date two characters in from the right edge', () => {
    const page = bbox(pdf()).find((p) => p.words.some((w) => w.text === '2023年12月28日'))!;
    const date = page.words.find((w) => w.text === '2023年12月28日')!;
    const sig = page.words.find((w) => w.text === '通辽市医疗保障局' && w.y1 < date.y0 + 1)!;
    const right = (210 - 26) * MM;
    expect(Math.abs(right - date.x1 - 32)).toBeLessThan(2);
    // the date starts two characters right of the 署名's first character
    expect(Math.abs(date.x0 - sig.x0 - 32)).toBeLessThan(2);
  });
});

describe('the summaries and plans of data/', () => {
  const files = (): { file: string; doc: Doc }[] => {
    const list: { file: string; doc: Doc }[] = [];
    for (const doc of data.docs) {
      const dir = join(out, `${doc.year}/${doc.regionCode}`);
      if (doc.summary) list.push({ file: join(dir, 'summary.pdf'), doc });
      if (doc.plan) list.push({ file: join(dir, 'plan.pdf'), doc }, { file: join(dir, 'progress.pdf'), doc });
    }
    return list;
  };

  it('prints the 成文日期 年月日 at the end, right-aligned, never ISO under the title', () => {
    const file = join(out, '2022/530581/summary.pdf');
    const pages = bbox(file);
    expect(flat(pageLines(file))).not.toContain('2022-11-25');
    const last = pages[pages.length - 1]!;
    const date = pages.flatMap((p) => p.words.filter((w) => w.text === '2022年11月25日').map((w) => ({ w, p })));
    expect(date).toHaveLength(1);
    expect(date[0]!.w.x0).toBeGreaterThan(last.width / 2);
    // after the last section's text
    const text = flat(pageLines(file));
    expect(text.indexOf('2022年11月25日')).toBeGreaterThan(text.indexOf('守护好老百姓的“保命钱”“救命钱”'));
  });

  it('justifies the body text: every line a paragraph continues after ends at the right edge of the type area', () => {
    let checked = 0;
    for (const { file } of files().filter((f) => !f.file.endsWith('progress.pdf'))) {
      for (const page of bbox(file)) {
        // lines of 三号 text (word boxes about 23 pt high; tables and captions are smaller)
        const lines: { y: number; x0: number; x1: number }[] = [];
        for (const w of [...page.words].filter((x) => x.y1 - x.y0 > 20 && x.y1 - x.y0 < 26).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)) {
          const line = lines.find((l) => Math.abs(l.y - w.y0) < 3);
          if (line) line.x1 = Math.max(line.x1, w.x1);
          else lines.push({ y: w.y0, x0: w.x0, x1: w.x1 });
        }
        for (let i = 0; i + 1 < lines.length; i++) {
          const next = lines[i + 1]!;
          // the next line starts flush left (not indented: not a new paragraph or heading) and directly below
          if (Math.abs(next.x0 - 28 * MM) > 1 || next.y - lines[i]!.y > 32) continue;
          checked++;
          expect(Math.abs(lines[i]!.x1 - (210 - 26) * MM), `${file} line at ${lines[i]!.y.toFixed(0)} ends at ${(lines[i]!.x1 / MM).toFixed(1)} mm`).toBeLessThan(1.5);
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('no page ends with a numbered heading or a task group row', () => {
    for (const { file, doc } of files()) {
      const headings = headingsOf(doc, data);
      expect(headings.length, file).toBeGreaterThan(0);
      pageLines(file).forEach((lines, i) => {
        const last = (lines[lines.length - 1] ?? '').replace(/\s+/g, '');
        expect(headings.some((h) => last.length >= 3 && h.includes(last)), `${file} p${i + 1} ends with “${last}”`).toBe(false);
      });
    }
  });

  it('prints no word over another in the plan, the progress table and every summary', () => {
    const pdfs = [...files().map((f) => f.file), join(fixtureOut, '2023/150500/summary.pdf')];
    for (const pdf of pdfs) expect(collisions(pdf), pdf).toEqual([]);
  });

  it('sets every folio in a shipped font, on the landscape pages too', () => {
    for (const { file } of files()) {
      const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout;
      expect(fonts, file).not.toMatch(/Liberation|DejaVu|Times|Arial|Helvetica/);
      const pages = pageLines(file).length;
      const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.split('\f');
      for (let i = 0; i < pages; i++) expect(r[i]!.replace(/\s+/g, ''), `${file} p${i + 1}`).toContain(`—${i + 1}—`);
    }
  });
});

describe('the Baotou plan as published', () => {
  const plan = (): string => join(out, '2023/150200/plan.pdf');
  const doc = (): Doc => data.docs.find((d) => d.regionCode === '150200' && d.year === 2023)!;

  it('prints the covering notice, then the 方案 with 一、二、三、 in order and the attachment on its own page', () => {
    const pages = pageLines(plan());
    const p1 = pages[0]!.join('');
    expect(p1).toContain('各旗、县、区人民政府，稀土高新区管委会，市直有关部门、单位，中直、区直企事业单位：');
    expect(p1).toContain('2023年3月17日');
    expect(p1).toContain('（此件公开发布）');
    expect(p1).not.toContain('包头市深化医疗保障制度改革实施方案为贯彻');
    expect(pages[1]![0]).toBe('包头市深化医疗保障制度改革实施方案');
    const text = flat(pages);
    const order = ['为贯彻落实市委', '一、总体要求', '二、改革任务', '（一）健全稳健可持续的筹资运行机制', '1.扩大基本医疗保险覆盖面。', '（六）提高医疗保障公共服务水平', '26.加强医疗保障经办服务能力建设。', '三、组织保障', '（一）加强组织领导', '附件：包头市“三医”联动联席会议成员名单', '附件包头市“三医”联动联席会议成员名单', '召集人'];
    let at = -1;
    for (const s of order) {
      const i = text.indexOf(s, at + 1);
      expect(i, s).toBeGreaterThan(at);
      at = i;
    }
    expect(text).not.toContain('三、附件');
    const attachment = pages.findIndex((p) => p[0] === '附件');
    expect(attachment).toBeGreaterThan(1);
    expect(pages[attachment]![1]).toBe('包头市“三医”联动联席会议成员名单');
  });

  it("prints each task's text with its units and deadline in parentheses, as the source does", () => {
    const text = flat(pageLines(plan()));
    for (const t of doc().plan!.tasks) {
      expect(text, t.title).toContain(`${t.no}.${t.title.replace(/\s+/g, '')}`);
      expect(text, t.title).toContain(t.text.split('{{')[0]!.replace(/\s+/g, '').slice(0, 30));
    }
    expect(text).toContain('（牵头单位：市医保局；配合单位：市教育局、市民政局、市财政局、市人社局、市乡村振兴局、市税务局；责任单位：各旗县区政府、稀土高新区管委会；持续推进）');
    expect(text).toContain('（牵头单位：市总工会；配合单位：市民政局、市医保局；2023年2月完成、持续推进）');
  });

  it('the progress table fills the landscape type area, 续表 on the pages it continues on', () => {
    const file = join(out, '2023/150200/progress.pdf');
    const pages = bbox(file);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      expect(p.width).toBeGreaterThan(p.height);
      // headers never wrap to 序/号 or 完成时/限
      for (const h of ['序号', '完成时限', '状态/进展', '责任单位']) expect(p.words.some((w) => w.text === h), `p${i + 1} ${h}`).toBe(true);
      expect(p.words.some((w) => w.text === '续表'), `p${i + 1}`).toBe(i > 0);
    });
    // the table runs over the whole 225 mm type area from 35 mm: its last column ends near 260 mm
    const right = Math.max(...pages[0]!.words.filter((w) => !/^—/.test(w.text)).map((w) => w.x1));
    expect(right / MM).toBeGreaterThan(240);
    expect(right / MM).toBeLessThan(260.5);
  });

  it("keeps every 完成时限 inside its column (point 1)", () => {
    const file = join(out, '2023/150200/progress.pdf');
    // columns 12, 53, 30, 43, 30 mm from the 35 mm margin, then 完成时限 25 mm
    const left = (35 + 12 + 53 + 30 + 43 + 30) * MM;
    const right = left + 25 * MM;
    let seen = 0;
    for (const p of bbox(file)) {
      const header = p.words.find((w) => w.text === '完成时限')!;
      for (const w of p.words.filter((x) => x.y0 > header.y1 && /^((\d{4}年\d{1,2}月|持续推进)、?)+$/.test(x.text))) {
        seen++;
        expect(w.x0, w.text).toBeGreaterThanOrEqual(left);
        expect(w.x1, w.text).toBeLessThanOrEqual(right);
      }
    }
    // every task has a deadline, some over two lines (2023年2月、 / 持续推进)
    expect(seen).toBeGreaterThanOrEqual(26);
    const text = flat(pageLines(file));
    expect(text).toContain('共26项任务：未填报26项；截至2023年3月17日逾期3项。');
    for (const g of ['（一）健全稳健可持续的筹资运行机制', '（六）提高医疗保障公共服务水平']) expect(text).toContain(g);
  });
});

/**
 * Issue #12 item 3, `yearbook build --errata OLD --errata-index FILE` as a user runs it: the example
 * data as last year's volume (OLD, built first: its chapter and the chapter.index.json beside it, no
 * 勘误表), then this year's (NEW: a figure of the 全区 entry and two cities' figures changed, a figure
 * marked `status: r`) built with the errata. Read back from the PDFs (pdftotext): the 勘误表's rows
 * with the old volume's pages (where the old PDF prints the old figure), the contents and bookmarks
 * listing it, the r mark beside the marked figure in the prose and the table with their notes, no
 * word over another; a change to OLD alone rebuilds the chapter (the cache key holds OLD); the
 * command's refusals (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bbox, collisions } from './pdf-words.js';
import { outline, type Bookmark } from './pdf-outline.js';

let tmp = '';
const env = (): Record<string, string | undefined> => ({ ...process.env, TMPDIR: tmp, SOURCE_DATE_EPOCH: '1700000000', YEARBOOK_DEBUG: undefined });
const run = (args: string[]) => spawnSync(process.execPath, ['bin/yearbook.js', 'build', ...args], { encoding: 'utf8', env: env(), timeout: 240_000 });
const edit = (file: string, from: string, to: string): void => {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};
const text = (pdf: string, page?: number, layout = false): string => {
  const r = spawnSync('pdftotext', [...(layout ? ['-layout'] : []), ...(page ? ['-f', String(page), '-l', String(page)] : []), '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
};
const pagesOf = (pdf: string): string[] => text(pdf, undefined, true).split('\f').slice(0, -1);
const flat = (bs: Bookmark[]): Bookmark[] => bs.flatMap((b) => [b, ...flat(b.children)]);

/** The words matching `word` that a raised r follows at once (its left edge at their right edge, its foot above theirs), as page:text. */
function markedWords(pdf: string, word: RegExp): string[] {
  return bbox(pdf).flatMap((page, i) =>
    page.words
      .filter((w) => word.test(w.text) && page.words.some((r) => r.text === 'r' && Math.abs(r.x0 - w.x1) < 1.5 && r.y1 < w.y1 - 2 && r.y0 > w.y0 - 4))
      .map((w) => `${i + 1}:${w.text}`),
  );
}

let OLD = '', NEW = '', oldOut = '', newOut = '', built: ReturnType<typeof run>;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'yearbook-errata-'));
  OLD = join(tmp, 'old');
  NEW = join(tmp, 'new');
  oldOut = join(tmp, 'old-out');
  newOut = join(tmp, 'new-out');
  cpSync('data', OLD, { recursive: true });
  cpSync('data', NEW, { recursive: true });
  // the 全区 entry: a figure corrected (38 → 40), another marked revised without a change in value
  edit(join(NEW, '2022/150000.yaml'), 'reform_items: 38', 'reform_items: 40');
  edit(join(NEW, '2022/150000.yaml'), 'total: 2169.94', 'total: {value: 2169.94, status: r}');
  // two cities (their sum stays the 全区 figure): 包头 115 → 117, 乌海 22 → 20
  edit(join(NEW, '2022/150200.yaml'), 'institutions: 115', 'institutions: 117');
  edit(join(NEW, '2022/150300.yaml'), 'institutions: 22', 'institutions: 20');
  const old = run([OLD, '--out', oldOut]);
  expect(old.status, old.stderr).toBe(0);
  built = run([NEW, '--out', newOut, '--errata', OLD, '--errata-index', join(oldOut, '2022/chapter.index.json')]);
}, 600_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('a build without --errata prints no 勘误表, and writes the chapter index beside the chapter', () => {
  const pdf = join(oldOut, '2022/chapter.pdf');
  expect(text(pdf)).not.toContain('勘误');
  const index = JSON.parse(readFileSync(join(oldOut, '2022/chapter.index.json'), 'utf8'));
  expect(index.format).toBe('yearbook-chapter-index/1');
  const whole = index.regions.find((r: { region: string }) => r.region === '150000');
  // the region's first page is where its heading prints; a figure's page is one that prints it
  expect(pagesOf(pdf)[whole.first - 1]).toMatch(/内蒙古自治区\s*\n\s*2022年/);
  expect(pagesOf(pdf)[whole.figures['insured.total'] - 1]).toContain('2169.94万人');
});

it('the chapter built with --errata ends with a 勘误表: region, label with unit, old and new as written, the old volume’s page', () => {
  expect(built.status, built.stderr).toBe(0);
  const pdf = join(newOut, '2022/chapter.pdf');
  const pages = pagesOf(pdf);
  const at = pages.findIndex((p) => /^\s*勘误表\s*$/m.test(p));
  expect(at).toBe(pages.length - 1);
  const rows = [...pages[at]!.matchAll(/^\s*(\S+)\s+(实行\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/gm)].map((m) => m.slice(1));
  expect(rows.map((r) => r.slice(0, 4))).toEqual([
    ['内蒙古自治区', '实行“一放三减”的行政权力和公共服务事项（项）', '38', '40'],
    ['包头市', '实行DRG/DIP实际付费的医疗机构（家）', '115', '117'],
    ['乌海市', '实行DRG/DIP实际付费的医疗机构（家）', '22', '20'],
  ]);
  // each page named is a page of the old chapter that prints the old figure
  const old = pagesOf(join(oldOut, '2022/chapter.pdf'));
  expect(old[Number(rows[0]![4]) - 1]).toMatch(/对38项/);
  expect(old[Number(rows[1]![4]) - 1]).toMatch(/包头市\s+115\b/);
  expect(old[Number(rows[2]![4]) - 1]).toMatch(/乌海市/);
  expect(pages[at]).toMatch(/页码/);
  expect(pages[at]!.replace(/\s+/g, '')).toContain('注：“原数”为《内蒙古年鉴》2023卷所载数字，“更正为”为本卷核实后的数字，以本卷为准；“页码”为《内蒙古年鉴》2023卷中该数字所在页码。');
  // the contents list it with its page; a bookmark goes there
  expect(pages[0]).toMatch(new RegExp(`勘误表[ .…-]*${at + 1}\\s*$`, 'm'));
  expect(flat(outline(readFileSync(pdf))).find((b) => b.title === '勘误表')?.page).toBe(at + 1);
  expect(collisions(pdf)).toEqual([]);
});

it('a figure marked status: r prints its mark in the prose and in the table, each with its note', () => {
  const pdf = join(newOut, '2022/chapter.pdf');
  // in the prose, after the figure with its unit; in the 合计 row of the 分地区 table (表1), after the number
  const pages = pagesOf(pdf);
  const table = pages.findIndex((p) => /表1\s+2022年各盟市基本医疗保险参保人数/.test(p)) + 1;
  expect(markedWords(pdf, /2169\.94/)).toEqual(['2:人数2169.94万人', `${table}:2169.94`]);
  // no other figure is marked
  expect(bbox(pdf).flatMap((p) => p.words.filter((w) => w.text === 'r'))).toHaveLength(2);
  const reading = text(pdf).replace(/\s+/g, '');
  expect(reading).toContain('（刘雪峰）注：数字右上角r为修订数。');
  expect(pages[table - 1]!.replace(/\s+/g, '')).toContain('数字右上角r为修订数。');
  // the 全区 entry's own PDF prints the mark too
  expect(markedWords(join(newOut, '2022/150000/entry.pdf'), /2169\.94万人/)).toEqual(['1:人数2169.94万人']);
  // the r was not there before
  expect(text(join(oldOut, '2022/chapter.pdf'))).not.toContain('修订数');
});

it('a change to OLD alone makes the chapter again (the cache keys hold OLD), the entries are kept', () => {
  edit(join(OLD, '2022/150300.yaml'), 'institutions: 22', 'institutions: 21');
  const again = run([NEW, '--out', newOut, '--errata', OLD, '--errata-index', join(oldOut, '2022/chapter.index.json')]);
  expect(again.status, again.stderr).toBe(0);
  expect(again.stdout).toMatch(/其中 6 个与上次相同、未重写/);
  const pages = pagesOf(join(newOut, '2022/chapter.pdf'));
  expect(pages[pages.length - 1]).toMatch(/乌海市\s+实行\S+\s+21\s+20\s+\d+/);
});

it('the Word chapter ends with the same 勘误表, listed in its contents', async () => {
  const out = join(tmp, 'docx-out');
  const r = run([NEW, '--out', out, '--format', 'docx', '--errata', OLD, '--errata-index', join(oldOut, '2022/chapter.index.json')]);
  expect(r.status, r.stderr).toBe(0);
  const xml = await (await JSZip.loadAsync(readFileSync(join(out, '2022/chapter.docx')))).file('word/document.xml')!.async('string');
  const paras = xml.split('</w:p>').map((p) => p.replace(/<[^>]+>/g, ''));
  expect(paras.filter((p) => p === '勘误表')).toHaveLength(1);
  expect(xml).toContain('PAGEREF errata');
  const at = paras.indexOf('勘误表');
  expect(paras.slice(at + 1, at + 21)).toEqual(['地区', '指标', '原数', '更正为', '页码',
    '内蒙古自治区', '实行“一放三减”的行政权力和公共服务事项（项）', '38', '40', expect.stringMatching(/^\d+$/),
    '包头市', '实行DRG/DIP实际付费的医疗机构（家）', '115', '117', expect.stringMatching(/^\d+$/),
    '乌海市', '实行DRG/DIP实际付费的医疗机构（家）', '21', '20', expect.stringMatching(/^\d+$/)]);
  // the status: r figure's mark, a superscript run right after the figure in the prose, and its note under the credit
  expect(xml).toMatch(/<w:t[^>]*>[^<]*参保人数2169\.94万人<\/w:t><\/w:r><w:r><w:rPr>(?:(?!<\/w:rPr>).)*<w:vertAlign w:val="superscript"\/>(?:(?!<\/w:rPr>).)*<\/w:rPr><w:t[^>]*>r<\/w:t>/);
  expect(paras).toContain('注：数字右上角r为修订数。');
});

it('refuses what it cannot run: exit 2 and a line that says why', () => {
  const missing = run([NEW, '--out', join(tmp, 'x'), '--errata', join(tmp, 'nowhere')]);
  expect([missing.status, missing.stderr]).toEqual([2, `yearbook build：--errata 指定的上卷数据目录“${join(tmp, 'nowhere')}”不存在或不是目录\n`]);
  const noIndex = run([NEW, '--out', join(tmp, 'x'), '--errata', OLD, '--errata-index', join(tmp, 'none.json')]);
  expect(noIndex.status).toBe(2);
  expect(noIndex.stderr).toContain('--errata-index 指定的');
  const alone = run([NEW, '--out', join(tmp, 'x'), '--errata-index', join(oldOut, '2022/chapter.index.json')]);
  expect([alone.status, alone.stderr]).toEqual([2, 'yearbook build：--errata-index 需与 --errata 上卷数据目录 同用\n']);
  writeFileSync(join(tmp, 'bad.json'), '{"format": 1}');
  const bad = run([NEW, '--out', join(tmp, 'x'), '--errata', OLD, '--errata-index', join(tmp, 'bad.json')]);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('bad.json：不是分卷页码索引');
  expect(bad.stderr).not.toMatch(/\bat \S+:\d+/);
});

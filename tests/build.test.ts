/**
 * `yearbook build` with the real Chromium: PDFs checked by pdfinfo, pdffonts and pdftotext; the
 * seeds regenerated faithfully; errors refused unless --draft; hostile text fetches nothing; two
 * builds byte-identical; strict templates.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/app/build-pdf.js';
import { BrowserNotFound, findBrowser } from '../src/print/browser.js';
import { REGIONS, removeFolder, writeFolder } from './helpers.js';
import { loadFolder } from '../src/app/check.js';
import { FINDING_KINDS } from '../src/core/model/types.js';

const TEMPLATES = 'templates';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'yearbook-build-'));
const opts = (dir: string, out: string, extra: Partial<Parameters<typeof build>[0]> = {}) => ({ dir, out, templates: TEMPLATES, draft: false, rounding: 'half-up' as const, chapter: '医疗保障', concurrency: 2, env: { ...process.env, SOURCE_DATE_EPOCH: undefined }, ...extra });

/** The text of a PDF; `raw` keeps the order Chromium drew it in (column by column), as a reader reads. */
function pdftext(file: string, raw = false): string {
  const r = spawnSync('pdftotext', [...(raw ? ['-raw'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}
function pdfinfo(file: string, page?: number): string {
  const args = page ? ['-f', String(page), '-l', String(page), file] : [file];
  return spawnSync('pdfinfo', args, { encoding: 'utf8' }).stdout;
}
function numbers(s: string): string[] {
  return [...s.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]);
}
/** True when `needle` occurs in `hay` in order (other numbers may come between). */
function inOrder(needle: string[], hay: string[]): { ok: boolean; missing: string | null } {
  let i = 0;
  for (const n of needle) {
    while (i < hay.length && hay[i] !== n) i++;
    if (i === hay.length) return { ok: false, missing: n };
    i++;
  }
  return { ok: true, missing: null };
}

describe('building the example data', () => {
  let out = '';
  let result: BuildResult;
  // the browser's profile goes to a temporary folder of this build alone (other builds may run at the same time)
  let privateTmp = '';
  let profilesDuring = 0;
  beforeAll(async () => {
    out = tmp();
    privateTmp = tmp();
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      result = await build(opts('data', out, { onProgress: () => void (profilesDuring = Math.max(profilesDuring, readdirSync(privateTmp).filter((n) => n.startsWith('yearbook-chromium-')).length)) }));
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }, 180_000);
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(privateTmp, { recursive: true, force: true });
  });

  it('writes every document and the chapter under out/YEAR/CODE/', () => {
    expect(result.refused).toBe(false);
    for (const f of ['2022/150000/entry.pdf', '2023/150500/summary.pdf', '2022/530581/summary.pdf', '2023/150200/plan.pdf', '2023/150200/progress.pdf', '2021/330225/summary.pdf', '2022/chapter.pdf']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(result.blocked).toEqual([]);
  });

  it('embeds charts as vectors with numbered captions, and writes SVG and PNG for editors', () => {
    for (const f of ['2023/150500/charts/funds.svg', '2023/150500/charts/funds.png', '2023/150500/charts/before-after.svg', '2023/150500/charts/before-after.png']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(readFileSync(join(out, '2023/150500/charts/funds.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(out, '2023/150500/charts/funds.svg'), 'utf8')).toContain('医疗保障基金收支情况');
    const html = readFileSync(join(out, '2023/150500/summary.html'), 'utf8');
    expect(html).toMatch(/<figure class="chart"><svg[\s\S]*?<\/svg><figcaption>图1[ 　]2023年医疗保障基金收支情况（亿元）<\/figcaption>/);
    const text = pdftext(join(out, '2023/150500/summary.pdf')).replace(/\n/g, '');
    expect(text).toMatch(/图1\s*2023年医疗保障基金收支情况（亿元）/);
    expect(text).toContain('图2');
    expect(text).toContain('职工基本医疗保险基金');
  });

  it('embeds every font as CID TrueType, none as Type 3', () => {
    for (const f of ['2022/150000/entry.pdf', '2023/150500/summary.pdf', '2023/150200/plan.pdf', '2023/150200/progress.pdf']) {
      const r = spawnSync('pdffonts', [join(out, f)], { encoding: 'utf8' });
      const rows = r.stdout.trim().split('\n').slice(2);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes yes yes/);
        expect(row).not.toMatch(/Type 3/);
      }
    }
  });

  it('prints entries on 16开 (185 × 260 mm) and summaries and plans on A4, the progress table landscape', () => {
    expect(pdfinfo(join(out, '2022/150000/entry.pdf'))).toMatch(/Page size:\s+52[34]\.\d+ x 73[67]\.\d+ pts/);
    expect(pdfinfo(join(out, '2023/150500/summary.pdf'))).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(pdfinfo(join(out, '2023/150200/plan.pdf'), 1)).toMatch(/size:\s+59[45]\.\d+ x 841\.\d+ pts/);
    const progress = join(out, '2023/150200/progress.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(pdfinfo(progress))![1]);
    for (const p of [1, pages]) expect(pdfinfo(progress, p)).toMatch(/size:\s+841\.\d+ x 59[45]\.\d+ pts/);
  });

  it('sets title, author, language and tags; the chapter has bookmarks per region', () => {
    const info = pdfinfo(join(out, '2022/150000/entry.pdf'));
    expect(info).toMatch(/Title:\s+内蒙古自治区2022年医疗保障/);
    expect(info).toMatch(/Author:\s+刘雪峰/);
    expect(info).toMatch(/Tagged:\s+yes/);
    const raw = readFileSync(join(out, '2022/chapter.pdf')).toString('latin1');
    expect(raw).toContain('/Outlines');
    expect(raw).toContain('/Lang (zh-CN)');
  });

  it('regenerates seed 004 faithfully: every number of its four entries, in order, once', () => {
    const seed = readFileSync('tests/fixtures/seeds/004_ab351eeec80ae650.txt', 'utf8').split('\n').slice(1, 5).join('\n');
    const text = pdftext(join(out, '2022/150000/entry.pdf'), true);
    const res = inOrder(numbers(seed), numbers(text));
    expect(res.missing).toBeNull();
    // the duplicated sections are printed once
    expect(text.match(/【概况】/g)).toHaveLength(1);
    expect(text).toContain('（刘雪峰）');
  });

  it('regenerates seed 000 faithfully: every number of the Tongliao summary, in order', () => {
    const seed = readFileSync('tests/fixtures/seeds/000_72ad55d0602a6819.txt', 'utf8');
    const text = pdftext(join(out, '2023/150500/summary.pdf'), true);
    const res = inOrder(numbers(seed), numbers(text));
    expect(res.missing).toBeNull();
    // (the folio of the next page may stand inside a sentence that runs over the page break; a
    // justified line spread wide comes out of pdftotext with spaces between its characters)
    expect(text.replace(/— \d+ —/g, '').replace(/\s+/g, '')).toMatch(/由7\.53天下降至6\.99天，降幅7\.17%/);
  });

  it('numbers work-summary headings from their nesting and prints — n — folios', () => {
    const text = pdftext(join(out, '2022/530581/summary.pdf'));
    expect(text).toMatch(/一、医保基金运行情况/);
    expect(text).toMatch(/（一）抓实参保登记/);
    expect(text).toMatch(/—\s*1\s*—/);
  });

  it('marks overdue plan tasks and counts tasks by status', () => {
    const text = pdftext(join(out, '2023/150200/progress.pdf'));
    expect(text.match(/逾期/g)!.length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/共26项任务/);
  });

  it('gives the chapter a table of contents whose page numbers are right', () => {
    const pdf = join(out, '2022/chapter.pdf');
    const pages = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).stdout.split('\f');
    const toc = pages[0]!;
    for (const name of ['内蒙古自治区']) {
      const m = new RegExp(`${name}[\\s.·]*?(\\d+)\\s*$`, 'm').exec(toc);
      expect(m, toc).not.toBeNull();
      const page = Number(m![1]);
      expect(pages[page - 1]).toMatch(new RegExp(`${name}\\s*\\n\\s*2022年`));
    }
  });

  it('leaves no browser profile behind', () => {
    expect(profilesDuring).toBe(1);
    expect(readdirSync(privateTmp).filter((n) => n.startsWith('yearbook-chromium-'))).toEqual([]);
  });
});

describe('refusing data with errors', () => {
  it('builds nothing when the check finds an error, and stamps every page with --draft', async () => {
    const out = tmp();
    try {
      const refused = await build(opts('tests/fixtures/as-published', out));
      expect(refused.refused).toBe(true);
      expect(readdirSync(out)).toEqual([]);
      const draft = await build(opts('tests/fixtures/as-published', out, { draft: true }));
      expect(draft.refused).toBe(false);
      const pdf = join(out, '2022/150000/entry.pdf');
      const pages = pdftext(pdf).split('\f').filter((p) => p.trim() !== '');
      expect(pages.length).toBeGreaterThan(0);
      for (const p of pages) expect(p).toContain(`草稿 · ${draft.report.summary.errors}处数据不一致`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);

  it('a draft of a folder with an error of every kind writes every document, each page stamped, a missing reference in red', async () => {
    const out = tmp();
    try {
      const r = await build(opts('tests/fixtures/kinds', out, { draft: true }));
      expect(r.refused).toBe(false);
      // the fixture really has a finding of every kind
      const kinds = new Set(r.report.findings.map((f) => f.kind));
      for (const k of FINDING_KINDS) expect(kinds, k).toContain(k);
      // every document with printable text has its PDF, and every year with entries its chapter
      const data = loadFolder('tests/fixtures/kinds');
      const expected = new Set<string>();
      for (const d of data.docs) {
        const dir = `${d.year}/${d.edition ? `${d.regionCode}-${d.edition}` : d.regionCode}`;
        for (const kind of ['entry', 'summary', 'plan'] as const) if (d[kind]) expected.add(`${dir}/${kind}.pdf`);
        if (d.plan?.tasks.length) expected.add(`${dir}/progress.pdf`);
        if (d.entry) expected.add(`${d.year}/chapter.pdf`);
      }
      const written = readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith('.pdf'));
      expect(written.sort()).toEqual([...expected].sort());
      expect(written.length).toBeGreaterThanOrEqual(8);
      const stamp = `草稿 · ${r.report.summary.errors}处数据不一致`;
      for (const f of written) {
        const pages = pdftext(join(out, f)).split('\f').filter((p) => p.trim() !== '');
        expect(pages.length, f).toBeGreaterThan(0);
        for (const p of pages) expect(p.replace(/\s+/g, ''), f).toContain(stamp.replace(/\s+/g, ''));
      }
      // the placeholders it could not fill are printed visibly, never as an empty string
      const summary = pdftext(join(out, '2019/150100-reference/summary.pdf')).replace(/\s+/g, '');
      expect(summary).toContain('〔缺：insured.employe〕');
      expect(summary).toContain('〔缺：prev(fund.basic.balance)〕');
      expect(readFileSync(join(out, '2019/150100-reference/summary.html'), 'utf8')).toContain('<span class="yb-missing">〔缺：insured.employe〕</span>');
      expect(r.problems.map((p) => `${p.line}:${p.column}`)).toEqual(expect.arrayContaining(['13:50', '15:21', '17:108']));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);

  it('the command names a duplicated document it did not print', () => {
    const out = tmp();
    try {
      const r = spawnSync(process.execPath, ['bin/yearbook.js', 'build', 'tests/fixtures/kinds', '--out', out, '--draft'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain('未生成 tests/fixtures/kinds/duplicate-document-b.yaml（与 tests/fixtures/kinds/duplicate-document-a.yaml 是同一地区、年份的文件');
      const pdfs = readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith('.pdf')).length;
      expect(r.stdout).toContain(`已生成 ${pdfs} 个PDF`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('the command exits 1 and says how to get a draft', () => {
    const out = tmp();
    try {
      const r = spawnSync(process.execPath, ['bin/yearbook.js', 'build', 'tests/fixtures/as-published', '--out', out], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('--draft');
      expect(r.stdout).toContain('369.07');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('sandbox and safety', () => {
  it('prints hostile section text as text and fetches nothing', async () => {
    const dir = writeFolder({
      'regions.yaml': REGIONS,
      'indicators.yaml': 'indicators:\n  insured.total: {label: 参保人数, unit: 万人}\n',
      '2022/150000.yaml': `region: "150000"\nyear: 2022\nfigures:\n  insured:\n    total: 3\nentry:\n  author: 张三\n  sections:\n    - title: "概况<img src=http://127.0.0.1:9/t.png>"\n      text: "参保{{insured.total}}。<script>document.title='x'</script><img src=\\"http://127.0.0.1:9/x.png\\"><link rel=stylesheet href=file:///etc/passwd>"\n`,
    });
    const out = tmp();
    try {
      const r = await build(opts(dir, out));
      expect(r.refused).toBe(false);
      expect(r.blocked).toEqual([]);
      const text = pdftext(join(out, '2022/150000/entry.pdf'));
      expect(text).toContain('<script>');
      // justified: the spaces of a line may be stretched
      expect(text.replace(/\s+/g, ' ')).toContain('<img src="http://127.0.0.1:9/x.png">');
      // in drawing order: the two columns of a justified entry apart
      expect(pdftext(join(out, '2022/150000/entry.pdf'), true).replace(/\s+/g, '')).toContain('参保3万人');
    } finally {
      removeFolder(dir);
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('blocks and reports what a template tries to fetch', async () => {
    const templates = tmp();
    cpSync(TEMPLATES, templates, { recursive: true });
    const entry = join(templates, 'entry.hbs');
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('<body>', '<body><img src="http://127.0.0.1:9/tracker.png"><img src="file:///etc/hostname"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'));
    const out = tmp();
    try {
      const r = await build(opts('data', out, { templates }));
      expect(r.blocked).toContain('http://127.0.0.1:9/tracker.png');
      // a blocked style sheet of another origin does not stop the fonts step
      expect(r.blocked).toContain('http://127.0.0.1:9/x.css');
      expect(r.outputs.filter((f) => f.endsWith('.pdf')).length).toBeGreaterThan(0);
    } finally {
      rmSync(templates, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);

  it('a template naming a missing field fails with its file and line', async () => {
    const templates = tmp();
    cpSync(TEMPLATES, templates, { recursive: true });
    const summary = join(templates, 'summary.hbs');
    writeFileSync(summary, readFileSync(summary, 'utf8').replace('<main class="doc {{kind}}">', '<main class="doc {{kind}}">{{nosuchfield}}'));
    const out = tmp();
    try {
      await expect(build(opts('data', out, { templates }))).rejects.toThrow(/summary\.hbs:\d+:\d+\s+模板错误：引用了不存在的“nosuchfield”/);
    } finally {
      rmSync(templates, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('without a browser, says how to install one', () => {
    expect(() => findBrowser({ PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' }, 'plan9')).toThrow(BrowserNotFound);
    expect(() => findBrowser({}, 'plan9')).toThrow(/apt-get install -y chromium/);
    expect(findBrowser({ PUPPETEER_EXECUTABLE_PATH: process.execPath }, 'plan9')).toBe(process.execPath);
  });
});

describe('reproducibility', () => {
  it('two builds of the same input give byte-identical HTML and PDF', async () => {
    const a = tmp();
    const b = tmp();
    try {
      const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };
      await build(opts('data', a, { env }));
      await build(opts('data', b, { env }));
      const files = (d: string): string[] => readdirSync(d, { recursive: true }).map(String).filter((f) => /\.(pdf|html|svg)$/.test(f)).sort();
      expect(files(a)).toEqual(files(b));
      expect(files(a).length).toBeGreaterThan(10);
      for (const f of files(a)) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
      expect(pdfinfo(join(a, '2022/150000/entry.pdf'))).toMatch(/CreationDate:\s+Tue Nov 14 22:13:20 2023 UTC/);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  }, 240_000);
});

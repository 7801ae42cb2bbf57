/**
 * Reproducible builds (issue #7, part 5): three builds of the same multi-document folder — 13 entries
 * (so a chapter of 13 with its table of contents), summaries, the Baotou plan, chart SVGs and PNGs —
 * write the same files, byte for byte. The builds are the real command line (`node bin/yearbook.js
 * build`, from dist/, compiled by the global setup); the first runs alone, the other two at the same
 * time, so that the pages are scheduled onto the browser's tabs differently.
 *
 * Which tab prints a page must not matter: Chromium 156 prints a page with a transformed element
 * (the contents' leader dots, `transform: translateY(...)`) into different bytes in the visible tab
 * and in a hidden one, and a build opens a tab per core but only the newest is visible. The last test
 * prints the same page on every tab of one session, so that this is caught on every run, not only
 * when the scheduling happens to differ between builds.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, startBrowser } from '../src/print/browser.js';
import { finishPdf } from '../src/print/pdf-finish.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/yearbook.js');

/** Prefecture-level regions of data/regions.yaml without a 2022 entry in data/: with 150000's, 13 entries. */
const CODES = ['150100', '150200', '150300', '150400', '150500', '150600', '150700', '150800', '150900', '152200', '152500', '152900'];

/** data/ (entries, summaries, the plan) and 12 more 2022 entries: copies of 150000's for other regions. */
function makeFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'yearbook-repro-data-'));
  cpSync(join(ROOT, 'data'), dir, { recursive: true });
  const entry = readFileSync(join(ROOT, 'data/2022/150000.yaml'), 'utf8');
  for (const code of CODES) {
    const copy = entry.replace(/^region: "150000"$/m, `region: "${code}"`);
    expect(copy, 'data/2022/150000.yaml has a line region: "150000"').not.toBe(entry);
    writeFileSync(join(dir, '2022', `${code}.yaml`), copy);
  }
  // the Tongliao summary with its figure table (opt-in): a table whose headers are structure elements
  const summary = readFileSync(join(ROOT, 'data/2023/150500.yaml'), 'utf8');
  const withTable = summary.replace(/^summary:$/m, 'summary:\n  figure_table: true');
  expect(withTable, 'data/2023/150500.yaml has a line summary:').not.toBe(summary);
  writeFileSync(join(dir, '2023/150500.yaml'), withTable);
  return dir;
}

/** The environment of a build: the default dates (1 January after each document's year). */
function buildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['SOURCE_DATE_EPOCH'];
  delete env['YEARBOOK_TRACE'];
  return env;
}

/** `node bin/yearbook.js build DIR --out OUT --draft` (the copies disagree with 150000's children: errors). */
function runBuild(dir: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'build', dir, '--out', out, '--draft'], { cwd: ROOT, env: buildEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`yearbook build ${out} ended with ${code ?? signal}:\n${output}`))));
  });
}

/** Every file under `dir`, as sorted relative paths with '/'. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1).split('\\').join('/'))
    .sort();
}

/** The structure-element IDs of a PDF (`/ID (node00000001)`), as numbers, in file order. */
function structureIds(pdf: Buffer): number[] {
  return [...pdf.toString('latin1').matchAll(/\/ID \(node(\d+)\)/g)].map((m) => Number(m[1]));
}

describe('three builds of a folder with 13 entries, summaries, a plan and charts', () => {
  let data = '';
  const outs: string[] = [];
  let files: string[][] = [];

  beforeAll(async () => {
    data = makeFolder();
    for (let i = 0; i < 3; i++) outs.push(mkdtempSync(join(tmpdir(), `yearbook-repro-out${i + 1}-`)));
    await runBuild(data, outs[0]!);
    await Promise.all([runBuild(data, outs[1]!), runBuild(data, outs[2]!)]);
    files = outs.map(filesIn);
  }, 240_000);

  afterAll(() => {
    for (const d of [data, ...outs]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('write the same files, and all that the folder makes', () => {
    expect(files[1]).toEqual(files[0]);
    expect(files[2]).toEqual(files[0]);
    const of = (ext: string): string[] => files[0]!.filter((f) => f.endsWith(ext));
    expect(of('.pdf').length).toBeGreaterThanOrEqual(14);
    expect(of('.html').length).toBe(of('.pdf').length);
    expect(of('.png').length).toBeGreaterThanOrEqual(13);
    expect(of('.svg').length).toBe(of('.png').length);
    for (const f of ['2022/chapter.pdf', '2023/150200/plan.pdf', '2023/150500/summary.pdf', '2022/150000/entry.pdf', '2022/152900/entry.pdf', '2022/152900/charts/funds.png']) {
      expect(files[0], f).toContain(f);
    }
    expect(readFileSync(join(outs[0]!, '2022/152900/charts/funds.png')).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });

  it('write every file (PDF, HTML, SVG, PNG) byte for byte the same', () => {
    const differing: string[] = [];
    for (const f of files[0]!) {
      const a = readFileSync(join(outs[0]!, f));
      for (const out of outs.slice(1)) if (!a.equals(readFileSync(join(out, f)))) differing.push(`${f} (${out})`);
    }
    expect(differing).toEqual([]);
  });

  it('number the structure elements 1, 2, 3 … whatever the tab printed before (the plan’s table headers)', () => {
    // the progress table's headers, and the summary's figure table (opted in by makeFolder)
    for (const f of ['2023/150200/progress.pdf', '2023/150500/summary.pdf']) {
      const ids = structureIds(readFileSync(join(outs[0]!, f)));
      expect(ids.length, f).toBeGreaterThanOrEqual(2);
      expect(ids, f).toEqual(ids.map((_, i) => i + 1));
    }
  });

  it('print a page into the same bytes whichever tab of the browser prints it', async () => {
    // the chapter: its contents' leader dots are the transformed elements that told the tabs apart
    const html = readFileSync(join(outs[0]!, '2022/chapter.html'), 'utf8');
    const session = await startBrowser(findBrowser(process.env), process.env);
    try {
      const sandbox = { blocked: [] as string[] };
      // as many tabs as a build on a 2-core machine opens: before the fix, the first hidden, the second visible
      const pages = [await session.newPage(sandbox), await session.newPage(sandbox)];
      const prints: { visibility: string; pdf: Buffer }[] = [];
      for (const page of pages) {
        await page.setContent(html, { waitUntil: 'load', timeout: 120_000 });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const visibility = await page.evaluate(() => document.visibilityState);
        const raw = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 120_000 });
        prints.push({ visibility, pdf: Buffer.from(finishPdf(raw, { title: 'chapter', author: 'yearbook', lang: 'zh-CN', date: 1672531200 })) });
      }
      expect(sandbox.blocked).toEqual([]);
      const summary = prints.map((p, i) => `tab ${i + 1} (${p.visibility}): ${p.pdf.length} bytes`).join(', ');
      for (const p of prints.slice(1)) expect(p.pdf.equals(prints[0]!.pdf), summary).toBe(true);
    } finally {
      await session.close();
    }
  }, 120_000);
});

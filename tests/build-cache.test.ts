/**
 * The build cache (issue #11, part 2), with the real Chromium: a rebuild makes again only the outputs
 * whose inputs changed and leaves every other file as it was (bytes and mtime), and what it leaves and
 * writes is byte for byte what a clean `--force` build writes. A 13-entry chapter (data/'s 全区 and its
 * 12 盟市, each with an entry) for the edit of one city's text; a small folder (two summaries) for a
 * template edit, a catalogue edit, a deleted output and a garbage manifest.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions, type BuildResult } from '../src/app/build-pdf.js';
import { CACHE_DIR } from '../src/app/build-cache.js';
import { writeChapterFolder } from './cache-fixture.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENV = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };
delete ENV['YEARBOOK_TRACE'];

const made: string[] = [];
const temp = (name: string): string => {
  const d = mkdtempSync(join(tmpdir(), `yearbook-cache-${name}-`));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const run = (dir: string, out: string, more: Partial<BuildOptions> = {}): Promise<BuildResult> =>
  build({ dir, out, templates: join(ROOT, 'templates'), draft: false, rounding: 'half-up', chapter: '医疗保障', env: ENV, ...more });

/** Every output file (the cache's folder is not an output), relative, with its bytes and mtime. */
function snapshot(out: string): Map<string, { bytes: Buffer; mtime: number }> {
  const m = new Map<string, { bytes: Buffer; mtime: number }>();
  for (const d of readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!d.isFile()) continue;
    const abs = join(d.parentPath, d.name);
    const rel = relative(out, abs).split('\\').join('/');
    if (rel.startsWith(`${CACHE_DIR}/`)) continue;
    m.set(rel, { bytes: readFileSync(abs), mtime: statSync(abs).mtimeMs });
  }
  return m;
}

/** The files whose bytes or mtime differ between two snapshots (or that are in only one). */
function touched(a: ReturnType<typeof snapshot>, b: ReturnType<typeof snapshot>): string[] {
  const out: string[] = [];
  for (const f of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(f);
    const y = b.get(f);
    if (!x || !y || x.mtime !== y.mtime || !x.bytes.equals(y.bytes)) out.push(f);
  }
  return out.sort();
}

/** Files of two output folders whose bytes differ, or that only one has. */
function differing(a: string, b: string): string[] {
  const x = snapshot(a);
  const y = snapshot(b);
  return [...new Set([...x.keys(), ...y.keys()])].filter((f) => !x.get(f) || !y.get(f) || !x.get(f)!.bytes.equals(y.get(f)!.bytes)).sort();
}

const rel = (out: string, files: string[]): string[] => files.map((f) => relative(out, f).split('\\').join('/')).sort();
const pdfs = (out: string, files: string[]): string[] => rel(out, files).filter((f) => f.endsWith('.pdf'));

describe('a 13-entry chapter rebuilt after one city’s text is edited', () => {
  const dir = temp('chapter');
  const out = temp('out');
  let first: BuildResult;
  let firstMs = 0;

  beforeAll(async () => {
    writeChapterFolder(ROOT, dir);
    const t = performance.now();
    first = await run(dir, out);
    firstMs = performance.now() - t;
    expect(first.refused).toBe(false);
  }, 400_000);

  it('builds 13 entries and the chapter, all written the first time', () => {
    expect(pdfs(out, first.outputs)).toHaveLength(14);
    expect(pdfs(out, first.outputs)).toContain('2022/chapter.pdf');
    expect(rel(out, first.written)).toEqual(rel(out, first.outputs));
    expect(first.unchanged).toEqual([]);
    expect(statSync(join(out, CACHE_DIR, 'manifest.json')).isFile()).toBe(true);
  });

  it('rewrites nothing when nothing changed: every file keeps its bytes and mtime', async () => {
    const before = snapshot(out);
    const t = performance.now();
    const again = await run(dir, out);
    console.log(`build cache, 13-entry chapter: first build ${(firstMs / 1000).toFixed(1)} s, rebuild without changes ${((performance.now() - t) / 1000).toFixed(1)} s`);
    expect(again.written).toEqual([]);
    expect(rel(out, again.unchanged)).toEqual(rel(out, first.outputs));
    expect(rel(out, again.outputs)).toEqual(rel(out, first.outputs));
    expect(touched(before, snapshot(out))).toEqual([]);
  }, 300_000);

  it('rewrites only the edited city’s entry and the chapter, byte for byte what a clean --force build writes', async () => {
    const file = join(dir, '2022/150300.yaml');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace('开展打击欺诈骗保专项整治行动', '开展打击欺诈骗保“清源”专项整治行动');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const before = snapshot(out);
    const t = performance.now();
    const r = await run(dir, out);
    const rebuildMs = performance.now() - t;
    console.log(`build cache, 13-entry chapter: first build ${(firstMs / 1000).toFixed(1)} s, rebuild after one city's text changed ${(rebuildMs / 1000).toFixed(1)} s`);
    expect(pdfs(out, r.written)).toEqual(['2022/150300/entry.pdf', '2022/chapter.pdf']);
    // the city's entry and the chapter (their HTML, the city's charts if they came out different), nothing else
    const changed = touched(before, snapshot(out));
    expect(changed).toEqual(expect.arrayContaining(['2022/150300/entry.html', '2022/150300/entry.pdf', '2022/chapter.html', '2022/chapter.pdf']));
    expect(changed.filter((f) => !f.startsWith('2022/150300/') && !f.startsWith('2022/chapter.'))).toEqual([]);
    expect(changed).toEqual(rel(out, r.written));
    expect(readFileSync(join(out, '2022/chapter.html'), 'utf8')).toContain('“清源”');
    expect(rel(out, r.outputs)).toEqual(rel(out, first.outputs));

    const clean = temp('clean');
    const full = await run(dir, clean, { force: true });
    expect(rel(clean, full.written)).toEqual(rel(clean, full.outputs));
    expect(differing(out, clean)).toEqual([]);
  }, 600_000);
});

describe('what else makes a page be built again', () => {
  const dir = temp('small');
  const out = temp('small-out');
  const templates = temp('templates');
  const opts = (): Partial<BuildOptions> => ({ templates });
  const PAGES = ['2021/330225/summary.pdf', '2022/530581/summary.pdf'];

  beforeAll(async () => {
    cpSync(join(ROOT, 'data/regions.yaml'), join(dir, 'regions.yaml'));
    cpSync(join(ROOT, 'data/indicators.yaml'), join(dir, 'indicators.yaml'));
    cpSync(join(ROOT, 'data/2021/330225.yaml'), join(dir, '2021/330225.yaml'));
    cpSync(join(ROOT, 'data/2021/530581.yaml'), join(dir, '2021/530581.yaml'));
    cpSync(join(ROOT, 'data/2022/530581.yaml'), join(dir, '2022/530581.yaml'));
    cpSync(join(ROOT, 'templates'), templates, { recursive: true });
    const r = await run(dir, out, opts());
    expect(r.refused).toBe(false);
    expect(pdfs(out, r.written)).toEqual(PAGES);
  }, 300_000);

  /** The manifest's input key of each page. */
  const inputKeys = (): Record<string, string> => {
    const m = JSON.parse(readFileSync(join(out, CACHE_DIR, 'manifest.json'), 'utf8')) as { outputs: Record<string, { input: string }> };
    return Object.fromEntries(Object.entries(m.outputs).map(([k, v]) => [k, v.input]));
  };

  it('a deleted output is built again, the same bytes, and nothing else is written', async () => {
    const gone = join(out, '2022/530581/summary.pdf');
    const bytes = readFileSync(gone);
    unlinkSync(gone);
    const before = snapshot(out);
    const r = await run(dir, out, opts());
    expect(rel(out, r.written)).toEqual(['2022/530581/summary.pdf']);
    expect(readFileSync(gone).equals(bytes)).toBe(true);
    expect(touched(before, snapshot(out))).toEqual(['2022/530581/summary.pdf']);
  }, 300_000);

  it('an output edited by hand is built again', async () => {
    const file = join(out, '2021/330225/summary.html');
    const bytes = readFileSync(file);
    appendFileSync(file, '<!-- edited -->');
    const r = await run(dir, out, opts());
    expect(rel(out, r.written)).toEqual(['2021/330225/summary.html']);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  }, 300_000);

  it('an edit of the catalogue makes every page be looked at again (written only where its output changed)', async () => {
    const keys = inputKeys();
    appendFileSync(join(dir, 'indicators.yaml'), '\n# 目录的一行注释\n');
    const before = snapshot(out);
    const r = await run(dir, out, opts());
    const now = inputKeys();
    for (const page of ['2021/330225/summary', '2022/530581/summary']) expect(now[page], page).not.toBe(keys[page]);
    // a comment changes no page
    expect(r.written).toEqual([]);
    expect(touched(before, snapshot(out))).toEqual([]);
  }, 300_000);

  it('an edit of a style sheet rebuilds every page that uses it', async () => {
    appendFileSync(join(templates, 'css/summary.css'), '\nbody { color: #1a1a1a; }\n');
    const before = snapshot(out);
    const r = await run(dir, out, opts());
    expect(pdfs(out, r.written)).toEqual(PAGES);
    expect(touched(before, snapshot(out))).toEqual(expect.arrayContaining(PAGES));
  }, 300_000);

  it('a garbage manifest is no cache: a full build, no crash, the same bytes; then a valid manifest again', async () => {
    const before = snapshot(out);
    writeFileSync(join(out, CACHE_DIR, 'manifest.json'), '{"format": "yearbook-build-cache/1", "outputs": {"2021/330225/summary": {"input": 3}}, garbage');
    const r = await run(dir, out, opts());
    expect(r.refused).toBe(false);
    expect(rel(out, r.written)).toEqual(rel(out, r.outputs));
    const after = snapshot(out);
    for (const [f, v] of before) expect(after.get(f)?.bytes.equals(v.bytes), f).toBe(true);
    const again = await run(dir, out, opts());
    expect(again.written).toEqual([]);
  }, 300_000);
});

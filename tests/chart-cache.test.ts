/**
 * The chart SVG cache and the chart worker (issue #11): a chart is drawn once per input — the memo
 * within a build, OUT/.yearbook-cache/charts/ between builds — and `--force` draws again; a corrupt
 * entry is a miss and is drawn again; the worker thread draws the same bytes as this thread. The build
 * tests use the real Chromium on a small folder (data/'s 全区 2022 entry and 通辽市's 2023 summary).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../src/app/build-pdf.js';
import { cachedChartRenderer, chartsDrawn } from '../src/app/chart-render.js';
import { CACHE_DIR } from '../src/app/build-cache.js';
import { loadFolder } from '../src/app/check.js';
import { chartsForDocument, renderSvg, useChartAssets, type ChartInput } from '../src/render/charts.js';
import { chartAssets } from '../src/io/chart-assets.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATES = join(ROOT, 'templates');
const ENV = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };
delete ENV['YEARBOOK_TRACE'];

const made: string[] = [];
const temp = (name: string): string => {
  const d = mkdtempSync(join(tmpdir(), `yearbook-charts-${name}-`));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Every chart input data/ makes (each document's, both sizes, with and without the title). */
function inputsOfData(): ChartInput[] {
  useChartAssets(chartAssets(TEMPLATES));
  const data = loadFolder(join(ROOT, 'data'));
  const out: ChartInput[] = [];
  for (const doc of data.docs) {
    for (const size of ['column', 'page'] as const) for (const title of [true, false]) out.push(...chartsForDocument(doc, data, { size, title }));
  }
  return out;
}

const chartEntries = (out: string): string[] => {
  try {
    return readdirSync(join(out, CACHE_DIR, 'charts')).filter((n) => n.endsWith('.chart')).sort();
  } catch {
    return [];
  }
};

describe('the chart renderer, without a browser', () => {
  const inputs = inputsOfData().slice(0, 6);
  let expected: string[];
  beforeAll(async () => {
    useChartAssets(chartAssets(TEMPLATES));
    expected = [];
    for (const i of inputs) expected.push(await renderSvg(i));
  });

  it('has inputs to draw', () => {
    expect(inputs.length).toBe(6);
  });

  it('draws an input once per renderer, however often it is asked for', async () => {
    const r = await cachedChartRenderer(TEMPLATES, { inThread: true });
    const before = chartsDrawn();
    const first = await Promise.all(inputs.map((i) => r.renderSvg(i)));
    const again = await Promise.all(inputs.map((i) => r.renderSvg(structuredClone(i))));
    expect(chartsDrawn() - before).toBe(inputs.length);
    expect(r.stats.fromMemo).toBe(inputs.length);
    expect(first).toEqual(expected);
    expect(again).toEqual(expected);
    await r.close();
  });

  it('keeps the SVGs in the cache folder: a second renderer draws none; --force draws all; a corrupt entry is drawn again', async () => {
    const out = temp('unit');
    const a = await cachedChartRenderer(TEMPLATES, { out, inThread: true });
    for (const i of inputs) await a.renderSvg(i);
    expect(a.stats.drawn).toBe(inputs.length);
    const entries = chartEntries(out);
    expect(entries.length).toBe(inputs.length);

    const b = await cachedChartRenderer(TEMPLATES, { out, inThread: true });
    const before = chartsDrawn();
    expect(await Promise.all(inputs.map((i) => b.renderSvg(i)))).toEqual(expected);
    expect(chartsDrawn() - before).toBe(0);
    expect(b.stats.fromCache).toBe(inputs.length);

    // a truncated entry and one whose SVG was altered: both misses, drawn again and stored right
    const dir = join(out, CACHE_DIR, 'charts');
    const [e0, e1] = entries as [string, string];
    const t0 = readFileSync(join(dir, e0), 'utf8');
    writeFileSync(join(dir, e0), t0.slice(0, t0.length >> 1));
    const t1 = readFileSync(join(dir, e1), 'utf8');
    writeFileSync(join(dir, e1), t1.replace(/<\/svg>\s*$/, '<rect/></svg>'));
    const c = await cachedChartRenderer(TEMPLATES, { out, inThread: true });
    expect(await Promise.all(inputs.map((i) => c.renderSvg(i)))).toEqual(expected);
    expect(c.stats.drawn).toBe(2);
    expect(c.stats.fromCache).toBe(inputs.length - 2);
    expect(readFileSync(join(dir, e0), 'utf8')).toBe(t0);
    expect(readFileSync(join(dir, e1), 'utf8')).toBe(t1);

    const f = await cachedChartRenderer(TEMPLATES, { out, force: true, inThread: true });
    expect(await Promise.all(inputs.map((i) => f.renderSvg(i)))).toEqual(expected);
    expect(f.stats.drawn).toBe(inputs.length);
    expect(f.stats.fromCache).toBe(0);

    // a deleted cache folder is only a miss
    rmSync(join(out, CACHE_DIR), { recursive: true, force: true });
    const g = await cachedChartRenderer(TEMPLATES, { out, inThread: true });
    expect(await Promise.all(inputs.map((i) => g.renderSvg(i)))).toEqual(expected);
    expect(g.stats.drawn).toBe(inputs.length);
  });

  it('keys an SVG by the chart templates folder too: another folder’s chart templates are another entry', async () => {
    const out = temp('keys');
    const own = temp('templates');
    cpSync(TEMPLATES, own, { recursive: true });
    const a = await cachedChartRenderer(TEMPLATES, { out, inThread: true });
    await a.renderSvg(inputs[0]!);
    const name = readdirSync(join(own, 'charts'))[0]!;
    writeFileSync(join(own, 'charts', name), readFileSync(join(own, 'charts', name), 'utf8') + '\n');
    const b = await cachedChartRenderer(own, { out, inThread: true });
    await b.renderSvg(inputs[0]!);
    expect(b.stats.drawn).toBe(1);
    expect(chartEntries(out).length).toBe(2);
  });
});

describe('the chart worker', () => {
  it('draws every chart of data/ in a worker thread, byte for byte what this thread draws', async () => {
    // the worker runs compiled code: the module of dist/ (compiled by the global setup), beside its chart-worker.js
    const dist = (await import(join(ROOT, 'dist/app/chart-render.js'))) as typeof import('../src/app/chart-render.js');
    const inputs = inputsOfData();
    const r = await dist.cachedChartRenderer(TEMPLATES);
    try {
      const inWorker = await Promise.all(inputs.map((i) => r.renderSvg(i)));
      expect(r.stats.inWorker).toBe(r.stats.drawn);
      expect(r.stats.drawn).toBeGreaterThan(10);
      useChartAssets(chartAssets(TEMPLATES));
      for (const [k, i] of inputs.entries()) expect(inWorker[k]).toBe(await renderSvg(i));
    } finally {
      await r.close();
    }
    // a closed renderer still draws, in this thread
    expect(await r.renderSvg({ ...inputs[0]!, id: `${inputs[0]!.id}-again` })).toBe(await renderSvg({ ...inputs[0]!, id: `${inputs[0]!.id}-again` }));
  });
});

describe('builds with the chart cache (real Chromium)', () => {
  let dir: string;
  const run = (out: string, more: Partial<BuildOptions> = {}) => build({ dir, out, templates: TEMPLATES, draft: false, rounding: 'half-up', chapter: '医疗保障', env: ENV, ...more });
  /** Every output file (the cache's folder is not an output), relative, with its bytes. */
  const files = (out: string): Map<string, Buffer> => {
    const m = new Map<string, Buffer>();
    for (const d of readdirSync(out, { recursive: true, withFileTypes: true })) {
      const abs = join(d.parentPath, d.name);
      const rel = relative(out, abs).split('\\').join('/');
      if (d.isFile() && !rel.startsWith(CACHE_DIR)) m.set(rel, readFileSync(abs));
    }
    return m;
  };
  beforeAll(() => {
    dir = temp('data');
    mkdirSync(join(dir, '2022'));
    mkdirSync(join(dir, '2023'));
    for (const f of ['regions.yaml', 'indicators.yaml', '2022/150000.yaml', '2022/150500.yaml', '2023/150500.yaml']) cpSync(join(ROOT, 'data', f), join(dir, f));
  });

  it('a second build reads every chart from the cache folder, a --force build draws them again: the same outputs', async () => {
    const out = temp('out');
    const d0 = chartsDrawn();
    const first = await run(out);
    expect(first.refused).toBe(false);
    const drawn = chartsDrawn() - d0;
    expect(drawn).toBeGreaterThan(0);
    expect(chartEntries(out).length).toBe(drawn);
    const outputs = files(out);
    expect([...outputs.keys()].some((f) => f.endsWith('.svg'))).toBe(true);

    // the pages made again (their outputs deleted), their charts from the cache folder
    for (const f of outputs.keys()) rmSync(join(out, f));
    const d1 = chartsDrawn();
    const second = await run(out);
    expect(second.written.length).toBeGreaterThan(0);
    expect(chartsDrawn() - d1).toBe(0);
    expect(files(out)).toEqual(outputs);

    // a corrupt entry is drawn again, the others are read
    const entry = join(out, CACHE_DIR, 'charts', chartEntries(out)[0]!);
    writeFileSync(entry, 'garbage');
    for (const f of outputs.keys()) rmSync(join(out, f));
    const d2 = chartsDrawn();
    await run(out);
    expect(chartsDrawn() - d2).toBe(1);
    expect(readFileSync(entry, 'utf8')).toMatch(/^<!-- yearbook chart [0-9a-f]{64} -->\n<svg/);
    expect(files(out)).toEqual(outputs);

    const mtimes = chartEntries(out).map((n) => statSync(join(out, CACHE_DIR, 'charts', n)).mtimeMs);
    const d3 = chartsDrawn();
    await run(out, { force: true });
    expect(chartsDrawn() - d3).toBe(drawn);
    expect(files(out)).toEqual(outputs);
    expect(chartEntries(out).length).toBe(drawn);
    expect(chartEntries(out).map((n) => statSync(join(out, CACHE_DIR, 'charts', n)).mtimeMs)).not.toEqual(mtimes);
  }, 600_000);
});

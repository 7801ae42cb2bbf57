/**
 * The fast lane's certificate (core/fast/certify.ts) against the full check: whenever
 * certifySources(sources, opts) answers, its report is checkSources(sources, opts).report — no
 * findings, the same counts, `checks` included; wherever the full check finds anything, it declines.
 * (a) the generated national folders (gen-national, plain and --ties) and small folders cut from
 * them must be certified; (b) planted errors beyond the rounding slack must make it decline, moves
 * within the slack may be certified only with the full check's report; (c) documents, catalogues
 * and region trees of unusual shape; (d) the fixture folders and data/; (e) the `owned` option.
 * No browser; the national folders are generated once, into the system temp folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSources, type CheckOptions, type Report } from '../src/core/check.js';
import { certifySources } from '../src/core/fast/certify.js';
import { checkSourcesFast } from '../src/core/fast/mixed.js';
import type { Source } from '../src/core/parse/source.js';
import { readFolder } from '../src/io/folder.js';
import { gbk } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GEN = join(ROOT, 'scripts', 'gen-national.mjs');

// ---------------------------------------------------------------------------------------------
// The comparison every test makes

interface Outcome {
  slow: Report;
  fast: Report | null;
}

/**
 * Runs the fast lane, then the full check, on the same Sources and options. The fast lane must
 * decline when the full check finds anything, and whatever it answers must be the full check's
 * report, deep and strict; the fast lane completed by the full check on the documents it could not
 * prove clean (checkSourcesFast) must always give the full check's report, findings included (the fast lane runs first, so that it cannot profit from anything the
 * full check might leave behind).
 */
function agree(sources: readonly Source[], opts: CheckOptions | undefined, label: string): Outcome {
  const fast = opts === undefined ? certifySources(sources) : certifySources(sources, opts);
  // the fast lane with the full check on what it cannot prove: always the full check's report, findings included
  const mixed = opts === undefined ? checkSourcesFast(sources) : checkSourcesFast(sources, opts);
  const slow = checkSources(sources, opts).report;
  expect(mixed, `${label}: the fast lane completed by the full check is not the full check's report`).toStrictEqual(slow);
  if (slow.findings.length > 0) expect(fast, `${label}: the full check finds ${slow.findings.length} (first: ${slow.findings[0]!.kind}), the fast lane must decline`).toBeNull();
  if (fast !== null) expect(fast, `${label}: the fast lane's report is not the full check's`).toStrictEqual(slow);
  return { slow, fast };
}

// ---------------------------------------------------------------------------------------------
// Seeded choices

/** mulberry32: the same seed, the same choices, on every run. */
function rng(seed: number): { next: () => number; int: (n: number) => number; pick: <T>(xs: readonly T[]) => T } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => { if (xs.length === 0) throw new Error('nothing to pick from'); return xs[int(xs.length)]!; } };
}

// ---------------------------------------------------------------------------------------------
// Exact decimal edits of written numbers (never through a binary float)

const NUM = String.raw`-?\d+(?:\.\d+)?`;

function parseDec(s: string): { m: bigint; scale: number } {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [int, frac = ''] = body.split('.');
  const m = BigInt(int! + frac);
  return { m: neg ? -m : m, scale: frac.length };
}
function fmtDec(m: bigint, scale: number): string {
  const neg = m < 0n;
  let s = (neg ? -m : m).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  }
  return neg ? `-${s}` : s;
}
/** `s` plus `k` whole units, written with as many decimals as `s` has. */
function plusUnits(s: string, k: bigint): string {
  const { m, scale } = parseDec(s);
  return fmtDec(m + k * 10n ** BigInt(scale), scale);
}
/** `s` moved by tenths of its last digit (|tenths| < 5, so within the rounding slack), one decimal more. */
function nudge(s: string, tenths: bigint): string {
  const { m, scale } = parseDec(s);
  return fmtDec(m * 10n + tenths, scale + 1);
}

// ---------------------------------------------------------------------------------------------
// The figure lines of a generated document

interface FigureLine {
  index: number;
  path: string;
  line: string;
}

/** The lines under `figures:` that carry a value, with their paths (gen-national's layout: two spaces a level). */
function figureLines(text: string): FigureLine[] {
  const lines = text.split('\n');
  const out: FigureLine[] = [];
  const stack: string[] = [];
  let inFigures = false;
  lines.forEach((line, index) => {
    if (/^\S/.test(line)) {
      inFigures = line === 'figures:';
      return;
    }
    if (!inFigures) return;
    const m = /^( +)([a-z0-9_]+):(.*)$/.exec(line);
    if (!m) return;
    const depth = m[1]!.length / 2;
    stack.length = depth - 1;
    stack.push(m[2]!);
    if (m[3]!.trim() !== '') out.push({ index, path: stack.join('.'), line });
  });
  return out;
}

/** The one line of figure `path`. */
function lineOf(text: string, path: string): FigureLine {
  const found = figureLines(text).find((f) => f.path === path);
  if (!found) throw new Error(`no figure ${path} in:\n${text}`);
  return found;
}

/** `text` with the line of figure `path` replaced by edit(line); the edit must change it. */
function editFigure(text: string, path: string, edit: (line: string) => string): string {
  const f = lineOf(text, path);
  const lines = text.split('\n');
  const next = edit(f.line);
  if (next === f.line) throw new Error(`edit of ${path} changed nothing: ${f.line}`);
  lines[f.index] = next;
  return lines.join('\n');
}

/** A line's number in `field` of its figure map (`value`, `growth`, `after` …) or, for a scalar figure, `field` 'scalar'. */
function editNumber(line: string, field: string, edit: (num: string) => string): string {
  const re = field === 'scalar' ? new RegExp(`^(\\s+[a-z0-9_]+: )(${NUM})`) : new RegExp(`([{ ]${field}: )(${NUM})`);
  const m = re.exec(line);
  if (!m) throw new Error(`no ${field} number in: ${line}`);
  const at = m.index + m[1]!.length;
  return line.slice(0, at) + edit(m[2]!) + line.slice(at + m[2]!.length);
}

/** The field that holds a figure line's value: `value`, `after` (a before/after map) or the scalar itself. */
function valueField(line: string): string {
  if (!line.includes('{')) return 'scalar';
  return /[{ ]value: /.test(line) ? 'value' : 'after';
}

/** The figure's number as written. */
function valueOf(line: string): string {
  let got = '';
  editNumber(line, valueField(line), (n) => (got = n));
  return got;
}

/** Replaces the first match of `from` in `text` (there must be one, and the text must change). */
function swap(text: string, from: string | RegExp, to: string | ((match: string, ...groups: string[]) => string)): string {
  const next = typeof to === 'string' ? text.replace(from, to) : text.replace(from, to);
  if (next === text) throw new Error(`no ${String(from)} in:\n${text.slice(0, 400)}`);
  return next;
}

// ---------------------------------------------------------------------------------------------
// Folders: generated, read through the io layer, small ones cut from them

interface Folder {
  name: string;
  dir: string;
  ties: boolean;
  sources: Source[];
  /** Decoded text by path inside the folder. */
  text: Map<string, string>;
  /** The documents' paths, sorted. */
  docs: string[];
  /** Region code → parent code (null for the root of the folder's tree). */
  parent: Map<string, string | null>;
  /** Region code → its children's codes. */
  children: Map<string, string[]>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function load(name: string, dir: string, ties: boolean): Folder {
  const sources = readFolder(dir);
  const text = new Map<string, string>();
  for (const s of sources) text.set(s.rel, utf8.decode(s.bytes!));
  const docs = sources.map((s) => s.rel).filter((r) => /^\d{4}\//.test(r)).sort();
  const parent = new Map<string, string | null>();
  const children = new Map<string, string[]>();
  const open: { indent: number; code: string }[] = [];
  for (const line of text.get('regions.yaml')!.split('\n')) {
    const m = /^( *)- code: "(\d+)"$/.exec(line);
    if (!m) continue;
    const indent = m[1]!.length;
    while (open.length > 0 && open[open.length - 1]!.indent >= indent) open.pop();
    const up = open.length > 0 ? open[open.length - 1]!.code : null;
    parent.set(m[2]!, up);
    children.set(m[2]!, []);
    if (up !== null) children.get(up)!.push(m[2]!);
    open.push({ indent, code: m[2]! });
  }
  return { name, dir, ties, sources, text, docs, parent, children };
}

/** Generates a national folder with gen-national (its own output, as the command writes it). */
function generate(dir: string, ties: boolean): void {
  const args = [GEN, dir, '--years', '2', '--seed', '3', ...(ties ? ['--ties'] : [])];
  const g = spawnSync(process.execPath, args, { encoding: 'utf8' });
  expect(g.stderr).toBe('');
  expect(g.status).toBe(0);
}

/**
 * A small folder of the generator's own files: one province's subtree of regions.yaml (its lines
 * as written, moved left to the top level), indicators.yaml as is, and the subtree's documents of
 * both years, written to `dir` and read back through the io layer.
 */
function cut(from: Folder, province: string, dir: string): Folder {
  const lines = from.text.get('regions.yaml')!.split('\n');
  const start = lines.findIndex((l) => l.endsWith(`- code: "${province}"`));
  expect(start).toBeGreaterThan(0);
  const indent = lines[start]!.length - lines[start]!.trimStart().length;
  let end = start + 1;
  while (end < lines.length && lines[end]!.length - lines[end]!.trimStart().length > indent) end++;
  const block = lines.slice(start, end).map((l) => l.slice(indent - 2));
  const codes = new Set(block.map((l) => /code: "(\d+)"/.exec(l)?.[1]).filter((c): c is string => c !== undefined));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'regions.yaml'), `${lines[0]}\nregions:\n${block.join('\n')}\n`);
  writeFileSync(join(dir, 'indicators.yaml'), from.text.get('indicators.yaml')!);
  for (const rel of from.docs) {
    if (!codes.has(rel.slice(5, 11))) continue;
    mkdirSync(join(dir, dirname(rel)), { recursive: true });
    writeFileSync(join(dir, rel), from.text.get(rel)!);
  }
  return load(`${from.name}/${province}`, dir, from.ties);
}

/** The folder's Sources with some files replaced (as bytes, as the io layer reads them), added, or (null) removed. */
function changed(f: Folder, edits: ReadonlyMap<string, string | Uint8Array | null>): Source[] {
  const out: Source[] = [];
  const done = new Set<string>();
  for (const s of f.sources) {
    if (!edits.has(s.rel)) {
      out.push(s);
      continue;
    }
    done.add(s.rel);
    const e = edits.get(s.rel)!;
    if (e === null) continue;
    out.push({ rel: s.rel, file: s.file, bytes: typeof e === 'string' ? Buffer.from(e) : e });
  }
  for (const [rel, e] of edits) {
    if (done.has(rel)) continue;
    if (e === null) throw new Error(`no ${rel} to remove in ${f.name}`);
    out.push({ rel, file: join(f.dir, rel), bytes: typeof e === 'string' ? Buffer.from(e) : e });
  }
  return out;
}

const codeOf = (rel: string): string => rel.slice(5, 11);
const yearOf = (rel: string): number => Number(rel.slice(0, 4));

let TMP = '';
let NATIONAL: Folder;
let TIES: Folder;
/** Small folders: 宁夏 (province → cities → counties) and 海南 (cities, a leaf city and counties under the province), plain and --ties. */
let SMALL: Folder[] = [];

beforeAll(() => {
  TMP = mkdtempSync(join(tmpdir(), 'yb-certify-'));
  generate(join(TMP, 'national'), false);
  generate(join(TMP, 'ties'), true);
  NATIONAL = load('national', join(TMP, 'national'), false);
  TIES = load('ties', join(TMP, 'ties'), true);
  SMALL = [
    cut(NATIONAL, '640000', join(TMP, 'small-640000')),
    cut(NATIONAL, '460000', join(TMP, 'small-460000')),
    cut(TIES, '640000', join(TMP, 'ties-640000')),
    cut(TIES, '460000', join(TMP, 'ties-460000')),
  ];
}, 120_000);

afterAll(() => {
  if (TMP) rmSync(TMP, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// (a) What the fast lane is for: it must certify these

describe('(a) the fast lane certifies correctly rounded generated folders', () => {
  it.each([['national', false], ['national --ties', true]] as const)('certifies the %s folder (--years 2 --seed 3) with the full check\'s report', (_name, ties) => {
    const f = ties ? TIES : NATIONAL;
    expect(f.docs.length).toBe(6680);
    for (const opts of [undefined, { dir: f.dir }]) {
      const { slow, fast } = agree(f.sources, opts, `${f.name} ${opts ? 'with dir' : 'without options'}`);
      expect(slow.findings).toEqual([]);
      expect(slow.summary.documents).toBeGreaterThan(6000);
      expect(slow.summary.figures).toBeGreaterThan(200_000);
      expect(slow.summary.checks).toBeGreaterThan(0);
      expect(fast, `${f.name}: the fast lane declined a plain generated folder`).not.toBeNull();
      expect(fast).toStrictEqual(slow);
    }
  }, 120_000);

  it('certifies the small folders cut from them (one province\'s subtree), on which (b), (c) and (e) plant their changes', () => {
    for (const f of SMALL) {
      const { slow, fast } = agree(f.sources, undefined, f.name);
      expect(slow.findings).toEqual([]);
      expect(slow.summary.documents).toBeGreaterThan(50);
      expect(slow.summary.checks).toBeGreaterThan(1000);
      expect(fast, `${f.name}: the fast lane declined a plain generated folder`).not.toBeNull();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// (b) Planted errors and moves within the slack

/** The one figure no sum and no rule looks at: in the first year (no previous document) a change to it shows nowhere. */
const NOT_CHECKED_IN_FIRST_YEAR = new Set(['stay.average']);

interface Plant {
  label: string;
  edits: Map<string, string>;
  /** Every finding must be of this severity / this kind (a plant aimed at one check). */
  severity?: 'warning';
  kind?: string;
}

/** One document of `f` with one figure line edited. */
function plantOne(f: Folder, rel: string, path: string, edit: (line: string) => string, label: string, extra: Partial<Plant> = {}): Plant {
  return { label: `${f.name} ${rel} ${path}: ${label}`, edits: new Map([[rel, editFigure(f.text.get(rel)!, path, edit)]]), ...extra };
}

/** The planted errors of one small folder: each beyond every rounding slack that bears on it. */
function plants(f: Folder, seed: number, each: number): Plant[] {
  const r = rng(seed);
  const out: Plant[] = [];
  const second = f.docs.filter((d) => yearOf(d) === 2015);
  const county = f.docs.filter((d) => f.text.get(d)!.includes('万元'));
  for (let i = 0; i < each; i++) {
    // 37 added to the integer part of a figure: its parent's sum, its children's, its own rules
    {
      const rel = r.pick(f.docs);
      const cands = figureLines(f.text.get(rel)!).filter((x) => !NOT_CHECKED_IN_FIRST_YEAR.has(x.path));
      const fl = r.pick(cands);
      out.push(plantOne(f, rel, fl.path, (l) => editNumber(l, valueField(l), (n) => plusUnits(n, 37n)), '+37 in the integer part'));
    }
    // a stated growth 5 points off (against last year's document, or against `before`)
    {
      const rel = r.pick(f.docs);
      const cands = figureLines(f.text.get(rel)!).filter((x) => x.line.includes('growth:') && (yearOf(rel) === 2015 || x.line.includes('before:')));
      const fl = r.pick(cands);
      out.push(plantOne(f, rel, fl.path, (l) => editNumber(l, 'growth', (n) => plusUnits(n, 5n)), 'growth +5 points'));
    }
    // a stated increase 37 off, a pp change 5 off (second year: the first has no previous document)
    {
      const rel = r.pick(second);
      out.push(plantOne(f, rel, 'visits.outpatient', (l) => editNumber(l, 'increase', (n) => plusUnits(n, 37n)), 'increase +37'));
      const rel2 = r.pick(second);
      out.push(plantOne(f, rel2, 'insured.coverage', (l) => editNumber(l, 'pp', (n) => plusUnits(n, -5n)), 'pp −5'));
    }
    // `before` of a before/after map 37 off
    {
      const rel = r.pick(f.docs);
      out.push(plantOne(f, rel, 'payment.avg_cost', (l) => editNumber(l, 'before', (n) => plusUnits(n, 37n)), 'before +37'));
    }
    // a county's 万元 fund figure (catalogue 亿元) 37 万元 off: its fund's parts no longer add up
    if (county.length > 0) {
      const rel = r.pick(county);
      const fl = r.pick(figureLines(f.text.get(rel)!).filter((x) => x.line.includes('万元')));
      out.push(plantOne(f, rel, fl.path, (l) => editNumber(l, valueField(l), (n) => plusUnits(n, 37n)), '+37 万元'));
    }
    // a fund balance 1亿元 higher in one year along a leaf-to-root chain: every sum still holds, only
    // the roll-forward (a warning rule) fails — this year's against last year's balance
    {
      const leaves = [...f.children].filter(([, c]) => c.length === 0).map(([code]) => code);
      let code: string | null = r.pick(leaves);
      const year = r.pick([2014, 2015]);
      const fund = r.pick(['employee', 'resident']);
      const edits = new Map<string, string>();
      while (code !== null) {
        const rel = `${year}/${code}.yaml`;
        let t = f.text.get(rel)!;
        for (const path of [`fund.${fund}.balance`, 'fund.basic.balance']) {
          t = editFigure(t, path, (l) => editNumber(l, valueField(l), (n) => plusUnits(n, l.includes('万元') ? 10_000n : 1n)));
        }
        edits.set(rel, t);
        code = f.parent.get(code)!;
      }
      out.push({ label: `${f.name} ${year} fund.${fund}.balance +1亿元 from ${[...edits.keys()][0]} up to the root`, edits, severity: 'warning' });
    }
    // one region's 在职 and 退休 moved by 1万人 each way: its own sum holds, its parent's two sums fail
    {
      const rel = r.pick(f.docs.filter((d) => f.parent.get(codeOf(d)) !== null && Number(valueOf(lineOf(f.text.get(d)!, 'insured.employee_retired').line)) > 2));
      let t = f.text.get(rel)!;
      t = editFigure(t, 'insured.employee_active', (l) => editNumber(l, 'scalar', (n) => plusUnits(n, 1n)));
      t = editFigure(t, 'insured.employee_retired', (l) => editNumber(l, 'scalar', (n) => plusUnits(n, -1n)));
      out.push({ label: `${f.name} ${rel}: 1万人 moved from employee_retired to employee_active`, edits: new Map([[rel, t]]), kind: 'aggregate' });
    }
    // a leaf figure no rule and no growth looks at, 37 off: only its parent's sum shows it
    {
      const rel = r.pick(f.docs.filter((d) => f.parent.get(codeOf(d)) !== null));
      out.push(plantOne(f, rel, 'settlement.cross_province', (l) => editNumber(l, 'scalar', (n) => plusUnits(n, 37n)), '+37, only in the parent\'s sum', { kind: 'aggregate' }));
    }
  }
  return out;
}

function expectCaught(p: Plant, sources: readonly Source[], opts?: CheckOptions): Outcome {
  const o = agree(sources, opts, p.label);
  expect(o.slow.findings.length, `${p.label}: the full check must find the planted error`).toBeGreaterThan(0);
  expect(o.fast, `${p.label}: the fast lane certified a folder with a planted error`).toBeNull();
  if (p.severity) expect(o.slow.findings.map((x) => x.severity), p.label).toEqual(o.slow.findings.map(() => p.severity));
  if (p.kind) expect(o.slow.findings.map((x) => x.kind), p.label).toEqual(o.slow.findings.map(() => p.kind));
  return o;
}

describe('(b) planted errors: the fast lane declines', () => {
  it('declines every small folder with one figure (or one chain of balances) beyond its rounding slack', () => {
    let n = 0;
    SMALL.forEach((f, i) => {
      for (const p of plants(f, 1000 + i, 4)) {
        expectCaught(p, changed(f, p.edits));
        n++;
      }
    });
    expect(n).toBeGreaterThan(100);
  }, 60_000);

  it('declines the national folders with one planted error among 6,680 documents', () => {
    const r = rng(77);
    // the country's own insured total: the sum over the 31 provinces and its own parts
    const nat = '2015/100000.yaml';
    const cases: [Folder, Plant][] = [
      [NATIONAL, plantOne(NATIONAL, nat, 'insured.total', (l) => editNumber(l, 'value', (n) => plusUnits(n, 37n)), '+37')],
    ];
    // a random county's 万元 fund figure
    const county = r.pick(NATIONAL.docs.filter((d) => yearOf(d) === 2015 && NATIONAL.text.get(d)!.includes('万元')));
    const fl = r.pick(figureLines(NATIONAL.text.get(county)!).filter((x) => x.line.includes('万元')));
    cases.push([NATIONAL, plantOne(NATIONAL, county, fl.path, (l) => editNumber(l, valueField(l), (n) => plusUnits(n, 37n)), '+37 万元')]);
    // --ties, where thousands of sums hold only because closed intervals touch: one exact count 1 off
    const leaf = r.pick(TIES.docs.filter((d) => TIES.children.get(codeOf(d))!.length === 0));
    cases.push([TIES, plantOne(TIES, leaf, 'institutions.hospitals', (l) => editNumber(l, 'scalar', (n) => plusUnits(n, 1n)), '+1 (an exact count)')]);
    for (const [f, p] of cases) expectCaught(p, changed(f, p.edits));
  }, 120_000);

  it('moves within the rounding slack (a digit more, or a zero less): certified only with the full check\'s report', () => {
    let none = 0;
    let total = 0;
    SMALL.forEach((f, i) => {
      const r = rng(2000 + i);
      for (let k = 0; k < 24; k++) {
        const rel = r.pick(f.docs);
        const text = f.text.get(rel)!;
        const fl = r.pick(figureLines(text));
        const fields = ['value', 'growth', 'increase', 'pp', 'before', 'after'].filter((x) => new RegExp(`[{ ]${x}: ${NUM}`).test(fl.line));
        const field = fl.line.includes('{') ? r.pick(fields) : 'scalar';
        const tenths = BigInt(r.pick([-4, -3, -2, -1, 1, 2, 3, 4]));
        let label = `${f.name} ${rel} ${fl.path}.${field}: ${tenths} tenths of the last digit`;
        const edit = (n: string): string => nudge(n, tenths);
        // now and then a trailing zero dropped instead: a wider range around the same number
        if (k % 4 === 3) {
          const zeros = figureLines(text).filter((x) => /^ +[a-z0-9_]+: (?:\{value: )?-?\d+\.\d*0(?![\d.])/.test(x.line));
          if (zeros.length > 0) {
            const tz = r.pick(zeros);
            const tzField = valueField(tz.line);
            const next = editFigure(text, tz.path, (l) => editNumber(l, tzField, (n) => (/\.\d*0$/.test(n) ? n.slice(0, -1).replace(/\.$/, '') : n)));
            const o = agree(changed(f, new Map([[rel, next]])), undefined, `${f.name} ${rel} ${tz.path}: a trailing zero dropped`);
            total++;
            if (o.slow.findings.length === 0) none++;
            continue;
          }
        }
        const next = editFigure(text, fl.path, (l) => editNumber(l, field, edit));
        label += ` (${lineOf(next, fl.path).line.trim()})`;
        const o = agree(changed(f, new Map([[rel, next]])), undefined, label);
        total++;
        if (o.slow.findings.length === 0) none++;
      }
    });
    expect(total).toBe(96);
    // the case the test is about — the full check finds nothing — is exercised, many times
    expect(none).toBeGreaterThan(20);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// (c) Shapes other than the generator's

type Edit = Map<string, string | Uint8Array | null>;
interface Variant {
  name: string;
  /** The edits to the small 宁夏 folder (plain variant). */
  make: (f: Folder) => Edit;
  /** A change to the Sources themselves, after the edits. */
  post?: (sources: Source[], f: Folder) => Source[];
}

const COUNTY = '2015/640104.yaml'; // 兴庆区: fund figures in 万元
const CITY = '2015/640100.yaml'; // 银川市: fund figures in 亿元
const one = (rel: string, edit: (text: string) => string) => (f: Folder): Edit => new Map([[rel, edit(f.text.get(rel)!)]]);
const fig = (rel: string, path: string, edit: (line: string) => string) => one(rel, (t) => editFigure(t, path, edit));
const num = (rel: string, path: string, field: string | null, edit: (n: string) => string) =>
  fig(rel, path, (l) => editNumber(l, field ?? valueField(l), edit));
/** The figure's own number (its scalar, its `value` or its `after`) replaced by to(number). */
const value = (rel: string, path: string, to: (n: string) => string) => num(rel, path, null, to);
const FULL_WIDTH = (s: string): string => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace('.', '．');

const VARIANTS: Variant[] = [
  { name: 'a full-line comment', make: one(COUNTY, (t) => swap(t, 'figures:\n', 'figures:\n  # 以下为合成数据\n')) },
  { name: 'a comment at the top of the file', make: one(COUNTY, (t) => `# 兴庆区 2015\n${t}`) },
  { name: 'a trailing comment', make: fig(COUNTY, 'population.resident', (l) => `${l}  # 年末常住人口`) },
  { name: 'a trailing comment after a flow map', make: fig(COUNTY, 'insured.total', (l) => `${l} # 含增长`) },
  { name: 'region unquoted', make: one(COUNTY, (t) => swap(t, 'region: "640104"', 'region: 640104')) },
  { name: 'region single-quoted', make: one(COUNTY, (t) => swap(t, 'region: "640104"', "region: '640104'")) },
  { name: 'region by its name', make: one(COUNTY, (t) => swap(t, 'region: "640104"', 'region: 兴庆区')) },
  { name: 'year quoted', make: one(COUNTY, (t) => swap(t, 'year: 2015', 'year: "2015"')) },
  { name: 'a figure with a note', make: fig(COUNTY, 'population.resident', (l) => l.replace(/: (.*)$/, ': {value: $1, note: 年末数}')) },
  { name: 'a figure with status: r', make: fig(COUNTY, 'population.resident', (l) => l.replace(/: (.*)$/, ': {value: $1, status: r}')) },
  { name: 'a flow map with status: p', make: fig(CITY, 'insured.total', (l) => l.replace('}', ', status: p}')) },
  { name: 'a qualifier ≥95%', make: num(COUNTY, 'insured.coverage', 'value', () => '≥95') },
  { name: 'a qualifier ≥ on the same number', make: num(COUNTY, 'insured.coverage', 'value', (n) => `≥${n}`) },
  { name: '250余', make: value(COUNTY, 'institutions.pharmacies', () => '250余') },
  { name: 'N余 on the same number', make: value(COUNTY, 'institutions.pharmacies', (n) => `${n}余`) },
  { name: '约 (≈, never checked)', make: value(COUNTY, 'population.resident', (n) => `约${n}`) },
  { name: '以上 after the number', make: value(COUNTY, 'visits.inpatient', (n) => `${n}以上`) },
  { name: 'full-width digits ３５', make: value(COUNTY, 'institutions.hospitals', () => '３５') },
  { name: 'full-width digits of the same number', make: value(COUNTY, 'population.resident', FULL_WIDTH) },
  { name: 'a full-width ％', make: fig(COUNTY, 'insured.total', (l) => swap(l, /%/, '％')) },
  { name: 'a minus sign − for -', make: one(CITY, (t) => swap(t, /: (\{value: [^,]*, growth: )?-(\d)/, (m) => m.replace('-', '−'))) },
  { name: 'a unit the catalogue does not know', make: value(COUNTY, 'population.resident', (n) => `${n} 万头`) },
  { name: 'a unit of the wrong family (万人 for 亿元)', make: value(CITY, 'fund.basic.income', (n) => `${n} 万人`) },
  { name: 'the catalogue unit written out', make: value(CITY, 'fund.employee.income', (n) => `${n} 亿元`) },
  { name: 'the catalogue unit written without a space', make: value(CITY, 'fund.employee.income', (n) => `${n}亿元`) },
  { name: 'the catalogue unit written out in a flow map', make: value(CITY, 'fund.basic.income', (n) => `${n} 亿元`) },
  { name: '万元 figure written in 亿元, the same number', make: value(CITY, 'fund.assistance.income', (n) => `${fmtDec(parseDec(n).m, parseDec(n).scale + 4)} 亿元`) },
  { name: '万元 figure written in 亿元, rounded', make: value(CITY, 'fund.assistance.income', (n) => `${(Number(n) / 10_000).toFixed(2)} 亿元`) },
  { name: '亿元 figure written in 万元, the same number', make: value(CITY, 'fund.employee.income', (n) => `${fmtDec(parseDec(n).m * 10_000n, parseDec(n).scale)} 万元`) },
  { name: '亿元 figure written in 万元, no decimals', make: value(CITY, 'fund.employee.income', (n) => `${(parseDec(n).m * 10_000n / 10n ** BigInt(parseDec(n).scale)).toString()} 万元`) },
  { name: '万人 written in 人', make: value(COUNTY, 'population.resident', (n) => `${fmtDec(parseDec(n).m * 10_000n, parseDec(n).scale)}人`) },
  { name: 'growth: 3 without %', make: fig(COUNTY, 'insured.total', (l) => swap(l, /growth: [^,}]+/, 'growth: 3')) },
  { name: 'growth without % on the same number', make: fig(COUNTY, 'insured.total', (l) => swap(l, /(growth: [^,}]+)%/, '$1')) },
  { name: 'coverage without %', make: fig(COUNTY, 'insured.coverage', (l) => swap(l, '%', '')) },
  { name: 'a duplicated key', make: fig(COUNTY, 'insured.employee', (l) => `${l}\n${l}`) },
  { name: 'a tab as indentation', make: fig(COUNTY, 'insured.employee', (l) => l.replace(/^ {4}/, '\t')) },
  { name: 'a tab after the colon', make: fig(COUNTY, 'insured.employee', (l) => l.replace(': ', ':\t')) },
  { name: 'a tab at the end of a line', make: fig(COUNTY, 'insured.employee', (l) => `${l}\t`) },
  { name: 'trailing spaces', make: fig(COUNTY, 'insured.employee', (l) => `${l}   `) },
  { name: 'a blank line among the figures', make: fig(COUNTY, 'insured.employee', (l) => `\n${l}`) },
  { name: 'CRLF line endings', make: one(COUNTY, (t) => t.replace(/\n/g, '\r\n')) },
  { name: 'CR line endings', make: one(COUNTY, (t) => t.replace(/\n/g, '\r')) },
  { name: 'no line feed at the end', make: one(COUNTY, (t) => t.replace(/\n$/, '')) },
  { name: 'a UTF-8 BOM', make: (f) => new Map([[COUNTY, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(f.text.get(COUNTY)!)])]]) },
  { name: 'UTF-16LE with a BOM', make: (f) => new Map([[COUNTY, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(f.text.get(COUNTY)!, 'utf16le')])]]) },
  { name: 'GB18030-encoded bytes', make: (f) => new Map([[COUNTY, gbk(f.text.get(COUNTY)!)]]) },
  { name: 'a byte that is not UTF-8 in an ASCII file', make: (f) => new Map([[COUNTY, Buffer.concat([Buffer.from(f.text.get(COUNTY)!), Buffer.from([0xff])])]]) },
  { name: 'a NUL byte', make: (f) => new Map([[COUNTY, Buffer.concat([Buffer.from(f.text.get(COUNTY)!), Buffer.from([0])])]]) },
  { name: 'edition: 快报', make: one(COUNTY, (t) => swap(t, 'year: 2015\n', 'year: 2015\nedition: 快报\n')) },
  { name: 'edition: 快报 on both years of a region', make: (f) => new Map(['2014/640104.yaml', COUNTY].map((rel) => [rel, swap(f.text.get(rel)!, /year: (\d+)\n/, (m) => `${m}edition: 快报\n`)])) },
  { name: 'script: traditional', make: one(COUNTY, (t) => swap(t, 'year: 2015\n', 'year: 2015\nscript: traditional\n')) },
  { name: 'an accept entry that matches nothing', make: one(COUNTY, (t) => `${t}accept:\n  - kind: equation\n    path: insured.total\n    reason: 原文如此\n`) },
  {
    name: 'an accept entry that matches a planted error',
    make: one(CITY, (t) => `${editFigure(t, 'insured.employee', (l) => editNumber(l, 'scalar', (n) => plusUnits(n, 37n)))}accept:\n  - kind: equation\n    reason: 原文如此\n`),
  },
  { name: 'an accept: [] list', make: one(COUNTY, (t) => `${t}accept: []\n`) },
  { name: 'an entry with sections', make: one(COUNTY, (t) => `${t}entry:\n  author: 张三\n  sections:\n    - title: 概况\n      text: |\n        {{year}}年，全区基本医疗保险参保人数{{insured.total}}。\n`) },
  { name: 'an entry with an unclosed bracket', make: one(COUNTY, (t) => `${t}entry:\n  sections:\n    - title: 概况\n      text: 全区参保人数{{insured.total}}（含退休人员。\n`) },
  { name: 'an entry with a reference to no figure', make: one(COUNTY, (t) => `${t}entry:\n  sections:\n    - title: 概况\n      text: 全区参保人数{{insured.nothing}}。\n`) },
  { name: 'a summary', make: one(CITY, (t) => `${t}summary:\n  title: 银川市2015年医保工作总结\n  sections:\n    - title: 基金运行\n      text: 基金收入{{fund.basic.income}}。\n`) },
  { name: 'a plan with an overdue task', make: one(CITY, (t) => `${t}plan:\n  title: 实施方案\n  as_of: 2015-12-31\n  tasks:\n    - no: 1\n      title: 扩面\n      due: 2015-06\n`) },
  { name: 'an unknown path insured.foo (nested)', make: fig(COUNTY, 'insured.employee', (l) => `${l}\n    foo: 3`) },
  { name: 'a dotted key insured.foo: 3', make: one(COUNTY, (t) => swap(t, 'figures:\n', 'figures:\n  insured.foo: 3\n')) },
  { name: 'a dotted key of a known path', make: one(COUNTY, (t) => swap(swap(t, /  settlement:\n    cross_province: (.*)\n/, ''), 'figures:\n', `figures:\n  settlement.cross_province: ${valueOf(lineOf(t, 'settlement.cross_province').line)}\n`)) },
  { name: 'an unknown top-level field', make: one(COUNTY, (t) => `${t}foo: 1\n`) },
  { name: 'source left out', make: one(COUNTY, (t) => swap(t, /source: .*\n/, '')) },
  { name: 'figures before region and year', make: one(COUNTY, (t) => { const [head, body] = t.split('figures:\n'); return `figures:\n${body}${head}`; }) },
  { name: 'a leading ---', make: one(COUNTY, (t) => `---\n${t}`) },
  { name: 'a second document after ---', make: one(COUNTY, (t) => `${t}---\nregion: "640105"\n`) },
  { name: 'a bad year 20x3', make: one(COUNTY, (t) => swap(t, 'year: 2015', 'year: 20x3')) },
  { name: 'the document moved to another year', make: one(COUNTY, (t) => swap(t, 'year: 2015', 'year: 2016')) },
  { name: 'a region not in regions.yaml', make: one(COUNTY, (t) => swap(t, 'region: "640104"', 'region: "999999"')) },
  { name: 'region left out', make: one(COUNTY, (t) => swap(t, /region: .*\n/, '')) },
  { name: 'two documents for the same region and year', make: (f) => new Map([['2015/640104-copy.yaml', f.text.get(COUNTY)!]]) },
  { name: 'two documents named after other regions (contents swapped)', make: (f) => new Map([[COUNTY, f.text.get('2015/640105.yaml')!], ['2015/640105.yaml', f.text.get(COUNTY)!]]) },
  { name: 'a document in another folder', make: (f): Edit => new Map([[COUNTY, null], ['misc/xingqing.yaml', f.text.get(COUNTY)!]]) },
  { name: 'a .yml document', make: (f): Edit => new Map([[COUNTY, null], ['2015/640104.yml', f.text.get(COUNTY)!]]) },
  { name: 'a document left out (the parent\'s sums are not checked)', make: () => new Map([[COUNTY, null]]) },
  { name: 'a figure left out (the parent\'s sum of it is not checked)', make: one(COUNTY, (t) => swap(t, /  settlement:\n    cross_province: .*\n/, '')) },
  { name: 'an empty document', make: () => new Map([['2015/empty.yaml', '']]) },
  { name: 'a document with figures only', make: () => new Map([['2015/only.yaml', 'figures:\n']]) },
  { name: 'a file that is not YAML (not read)', make: () => new Map([['2015/notes.txt', 'region: "640104"\nyear: 2015\n']]) },
  { name: 'a figure {value: 1, after: 2}', make: fig(COUNTY, 'population.resident', (l) => l.replace(/: .*$/, ': {value: 1, after: 2}')) },
  { name: 'a figure with only before:', make: fig(COUNTY, 'population.resident', (l) => l.replace(/: .*$/, ': {before: 1}')) },
  { name: 'a figure map with value only', make: fig(COUNTY, 'population.resident', (l) => l.replace(/: (.*)$/, ': {value: $1}')) },
  { name: 'a figure map on lines of its own', make: fig(COUNTY, 'insured.total', (l) => l.replace(/: \{value: (.*), growth: (.*)\}$/, ':\n      value: $1\n      growth: $2')) },
  { name: 'a flow map with extra spaces', make: fig(COUNTY, 'insured.total', (l) => l.replace('{', '{ ').replace('}', ' }').replace(', ', ' , ')) },
  { name: 'a flow map without spaces after the colons', make: fig(COUNTY, 'insured.total', (l) => l.replace(/(value|growth): /g, '$1:')) },
  { name: 'deeper indentation (4 spaces a level)', make: one(COUNTY, (t) => t.replace(/^( +)/gm, (s) => s + s)) },
  { name: 'mixed indentation (3 spaces under fund)', make: one(COUNTY, (t) => swap(t, /  fund:\n([\s\S]*?)\n  visits:/, (m) => m.replace(/\n {4}/g, '\n     '))) },
  { name: 'a negative population', make: value(COUNTY, 'population.resident', (n) => `-${n}`) },
  { name: 'a negative increase', make: num(COUNTY, 'visits.outpatient', 'increase', (n) => (n.startsWith('-') ? n.slice(1) : `-${n}`)) },
  { name: 'a figure 0', make: value(COUNTY, 'drugs.savings', () => '0') },
  { name: 'a figure 0.00', make: value(COUNTY, 'drugs.savings', () => '0.00') },
  { name: '-0 replacing a count', make: value(COUNTY, 'institutions.hospitals', () => '-0') },
  {
    name: '-0 for a count of 0, the same number',
    make: (f): Edit => {
      const rel = f.docs.find((d) => lineOf(f.text.get(d)!, 'payment.institutions').line.endsWith(': 0'))!;
      return new Map([[rel, editFigure(f.text.get(rel)!, 'payment.institutions', (l) => l.replace(/: 0$/, ': -0'))]]);
    },
  },
  { name: '-0.00 for a 万人 figure', make: value(COUNTY, 'settlement.cross_province', () => '-0.00') },
  { name: 'a count 0.0', make: value(COUNTY, 'institutions.hospitals', () => '0.0') },
  { name: '20 digits', make: value(COUNTY, 'institutions.hospitals', () => '12345678901234567890') },
  { name: '20 digits with decimals', make: value(COUNTY, 'population.resident', () => '1234567890.1234567890') },
  { name: 'leading zeros to 20 digits, the same number', make: value(COUNTY, 'institutions.hospitals', (n) => n.padStart(20, '0')) },
  { name: 'trailing zeros to 20 decimals, the same number', make: value(COUNTY, 'population.resident', (n) => n.padEnd(n.indexOf('.') + 21, '0')) },
  { name: '1e5', make: value(COUNTY, 'institutions.hospitals', () => '1e5') },
  { name: 'the same number in e-notation', make: value(COUNTY, 'population.resident', (n) => `${n.replace('.', '')}e-${n.length - n.indexOf('.') - 1}`) },
  { name: '.5', make: value(COUNTY, 'settlement.cross_province', () => '.5') },
  { name: '5. (a point and no decimals)', make: value(COUNTY, 'settlement.cross_province', () => '5.') },
  { name: '+3', make: value(COUNTY, 'institutions.hospitals', () => '+3') },
  { name: '+ on the same number', make: value(COUNTY, 'institutions.hospitals', (n) => `+${n}`) },
  { name: 'a thousands separator', make: value(COUNTY, 'assistance.beneficiaries', (n) => n.replace(/(\d)(\d{3})$/, '$1,$2')) },
  { name: 'a percent figure written as a fraction', make: num(COUNTY, 'insured.coverage', 'value', (n) => (Number(n) / 100).toFixed(4)) },
  { name: 'a Source given as text, not bytes', make: () => new Map(), post: (sources, f) => sources.map((s) => (s.rel === COUNTY ? { rel: s.rel, file: s.file, text: f.text.get(COUNTY)! } : s)) },
  { name: 'a Source given as text with a BOM', make: () => new Map(), post: (sources, f) => sources.map((s) => (s.rel === COUNTY ? { rel: s.rel, file: s.file, text: `\ufeff${f.text.get(COUNTY)!}` } : s)) },
  { name: 'a Source without a display path', make: () => new Map(), post: (sources) => sources.map((s) => (s.rel === COUNTY ? { rel: s.rel, bytes: s.bytes! } : s)) },
  // the catalogue and the region tree, which a fast lane must read, not assume
  { name: 'indicators.yaml: a rule left out', make: one('indicators.yaml', (t) => swap(t, /  - drugs\.savings <= .*\n/, '')) },
  { name: 'indicators.yaml: a rule every document breaks', make: one('indicators.yaml', (t) => `${t}  - population.resident <= 1\n`) },
  { name: 'indicators.yaml: a tighter max', make: one('indicators.yaml', (t) => swap(t, 'max: 60', 'max: 5')) },
  { name: 'indicators.yaml: aggregate: sum left out of one indicator', make: one('indicators.yaml', (t) => swap(t, /(settlement\.cross_province: \{[^}]*), aggregate: sum/, '$1')) },
  { name: 'indicators.yaml: a 万元 catalogue unit becomes 元', make: one('indicators.yaml', (t) => t.replace(/(fund\.assistance\.\w+: \{[^}]*unit: )万元/g, '$1元')) },
  { name: 'indicators.yaml: exact: true on a rounded figure', make: one('indicators.yaml', (t) => swap(t, /(population\.resident: \{label: 常住人口, unit: 万人)/, '$1, exact: true')) },
  { name: 'indicators.yaml: a comment', make: one('indicators.yaml', (t) => swap(t, 'indicators:\n', 'indicators:\n  # 指标\n')) },
  { name: 'indicators.yaml: the warning rule made an error', make: one('indicators.yaml', (t) => swap(t, /(check: fund\.\*\.balance = [^\n]*\n)    severity: warning\n/, '$1')) },
  { name: 'indicators.yaml left out', make: () => new Map([['indicators.yaml', null]]) },
  {
    name: 'regions.yaml: a child with no documents (its parent\'s sums are not checked)',
    make: one('regions.yaml', (t) => swap(t, /^( +)name: 灵武市\n/m, (m, ind: string) => `${m}${ind.slice(2)}- code: "640199"\n${ind}name: 测试区\n`)),
  },
  { name: 'regions.yaml: short names', make: one('regions.yaml', (t) => swap(t, /^( +)name: 兴庆区$/m, '$1name: 兴庆区\n$1short: 全区')) },
  { name: 'regions.yaml: codes unquoted', make: one('regions.yaml', (t) => t.replace(/code: "(\d+)"/g, 'code: $1')) },
  { name: 'regions.yaml left out', make: () => new Map([['regions.yaml', null]]) },
];

describe('(c) documents of other shapes: the fast lane declines or gives the full check\'s report', () => {
  it.each(VARIANTS.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const f = SMALL[0]!;
    const edits = v.make(f);
    // every variant changes the folder it says it changes
    expect(edits.size > 0 || v.post !== undefined, v.name).toBe(true);
    for (const [rel, e] of edits) {
      const before = f.text.get(rel);
      if (e !== null && before !== undefined) expect(Buffer.from(e).equals(Buffer.from(before)), `${v.name}: ${rel} unchanged`).toBe(false);
    }
    const sources = v.post ? v.post(changed(f, edits), f) : changed(f, edits);
    agree(sources, undefined, v.name);
  });

  it('a Source that could not be read, or a folder named .yaml', () => {
    const f = SMALL[0]!;
    for (const extra of [
      { rel: '2015/640104.yaml', file: join(f.dir, '2015/640104.yaml'), problem: { reason: 'unreadable', code: 'EACCES' } },
      { rel: '2015/big.yaml', file: join(f.dir, '2015/big.yaml'), problem: { reason: 'too-large', bytes: 6 << 20 } },
      { rel: '2015/old.yaml', file: join(f.dir, '2015/old.yaml'), problem: { reason: 'directory' } },
    ] satisfies Source[]) {
      const sources = [...f.sources.filter((s) => s.rel !== extra.rel), extra];
      const { slow } = agree(sources, undefined, `a Source with problem ${extra.problem.reason}`);
      expect(slow.findings.length).toBeGreaterThan(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// (d) The repository's own folders

/** Every folder under `dir` (itself included) that holds a regions.yaml. */
function dataFolders(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const names = readdirSync(d);
    if (names.includes('regions.yaml')) out.push(d);
    for (const n of names.sort()) if (!n.startsWith('.') && statSync(join(d, n)).isDirectory()) walk(join(d, n));
  };
  walk(dir);
  return out;
}

describe('(d) the fixture folders and data/', () => {
  const folders = [...dataFolders(join(ROOT, 'tests', 'fixtures')), join(ROOT, 'data')];
  it('finds the folders', () => {
    expect(folders.length).toBeGreaterThanOrEqual(6);
  });
  it.each(folders.map((d) => [relative(ROOT, d)]))('%s: declined, or the full check\'s report', (rel) => {
    const dir = join(ROOT, rel);
    const sources = readFolder(dir);
    agree(sources, undefined, rel);
    agree(sources, { dir }, `${rel} with dir`);
  });
});

// ---------------------------------------------------------------------------------------------
// (e) owned: the share of one thread of a parallel check

describe('(e) owned files', () => {
  it('the national folder split in two by region subtree: each share declined, or its report', () => {
    const firstHalf = (rel: string): boolean => rel === 'regions.yaml' || rel === 'indicators.yaml' || codeOf(rel) === '100000' || codeOf(rel) < '400000';
    const a = new Set(NATIONAL.sources.map((s) => s.rel).filter(firstHalf));
    const b = new Set(NATIONAL.sources.map((s) => s.rel).filter((r) => !firstHalf(r)));
    const ra = agree(NATIONAL.sources, { owned: a, dir: NATIONAL.dir }, 'national, first half owned');
    const rb = agree(NATIONAL.sources, { owned: b, dir: NATIONAL.dir }, 'national, second half owned');
    expect(ra.slow.summary.documents + rb.slow.summary.documents).toBe(6680);
    expect(ra.slow.summary.documents).toBeGreaterThan(1000);
    expect(rb.slow.summary.documents).toBeGreaterThan(1000);
  }, 120_000);

  it('small folders with random shares, none and all owned: declined, or the full check\'s report', () => {
    SMALL.forEach((f, i) => {
      const r = rng(3000 + i);
      const rels = f.sources.map((s) => s.rel);
      const shares: [string, Set<string>][] = [
        ['none owned', new Set()],
        ['all owned', new Set(rels)],
        ['documents only', new Set(f.docs)],
      ];
      for (let k = 0; k < 4; k++) shares.push([`random share ${k}`, new Set(rels.filter(() => r.next() < 0.5))]);
      // by subtree: each city with its counties
      for (const city of f.children.get([...f.parent].find(([, p]) => p === null)![0])!) {
        const sub = new Set<string>([city, ...f.children.get(city)!]);
        shares.push([`subtree ${city}`, new Set(rels.filter((rel) => sub.has(codeOf(rel))))]);
      }
      for (const [name, owned] of shares) agree(f.sources, { owned }, `${f.name} ${name}`);
    });
  }, 60_000);

  it('a planted error: declined when the share owns a file the error shows in, else its report', () => {
    let caught = 0;
    SMALL.forEach((f, i) => {
      const r = rng(4000 + i);
      for (const p of plants(f, 5000 + i, 1)) {
        const sources = changed(f, p.edits);
        const rels = sources.map((s) => s.rel);
        const whole = checkSources(sources).report;
        expect(whole.findings.length, p.label).toBeGreaterThan(0);
        for (let k = 0; k < 3; k++) {
          const owned = new Set(rels.filter(() => r.next() < 0.4));
          const o = agree(sources, { owned }, `${p.label}, random share ${k}`);
          if (o.slow.findings.length > 0) caught++;
        }
      }
    });
    // some shares own a file an error shows in (the fast lane had to decline them)
    expect(caught).toBeGreaterThan(5);
  }, 60_000);
});

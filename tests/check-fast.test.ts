// `yearbook check` with the fast lane (core/fast, app/check-fast.ts; the default) and without it
// (YEARBOOK_FAST=0) prints the same report byte for byte, on one thread and on two: on a clean
// generated folder (which the fast lane certifies) and on one with a planted error (which it
// declines, the full check then reporting it).
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderEntry, listFolder } from '../src/io/folder.js';
import { certifyEntries, checkEntries } from '../src/app/check-fast.js';
import { certifySources } from '../src/core/fast/certify.js';
import { checkSources } from '../src/core/check.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'yearbook.js');

function check(dir: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'check', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the fast lane of yearbook check', () => {
  let clean = '';
  let broken = '';
  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'yb-fast-'));
    clean = join(base, 'clean');
    broken = join(base, 'broken');
    const g = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-national.mjs'), clean, '--years', '2', '--seed', '11'], { encoding: 'utf8' });
    expect(g.status).toBe(0);
    cpSync(clean, broken, { recursive: true });
    // one county's employee figure off by far more than its slack: insured.total = employee + resident fails
    const f = join(broken, '2015', '110101.yaml');
    const text = readFileSync(f, 'utf8');
    const changed = text.replace(/^(\s+employee: )(\d+)/m, (_, a: string, d: string) => `${a}${Number(d) + 37}`);
    expect(changed).not.toBe(text);
    writeFileSync(f, changed);
    return () => rmSync(base, { recursive: true, force: true });
  }, 120_000);

  it('certifies the clean folder in the app layer (no full check needed), and declines the broken one', async () => {
    const entries = listFolder(clean);
    const fast = certifyEntries(entries, { dir: clean });
    expect(fast).not.toBeNull();
    expect(certifyEntries(listFolder(broken), { dir: broken })).toBeNull();
    const full = await checkEntries(entries, { dir: clean, fast: false });
    expect(fast!.report).toEqual(full.report);
    expect(full.report.findings).toEqual([]);
    expect(full.report.summary.documents).toBe(6680);
    expect(full.report.summary.checks).toBeGreaterThan(100_000);
    expect(fast!.regionOf('2015/110101.yaml')).toBe('110101');
  }, 120_000);

  it('certifies whole-line comments (as import-text writes a header), and declines a comment after a value', async () => {
    const base = mkdtempSync(join(tmpdir(), 'yb-fast-comments-'));
    try {
      const dir = join(base, 'data');
      cpSync(clean, dir, { recursive: true });
      const f = join(dir, '2015', '110101.yaml');
      const text = readFileSync(f, 'utf8');
      writeFileSync(f, '# 由 yearbook import-text 从 通知.docx 生成：请对照原文校对。\n' + text.replace(/^(figures:\n)/m, '$1  # 人数为年末数\n'));
      const entries = listFolder(dir);
      const fast = certifyEntries(entries, { dir });
      expect(fast).not.toBeNull();
      expect(fast!.report).toEqual((await checkEntries(entries, { dir, fast: false })).report);
      writeFileSync(f, text.replace(/^(\s+employee: \d+\.?\d*)$/m, '$1 # 含灵活就业'));
      expect(readFileSync(f, 'utf8')).toContain('# 含灵活就业');
      expect(certifyEntries(listFolder(dir), { dir })).toBeNull();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);

  it('reads editions (快报 and 年报 of one year are never compared), with the full check\'s report', async () => {
    const base = mkdtempSync(join(tmpdir(), 'yb-fast-editions-'));
    try {
      const dir = join(base, 'data');
      cpSync(clean, dir, { recursive: true });
      // every document the 年报; one county's 2015 also as a 快报 with other (and wrong) figures
      for (const e of listFolder(dir)) {
        if (!/^\d{4}\//.test(e.rel)) continue;
        writeFileSync(e.abs, readFileSync(e.abs, 'utf8').replace(/^(year: \d+\n)/m, '$1edition: 年报\n'));
      }
      const annual = readFileSync(join(dir, '2015', '110101.yaml'), 'utf8');
      const flash = annual.replace('edition: 年报', 'edition: 快报').replace(/^(\s+employee: )(\d+)/m, (_, a: string, d: string) => `${a}${Number(d) + 37}`);
      writeFileSync(join(dir, '2015', '110101-kb.yaml'), flash);
      const entries = listFolder(dir);
      const full = (await checkEntries(entries, { dir, fast: false })).report;
      expect((await checkEntries(entries, { dir })).report).toEqual(full);
      // the 快报's own sums fail; the 年报 is not compared with it, and its sub-regions' sums still hold
      expect(full.findings.map((f) => [f.file.replace(/^.*data\//, ''), f.kind])).toEqual(full.findings.map(() => ['2015/110101-kb.yaml', 'equation']));
      expect(full.findings.length).toBeGreaterThan(0);
      // without the 快报, the fast lane proves the whole folder (editions and all)
      rmSync(join(dir, '2015', '110101-kb.yaml'));
      const clean2 = certifyEntries(listFolder(dir), { dir });
      expect(clean2).not.toBeNull();
      expect(clean2!.report).toEqual((await checkEntries(listFolder(dir), { dir, fast: false })).report);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 180_000);

  it('leaves a folder it cannot list to the full check, which reports it', async () => {
    // (a folder made unreadable would not be so to root, who runs CI here: the entry is made as the walk makes it)
    const entries = [...listFolder(clean), folderEntry(clean, '2016', { reason: 'unlistable', code: 'EACCES' })];
    const full = (await checkEntries(entries, { dir: clean, fast: false })).report;
    expect(full.findings.map((f) => f.kind)).toEqual(['yaml']);
    expect((await checkEntries(entries, { dir: clean })).report).toEqual(full);
    expect(certifyEntries(entries, { dir: clean })).toBeNull();
  }, 120_000);

  it('prints the same report with and without the fast lane, on one thread and on two', () => {
    for (const dir of [clean, broken]) {
      const full = check(dir, { YEARBOOK_FAST: '0', YEARBOOK_THREADS: '1' });
      expect(full.stderr).toBe('');
      for (const threads of ['1', '2']) {
        const fast = check(dir, { YEARBOOK_THREADS: threads });
        expect(fast.status).toBe(full.status);
        expect(fast.stdout).toBe(full.stdout);
      }
    }
    const report = JSON.parse(check(broken, {}).stdout) as { summary: { errors: number }; findings: { file: string; line: number; kind: string }[] };
    expect(report.summary.errors).toBeGreaterThan(0);
    const planted = report.findings.find((x) => x.file.endsWith('2015/110101.yaml'));
    expect(planted?.kind).toBe('equation');
    expect(planted?.line).toBeGreaterThan(4);
  }, 300_000);
});

describe('the fast lane on a large document', () => {
  it('reads a document of 150 figures, each with a stated growth (past its first arrays), as the full check does', () => {
    const n = 150;
    const indicators = 'indicators:\n' + Array.from({ length: n }, (_, i) => `  g.f${i}: {label: 指标${i}, unit: 万人}\n`).join('');
    const regions = 'regions:\n  - code: "150000"\n    name: 内蒙古自治区\n';
    const doc = (year: number, v: (i: number) => string): string => `region: "150000"\nyear: ${year}\nfigures:\n  g:\n` + Array.from({ length: n }, (_, i) => `    f${i}: ${v(i)}\n`).join('');
    const bytes = (t: string): Uint8Array => Buffer.from(t);
    const sources = [
      { rel: 'regions.yaml', bytes: bytes(regions) },
      { rel: 'indicators.yaml', bytes: bytes(indicators) },
      { rel: '2021/150000.yaml', bytes: bytes(doc(2021, (i) => `${100 + i}.0`)) },
      { rel: '2022/150000.yaml', bytes: bytes(doc(2022, (i) => `{value: ${110 + i}.0, growth: ${((10 / (100 + i)) * 100).toFixed(1)}%}`)) },
    ];
    const full = checkSources(sources).report;
    expect(full.findings).toEqual([]);
    expect(full.summary.checks).toBe(n);
    expect(certifySources(sources)).toEqual(full);
    // one growth wrong: the full check finds it, and the fast lane does not certify
    sources[3] = { rel: '2022/150000.yaml', bytes: bytes(doc(2022, (i) => `{value: ${110 + i}.0, growth: ${i === 140 ? '3.0' : ((10 / (100 + i)) * 100).toFixed(1)}%}`)) };
    expect(checkSources(sources).report.findings.map((f) => f.path)).toEqual(['g.f140']);
    expect(certifySources(sources)).toBeNull();
  });
});

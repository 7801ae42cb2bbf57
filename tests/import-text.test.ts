import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { importText, loadReference, toSimplifiedClean, buildSkeleton, detectKind, checkText, type Reference } from '../src/import-text/index.js';
import { run } from '../src/cli/import-text-command.js';
import type { Io } from '../src/cli/io.js';

function memIo(): Io & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', colorOut: false, env: {}, out: (s: string) => void (io.stdout += s), err: (s: string) => void (io.stderr += s) };
  return io;
}

const seedFile = (n: string): string => {
  const dir = 'tests/fixtures/seeds';
  const f = ['000_72ad55d0602a6819.txt', '004_ab351eeec80ae650.txt'].find((x) => x.startsWith(n))!;
  return join(dir, f);
};

let ref: Reference;
let tmp: string;
beforeAll(() => {
  ref = loadReference('data');
  tmp = mkdtempSync(join(tmpdir(), 'import-text-test-'));
  for (const f of ['regions.yaml', 'indicators.yaml']) copyFileSync(join('data', f), join(tmp, f));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('conversion', () => {
  it('converts traditional characters and removes pinyin debris', () => {
    expect(toSimplifiedClean('騰沖市醫(yī)療保障局發(fā)布')).toBe('腾冲市医疗保障局发布');
    expect(toSimplifiedClean('機(jī)構(gòu)')).toBe('机构');
  });
});

describe('structure', () => {
  it('nests numbered headings and puts the text before the first heading into intro', () => {
    const text = ['现将工作总结如下:', '一、基金运行情况', '(一)抓实参保登记,确保应保尽保。', '按照征缴模式开展工作。', '1、确保基金平稳运行。一是职工医保。', '(1)小项', '小项正文。', '（二）抓实待遇保障', '正文二。', '二、存在的问题', '一是参保难。'].join('\n');
    const sk = buildSkeleton(text, 'summary');
    expect(sk.intro).toBe('现将工作总结如下:');
    expect(sk.sections.map((s) => s.title)).toEqual(['基金运行情况', '存在的问题']);
    const first = sk.sections[0]!;
    expect(first.sections.map((s) => s.title)).toEqual(['抓实参保登记,确保应保尽保', '抓实待遇保障']);
    expect(first.sections[0]!.text).toBe('按照征缴模式开展工作。');
    const l3 = first.sections[0]!.sections[0]!;
    expect(l3).toMatchObject({ title: '确保基金平稳运行', text: '一是职工医保。' });
    expect(l3.sections[0]).toMatchObject({ title: '小项', text: '小项正文。' });
    expect(first.sections[1]!.text).toBe('正文二。');
    expect(sk.sections[1]!.text).toBe('一是参保难。');
  });

  it('reads 【】 titles as entry sections with the author credit, dropping a repeated copy', () => {
    const text = '2023卷\n【概况】 全年工作顺利。\n【监管】 检查有力。 (刘雪峰\n【概况】 全年工作顺利。\n【监管】 检查有力。 (刘雪峰)';
    expect(detectKind(text)).toBe('entry');
    const sk = buildSkeleton(text, 'entry');
    expect(sk.author).toBe('刘雪峰');
    expect(sk.sections).toEqual([
      { title: '概况', text: '全年工作顺利。', sections: [] },
      { title: '监管', text: '检查有力。', sections: [] },
    ]);
  });
});

describe('figures', () => {
  it('recognises figures in a sentence of seed 004 and refers to them with {{path}}', () => {
    const text = '【概况】 2022年,全区基本医疗保险参保人数2169.94万人,其中职工医疗保险参保586.83万人,居民医疗保险参保1583.11万人。基本医疗保险基金总收入511.17亿元。全区基本医保参保率稳定在95%以上。\n【其他】 无。';
    const r = importText(text, ref, { region: '150000', year: 2022 });
    const doc = parse(r.yaml);
    expect(doc.figures.insured).toEqual({ total: 2169.94, employee: 586.83, resident: 1583.11, coverage: '95%以上' });
    expect(doc.figures.fund.basic.income).toBe(511.17);
    expect(doc.entry.sections[0].text).toBe(
      // the half-width commas of the web copy made full-width (GB/T 15834), as `yearbook fix` would
      '2022年，全区基本医疗保险参保人数{{insured.total}}，其中职工医疗保险参保{{insured.employee}}，居民医疗保险参保{{insured.resident}}。基本医疗保险基金总收入{{fund.basic.income}}。全区基本医保参保率稳定在{{insured.coverage}}。\n',
    );
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.findings.filter((f) => f.kind === 'text')).toEqual([]);
  });

  it('writes the unit when it differs from the catalogue and reads 由A下降至B,降幅C% as before/after', () => {
    const text = '一、监管\n全区检查医药机构2.22万家。\n二、改革\n改革前后对比,患者平均住院天数由7.53天下降至6.99天,降幅7.17%。';
    const r = importText(text, ref, { region: '150500', year: 2023 });
    const doc = parse(r.yaml);
    expect(doc.figures.reform.stay_days).toEqual({ before: 7.53, after: 6.99, growth: '-7.17%' });
    expect(doc.summary.sections[1].text).toContain('由{{reform.stay_days.before}}下降至{{reform.stay_days.after}}，降幅{{abs reform.stay_days.growth}}');
  });

  it('leaves numbers that break a rule, or that have two values, as text', () => {
    const text = '一、基金\n基本医疗保险基金总支出369.07亿元。其中,职工医疗保险基金总支出238.02亿元;居民医疗保险基金总支出131.27亿元。追回医保基金2.15亿元,追回医保基金426.64万元。';
    const r = importText(text, ref, { region: '150000', year: 2022 });
    expect(r.figures.has('fund.basic.expenditure')).toBe(false);
    expect(r.figures.has('supervision.recovered')).toBe(false);
    expect(r.figures.get('fund.employee.expenditure')).toEqual({ value: '238.02' });
    expect(r.yaml).toContain('总支出369.07亿元');
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('the result for seed 000 checks clean', () => {
    const r = importText(readFileSync(seedFile('000'), 'utf8'), ref, { region: '150500', year: 2023 });
    expect(r.kind).toBe('summary');
    expect(r.figures.size).toBeGreaterThanOrEqual(30);
    expect(r.figures.get('insured.total')).toEqual({ value: '265.87' });
    expect(r.figures.get('fund.assistance.balance')).toEqual({ value: '0.69' });
    const findings = checkText(ref, r.yaml, { region: '150500', year: 2023 });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(parse(r.yaml).summary.sections).toHaveLength(6);
  });

  it('seed 004 becomes a clean entry with its author', () => {
    const r = importText(readFileSync(seedFile('004'), 'utf8'), ref, { region: '150000', year: 2022 });
    const doc = parse(r.yaml);
    expect(r.kind).toBe('entry');
    expect(doc.entry.author).toBe('刘雪峰');
    expect(doc.entry.sections).toHaveLength(4);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('command line', () => {
  it('writes DIR/YEAR/CODE.yaml; into an existing document it merges, losing nothing, and reports conflicts', async () => {
    const io = memIo();
    expect(await run([seedFile('000'), '--region', '150500', '--year', '2023', '--into', tmp], io)).toBe(0);
    const out = join(tmp, '2023', '150500.yaml');
    expect(existsSync(out)).toBe(true);
    // the file names the text it came from in a comment, never as `source` (the volume, printed as the running head)
    expect(readFileSync(out, 'utf8')).not.toMatch(/^source:/m);

    // what init and a spreadsheet import leave, plus an entry written by hand
    const mine = [
      '# yaml-language-server: $schema=../.vscode/yearbook.schema.json',
      'region: "150500"',
      'year: 2023',
      'figures:',
      '  insured:',
      '    total: 265.87   # from the sheet',
      '    employee: 43.40',
      'entry:',
      '  sections:',
      '    - title: 概况',
      '      text: "全市参保{{insured.total}}。"',
      '',
    ].join('\n');
    writeFileSync(out, mine);
    const io2 = memIo();
    expect(await run([seedFile('000'), '--region', '150500', '--year', '2023', '--into', tmp], io2)).toBe(1);
    const merged = readFileSync(out, 'utf8');
    // everything that was there is still there, byte for byte, in order
    const lines = merged.split('\n');
    let at = 0;
    for (const l of mine.split('\n').filter(Boolean)) {
      at = lines.indexOf(l, at);
      expect(at, l).toBeGreaterThanOrEqual(0);
    }
    expect(merged).toContain('# from the sheet');
    // the figures the document lacked and the summary went in; the conflicting one is reported and kept
    expect(merged).toContain('resident: 222.52');
    expect(merged).toMatch(/^summary:/m);
    expect(io2.stderr).toMatch(/冲突 insured\.employee：文件中为 43\.40万人，导入的文字为 43\.35万人/);
    const doc = parse(merged);
    expect(merged).toContain('    employee: 43.40\n');
    expect(doc.entry.sections[0].text).toBe('全市参保{{insured.total}}。');
    // the imported text prints the conflicting number as written, not the document's
    expect(JSON.stringify(doc.summary)).toContain('43.35');
    expect(JSON.stringify(doc.summary)).not.toContain('{{insured.employee}}');
    expect(JSON.stringify(doc.summary)).toContain('{{insured.resident}}');

    // --force replaces the whole file with the import, as it says
    expect(await run([seedFile('000'), '--region', '150500', '--year', '2023', '--into', tmp, '--force'], memIo())).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toContain('entry:');
  });

  it('refuses to merge into a document it cannot read, and leaves it untouched', async () => {
    const out = join(tmp, '2023', '150500.yaml');
    const broken = 'region: "150500"\nyear: 2023\nfigures:\n  insured: {total: 1\n';
    writeFileSync(out, broken);
    const io = memIo();
    expect(await run([seedFile('000'), '--region', '150500', '--year', '2023', '--into', tmp], io)).toBe(1);
    expect(io.stderr).toContain('无法读取为文档');
    expect(readFileSync(out, 'utf8')).toBe(broken);
  });

  it('prints to standard output with --out -', async () => {
    const io = memIo();
    mkdirSync(join(tmp, 'x'), { recursive: true });
    expect(await run([seedFile('004'), '--region', '150000', '--year', '2022', '--into', tmp, '--out', '-'], io)).toBe(0);
    expect(io.stdout).toContain('entry:');
    expect(io.stdout).toContain('region: "150000"');
  });

  it('shows Chinese help with an example, and exits 2 on bad options', async () => {
    const io = memIo();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.stdout).toContain('用法');
    expect(io.stdout).toContain('示例');
    for (const args of [
      ['--bogus'],
      [seedFile('000'), '--year', '2023'],
      [seedFile('000'), '--region', '150500', '--year', 'abc'],
      [seedFile('000'), '--region', '150500', '--year', '2023', '--kind', 'poem'],
      [seedFile('000'), '--region', '999999', '--year', '2023', '--into', tmp],
      ['missing.txt', '--region', '150500', '--year', '2023', '--into', tmp],
      [seedFile('000'), '--region', '150500', '--year', '2023', '--into', join(tmp, 'nope')],
    ]) {
      const e = memIo();
      expect(await run(args, e), args.join(' ')).toBe(2);
      expect(e.stderr).toContain('yearbook import-text');
    }
  });
});

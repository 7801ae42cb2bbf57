/**
 * Issue #10, the statistical tables as data (render/stat-tables.ts): rows and cells as written, the
 * defaults of FORMAT.md §8b, declared tables, status marks (§8c), accepted inconsistencies and draft
 * findings noted, wide tables cut into column groups; and the catalogue's `tables:` read with findings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyseFolder } from '../src/app/check.js';
import { render } from '../src/core/findings/messages.js';
import { statTables } from '../src/render/stat-tables.js';
import { removeFolder, writeFolder } from './helpers.js';
import { statFolder } from './stat-fixture.js';

const CATALOGUE = readFileSync('data/indicators.yaml', 'utf8');
let dir = '';
afterEach(() => removeFolder(dir));

function load(files: Record<string, string>) {
  dir = writeFolder(files);
  const { data, report } = analyseFolder(dir);
  const doc = data.docs.find((d) => d.regionCode === '150000' && d.year === 2022)!;
  return { data, report, doc, findings: report.findings.map((f) => ({ kind: f.kind, line: f.line, text: render(f.message, 'zh') })) };
}

const cellText = (c: { int: string; frac: string; mark: string | null }): string => c.int + c.frac + (c.mark ?? '');

describe('分地区 tables of the example data', () => {
  it('the default tables: the 全区 row first (合计, labelled by short), then the 12 盟市 in region-tree order, figures as written', () => {
    dir = '';
    const { data } = analyseFolder('data');
    const doc = data.docs.find((d) => d.regionCode === '150000' && d.year === 2022)!;
    const tables = statTables(data, doc, { firstNo: 1, chapter: '医疗保障' });
    const insured = tables.find((t) => t.columns[0]!.path === 'insured.total')!;
    expect(insured.title).toBe('2022年各盟市基本医疗保险参保人数');
    expect(insured.unit).toBe('万人');
    expect(insured.rows.map((r) => r.label)).toEqual(['全区', ...data.regions.byCode.get('150000')!.children.map((c) => data.regions.byCode.get(c)!.name)]);
    expect(insured.rows[0]!.total).toBe(true);
    expect(insured.rows[0]!.cells.map(cellText)).toEqual(['2169.94', '586.83', '1583.11']);
    // each city's cell is what its file says, character for character
    for (const row of insured.rows.slice(1)) {
      const text = readFileSync(`data/2022/${row.region}.yaml`, 'utf8');
      expect(text).toContain(`total: ${cellText(row.cells[0]!)}`);
    }
    // numbered on; the fund tables titled by what their figures share, heads without it
    expect(tables.map((t) => t.n)).toEqual(tables.map((_, i) => i + 1));
    const employee = tables.find((t) => t.columns[0]!.path === 'fund.employee.income')!;
    expect(employee.title).toBe('2022年各盟市职工基本医疗保险基金收支情况');
    expect(employee.columns.map((c) => c.head)).toEqual(['总收入', '总支出', '累计结存']);
  });

  it('a figure missing prints —, an accepted inconsistency of the region is noted under the table', () => {
    const { data } = analyseFolder('data');
    const doc = data.docs.find((d) => d.regionCode === '150000' && d.year === 2022)!;
    const basic = statTables(data, doc, { firstNo: 1 }).find((t) => t.columns.some((c) => c.path === 'fund.basic.expenditure'))!;
    const k = basic.columns.findIndex((c) => c.path === 'fund.basic.expenditure');
    expect(basic.rows[0]!.cells[k]!.int).toBe('369');
    expect(basic.rows[1]!.cells[k]!.int).toBe('—');
    expect(basic.rows[0]!.flag).toBe('①');
    expect(basic.notes).toContain('①全区基本医疗保险基金总支出：原文如此，分项之和为369.29亿元，正确值无从核实');
  });
});

describe('generated folders', () => {
  it('qualifiers and status marks as written, the unit dropped when it is the column’s, the decimal point aligned', () => {
    const f = statFolder(3, CATALOGUE);
    f.files['2022/151001.yaml'] = f.files['2022/151001.yaml']!.replace(/resident: ([\d.]+)/, 'resident: {value: $1, status: p}');
    f.files['2022/151002.yaml'] = f.files['2022/151002.yaml']!.replace(/\n$/, '\n  reimbursement:\n    chronic_two: 50%以上\n');
    const { data, doc, findings } = load(f.files);
    expect(findings.filter((x) => x.kind !== 'text')).toEqual([]);
    const t = statTables(data, doc, { firstNo: 4 });
    expect(t[0]!.n).toBe(4);
    expect(t[0]!.id).toBe('t4');
    const row1 = t[0]!.rows[1]!;
    expect(row1.cells[2]!.mark).toBe('p');
    expect(t[0]!.notes).toContain('数字右上角p为初步数。');
    // .94 and the mark make the widest tail: the column's box has room for both
    expect(t[0]!.columns[2]!.fw).toBeGreaterThanOrEqual(3.8);
  });

  it('a figure with a finding is marked in a draft and the finding is noted', () => {
    const f = statFolder(3, CATALOGUE);
    f.files['2022/151002.yaml'] = f.files['2022/151002.yaml']!.replace(/total: [\d.]+/, 'total: 1.00');
    const { data, doc, report } = load(f.files);
    const t = statTables(data, doc, { firstNo: 1, findings: report.findings })[0]!;
    const flagged = t.rows.flatMap((r) => r.cells.filter((c) => c.flag !== '').map((c) => `${r.label}:${c.int}${c.frac}${c.flag}`));
    // the city's figure and the 全区 total it no longer adds up to
    expect(flagged.some((x) => /^第2市:1\.00[①②]$/.test(x))).toBe(true);
    expect(flagged.some((x) => /^全区:/.test(x))).toBe(true);
    expect(t.notes.some((n) => n.startsWith('①'))).toBe(true);
    // without findings (a clean build) nothing is marked
    expect(statTables(data, doc, { firstNo: 1 })[0]!.rows.every((r) => r.cells.every((c) => c.flag === ''))).toBe(true);
  });

  it('declared tables: children with the columns asked for, years oldest first; too many columns cut into groups with the labels repeated', () => {
    const f = statFolder(2, CATALOGUE, `
tables:
  - id: insured-by-region
    title: 各市参保人数
    rows: children
    columns: [insured.total, insured.employee, insured.resident]
    note: 资料来源：各市医疗保障局
  - id: insured-by-year
    title: 全区参保人数（2021—2022年）
    rows: years
    columns: [insured.total, insured.resident]
`);
    f.files['2021/150000.yaml'] = 'region: "150000"\nyear: 2021\nfigures:\n  insured: {total: 2100.00, employee: 580.00, resident: 1520.00}\n';
    const { data, doc, findings } = load(f.files);
    expect(findings.filter((x) => x.kind === 'schema')).toEqual([]);
    const [byRegion, byYear] = statTables(data, doc, { firstNo: 1 });
    expect(byRegion!.title).toBe('各市参保人数');
    expect(byRegion!.notes).toEqual(['资料来源：各市医疗保障局']);
    expect(byYear!.rows.map((r) => r.label)).toEqual(['2021年', '2022年']);
    expect(byYear!.rows.map((r) => cellText(r.cells[0]!))).toEqual(['2100.00', f.parent.total]);
    expect(byYear!.stub).toBe('年份');
    // two columns a group: 3 columns → groups t1 and t1-2, each with every row
    const cut = statTables(data, doc, { firstNo: 1, maxColumns: 2 })[0]!;
    expect(cut.pieces.map((p) => [p.tid, p.continued, p.columns.length, p.rows.length])).toEqual([
      ['t1', false, 2, 3],
      ['t1-2', true, 1, 3],
    ]);
    // a break the print found splits the rows of that group
    const split = statTables(data, doc, { firstNo: 1, breaks: { t1: [2] } })[0]!;
    expect(split.pieces.map((p) => p.rows.map((r) => r.i))).toEqual([[0, 1], [2]]);
  });

  it('a bad table declaration is a finding at its line, in Chinese', () => {
    const f = statFolder(2, CATALOGUE, `
tables:
  - id: a
    title: 甲
    rows: cities
    columns: [insured.totl]
  - title: 乙
    columns: [insured.total]
    colour: red
`);
    const { findings } = load(f.files);
    const lines = CATALOGUE.split('\n').length;
    const schema = findings.filter((x) => x.kind === 'schema');
    expect(schema.map((x) => x.line - lines)).toEqual([4, 5, 6, 8]);
    expect(schema.map((x) => x.text).join('\n')).toMatch(/children.*years[\s\S]*insured\.totl[\s\S]*tables\[1\]\.id[\s\S]*colour/);
  });

  it('a figure status other than p, r or e is a finding', () => {
    const f = statFolder(1, CATALOGUE);
    f.files['2022/151001.yaml'] = f.files['2022/151001.yaml']!.replace(/resident: ([\d.]+)/, 'resident: {value: $1, status: x}');
    const { findings } = load(f.files);
    expect(findings.filter((x) => x.kind === 'schema').map((x) => [x.line, x.text])).toEqual([[8, expect.stringContaining('status“x”无效')]]);
  });
});

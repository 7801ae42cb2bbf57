/**
 * `yearbook import`: xlsx workbooks built here with exceljs (a sheet per year, headers by path and
 * by label with units, number formats), csv in UTF-8 with BOM and in GBK, written into a temporary
 * copy of tests/fixtures/import/data; existing documents keep their comments and text byte for byte.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { run } from '../src/cli/import-command.js';
import { memIo } from './helpers.js';
import { formatNumber } from '../src/import/numfmt.js';
import { setFigure } from '../src/import/yaml-edit.js';
import { checkFolder } from '../src/app/check.js';

const FIXTURE = 'tests/fixtures/import/data';
const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'yearbook-import-'));
  temps.push(d);
  return d;
}

function dataCopy(): string {
  const d = join(tmp(), 'data');
  cpSync(FIXTURE, d, { recursive: true });
  return d;
}

/** Every file below `dir` with its bytes, for "nothing was written". */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) visit(p);
      else out[p] = readFileSync(p, 'base64');
    }
  };
  visit(dir);
  return out;
}

async function workbook(file: string, withBadCell: boolean): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const s22 = wb.addWorksheet('2022');
  s22.addRow(['地区', 'insured.total', '职工基本医疗保险参保人数(人)', '城乡居民基本医疗保险参保人数（万人）', '住院费用实际报销比例(%)']);
  s22.addRow(['通辽市', 261.9, 500000, 211.9, 61.9]);
  s22.addRow([150200, 100, 400000, 60, 58]);
  s22.addRow([]);
  s22.addRow(['全区', 2000, withBadCell ? '约三百' : null, 1500, '—']);
  s22.getColumn(2).numFmt = '0.00';
  s22.getCell('B3').numFmt = '0';
  s22.getColumn(4).numFmt = '0.0';
  s22.getCell('D5').numFmt = '0';
  s22.getCell('E2').numFmt = '0.00';
  const s23 = wb.addWorksheet('2023年');
  s23.addRow(['代码', 'insured.total', '基本医疗保险参保率', 'reform.institutions']);
  s23.addRow(['150500', 270.12, 0.955, 12]);
  s23.getCell('B2').numFmt = '#,##0.00';
  s23.getCell('C2').numFmt = '0.0%';
  await wb.xlsx.writeFile(file);
}

describe('yearbook import', () => {
  it('imports an xlsx workbook: exact text, comments and entry text kept, bad cell reported, check run', async () => {
    const dir = dataCopy();
    const xlsx = join(tmp(), '参保.xlsx');
    await workbook(xlsx, true);
    const before = readFileSync(join(dir, '2022/tongliao.yaml'), 'utf8');
    const io = memIo();
    const status = await run([xlsx, '--into', dir], io);
    expect(io.stderr()).toContain('2022!C5');
    expect(io.stderr()).toMatch(/2022!C5: 不是数字:“约三百”/);
    expect(status).toBe(1);

    const after = readFileSync(join(dir, '2022/tongliao.yaml'), 'utf8');
    expect(after).toBe(
      before
        .replace('total: 300.00          # 旧数', 'total: 261.90          # 旧数')
        .replace('employee: 50.00 万人', 'employee: 500000 人\n    resident: 211.9')
        .replace('    stay_days: 7.5   # 平均住院天数\n', '    stay_days: 7.5   # 平均住院天数\n  reimbursement:\n    ratio: 61.90\n'),
    );
    // the text after figures is untouched byte for byte
    expect(after.slice(after.indexOf('entry:'))).toBe(before.slice(before.indexOf('entry:')));
    expect(after.startsWith('# 通辽市 2022年 —— 手工录入,勿删此注释\n')).toBe(true);

    const baotou = readFileSync(join(dir, '2022/150200.yaml'), 'utf8');
    expect(baotou).toBe('region: "150200"\nyear: 2022\nfigures:\n  insured:\n    total: 100\n    employee: 400000 人\n    resident: 60.0\n  reimbursement:\n    ratio: 58\n');
    const region = readFileSync(join(dir, '2022/150000.yaml'), 'utf8');
    expect(region).toContain('total: 2000.00');
    expect(region).toContain('resident: 1500');
    expect(region).not.toContain('ratio');
    const y23 = readFileSync(join(dir, '2023/150500.yaml'), 'utf8');
    expect(y23).toContain('total: 270.12');
    expect(y23).toContain('coverage: 95.5%');
    expect(y23).toContain('institutions: 12');

    // the check ran afterwards and reads the figures exactly
    expect(io.stdout()).toMatch(/[✔⚠✖]/);
    const report = checkFolder(dir);
    expect(report.findings.filter((f) => f.kind === 'schema' || f.kind === 'yaml' || f.kind === 'unit')).toEqual([]);
    expect(io.stdout()).toContain('2022/tongliao.yaml');
    expect(io.stdout()).toContain('insured.total: 300.00 → 261.90');
  });

  it('--dry-run lists the changes and writes nothing', async () => {
    const dir = dataCopy();
    const xlsx = join(tmp(), 'a.xlsx');
    await workbook(xlsx, false);
    const snap = snapshot(dir);
    const io = memIo();
    const status = await run([xlsx, '--into', dir, '--dry-run'], io);
    expect(status).toBe(0);
    expect(snapshot(dir)).toEqual(snap);
    expect(io.stdout()).toContain('insured.total: 300.00 → 261.90');
    expect(io.stdout()).toContain('reimbursement.ratio: （无） → 61.90');
    expect(io.stdout()).toContain('2023/150500.yaml（新建）');
    expect(io.stdout()).toContain('未写入任何文件');
  });

  it('imports the whole workbook cleanly and the check passes; a second import changes nothing', async () => {
    const dir = dataCopy();
    const xlsx = join(tmp(), 'a.xlsx');
    await workbook(xlsx, false);
    const io = memIo();
    expect(await run([xlsx, '--into', dir], io)).toBe(0);
    expect(io.stdout()).toContain('✔');
    const snap = snapshot(dir);
    const io2 = memIo();
    expect(await run([xlsx, '--into', dir, '--sheet', '2022'], io2)).toBe(0);
    expect(io2.stdout()).toContain('0 个数字有变化');
    expect(snapshot(dir)).toEqual(snap);
  });

  it('reads csv in UTF-8 with BOM and in GBK, with a year column or --year', async () => {
    const dir = dataCopy();
    const csv = join(tmp(), 'bom.csv');
    writeFileSync(csv, '\ufeff地区,insured.total,"备注,不是指标"\r\n通辽市,"261.90",x\r\n');
    const io = memIo();
    expect(await run([csv, '--into', dir, '--year', '2022'], io)).toBe(1);
    expect(io.stderr()).toMatch(/bom!C1: 表头“备注,不是指标”不是/);
    expect(readFileSync(join(dir, '2022/tongliao.yaml'), 'utf8')).toContain('total: 261.90          # 旧数');

    const io2 = memIo();
    expect(await run(['tests/fixtures/import/gbk.csv', '--into', dir], io2)).toBe(0);
    expect(io2.stderr()).toBe('');
    expect(readFileSync(join(dir, '2022/150200.yaml'), 'utf8')).toBe('region: "150200"\nyear: 2022\nfigures:\n  insured:\n    coverage: 96.50\n');
    expect(readFileSync(join(dir, '2022/tongliao.yaml'), 'utf8')).toContain('  insured:\n    total: 261.90          # 旧数,待核\n    employee: 50.00 万人\n    coverage: 95.10\n');
  });

  it('reports unknown regions, unknown units and wrong unit families with addresses', async () => {
    const dir = dataCopy();
    const csv = join(tmp(), '2022.csv');
    writeFileSync(csv, '地区,insured.total,insured.employee(亿元),insured.resident\n全市,1,2,3\n赤峰市,1,2,3\n通辽市,5万元,,3公斤\n');
    const io = memIo();
    expect(await run([csv, '--into', dir, '--dry-run'], io)).toBe(1);
    const err = io.stderr();
    expect(err).toContain('2022!A2: 地区简称“全市”对应多个地区(150200、150500)');
    expect(err).toContain('2022!A3: 地区“赤峰市”不在 regions.yaml 中');
    expect(err).toContain('2022!C1: 表头“insured.employee(亿元)”中的单位“亿元”与指标 insured.employee 的单位“万人”不是同一类');
    expect(err).toContain('2022!B4: 单位“万元”与指标 insured.total');
    expect(err).toContain('2022!D4: 单位“公斤”无法识别');
  });

  it('prints Chinese help; bad options exit 2', async () => {
    const io = memIo();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.stdout()).toContain('yearbook import 2022年参保情况.xlsx --into data');
    for (const args of [['x.xlsx'], ['x.xlsx', '--into', 'data', '--bogus'], ['x.xlsx', '--into', 'data', '--year', '22'], ['--into', 'data']]) {
      const e = memIo();
      expect(await run(args, e)).toBe(2);
      expect(e.stderr()).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('number formats', () => {
  it('shows numbers as Excel does', () => {
    expect(formatNumber(61.9, '0.00')).toBe('61.90');
    expect(formatNumber(1.005, '0.00')).toBe('1.01');
    expect(formatNumber(0.1 + 0.2, 'General')).toBe('0.3');
    expect(formatNumber(12345.6, '#,##0.00')).toBe('12,345.60');
    expect(formatNumber(0.5422, '0.00%')).toBe('54.22%');
    expect(formatNumber(-3.5, '0.0;[Red]-0.0')).toBe('-3.5');
    expect(formatNumber(-3.5, '0.0_);(0.0)')).toBe('(3.5)');
    expect(formatNumber(586.83, '0.00"万人"')).toBe('586.83万人');
    expect(formatNumber(2.5, '0.##')).toBe('2.5');
    expect(formatNumber(45000, 'yyyy-mm-dd')).toBeNull();
  });
});

describe('setFigure', () => {
  it('edits in place, into value maps, and under an empty figures key', () => {
    expect(setFigure('a: 1\nfigures:\n  x: {value: 1.0, note: "n"}  # c\n', ['x'], '2.00')).toMatchObject({ ok: true, text: 'a: 1\nfigures:\n  x: {value: 2.00, note: "n"}  # c\n', old: '1.0' });
    expect(setFigure('figures:\n# later\nentry: {}\n', ['a', 'b'], '>5%')).toMatchObject({ ok: true, text: 'figures:\n  a:\n    b: ">5%"\n# later\nentry: {}\n' });
    expect(setFigure('figures:\n  x: 3\n', ['x', 'y'], '1')).toMatchObject({ ok: false });
  });
});

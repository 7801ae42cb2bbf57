/**
 * Excel number formats applied in exact decimals (src/import/numfmt.ts): conditions, sections,
 * text sections, percent, scaling, dates and other formats that show no figure; and an xlsx import
 * with such cells, built here with exceljs into a temporary copy of tests/fixtures/import/data.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import { formatNumber } from '../src/import/numfmt.js';
import { run } from '../src/cli/import-command.js';
import { memIo } from './helpers.js';

describe('formatNumber', () => {
  it('rounds the 15 significant digits Excel keeps, never the binary float', () => {
    // numfmt's own formatter gives 1.00, 1.25, 5.01 and 0.300000000000000040 here
    expect(formatNumber(1.005, '0.00')).toBe('1.01');
    expect(formatNumber(1.255, '0.00')).toBe('1.26');
    expect(formatNumber(5.015, '0.00')).toBe('5.02');
    expect(formatNumber(0.1 + 0.2, '0.000000000000000000')).toBe('0.300000000000000000');
    expect(formatNumber(0.1 + 0.2, '0.0000000000000000')).toBe('0.3000000000000000');
    expect(formatNumber(0.1 * 3, 'General')).toBe('0.3');
  });

  it('agrees with exact decimal rounding for any value of up to 15 significant digits', () => {
    const decimal = fc
      .tuple(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 10 }))
      .map(([m, e]) => new Decimal(m.toString()).div(new Decimal(10).pow(e)));
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 4 }), (d, places) => {
        const fmt = places === 0 ? '0' : `0.${'0'.repeat(places)}`;
        const want = d.toFixed(places, Decimal.ROUND_HALF_UP).replace(/^-(0\.?0*)$/, '$1');
        expect(formatNumber(d.toNumber(), fmt)).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });

  it('picks the section a condition selects', () => {
    expect(formatNumber(150, '[>=100]0;0.00')).toBe('150');
    expect(formatNumber(61.9, '[>=100]0;0.00')).toBe('61.90');
    expect(formatNumber(-5, '[>=100]0;0.00')).toBe('-5.00');
    expect(formatNumber(-1234.5, '[<0]"负"0;0')).toBe('负1235');
    expect(formatNumber(0, '[=0]"零";0.0')).toBe('零');
    expect(formatNumber(-2.25, '[=0]"零";0.0')).toBe('-2.3');
    expect(formatNumber(1500, '[Red][>=1000]#,##0;[Blue]0.0')).toBe('1,500');
    // no section applies: Excel fills the cell with #
    expect(formatNumber(50, '[>100]0;[<0]0')).toBeNull();
  });

  it('uses the positive, negative and zero sections', () => {
    const fmt = '0.00;-0.00;"-"';
    expect(formatNumber(2.345, fmt)).toBe('2.35');
    expect(formatNumber(-2.345, fmt)).toBe('-2.35');
    expect(formatNumber(0, fmt)).toBe('-');
    expect(formatNumber(-1.005, '0.00;(0.00);"-"')).toBe('(1.01)');
    expect(formatNumber(-3.5, '#,##0.00_ ;[Red]-#,##0.00 ')).toBe('-3.50');
    // an empty zero section shows nothing; the text section is not for numbers
    expect(formatNumber(0, '0;-0;;@')).toBe('');
    expect(formatNumber(7, '0;-0;;@')).toBe('7');
    expect(formatNumber(7, '0.0;@')).toBe('7.0');
    expect(formatNumber(-7, '0.0;@')).toBe('-7.0');
    expect(formatNumber(3, '"合计"@')).toBe('3');
  });

  it('shows percent, scaling, currency and General as Excel does', () => {
    expect(formatNumber(0.1234, '0.0%')).toBe('12.3%');
    expect(formatNumber(0.045, '0.0%')).toBe('4.5%');
    expect(formatNumber(0.955, '0%')).toBe('96%');
    expect(formatNumber(1234567.891, '#,##0.00,,')).toBe('1.23');
    expect(formatNumber(-1234.5, '[$¥-804]#,##0.00')).toBe('-¥1,234.50');
    expect(formatNumber(586.83, '[$-804]0.00"万人"')).toBe('586.83万人');
    // Chinese Excel writes General as G/通用格式
    expect(formatNumber(0.1 + 0.2, 'G/通用格式')).toBe('0.3');
    expect(formatNumber(-4, '0.00;[Red]G/通用格式')).toBe('4');
  });

  it('gives no text for formats that show no plain figure', () => {
    for (const fmt of ['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', '[$-804]yyyy年m月', 'h:mm', '[h]:mm:ss', 'm/d/yy h:mm', '# ?/?', '0.00E+00', '[DBNum1]0', '000-0000', '0.00"x"[<']) {
      expect(formatNumber(45000.5, fmt), fmt).toBeNull();
    }
  });
});

// ---- through the importer ----

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

describe('importing formatted cells', () => {
  it('imports conditional, sectioned and percent cells exactly; a date cell is reported, not imported', async () => {
    const root = mkdtempSync(join(tmpdir(), 'yearbook-numfmt-'));
    temps.push(root);
    const dir = join(root, 'data');
    cpSync('tests/fixtures/import/data', dir, { recursive: true });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('2023');
    ws.addRow(['代码', 'insured.total', 'insured.employee', '基本医疗保险参保率', 'reform.institutions']);
    ws.addRow(['150500', 270.125, 45000, 0.9554, 0]);
    ws.getCell('B2').numFmt = '[>=1000]#,##0;0.00';
    ws.getCell('C2').numFmt = 'yyyy-mm-dd';
    ws.getCell('D2').numFmt = '0.0%';
    ws.getCell('E2').numFmt = '0;-0;"-"';
    const xlsx = join(root, 'a.xlsx');
    await wb.xlsx.writeFile(xlsx);

    const io = memIo();
    expect(await run([xlsx, '--into', dir], io)).toBe(1);
    expect(io.stderr()).toMatch(/2023!C2: 无法读取:日期,不是数字/);
    // the date is quoted as an editor writes it, not as JavaScript prints a Date
    expect(io.stderr()).toContain("2023-03-15");
    expect(io.stderr()).not.toMatch(/GMT|Wed Mar/);
    const doc = readFileSync(join(dir, '2023/150500.yaml'), 'utf8');
    expect(doc).toContain('total: 270.13');
    expect(doc).toContain('coverage: 95.5%');
    // neither the date's serial number nor the "-" of the zero section became a figure
    expect(doc).not.toContain('45000');
    expect(doc).not.toContain('employee');
    expect(doc).not.toContain('institutions');
  });
});

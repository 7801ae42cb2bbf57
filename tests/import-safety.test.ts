/**
 * `yearbook import` and what it must not do (issue #8, items 6 and 7): a region-year whose file
 * exists but cannot be read as a document is refused with that file's findings (no second file
 * `150200-2.yaml`, the broken file untouched); hidden and very hidden sheets are skipped, named,
 * unless --include-hidden.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { run } from '../src/cli/import-command.js';
import { memIo } from './helpers.js';
import { loadFolder } from '../src/app/check.js';
import { render } from '../src/core/findings/messages.js';

const FIXTURE = 'tests/fixtures/import/data';
const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'yearbook-import-safety-'));
  temps.push(d);
  return d;
}

function dataCopy(): string {
  const d = join(tmp(), 'data');
  cpSync(FIXTURE, d, { recursive: true });
  return d;
}

/** Every file below `dir` with its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) visit(p);
      else out[p] = readFileSync(p, 'base64');
    }
  };
  visit(dir);
  return out;
}

function csv(text: string): string {
  const f = join(tmp(), '参保.csv');
  writeFileSync(f, text);
  return f;
}

/** The error lines a check gives for one file, as import must print them: `file:line:column: message`. */
function findingLines(dir: string, rel: string): string[] {
  const lines = loadFolder(dir)
    .findings.filter((f) => f.file === `${dir}/${rel}` && f.severity === 'error')
    .map((f) => `${f.file}:${f.line}:${f.column}: ${render(f.message, 'zh')}`);
  expect(lines.length).toBeGreaterThan(0);
  for (const l of lines) expect(l).toMatch(/:\d+:\d+: .*[\u4e00-\u9fff]/);
  return lines;
}

function expectLines(stderr: string, lines: string[]): void {
  const got = stderr.split('\n');
  for (const l of lines) expect(got).toContain(l);
}

const BROKEN_YAML = 'region: "150200"\nyear: 2022\nsource: "《包头年鉴》2023卷\nfigures:\n  insured:\n    total: 90\n';

describe('import into a region-year whose file cannot be read', () => {
  it('a YAML error: the finding is printed, nothing is written to that file, no second file is made; the rest imports', async () => {
    const dir = dataCopy();
    const broken = join(dir, '2022', '150200.yaml');
    writeFileSync(broken, BROKEN_YAML);
    const expected = findingLines(dir, '2022/150200.yaml');
    const table = csv('地区,insured.total,insured.resident\n包头市,100,60\n通辽市,261.90,\n');
    const io = memIo();
    const status = await run([table, '--into', dir, '--year', '2022'], io);
    expect(status).toBe(1);
    // the finding with file:line:column, in Chinese, and why nothing was imported for it
    expectLines(io.stderr(), expected);
    expect(io.stderr()).toMatch(/150200\.yaml：文件有错误，无法作为包头市 2022年的文档读取；表中给它的 2 个数字（参保!B2、参保!C2）未导入，也没有新建文件/);
    expect(readFileSync(broken, 'utf8')).toBe(BROKEN_YAML);
    expect(readdirSync(join(dir, '2022')).sort()).toEqual(['150200.yaml', 'tongliao.yaml']);
    expect(existsSync(join(dir, '2022', '150200-2.yaml'))).toBe(false);
    // another region of the same table still imports
    expect(readFileSync(join(dir, '2022', 'tongliao.yaml'), 'utf8')).toContain('total: 261.90          # 旧数');
    expect(io.stdout()).not.toContain('150200-2');
  });

  it('a broken file named otherwise (tongliao.yaml) is recognised by its region and year lines: no 2022/150500.yaml', async () => {
    const dir = dataCopy();
    const file = join(dir, '2022', 'tongliao.yaml');
    // a tab where YAML wants spaces, in the figures
    const text = readFileSync(file, 'utf8').replace('    employee: 50.00 万人', '\temployee: 50.00 万人');
    writeFileSync(file, text);
    const expected = findingLines(dir, '2022/tongliao.yaml');
    const io = memIo();
    expect(await run([csv('地区,insured.total\n通辽市,261.90\n'), '--into', dir, '--year', '2022'], io)).toBe(1);
    expectLines(io.stderr(), expected);
    expect(io.stderr()).toContain('无法作为通辽市 2022年的文档读取');
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(join(dir, '2022'))).toEqual(['tongliao.yaml']);
  });

  it('a schema error that loses the year (or the region) refuses too, by the file name and folder', async () => {
    const dir = dataCopy();
    const badYear = 'region: "150200"\nyear: 二〇二二\nfigures:\n  insured:\n    total: 90\n';
    writeFileSync(join(dir, '2022', '150200.yaml'), badYear);
    const expected = findingLines(dir, '2022/150200.yaml');
    const io = memIo();
    expect(await run([csv('地区,insured.total\n包头市,100\n'), '--into', dir, '--year', '2022'], io)).toBe(1);
    expectLines(io.stderr(), expected);
    expect(io.stderr()).toContain('150200.yaml:2:7: ');
    expect(readFileSync(join(dir, '2022', '150200.yaml'), 'utf8')).toBe(badYear);
    expect(readdirSync(join(dir, '2022')).sort()).toEqual(['150200.yaml', 'tongliao.yaml']);

    const noRegion = 'year: 2022\nfigures:\n  insured:\n    total: 90\n';
    writeFileSync(join(dir, '2022', '150200.yaml'), noRegion);
    const expected2 = findingLines(dir, '2022/150200.yaml');
    const io2 = memIo();
    expect(await run([csv('地区,insured.total\n包头市,100\n'), '--into', dir, '--year', '2022'], io2)).toBe(1);
    expectLines(io2.stderr(), expected2);
    expect(io2.stderr()).toContain('无法作为包头市 2022年的文档读取');
    expect(readFileSync(join(dir, '2022', '150200.yaml'), 'utf8')).toBe(noRegion);
    expect(readdirSync(join(dir, '2022')).sort()).toEqual(['150200.yaml', 'tongliao.yaml']);
  });

  it('--dry-run says the same and exits 1, writing nothing', async () => {
    const dir = dataCopy();
    writeFileSync(join(dir, '2022', '150200.yaml'), BROKEN_YAML);
    const expected = findingLines(dir, '2022/150200.yaml');
    const table = csv('地区,insured.total\n包头市,100\n');
    const snap = snapshot(dir);
    const io = memIo();
    expect(await run([table, '--into', dir, '--year', '2022', '--dry-run'], io)).toBe(1);
    expectLines(io.stderr(), expected);
    expect(io.stdout()).not.toContain('（新建）');
    expect(io.stdout()).toContain('1 个数字因目标文件有错误未导入');
    expect(snapshot(dir)).toEqual(snap);
  });
});

async function hiddenWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('2022').addRow(['地区', 'insured.total']).worksheet.addRow(['通辽市', '261.90']);
  const hidden = wb.addWorksheet('2023', { state: 'hidden' });
  hidden.addRow(['地区', 'insured.total']);
  hidden.addRow(['通辽市', '270.12']);
  const veryHidden = wb.addWorksheet('2021年', { state: 'veryHidden' });
  veryHidden.addRow(['地区', 'insured.total']);
  veryHidden.addRow(['包头市', '99']);
  await wb.xlsx.writeFile(file);
}

describe('hidden sheets', () => {
  it('are skipped and named, one line each; --include-hidden imports them', async () => {
    const dir = dataCopy();
    const xlsx = join(tmp(), '参保.xlsx');
    await hiddenWorkbook(xlsx);
    const io = memIo();
    expect(await run([xlsx, '--into', dir], io)).toBe(0);
    const lines = io.stderr().split('\n').filter((l) => l.includes('隐藏'));
    expect(lines).toEqual([
      '注意：工作表“2023”是隐藏的，未导入（要导入隐藏的工作表，请加 --include-hidden）',
      '注意：工作表“2021年”是深度隐藏的（veryHidden），未导入（要导入隐藏的工作表，请加 --include-hidden）',
    ]);
    expect(readFileSync(join(dir, '2022', 'tongliao.yaml'), 'utf8')).toContain('total: 261.90');
    expect(existsSync(join(dir, '2023'))).toBe(false);
    expect(existsSync(join(dir, '2021'))).toBe(false);

    const io2 = memIo();
    expect(await run([xlsx, '--into', dir, '--include-hidden'], io2)).toBe(0);
    expect(io2.stderr()).not.toContain('未导入');
    expect(readFileSync(join(dir, '2023', '150500.yaml'), 'utf8')).toContain('total: 270.12');
    expect(readFileSync(join(dir, '2021', '150200.yaml'), 'utf8')).toContain('total: 99');

    // a hidden sheet named with --sheet is asked for by name: read, without a note
    const dir2 = dataCopy();
    const io3 = memIo();
    expect(await run([xlsx, '--into', dir2, '--sheet', '2023'], io3)).toBe(0);
    expect(io3.stderr()).not.toContain('隐藏');
    expect(readFileSync(join(dir2, '2023', '150500.yaml'), 'utf8')).toContain('total: 270.12');
    expect(existsSync(join(dir2, '2021'))).toBe(false);
  });

  it('--help names --include-hidden', async () => {
    const io = memIo();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.stdout()).toContain('--include-hidden');
  });
});

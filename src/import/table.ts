/**
 * Reads a spreadsheet into plain tables of cell text: every sheet of an .xlsx workbook (exceljs;
 * hidden sheets too, marked as such), or one .csv file (csv-parse; UTF-8 with or without BOM, or
 * GB18030/GBK as Excel on Chinese Windows saves it). A cell's text is what the spreadsheet shows:
 * numbers under their number format.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { decode } from '../core/parse/source.js';
import { formatNumber } from './numfmt.js';

export interface TableCell {
  /** The text shown, trimmed; '' for an empty cell. */
  text: string;
  /** `C5` */
  address: string;
  /** Set when the cell holds something that cannot be shown as text (a date, an unsupported number format, an error value). */
  problem: string | null;
}

export interface Table {
  /** The sheet's name (for csv: the file name without extension). */
  name: string;
  /** Whether Excel shows the sheet: hidden sheets (right-click → 取消隐藏) and very hidden ones (only through VBA) are not imported unless asked for. Absent: visible (csv). */
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** Rows top to bottom; each row as long as its last non-empty cell. Row index i is spreadsheet row i + 1. */
  rows: TableCell[][];
}

export class TableError extends Error {}

export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export async function readTables(file: string): Promise<Table[]> {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return [readCsvFile(file)];
  if (ext === '.xlsx' || ext === '.xlsm') return readXlsx(file);
  if (ext === '.xls') throw new TableError(`不支持旧版 Excel 文件(.xls):“${file}”。请在 Excel 中另存为 .xlsx 或 .csv 后再导入`);
  throw new TableError(`不认识的文件类型“${ext || basename(file)}”:只能导入 .xlsx 或 .csv 文件`);
}

/** A file that cannot be read at all, by the operating system's code, in the user's terms; the original as the cause. */
function unreadable(file: string, e: unknown, code: string | undefined = (e as { code?: string }).code): TableError {
  const text =
    code === 'ENOENT'
      ? `找不到文件“${file}”；请检查文件名和所在的目录`
      : code === 'EISDIR'
        ? `“${file}”是一个目录，不是文件；请指定要导入的 .xlsx 或 .csv 文件`
        : code === 'EACCES' || code === 'EPERM'
          ? `没有读取“${file}”的权限；请检查文件的权限，或把它复制到自己的目录后再导入`
          : `无法读取“${file}”（${code ?? String(e)}）`;
  return new TableError(text, { cause: e });
}

// ---- csv ----

/** csv-parse's errors, by code, as an editor would fix them. */
const CSV_PROBLEMS: Record<string, string | undefined> = {
  CSV_QUOTE_NOT_CLOSED: '有一个以引号“"”开头的单元格没有结束的引号',
  CSV_INVALID_CLOSING_QUOTE: '引号“"”后面紧跟着别的字符；单元格中的引号应写成两个（""），或给整个单元格加引号',
};

export function readCsvFile(file: string): Table {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw unreadable(file, e);
  }
  const name = basename(file, extname(file));
  return csvTable(name, buf);
}

export function csvTable(name: string, buf: Uint8Array): Table {
  const res = decode(buf);
  if (!res.ok) throw new TableError(`“${name}”不是 UTF-8 或 GB18030/GBK 编码的文本文件`);
  const text = res.text;
  // Excel in some locales writes ; or tab; guess from the first line
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', '\t', ';'].map((d) => ({ d, n: first.split(d).length })).sort((a, b) => b.n - a.n)[0]!.d;
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (e) {
    const err = e as { lines?: number; code?: string; message: string };
    const why = CSV_PROBLEMS[err.code ?? ''] ?? `格式有误（${err.code ?? err.message}）`;
    throw new TableError(`“${name}”不是有效的 CSV${err.lines ? `（第${err.lines}行附近）` : ''}：${why}`, { cause: e });
  }
  return {
    name,
    rows: records.map((rec, r) => trimRow(rec.map((t, c) => ({ text: t.trim(), address: `${columnName(c)}${r + 1}`, problem: null })))),
  };
}

function trimRow(row: TableCell[]): TableCell[] {
  let n = row.length;
  while (n > 0 && row[n - 1]!.text === '' && row[n - 1]!.problem === null) n--;
  return row.slice(0, n);
}

// ---- xlsx ----

async function readXlsx(file: string): Promise<Table[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    const message = (e as Error).message ?? '';
    if ((e as { code?: string }).code !== undefined) throw unreadable(file, e);
    // exceljs's own words for a missing file, without a code
    if (/^File not found/.test(message)) throw unreadable(file, e, 'ENOENT');
    // jszip's: not a zip archive at all (a renamed .xls or .csv, a password-protected workbook) or a cut-off one
    if (/central directory|zip file|corrupted zip|encrypted/i.test(message)) {
      throw new TableError(`“${file}”不是有效的 Excel 文件（.xlsx）：文件可能已损坏、设置了打开密码，或是把别的文件改成了 .xlsx 扩展名。请在 Excel 中打开它，另存为“Excel 工作簿（*.xlsx）”或 CSV 后再导入`, { cause: e });
    }
    throw new TableError(`无法读取 Excel 文件“${file}”：其中的内容无法识别。请在 Excel 中打开它，另存为“Excel 工作簿（*.xlsx）”或 CSV 后再导入`, { cause: e });
  }
  const tables: Table[] = [];
  wb.eachSheet((ws) => {
    const rows: TableCell[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: TableCell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, colNumber) => {
        cells[colNumber - 1] = cellText(cell, `${columnName(colNumber - 1)}${rowNumber}`);
      });
      for (let c = 0; c < cells.length; c++) cells[c] ??= { text: '', address: `${columnName(c)}${rowNumber}`, problem: null };
      rows[rowNumber - 1] = trimRow(cells);
    });
    for (let r = 0; r < rows.length; r++) rows[r] ??= [];
    tables.push({ name: ws.name, rows, state: ws.state === 'hidden' || ws.state === 'veryHidden' ? ws.state : 'visible' });
  });
  return tables;
}

function cellText(cell: ExcelJS.Cell, address: string): TableCell {
  const V = ExcelJS.ValueType;
  const ok = (text: string): TableCell => ({ text: text.trim(), address, problem: null });
  const bad = (problem: string): TableCell => ({ text: safeText(cell), address, problem });
  // a merged cell shows its master's content only once
  if (cell.isMerged && cell.master !== cell) return ok('');
  switch (cell.type) {
    case V.Null:
    case V.Merge:
      return ok('');
    case V.Number:
      return numberCell(cell.value as number, cell.numFmt, ok, bad);
    case V.Formula: {
      const result = cell.result as unknown;
      if (typeof result === 'number') return numberCell(result, cell.numFmt, ok, bad);
      if (typeof result === 'string') return ok(result);
      if (result === undefined || result === null) return bad('公式没有保存计算结果(请在 Excel 中打开并保存一次)');
      if (result instanceof Date) return bad('日期,不是数字');
      if (typeof result === 'object' && 'error' in result) return bad(`错误值 ${String((result as { error: unknown }).error)}`);
      return ok(String(result));
    }
    case V.Date:
      return bad('日期,不是数字');
    case V.Error:
      return bad(`错误值 ${String((cell.value as { error: string }).error)}`);
    case V.Boolean:
      return bad('逻辑值,不是数字');
    default:
      return ok(cell.text ?? '');
  }
}

function numberCell(value: number, numFmt: string | undefined, ok: (t: string) => TableCell, bad: (p: string) => TableCell): TableCell {
  const text = formatNumber(value, numFmt);
  if (text === null) return bad(`不支持的数字格式“${numFmt ?? ''}”`);
  return ok(text);
}

function safeText(cell: ExcelJS.Cell): string {
  const v = cell.type === ExcelJS.ValueType.Formula ? (cell.result as unknown) : cell.value;
  // a date as an editor writes it (2023-03-15), not JavaScript's English date string
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  try {
    return (cell.text ?? '').trim();
  } catch {
    return '';
  }
}

/** `yearbook import FILE --into DIR`: figures from an .xlsx or .csv table into the region-year documents of DIR, then the check. */
import { parseArgs } from 'node:util';
import { checkFolder } from '../app/check.js';
import { FolderError, loadFolder } from '../app/check.js';
import type { Dataset } from '../core/parse/dataset.js';
import { writeAtomic } from '../io/atomic.js';
import { formatText } from '../report/text.js';
import { applyImport, hiddenSheetNote, planImport } from '../import/import.js';
import { readTables, TableError, type Table } from '../import/table.js';
import type { Io } from './io.js';
import { t } from '../core/findings/messages.js';
import { argError, langOf } from './args.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileKind, KIND_NAMES } from '../io/file-kind.js';

const HELP = `yearbook import —— 把 Excel/CSV 统计表中的数字导入数据目录

用法：
  yearbook import 文件.xlsx|文件.csv --into 目录 [选项]

表格的格式：
  每行一个地区（第一列或表头为“地区”“代码”的列：地区代码、名称或简称），
  每列一个指标（表头为指标路径如 insured.total，或 indicators.yaml 中的名称
  如“基本医疗保险参保人数”；可在括号中注明单位，如“参保人数（万人）”“…（人）”）。
  年份：每个工作表一年（工作表名为“2022”或“2022年”），或加一列“年份”，或用 --year。
  数字按单元格显示的样子导入（格式为 0.00 的 61.9 导入为 61.90）；空单元格和“—”跳过。
  不是统计表的文件（Word、PDF、图片、空文件等）按文件内容识别并说明，退出状态 2；
  Word 文字稿请用 yearbook import-text 导入。

选项：
  --into 目录          要更新的数据目录（必需）
  --year 年份          表格中没有年份时使用的年份
  --sheet 名称         只导入这个工作表（可重复）
  --edition 版本       写入此版本（edition）的文件（默认不分版本）
  --include-hidden     也导入隐藏和深度隐藏的工作表（默认跳过，并逐个列出）
  --dry-run            只列出将要做的修改，不写任何文件
  --no-color           不使用颜色
  -h, --help           显示本帮助

已有文件中的注释、文字和其他数字保持不变，只改动导入的数字；新文件写到 目录/年份/地区代码.yaml。
某地区某年份的文件已存在却读不出（YAML 错误，或缺少、写错地区和年份）时，列出该文件的问题，
不导入它的数字，也不另建文件。
导入后对整个目录运行 yearbook check。

退出状态：0 全部导入且核对无错误；1 有无法读取的单元格、读不出的目标文件或核对有错误；2 无法运行（选项有误、文件不存在）

示例：
  yearbook import 2022年参保情况.xlsx --into data
  yearbook import 参保.csv --into data --year 2023 --dry-run
`;

const HELP_EN = `yearbook import — imports the figures of an Excel or CSV table into the documents of a data folder

Usage:
  yearbook import FILE.xlsx|FILE.csv --into DIR [options]

The table: a row per region (the first column, or the one headed 地区 or 代码: a region code, name or
short name), a column per indicator (headed by its path such as insured.total, or by its label in
indicators.yaml, with the unit in brackets if needed: 参保人数(万人)). The year: a sheet per year
(named 2022 or 2022年), a column 年份, or --year. Numbers are imported as the cells show them.
A file that is not a table (Word, PDF, an image, an empty file …) is told by its bytes and refused,
exit 2; a Word text goes through yearbook import-text.

Options:
  --into DIR           the data folder to update (required)
  --year YEAR          the year, when the table does not say
  --sheet NAME         import this sheet only (may be repeated)
  --edition NAME       write into the documents of this edition
  --include-hidden     import hidden and very hidden sheets too (skipped and listed by default)
  --dry-run            list the changes, write nothing
  --no-color           no colour
  -h, --help           show this help

Comments, text and other figures in the documents stay as they are; new documents go to DIR/YEAR/CODE.yaml.
The folder is checked afterwards. Messages are in Chinese.

Exit status: 0 imported and the check found no errors; 1 unreadable cells or target files, or errors;
2 could not run (bad options, no such file)

Examples:
  yearbook import 2022年参保情况.xlsx --into data
  yearbook import insured.csv --into data --year 2023 --dry-run
`;

export async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        into: { type: 'string' },
        year: { type: 'string' },
        sheet: { type: 'string', multiple: true },
        edition: { type: 'string' },
        'include-hidden': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        lang: { type: 'string' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    const lang = langOf(argv);
    io.err(`yearbook import${lang === 'en' ? ': ' : '：'}${argError(e, { argv, lang })}\n${t('cli.see-help', { command: 'import' }, lang)}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(v.lang === 'en' ? HELP_EN : HELP);
    return 0;
  }
  const usage = (m: string): number => {
    io.err(`yearbook import：${m}\n运行 yearbook import --help 查看用法。\n`);
    return 2;
  };
  if (parsed.positionals.length === 0) return usage('请指定要导入的 .xlsx 或 .csv 文件');
  if (parsed.positionals.length > 1) return usage(`一次只能导入一个文件（收到：${parsed.positionals.join(' ')}）`);
  if (v.into === undefined || v.into === '') return usage('请用 --into 指定要更新的数据目录');
  let year: number | null = null;
  if (v.year !== undefined) {
    if (!/^\d{4}$/.test(v.year)) return usage(`--year 需要四位数的年份，而不是“${v.year}”`);
    year = Number(v.year);
  }
  const file = parsed.positionals[0]!;
  const dir = v.into;
  const dryRun = v['dry-run'] === true;
  const color = v['no-color'] ? false : io.colorOut;

  // a file that is not a spreadsheet, by its bytes whatever its name (a Word text, a PDF, an image …): said before anything is read or written
  const notTable = notASpreadsheet(file);
  if (notTable !== null) {
    io.err(`yearbook import：${notTable}\n`);
    return 2;
  }

  let ds: Dataset;
  try {
    ds = loadFolder(dir);
  } catch (e) {
    if (e instanceof FolderError) return usage(e.message);
    throw e;
  }
  if (ds.regions.byCode.size === 0 || ds.catalogue.indicators.size + ds.catalogue.wildcards.length === 0) {
    io.err(`yearbook import：数据目录“${dir}”缺少可用的 regions.yaml 或 indicators.yaml（运行 yearbook check ${dir} 查看原因）\n`);
    return 2;
  }
  let tables: Table[];
  try {
    tables = await readTables(file);
  } catch (e) {
    if (e instanceof TableError) {
      io.err(`yearbook import：${e.message}\n`);
      // what the spreadsheet library said, for a maintainer
      if (io.env.YEARBOOK_DEBUG && e.cause !== undefined) io.err(`${String((e.cause as Error).stack ?? e.cause)}\n`);
      return 2;
    }
    throw e;
  }

  const plan = planImport(tables, ds, { year, sheets: v.sheet ?? null, includeHidden: v['include-hidden'] === true });
  const applied = applyImport(plan, ds, { edition: v.edition ?? null });
  const problems = [...plan.problems, ...applied.problems];
  for (const s of plan.hiddenSheets) io.err(`注意：${hiddenSheetNote(s)}\n`);
  // a broken file of a region-year in the table: its findings, and nothing imported for it
  let refusedCells = 0;
  for (const r of applied.refused) {
    for (const f of r.findings) io.err(`${f.where}: ${f.message}\n`);
    const cells = r.cells.length > 5 ? `${r.cells.slice(0, 5).join('、')} 等` : r.cells.join('、');
    io.err(`${r.file}：文件有错误，无法作为${r.what}的文档读取；表中给它的 ${r.cells.length} 个数字（${cells}）未导入，也没有新建文件。请先改正这个文件，再导入一次\n`);
    refusedCells += r.cells.length;
  }
  for (const p of problems) io.err(`${p.where}: ${p.message}\n`);
  for (const n of applied.notes) io.err(`注意：${n}\n`);
  for (const f of applied.reformatted) io.err(`注意：${f} 的排版较特殊，已由 YAML 库重写（注释和内容保留，空格和对齐可能变化）\n`);

  // the changes, file by file
  const byFile = new Map<string, typeof applied.changes>();
  for (const c of applied.changes) {
    const l = byFile.get(c.file);
    if (l) l.push(c);
    else byFile.set(c.file, [c]);
  }
  for (const [f, cs] of byFile) {
    io.out(`${f}${cs[0]!.created ? '（新建）' : ''}\n`);
    for (const c of cs) io.out(`  ${c.path}: ${c.old === null ? '（无）' : c.old} → ${c.value}\n`);
  }
  const cells = plan.values.length;
  const unchanged = cells - applied.changes.length - applied.problems.length - refusedCells;
  const tail = [`${applied.changes.length} 个数字有变化`, ...(unchanged > 0 ? [`${unchanged} 个与原值相同`] : []), ...(plan.skipped > 0 ? [`${plan.skipped} 个“—”等空值跳过`] : []), ...(refusedCells > 0 ? [`${refusedCells} 个数字因目标文件有错误未导入`] : []), ...(problems.length > 0 ? [`${problems.length} 处无法导入`] : [])].join(',');
  const failed = problems.length > 0 || refusedCells > 0;
  if (dryRun) {
    io.out(`试运行：读到 ${cells} 个数字，${tail}；未写入任何文件。\n`);
    return failed ? 1 : 0;
  }
  for (const [abs, text] of applied.files) writeAtomic(abs, text);
  io.out(`已写入 ${applied.files.size} 个文件：读到 ${cells} 个数字，${tail}。\n\n`);

  const report = checkFolder(dir);
  io.out(formatText(report, { lang: 'zh', color }));
  return failed || report.summary.errors > 0 ? 1 : 0;
}


/** Why a file is not a table `import` reads (.xlsx, or .csv text), or null when it may be one (readTables says the rest). */
function notASpreadsheet(file: string): string | null {
  let bytes: Buffer;
  try {
    if (!existsSync(file) || !statSync(file).isFile()) return null;
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  const what = fileKind(bytes);
  if (what === 'xlsx' || what === 'text' || what === 'utf16' || what === 'not-utf8') return null;
  // an .xls is named by readTables, with its own advice
  if (what === 'doc' && /\.xls$/i.test(file)) return null;
  const is = `“${file}”是${KIND_NAMES[what].zh}文件`;
  const reads = 'yearbook import 读取 Excel（.xlsx）或 CSV 统计表';
  if (what === 'empty') return `“${file}”是空文件，没有可导入的表格。未写入任何文件。`;
  if (what === 'docx') return `${is}，不是统计表。Word 文字稿请用 yearbook import-text ${file} --region 地区代码 --year 年份 导入（其中的表格也会读取）。未写入任何文件。`;
  if (['png', 'jpeg', 'gif', 'webp', 'bmp', 'tiff'].includes(what)) return `${is}，其中的表格无法读取。${reads}：请先把表格录入或识别（OCR）为 .xlsx 并校对数字。未写入任何文件。`;
  return `${is}。${reads}：请在 Excel/WPS 中打开后另存为 .xlsx 或 .csv。未写入任何文件。`;
}

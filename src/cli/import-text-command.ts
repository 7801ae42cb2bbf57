/** `yearbook import-text FILE.txt|FILE.docx --region CODE --year Y`: pasted text or a Word file → a checked region-year document (src/import-text); any other file refused by its bytes. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from './io.js';
import { writeAtomic } from '../io/atomic.js';
import { t } from '../core/findings/messages.js';
import { argError, langOf, outFolderWhy } from './args.js';
import { checkOutputFolder } from '../io/out-folder.js';
import { decodeText, fileKind, KIND_NAMES, type FileKind } from '../io/file-kind.js';

export const HELP = `yearbook import-text —— 把文字稿或 Word 文件（工作总结、年鉴条目、实施方案）转成地区年度数据文件

用法：
  yearbook import-text 文件.txt|文件.docx --region 地区代码 --year 年份 [选项]

做什么：
  - 繁体转简体（opencc-js），删去“發（fā）布”之类的拼音残留；
  - 编号标题变成嵌套的 sections：一、→ 第1层，（一）→ 第2层，1. / 1、→ 第3层，（1）→ 第4层；
    第一个标题之前的文字放在 summary.intro；【标题】变成 entry.sections，末尾的“（作者）”变成 entry.author；
  - 紧挨指标目录（indicators.yaml）标签或常见说法的数字变成 figures，正文中以 {{路径}} 引用；
    只取无歧义的数字，其余照原文保留；结果先用 yearbook check 核对，不通过的数字退回为文字。

Word 文件（.docx）：
  - 每个段落按文字稿中以空行隔开的一段处理；段首的（加粗）【标题】、一、（一）1. 编号照文字稿处理，
    Word 的自动编号和“标题 1/2/3”样式补上 一、（一）1. 编号；
  - 表格：行头（第一列）或列头（第一行）是指标目录名称的数字单元格成为 figures，
    写成所在段落的一句（“职工基本医疗保险基金总收入{{…}}。”）；
    单位取自单元格、表头中的（万人）或表前的“单位：万人”；
    其他年份、其他地区的列或行不导入；其余单元格不进正文（报告中列出）；
  - 末尾右对齐的署名（“（刘雪峰）”“刘雪峰 撰稿”）成为作者；
  - 紧跟在数字后的脚注成为该数字的 note，其余脚注在报告中列出；
  - 文本框的文字作为其后的段落读取；修订按全部接受后的样子读取；图片、批注、页眉页脚不读取。
  不是文字稿或 Word 的文件（PDF、旧版 .doc、图片、Excel、空文件、非 UTF-8 文字等）
  按文件内容识别，说明是什么文件、该怎么做，退出状态 2，不写任何文件。

选项：
  --region 代码              地区代码（或 regions.yaml 中的全称），必填
  --year 年份                数字所属年份，必填
  --into 目录                数据目录（默认 data）：读取其中的 regions.yaml、indicators.yaml，
                             输出默认写到 目录/年份/地区代码.yaml
  --kind summary|entry|plan  文档类型（默认自动判断：有【】标题为 entry，实施方案为 plan，其余 summary）
  --out 文件                 输出文件；“-”表示打印到标准输出
  --force                    以导入的结果覆盖整个已存在的文件（不加时合并：见下）
  -h, --help                 显示本说明

文件已存在时合并，原有内容一概保留：文件中没有的数字加入，已有而数值不同的数字报告为冲突并保留原数
（导入的文字中照原文印出）；文件中没有这一类文字（entry/summary/plan）时加入，已有则保留并报告。

退出状态：0 成功；1 结果仍有核对错误、合并有冲突或文字未能加入（文件照写，请人工处理）；
2 无法运行（选项有误、文件不存在、不是文字稿或 Word 文件、Word 文件已损坏）

示例：
  yearbook import-text 腾冲.txt --region 530581 --year 2022 --out -
  yearbook import-text 内蒙古条目.docx --region 150000 --year 2022 --into data
  yearbook import-text 通辽总结.txt --region 150500 --year 2023 --into data   # 写入 data/2023/150500.yaml
`;

export const HELP_EN = `yearbook import-text — turns pasted text or a Word file (a work summary, a yearbook entry, a plan) into a region-year document

Usage:
  yearbook import-text FILE.txt|FILE.docx --region CODE --year YEAR [options]

What it does:
  - converts traditional characters to simplified (opencc-js) and removes pinyin debris such as 發(fā)布;
  - numbered headings become nested sections: 一、 level 1, (一) level 2, 1. / 1、 level 3, (1) level 4;
    the text before the first heading goes to summary.intro; 【headings】 make entry.sections, a closing (author) entry.author;
  - a number next to an indicator's label (indicators.yaml) or a common phrase becomes a figure, quoted as {{path}};
    only unambiguous numbers are taken; the result is checked, and numbers that fail go back to plain text.

Word files (.docx):
  - each paragraph is read as a blank-line-separated paragraph of text; a leading (bold) 【title】 and 一、 (一) 1. numbers as in text; Word's automatic
    numbering and Heading 1/2/3 styles are given 一、 (一) 1. numbers;
  - tables: a number cell whose row head (first column) or column head (first row) is a catalogue label
    becomes a figure, written as a sentence of the paragraph; the unit from the cell, the head's (万人)
    or a 单位：万人 line; other years' and regions' columns or rows are left out, other cells are reported;
  - a right-aligned closing credit ((刘雪峰), 刘雪峰 撰稿) becomes the author;
  - a footnote right after a figure becomes its note; other footnotes are reported;
  - a text box's text is read as paragraphs after its own; tracked changes are read as if accepted;
    images, comments, headers and footers are not read.
  A file that is neither text nor Word (PDF, old .doc, an image, Excel, an empty file, text not in UTF-8 …)
  is told by its bytes: the message says what it is and what to do, exit 2, nothing written.

Options:
  --region CODE              region code (or its full name in regions.yaml), required
  --year YEAR                the year of the figures, required
  --into DIR                 data folder (default data): its regions.yaml and indicators.yaml are read,
                             and the document goes to DIR/YEAR/CODE.yaml by default
  --kind summary|entry|plan  the kind of text (default: guessed)
  --out FILE                 the output file; - prints it
  --force                    replace an existing file with the result (without it: merge, keeping what is there)
  -h, --help                 show this help

Exit status: 0 done; 1 the result still has errors, the merge found conflicts or some text was not added
(the file is written: fix it by hand); 2 could not run (bad options, no such file, neither text nor Word, a damaged Word file)

Examples:
  yearbook import-text tengchong.txt --region 530581 --year 2022 --out -
  yearbook import-text entry.docx --region 150000 --year 2022 --into data
  yearbook import-text summary.txt --region 150500 --year 2023 --into data   # writes data/2023/150500.yaml
`;

export async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        region: { type: 'string' },
        year: { type: 'string' },
        into: { type: 'string', default: 'data' },
        kind: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
        lang: { type: 'string' },
        'no-color': { type: 'boolean' },
      },
    });
  } catch (e) {
    const lang = langOf(argv);
    io.err(`yearbook import-text${lang === 'en' ? ': ' : '：'}${argError(e, { argv, lang })}\n${t('cli.see-help', { command: 'import-text' }, lang)}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(v.lang === 'en' ? HELP_EN : HELP);
    return 0;
  }
  const fail = (m: string): number => {
    io.err(`yearbook import-text：${m}\n运行 yearbook import-text --help 查看用法。\n`);
    return 2;
  };
  if (parsed.positionals.length !== 1) return fail(parsed.positionals.length === 0 ? '缺少要导入的文字或 Word 文件' : `只能导入一个文件（收到：${parsed.positionals.join(' ')}）`);
  const file = parsed.positionals[0]!;
  if (v.region === undefined || v.region.trim() === '') return fail('缺少 --region（地区代码）');
  if (v.year === undefined || !/^\d{4}$/.test(v.year)) return fail(v.year === undefined ? '缺少 --year（年份）' : `--year 需要四位年份，而不是“${v.year}”`);
  if (v.kind !== undefined && !['summary', 'entry', 'plan'].includes(v.kind)) return fail(`--kind 可为 summary、entry 或 plan，而不是“${v.kind}”`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return fail(`无法读取文件“${file}”`);
  }
  // what the file is, by its bytes (not its name): text and Word are read, anything else is refused before anything is written
  const what = fileKind(bytes);
  if (what !== 'text' && what !== 'utf16' && what !== 'docx') {
    const m = refusal(file, what, v.lang === 'en' ? 'en' : 'zh');
    io.err(`yearbook import-text${v.lang === 'en' ? ': ' : '：'}${m}\n`);
    return 2;
  }
  const dir = v.into!;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return fail(`数据目录“${dir}”不存在`);
  if (!existsSync(join(dir, 'indicators.yaml'))) return fail(`数据目录“${dir}”中没有 indicators.yaml`);
  const lib = await import('../import-text/index.js');
  const ref = lib.loadReference(dir);
  let region = v.region.trim();
  if (!ref.regions.byCode.has(region)) {
    const byName = ref.regions.byName.get(region) ?? [];
    if (byName.length === 1) region = byName[0]!.code;
    else return fail(`“${region}”不是 ${join(dir, 'regions.yaml')} 中的地区`);
  }
  const year = Number(v.year);
  const out = v.out ?? join(dir, String(year), `${region}.yaml`);
  // before writeAtomic's recursive mkdir, which never returns under /proc
  const folder = out === '-' ? null : checkOutputFolder(dirname(out));
  if (folder !== null) return fail(t('cli.out-file-unusable', { out, why: outFolderWhy(folder) }));
  const opts = { region, year, kind: v.kind as 'summary' | 'entry' | 'plan' | undefined, sourceName: basename(file) };
  let r: Awaited<ReturnType<typeof lib.importWord>> | ReturnType<typeof lib.importText>;
  if (what === 'docx') {
    try {
      r = await lib.importWord(bytes, ref, opts);
    } catch (e) {
      if (!(e instanceof lib.WordError)) throw e;
      io.err(`yearbook import-text${v.lang === 'en' ? ': ' : '：'}${refusal(file, e.code === 'empty' ? 'empty-docx' : 'damaged-docx', v.lang === 'en' ? 'en' : 'zh', DAMAGE[e.code][v.lang === 'en' ? 'en' : 'zh'])}\n`);
      return 2;
    }
  } else r = lib.importText(decodeText(bytes), ref, opts);
  if (out !== '-' && existsSync(out) && !v.force) return merge(out, r, ref, io);
  if (out === '-') io.out(r.yaml);
  else writeAtomic(out, r.yaml);
  const errors = r.findings.filter((f) => f.severity === 'error');
  const warnings = r.findings.filter((f) => f.severity === 'warning');
  io.err(`yearbook import-text：${r.kind}，识别出 ${r.figures.size} 个数字${r.dropped.length ? `，${r.dropped.length} 个退回为文字` : ''}${out === '-' ? '' : `，已写入 ${out}`}\n`);
  if ('word' in r) {
    const w = r.word;
    const noted = r.footnotes.filter((f) => f.path !== null).length;
    // the credit as imported: the right-aligned last paragraph, or else the text's closing （作者）
    const author = w.author ?? /^ {2}author: (.+)$/m.exec(r.yaml)?.[1] ?? null;
    io.err(
      `  Word：${w.paragraphs} 个段落${w.numbered ? `（${w.numbered} 个自动编号或标题样式的段落补上编号）` : ''}，${w.tables} 个表格${w.tables ? `（${w.tableCells} 个数字单元格，${w.tableFigures} 个成为数字）` : ''}，${w.footnotes} 个脚注${w.footnotes ? `（${noted} 个成为数字的 note）` : ''}，署名：${author ?? '无'}\n`,
    );
  }
  for (const n of r.notes) io.err(`  注：${n}\n`);
  for (const d of r.dropped) io.err(`  退回 ${d.path}：${d.reason}\n`);
  for (const f of [...errors, ...warnings]) io.err(`  ${f.severity === 'error' ? '错误' : '警告'} [${f.kind}] ${f.path ?? ''} ${lib.renderMessage(f.message)}\n`);
  return errors.length > 0 ? 1 : 0;
}

/** Into an existing document: nothing of it lost, new figures and the text block added, conflicts reported. */
async function merge(out: string, r: Awaited<ReturnType<typeof import('../import-text/index.js')['importText']>>, ref: import('../import-text/index.js').Reference, io: Io): Promise<number> {
  const { mergeInto } = await import('../import-text/merge.js');
  const existing = readFileSync(out, 'utf8');
  const m = mergeInto(existing, r, ref);
  if (m.text === null) {
    io.err(`yearbook import-text：“${out}”（第${m.refused}处）无法读取为文档，未改动；请先运行 yearbook check 修正它，或用 --out 另存。\n`);
    return 1;
  }
  if (m.text !== existing) writeAtomic(out, m.text);
  const block = m.block === 'added' ? `，已加入 ${r.kind} 文字` : `；文件中已有 ${r.kind}，文字未导入（加 --force 以导入的文字覆盖整个文件，或用 --out 另存）`;
  io.err(`yearbook import-text：合并到已有的 ${out}：新增 ${m.added.length} 个数字，${m.same.length} 个与文件相同${block}。\n`);
  for (const c of m.conflicts) io.err(`  冲突 ${c.path}：文件中为 ${c.existing}，导入的文字为 ${c.imported}；保留文件中的数，文字中照原文印出\n`);
  return m.conflicts.length > 0 || m.block === 'kept' ? 1 : 0;
}

/** What is wrong with a Word file that cannot be read (WordError codes). */
const DAMAGE = {
  zip: { zh: '压缩包结构损坏，可能没有下载或复制完整', en: 'its zip package is broken, perhaps not fully downloaded or copied' },
  xml: { zh: '其中的文档内容不是完整的 XML', en: 'its document part is not well-formed XML' },
  missing: { zh: '其中没有 Word 正文（word/document.xml）', en: 'it has no Word main document part (word/document.xml)' },
  empty: { zh: '其中没有文字', en: 'it holds no text' },
  other: { zh: 'Word 读取程序无法解析', en: 'the Word reader could not parse it' },
} as const;

/** Why a file is not imported, and what to do (Chinese, or English with --lang en). */
function refusal(file: string, what: FileKind | 'damaged-docx' | 'empty-docx', lang: 'zh' | 'en', why = ''): string {
  const reads = lang === 'en' ? 'import-text reads UTF-8 text (.txt) or Word (.docx)' : 'import-text 读取 UTF-8 文字（.txt）或 Word（.docx）';
  const name = what === 'damaged-docx' || what === 'empty-docx' ? null : KIND_NAMES[what];
  if (lang === 'en') {
    const is = `“${file}” is ${name ? `a ${name.en} file` : ''}`;
    switch (what) {
      case 'damaged-docx':
        return `“${file}” looks like a Word file but is damaged and cannot be read (${why}). Open it in Word or WPS and save it again as .docx. Nothing was written.`;
      case 'empty':
        return `“${file}” is empty: there is no text to import. Nothing was written.`;
      case 'empty-docx':
        return `“${file}” is a Word file with no text in it: there is nothing to import. Nothing was written.`;
      case 'xlsx':
        return `${is}: a spreadsheet. Import its figures with yearbook import ${file} --into DIR. Nothing was written.`;
      case 'png': case 'jpeg': case 'gif': case 'webp': case 'bmp': case 'tiff':
        return `${is}: its text cannot be read. ${reads}: turn the image into text with OCR, save it as .txt or .docx and proofread the numbers. Nothing was written.`;
      case 'not-utf8':
        return `“${file}” is text not in UTF-8 (perhaps GBK). ${reads}: save it as UTF-8 .txt (Notepad, WPS) or as .docx. Nothing was written.`;
      case 'binary':
        return `“${file}” is not a text file (binary content). ${reads}: copy the text into a .txt file or save it as .docx. Nothing was written.`;
      default:
        return `${is}. ${reads}: open it in Word or WPS and save it as .docx, or copy the text into a .txt file. Nothing was written.`;
    }
  }
  const is = `“${file}”是${name?.zh ?? ''}文件`;
  switch (what) {
    case 'damaged-docx':
      return `“${file}”看起来是 Word 文件，但已损坏，无法读取（${why}）。请在 Word/WPS 中打开并重新另存为 .docx。未写入任何文件。`;
    case 'empty':
      return `“${file}”是空文件，没有可导入的文字。未写入任何文件。`;
    case 'empty-docx':
      return `“${file}”是 Word 文件，但其中没有文字，没有可导入的内容。未写入任何文件。`;
    case 'xlsx':
      return `${is}，是统计表：请用 yearbook import ${file} --into 目录 导入其中的数字。未写入任何文件。`;
    case 'png': case 'jpeg': case 'gif': case 'webp': case 'bmp': case 'tiff':
      return `${is}，其中的文字无法读取。${reads}：请先用文字识别（OCR）转成 .txt 或 .docx，并校对数字。未写入任何文件。`;
    case 'not-utf8':
      return `“${file}”不是 UTF-8 编码的文字（可能是 GBK）。${reads}：请在记事本或 WPS 中另存为 UTF-8 编码的 .txt，或另存为 .docx。未写入任何文件。`;
    case 'binary':
      return `“${file}”不是文字文件（含二进制内容）。${reads}：请把文字复制到 .txt 文件，或另存为 .docx。未写入任何文件。`;
    default:
      return `${is}。${reads}：请在 Word/WPS 中打开后另存为 .docx，或把文字复制到 .txt 文件。未写入任何文件。`;
  }
}

/** `yearbook fix [DIR]`: applies the safe prose fixes in place (src/fix/), prints the diff of a dry run or a summary, then what the check still reports; chooses the exit status. */
import { parseArgs } from 'node:util';
import { FolderError } from '../io/folder.js';
import { fixFolder, type FixResult } from '../fix/fix.js';
import { msg, render, t, type Lang } from '../core/findings/messages.js';
import { formatText } from '../report/text.js';
import type { Io } from './io.js';
import { argError, langOf } from './args.js';

export const HELP_ZH = `yearbook fix —— 就地改正数据文件文字中可以放心自动改正的问题：半角标点、繁体字、繁简转换残留的拼音

用法：
  yearbook fix [目录] [选项]          目录默认 data

改正的内容（只改 entry、summary、plan 中的文字、accept 的理由，以及 indicators.yaml 中印出的
指标名称 label、说明 description 和规则提示 message）：
  - 紧挨汉字的半角标点改为全角（GB/T 15834）：, → ，  ; → ；  : → ：  ? → ？  ! → ！
    包含或紧挨汉字的一对半角括号 ( ) → （ ），标点外侧多余的空格一并删去；
  - 简体文档（未写 script: traditional）中的繁体字改为简体（与 yearbook check 所用的 OpenCC 字表相同）；
  - 繁简转换残留的拼音注音：“發(fā)布”→“发布”。

不会改动：键名、注释、引号和缩进、换行符（CRLF 照旧）、BOM、figures 中的数字、{{…}} 占位符、
网址、数字之间的标点（1,234、3:1）、英文中的标点、regions.yaml，以及 indicators.yaml 的其余内容。
不是有效 YAML 或不是 UTF-8 的文件原样保留并说明原因，其余文件照常改正；目录之外的文件（链接指向的）不改。

选项：
  --dry-run             只显示将要做的修改（带行号的 diff），不写任何文件
  --lang zh|en          提示的语言（默认 zh）
  --no-color            不使用颜色（也可设环境变量 NO_COLOR）
  -h, --help            显示本说明

改正后自动核对目录，并显示仍然存在的问题。

退出状态：0 已改正（或无需改正）且核对无错误；1 有文件未能改正，或核对仍有错误；2 无法运行（目录不存在、选项有误）

示例：
  yearbook fix data --dry-run         # 先看将要改什么
  yearbook fix data
`;

export const HELP_EN = `yearbook fix — fixes in place what can safely be fixed in the text of the data files: half-width punctuation, traditional characters, pinyin debris

Usage:
  yearbook fix [DIR] [options]        DIR defaults to data

What it fixes (in the text under entry, summary and plan, in accept reasons, and in the labels,
descriptions and rule messages of indicators.yaml, which print):
  - half-width punctuation touching Chinese text becomes full-width (GB/T 15834): , ; : ? ! and ( )
    pairs enclosing or adjoining Chinese text; spaces outside such a mark are dropped;
  - traditional characters in a simplified document (no script: traditional), with the OpenCC table
    yearbook check uses;
  - pinyin debris of a bad conversion: 發(fā)布 → 发布.

What it never touches: keys, comments, quotes and indentation, line endings, a BOM, figures, {{…}}
placeholders, URLs, marks between digits or in Latin text (1,234, 3:1), regions.yaml, the rest of
indicators.yaml.
A file that is not valid YAML or not UTF-8 is left as it is, with the reason; the others are fixed.
Files outside DIR (through links) are not written.

Options:
  --dry-run             show the changes as a diff with line numbers; write nothing
  --lang zh|en          language of the messages (default zh)
  --no-color            no colour (or set NO_COLOR)
  -h, --help            show this help

The folder is checked afterwards and what remains is shown.

Exit status: 0 fixed (or nothing to fix) and no errors; 1 a file could not be fixed, or errors remain;
2 could not run (no such folder, bad options)

Examples:
  yearbook fix data --dry-run
  yearbook fix data
`;

export async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean', default: false }, lang: { type: 'string', default: 'zh' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    const lang = langOf(argv);
    io.err(`yearbook fix${lang === 'en' ? ': ' : '：'}${argError(e, { argv, lang })}\n${t('cli.see-help', { command: 'fix' }, lang)}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(v.lang === 'en' ? HELP_EN : HELP_ZH);
    return 0;
  }
  if (v.lang !== 'zh' && v.lang !== 'en') {
    io.err(`yearbook fix：不支持的语言“${String(v.lang)}”；可用：zh、en\n`);
    return 2;
  }
  const lang: Lang = v.lang;
  const sep = lang === 'en' ? ': ' : '：';
  if (parsed.positionals.length > 1) {
    io.err(lang === 'en' ? `yearbook fix: name one data folder only (got: ${parsed.positionals.join(' ')})\n` : `yearbook fix：只能指定一个数据目录（收到：${parsed.positionals.join(' ')}）\n`);
    return 2;
  }
  const dir = parsed.positionals[0] ?? 'data';
  let result: FixResult;
  try {
    result = fixFolder(dir, { dryRun: v['dry-run'] === true });
  } catch (e) {
    if (e instanceof FolderError) {
      io.err(`yearbook fix${sep}${render(e.problem, lang)}\n`);
      return 2;
    }
    throw e;
  }
  for (const r of result.refused) io.err(`yearbook fix${sep}${t('fix.refused', { file: r.file, reason: r.reason }, lang)}\n`);
  const count = (c: FixResult['total']): number => c.punctuation + c.traditional + c.debris;
  const n = count(result.total);
  if (result.dryRun) for (const f of result.fixed) io.out(f.diff + '\n');
  if (n === 0) io.out(t('fix.nothing', { documents: result.documents }, lang) + '\n');
  else {
    const counts = msg('fix.counts', { ...result.total });
    io.out(t(result.dryRun ? 'fix.dry-run' : 'fix.done', { count: n, counts, files: result.fixed.length }, lang) + '\n');
    if (!result.dryRun) {
      for (const f of result.fixed) io.out(t('fix.file', { file: f.file, count: count(f.counts), counts: msg('fix.counts', { ...f.counts }), lines: lineList(f.lines, lang) }, lang) + '\n');
    }
  }
  io.out('\n' + t(result.dryRun ? 'fix.remaining-dry' : 'fix.remaining', {}, lang) + '\n');
  io.out(formatText(result.report, { lang, color: v['no-color'] ? false : io.colorOut }));
  return result.refused.length > 0 || result.report.summary.errors > 0 ? 1 : 0;
}

/** Lines 3, 5–9, 12 as a short list. */
function lineList(lines: number[], lang: Lang): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    parts.push(j > i ? `${lines[i]}${lang === 'en' ? '–' : '—'}${lines[j]}` : String(lines[i]));
    i = j + 1;
  }
  return parts.join(lang === 'en' ? ', ' : '、');
}

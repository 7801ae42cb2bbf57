/** The `yearbook` command line: parses arguments, prints help, dispatches commands, refuses what a build cannot use before it starts, maps failures to exit status 2. The only place that decides exit codes. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORMATS, runCheck, type Format } from './check-command.js';
import { processIo, type Io } from './io.js';
import { msg, t, type Lang } from '../core/findings/messages.js';
import { argError, langOf, outFolderWhy, type ArgErrorContext } from './args.js';

/** `yearbook --help`: every command in one line, the common options, the exit statuses. */
const HELP_ZH = `yearbook —— 医疗保障统计年鉴与工作总结的数据核对与排版工具

用法：yearbook 命令 [参数] [选项]

命令：
  check [目录]                                        核对数据目录（默认 data）中的数字是否前后一致
  build [目录]                                        核对后生成PDF或Word文件：年鉴条目、各年分卷（含目录）、工作总结、实施方案（按印发原文）及其任务进展表
  serve [目录]                                        在浏览器中预览数据目录，文件保存后自动刷新
  import 文件 --into 目录                             把 Excel/CSV 统计表中的数字导入数据目录
  import-text 文件 --region 代码 --year 年份          把文字稿（.txt）或 Word 文件（.docx）——工作总结、年鉴条目、实施方案——转成地区年度数据文件
  init 目录 --region 代码                             新建一个数据目录：地区树、指标目录、各地区的空白年度文件
  schema [目录]                                       生成数据文件的 JSON Schema，供编辑器补全指标路径、标出未知路径
  fix [目录]                                          就地改正文字中的半角标点、繁体字和拼音残留（--dry-run 只显示修改）
  diff 原目录 新目录                                  列出两个版本之间修改、新增和删除的数字（原数 → 现数）；目录可写成 git 版本，如 main:data

每个命令的选项和示例：yearbook 命令 --help（如 yearbook check --help、yearbook build --help）

通用选项：
  --lang zh|en                            提示和报告的语言（默认 zh）
  --no-color                              不使用颜色（也可设环境变量 NO_COLOR）
  -h, --help                              显示帮助
  -v, --version                           显示版本号

退出状态：0 无错误；1 有错误（或警告超过 --max-warnings；build 时数据有错误且未加 --draft）；
2 无法运行（目录不存在、选项有误、找不到浏览器）

示例：
  yearbook check data
  yearbook check data --format json > report.json
  yearbook build data --out out             # PDF 写入 out/2022/150000/entry.pdf 等
  yearbook serve data                       # 在 http://127.0.0.1:4321/ 预览
  yearbook check --help                     # check 的全部选项
`;

const HELP_EN = `yearbook — checks and typesets medical-insurance yearbook entries and work summaries

Usage: yearbook COMMAND [ARGUMENTS] [options]

Commands:
  check [DIR]                                   check that the figures in DIR (default: data) agree with each other
  build [DIR]                                   check, then print PDFs or Word files: entries, a chapter per year, summaries, plan reports
  serve [DIR]                                   preview DIR in the browser, refreshed whenever a file is saved
  import FILE --into DIR                        import the figures of an Excel or CSV table into DIR
  import-text FILE --region CODE --year YEAR    turn a text (.txt) or Word file (.docx) — a summary, an entry, a plan — into a region-year document
  init DIR --region CODE                        create a data folder: region tree, indicator catalogue, one empty document per region
  schema [DIR]                                  write the JSON Schema of DIR's documents, for completion and checks in editors
  fix [DIR]                                     fix half-width punctuation, traditional characters and pinyin debris in place (--dry-run shows the diff)
  diff OLD NEW                                  list the figures changed, added or removed between two versions (old → new); a folder may be a git revision, main:data

Options and examples of a command: yearbook COMMAND --help (e.g. yearbook check --help, yearbook build --help)

Common options:
  --lang zh|en                            language of messages and reports (default zh)
  --no-color                              no colour (or set NO_COLOR)
  -h, --help                              show help
  -v, --version                           show the version

Exit status: 0 no errors; 1 errors (or too many warnings; build refused); 2 could not run

Examples:
  yearbook check data
  yearbook check data --format json > report.json
  yearbook build data --out out
  yearbook serve data                       # preview at http://127.0.0.1:4321/
  yearbook check --help --lang en
`;

/** `yearbook check --help`. */
const CHECK_HELP_ZH = `yearbook check —— 核对数据目录中的数字是否前后一致：合计与分项、增长率、上下级地区、文字中引用的数字

用法：
  yearbook check [目录] [选项]            目录默认 data

选项：
  --format text|json|github|junit|sarif   报告格式（默认 text）
  --quiet                                 只显示错误
  --max-warnings N                        警告超过 N 个时以状态1退出
  --color                                 输出不是终端时也使用颜色
  --lang zh|en                            报告语言（默认 zh）
  --no-color                              不使用颜色（也可设环境变量 NO_COLOR）
  -h, --help                              显示本说明

退出状态：0 无错误；1 有错误，或警告超过 --max-warnings；2 无法运行（目录不存在、选项有误）

示例：
  yearbook check data
  yearbook check data --format json > report.json
  yearbook check data --format github       # 在 GitHub Actions 中标注出错的行
  yearbook check data --quiet --max-warnings 0
`;

const CHECK_HELP_EN = `yearbook check — checks that the figures of a data folder agree: totals and parts, growth rates, regions and their parts, figures quoted in the text

Usage:
  yearbook check [DIR] [options]          DIR defaults to data

Options:
  --format text|json|github|junit|sarif   report format (default text)
  --quiet                                 errors only
  --max-warnings N                        exit 1 when there are more than N warnings
  --color                                 colour even when the output is not a terminal
  --lang zh|en                            language of the report (default zh)
  --no-color                              no colour (or set NO_COLOR)
  -h, --help                              show this help

Exit status: 0 no errors; 1 errors, or more warnings than --max-warnings; 2 could not run (no such folder, bad options)

Examples:
  yearbook check data --lang en
  yearbook check data --format json > report.json
  yearbook check data --format github       # annotates the lines in GitHub Actions
  yearbook check data --quiet --max-warnings 0
`;

/** `yearbook build --help`. */
const BUILD_HELP_ZH = `yearbook build —— 核对数据目录，没有错误时生成PDF（或Word文件）：年鉴条目、各年分卷（含目录）、工作总结、实施方案（按印发原文）及其任务进展表

用法：
  yearbook build [目录] [选项]            目录默认 data

选项：
  --out 目录                              输出目录（默认 out）：out/年份/地区代码/entry.pdf 等
  --templates 目录                        使用自己的模板副本（默认为程序自带的 templates）
  --draft                                 数据有错误时仍生成，每页标注“草稿 · N处数据不一致”
  --rounding half-up|half-even            印刷时的舍入方式（默认 half-up 四舍五入；half-even 为“四舍六入五成双”）
  --chapter 名称                          栏目名：书眉和各年分卷开头的标题（默认 医疗保障）
  --chapter-page                          分卷以篇章页开头（只有栏目名的右页，背面空白）
  --tables after|end                      分卷中的统计表（分地区表）：印在所述地区的条目之后（默认 after），或集中为卷末“统计资料”（end）
  --errata 上卷数据目录                   分卷末加“勘误表”：列出本卷各地区与上卷数据不同的数字（原数、更正为）
  --errata-index 文件                     上卷构建时写在分卷PDF旁的页码索引（如 上卷输出/2022/chapter.index.json）：勘误表加“页码”栏
  --format pdf|docx                       生成PDF（默认）或Word文件（.docx）
  --force                                 全部重新生成，不使用缓存（默认只重新生成输入有变化的文件，见下）
  --watch                                 生成后继续运行：数据目录或模板保存后只重新生成有变化的文件（浏览器保持打开），Ctrl-C 退出
  --shard i/n                             只生成 n 份中的第 i 份（多台机器分担一次构建；n 份合起来与一次完整构建的文件逐字节相同）
  --lang zh|en                            提示和报告的语言（默认 zh）
  --no-color                              不使用颜色（也可设环境变量 NO_COLOR）
  -h, --help                              显示本说明

需要 Chromium 浏览器（Debian/Ubuntu：apt-get install -y chromium）；其他位置的浏览器用环境变量
PUPPETEER_EXECUTABLE_PATH 指定。按 Ctrl-C 可随时中断，已有的输出文件不会被写坏。

PDF构建的缓存在 输出目录/.yearbook-cache/：输入（文档及其引用的同地区其他年份、下级地区的文档，
地区表、指标目录、模板、字体、选项、程序和浏览器版本）没有变化的文件不再生成，文件和修改时间
保持不变，结果与全部重新生成相同。删除该目录总是安全的（下次全部重新生成）。

退出状态：0 已生成；1 数据有错误且未加 --draft，或模板有误；2 无法运行（目录不存在、选项有误、
输出目录不能写入、找不到浏览器）

示例：
  yearbook build data --out out             # PDF 写入 out/2022/150000/entry.pdf 等
  yearbook build data --draft               # 校对用草稿
  yearbook build data --format docx         # Word 文件
  yearbook build data --templates 我的模板  # 用自己修改过的模板副本
  yearbook build data --watch               # 边改边看：保存后重新生成改动的条目和分卷
`;

const BUILD_HELP_EN = `yearbook build — checks a data folder and, when it has no errors, prints PDFs (or Word files): entries, a chapter per year with its contents, summaries, plan reports

Usage:
  yearbook build [DIR] [options]          DIR defaults to data

Options:
  --out DIR                               output folder (default out): out/YEAR/CODE/entry.pdf …
  --templates DIR                         your own copy of the templates (default: the bundled templates)
  --draft                                 build despite errors, every page stamped 草稿 (draft)
  --rounding half-up|half-even            rounding for printing (default half-up; half-even rounds halves to even)
  --chapter NAME                          chapter named in running heads and opening each chapter (default 医疗保障)
  --chapter-page                          open a chapter with a part-title page (its title alone, right-hand)
  --tables after|end                      a chapter's statistical tables: after the entries of the region they describe (default after), or together in a 统计资料 part at the end (end)
  --errata OLD                            end each chapter with a 勘误表: the figures of its regions that differ from the previous volume's data folder OLD (原数, 更正为)
  --errata-index FILE                     the page index the previous volume's build wrote beside its chapter PDF (e.g. OLD-OUT/2022/chapter.index.json): adds a 页码 column
  --format pdf|docx                       PDF (default) or Word files (.docx)
  --force                                 rebuild everything, ignoring the cache (by default only outputs whose inputs changed are made again)
  --watch                                 keep running after the build: rebuild what changed on each save in the data or templates folder (the browser stays open); Ctrl-C ends
  --shard i/n                             build only the i-th of n shares of the outputs (a build split across machines; the n shares together are the files of one full build, byte for byte)
  --lang zh|en                            language of messages and reports (default zh)
  --no-color                              no colour (or set NO_COLOR)
  -h, --help                              show this help

Needs Chromium (Debian/Ubuntu: apt-get install -y chromium); PUPPETEER_EXECUTABLE_PATH names a browser
elsewhere. Ctrl-C stops a build at any time without damaging the files already there.

The PDF build's cache is OUT/.yearbook-cache/: an output whose inputs (its documents and those they read —
the region's other years, its children —, regions, catalogue, templates, fonts, options, the tool's and
the browser's versions) did not change is not made again and its file and mtime stay as they are; the
result is the same as a full build. Deleting that folder is always safe (the next build is a full one).

Exit status: 0 built; 1 errors in the data without --draft, or a bad template; 2 could not run (no such
folder, bad options, an output folder that cannot be written, no browser)

Examples:
  yearbook build data --out out             # out/2022/150000/entry.pdf …
  yearbook build data --draft --lang en     # a draft for proofreading
  yearbook build data --format docx         # Word files
  yearbook build data --watch               # rebuild the changed entries and chapter on each save
`;

/** A command's help in both languages. */
interface Help {
  zh: string;
  en: string;
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    // A bug of ours, not a problem of the input: say so in one line; details only on request.
    io.err(`yearbook：内部错误：${(e as Error).message ?? String(e)}\n请将此信息和所用数据报告给维护者（设置 YEARBOOK_DEBUG=1 可显示详细信息）。\n`);
    if (io.env.YEARBOOK_DEBUG) io.err(String((e as Error).stack) + '\n');
    return 2;
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  // `yearbook --lang en check …`: the common option before the command
  if (argv[0] === '--lang' && argv.length > 2) argv = [...argv.slice(2), '--lang', argv[1]!];
  const [command, ...rest] = argv;
  const help = langOf(argv) === 'en' ? HELP_EN : HELP_ZH;
  // `yearbook help build` is `yearbook build --help`
  if (command === 'help' && rest[0] !== undefined && COMMANDS.includes(rest[0])) return dispatch([rest[0], '--help', ...rest.slice(1)], io);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(help);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.out(version() + '\n');
    return 0;
  }
  if (command === 'build') return buildCommand(rest, io, { zh: BUILD_HELP_ZH, en: BUILD_HELP_EN });
  if (command === 'check') return checkCommand(rest, io, { zh: CHECK_HELP_ZH, en: CHECK_HELP_EN });
  const load = MODULE_COMMANDS[command];
  if (load) return (await load()).run(rest, io);
  io.err(`yearbook：未知命令“${command}”。可用命令：${COMMANDS.join('、')}。运行 yearbook --help 查看用法。\n`);
  return 2;
}

type CommandModule = { run(argv: string[], io: Io): Promise<number> };

/** Commands implemented in their own module, loaded only when used. */
const MODULE_COMMANDS: Record<string, (() => Promise<CommandModule>) | undefined> = {
  schema: () => import('./schema-command.js'),
  init: () => import('./init-command.js'),
  import: () => import('./import-command.js'),
  'import-text': () => import('./import-text-command.js'),
  serve: () => import('./serve-command.js'),
  fix: () => import('./fix-command.js'),
  diff: () => import('./diff-command.js'),
};

/** Every command, in the order of `yearbook --help`. */
const COMMANDS = ['check', 'build', 'serve', 'import', 'import-text', 'init', 'schema', 'fix', 'diff'];

interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  dir: string;
  lang: Lang;
}

/**
 * Parses a command's options and its one folder (default data), with --help, --lang and --no-color
 * common to all; prints help or a usage error and returns the exit status instead of arguments.
 */
function parseCommand(name: string, rest: string[], options: ParseArgsOptionsConfig, io: Io, help: Help, needs: ArgErrorContext['needs'] = {}): CommandArgs | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { ...options, lang: { type: 'string', default: 'zh' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    const lang = langOf(rest);
    io.err(`yearbook ${name}${lang === 'en' ? ': ' : '：'}${argError(e, { argv: rest, lang, needs })}\n${t('cli.see-help', { command: name }, lang)}\n`);
    return 2;
  }
  const values = parsed.values as CommandArgs['values'];
  if (values.help) {
    io.out(values.lang === 'en' ? help.en : help.zh);
    return 0;
  }
  if (values.lang !== 'zh' && values.lang !== 'en') {
    io.err(`yearbook ${name}：不支持的语言“${String(values.lang)}”；可用：zh、en\n`);
    return 2;
  }
  if (parsed.positionals.length > 1) {
    io.err(`yearbook ${name}：只能指定一个数据目录（收到：${parsed.positionals.join(' ')}）\n`);
    return 2;
  }
  return { values, dir: parsed.positionals[0] ?? 'data', lang: values.lang };
}

function checkCommand(rest: string[], io: Io, help: Help): number | Promise<number> {
  const a = parseCommand('check', rest, { format: { type: 'string', default: 'text' }, quiet: { type: 'boolean', default: false }, 'max-warnings': { type: 'string' }, color: { type: 'boolean' } }, io, help, { 'max-warnings': 'cli.need.count' });
  if (typeof a === 'number') return a;
  const v = a.values;
  const format = String(v.format);
  if (!(FORMATS as readonly string[]).includes(format)) {
    io.err(`yearbook check：不支持的格式“${format}”；可用：${FORMATS.join('、')}\n`);
    return 2;
  }
  let maxWarnings: number | null = null;
  if (v['max-warnings'] !== undefined) {
    const text = String(v['max-warnings']);
    if (!/^\d+$/.test(text)) {
      io.err(`yearbook check${a.lang === 'en' ? ': ' : '：'}${t('cli.arg-needs', { opt: '--max-warnings', need: msg('cli.need.count'), value: text }, a.lang)}\n`);
      return 2;
    }
    maxWarnings = Number(text);
  }
  const color = v['no-color'] ? false : v.color ? true : io.colorOut;
  const threads = /^\d+$/.test(io.env.YEARBOOK_THREADS ?? '') ? Math.max(1, Number(io.env.YEARBOOK_THREADS)) : undefined;
  // YEARBOOK_FAST=0: the full check only, without the fast lane that certifies plain figure documents
  const fast = io.env.YEARBOOK_FAST !== '0';
  return runCheck({ dir: a.dir, format: format as Format, quiet: v.quiet === true, maxWarnings, lang: a.lang, color, version: version(), fast, ...(threads === undefined ? {} : { threads }) }, io);
}

/** What only `build` needs, loaded when it runs (a `check` starts without the renderer's modules). */
async function buildModules(): Promise<{ parseShard: typeof import('../render/shards.js').parseShard; errata: typeof import('../render/errata.js'); checkOutputFolder: typeof import('../io/out-folder.js').checkOutputFolder }> {
  const [shards, errata, out] = await Promise.all([import('../render/shards.js'), import('../render/errata.js'), import('../io/out-folder.js')]);
  return { parseShard: shards.parseShard, errata, checkOutputFolder: out.checkOutputFolder };
}

async function buildCommand(rest: string[], io: Io, help: Help): Promise<number> {
  const { parseShard, errata: errataModule, checkOutputFolder } = await buildModules();
  const a = parseCommand('build', rest, { out: { type: 'string', default: 'out' }, templates: { type: 'string' }, draft: { type: 'boolean', default: false }, rounding: { type: 'string', default: 'half-up' }, chapter: { type: 'string', default: '医疗保障' }, 'chapter-page': { type: 'boolean', default: false }, tables: { type: 'string', default: 'after' }, format: { type: 'string', default: 'pdf' }, shard: { type: 'string' }, force: { type: 'boolean', default: false }, watch: { type: 'boolean', default: false }, errata: { type: 'string' }, 'errata-index': { type: 'string' } }, io, help);
  if (typeof a === 'number') return a;
  const v = a.values;
  if (v.format !== 'pdf' && v.format !== 'docx') {
    io.err(`yearbook build：--format 可为 pdf（默认）或 docx（Word），而不是“${String(v.format)}”\n`);
    return 2;
  }
  if (v.watch === true && v.format !== 'pdf') {
    io.err(a.lang === 'en' ? 'yearbook build: --watch rebuilds PDFs only (without --format docx)\n' : 'yearbook build：--watch 只用于生成PDF（不能与 --format docx 同用）\n');
    return 2;
  }
  if (v.tables !== 'after' && v.tables !== 'end') {
    io.err(a.lang === 'en' ? `yearbook build: --tables is after (default: after the entries of the region they describe) or end (a 统计资料 part at the end of the chapter), not “${String(v.tables)}”\n` : `yearbook build：--tables 可为 after（印在所述地区的条目之后，默认）或 end（卷末“统计资料”），而不是“${String(v.tables)}”\n`);
    return 2;
  }
  const shard = v.shard === undefined ? null : parseShard(String(v.shard));
  if (v.shard !== undefined && shard === null) {
    io.err(a.lang === 'en' ? `yearbook build: --shard is i/n with 1 ≤ i ≤ n ≤ 1000 (e.g. --shard 2/4: the second of four shares), not “${String(v.shard)}”\n` : `yearbook build：--shard 应为 i/n，1 ≤ i ≤ n ≤ 1000（如 --shard 2/4：四份中的第二份），而不是“${String(v.shard)}”\n`);
    return 2;
  }
  if (v.rounding !== 'half-up' && v.rounding !== 'half-even') {
    io.err(`yearbook build：--rounding 可为 half-up（四舍五入，默认）或 half-even（GB/T 8170 的“四舍六入五成双”），而不是“${String(v.rounding)}”\n`);
    return 2;
  }
  const errata = errataProblem(v.errata, v['errata-index'], a.lang, errataModule);
  if (typeof errata === 'string') {
    io.err(`yearbook build${a.lang === 'en' ? ': ' : '：'}${errata}\n`);
    return 2;
  }
  // what the build needs from its surroundings, before a browser starts: each a usage error
  const out = String(v.out);
  const templates = typeof v.templates === 'string' ? v.templates : fileURLToPath(new URL('../../templates', import.meta.url));
  const unusable = out === '' ? t('cli.out-empty', {}, a.lang) : (templatesProblem(templates, a.lang) ?? browserEnvProblem(io.env, a.lang) ?? outFolderProblem(out, a.lang, checkOutputFolder));
  if (unusable !== null) {
    io.err(`yearbook build${a.lang === 'en' ? ': ' : '：'}${unusable}\n`);
    return 2;
  }
  const { runBuild } = await import('./build-command.js');
  return runBuild(
    {
      dir: a.dir,
      out,
      templates,
      draft: v.draft === true,
      rounding: v.rounding,
      chapter: String(v.chapter),
      chapterPage: v['chapter-page'] === true,
      tables: v.tables === 'end' ? 'appendix' : 'after',
      lang: a.lang,
      color: v['no-color'] ? false : io.colorOut,
      progress: process.stderr.isTTY === true && !io.env.CI,
      format: v.format,
      force: v.force === true,
      watch: v.watch === true,
      shard,
      errata,
    },
    io,
  );
}

/**
 * --errata OLD [--errata-index FILE]: OLD must be a folder and FILE a file (what they hold is the
 * build's to judge, the index read now too); --errata-index needs --errata. A message, or
 * what the build takes.
 */
function errataProblem(dir: unknown, index: unknown, lang: Lang, { parseChapterIndex, ChapterIndexError }: typeof import('../render/errata.js')): string | { dir: string; index: string | null } | null {
  const en = lang === 'en';
  if (dir === undefined) return index === undefined ? null : en ? '--errata-index needs --errata OLD (the data folder of the previous volume)' : '--errata-index 需与 --errata 上卷数据目录 同用';
  const old = String(dir);
  let isDir = false;
  try {
    isDir = old !== '' && statSync(old).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) return en ? `--errata: the data folder of the previous volume “${old}” does not exist or is not a folder` : `--errata 指定的上卷数据目录“${old}”不存在或不是目录`;
  if (index === undefined) return { dir: old, index: null };
  const file = String(index);
  let isFile = false;
  try {
    isFile = file !== '' && statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) return en ? `--errata-index: “${file}” is not a file (give the chapter.index.json the previous volume's build wrote beside its chapter PDF)` : `--errata-index 指定的“${file}”不是文件（应为上卷构建时写在分卷PDF旁的 chapter.index.json）`;
  // read now, before a browser starts (the build reads it again, as it is then)
  try {
    parseChapterIndex(readFileSync(file, 'utf8'), file, lang);
  } catch (e) {
    if (e instanceof ChapterIndexError) return e.message;
    return en ? `--errata-index: cannot read “${file}”` : `--errata-index 指定的“${file}”无法读取`;
  }
  return { dir: old, index: file };
}

/** A --templates folder that is not there (its missing files are the build's to name). */
function templatesProblem(dir: string, lang: Lang): string | null {
  try {
    if (statSync(dir).isDirectory()) return null;
  } catch {
    // missing, or not to be looked into: the same advice
  }
  return t('cli.templates-missing', { dir }, lang);
}

/**
 * PUPPETEER_EXECUTABLE_PATH, when set, must name a program: the build would otherwise take
 * another browser without a word (a missing file) or fail inside puppeteer (a folder, a file that
 * cannot be run).
 */
function browserEnvProblem(env: Io['env'], lang: Lang): string | null {
  const path = env.PUPPETEER_EXECUTABLE_PATH;
  if (path === undefined || path === '') return null;
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return t('cli.browser-env-missing', { path }, lang);
  }
  if (isDir) return t('cli.browser-env-not-program', { path, what: msg('cli.browser-is-folder') }, lang);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return t('cli.browser-env-not-program', { path, what: msg('cli.browser-not-executable') }, lang);
  }
  return null;
}

/** An output folder the build could not write into: a file, under /proc or /sys, read-only … */
function outFolderProblem(out: string, lang: Lang, checkOutputFolder: typeof import('../io/out-folder.js').checkOutputFolder): string | null {
  const p = checkOutputFolder(out);
  return p === null ? null : t('cli.out-unusable', { out, why: outFolderWhy(p) }, lang);
}

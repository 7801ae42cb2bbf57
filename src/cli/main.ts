/** The `yearbook` command line: parses arguments, dispatches commands, maps failures to exit status 2. The only place that decides exit codes. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORMATS, runCheck, type Format } from './check-command.js';
import { processIo, type Io } from './io.js';
import type { Lang } from '../core/findings/messages.js';
import { argError } from './args.js';

const HELP_ZH = `yearbook —— 医疗保障统计年鉴与工作总结的数据核对与排版工具

用法:
  yearbook check [目录] [选项]     核对数据目录(默认 data)中的数字是否前后一致
  yearbook build [目录] [选项]     核对后生成PDF:年鉴条目、各年分卷(含目录)、工作总结、方案任务进展

check 的选项:
  --format text|json|github|junit|sarif   报告格式(默认 text)
  --quiet                                 只显示错误
  --max-warnings N                        警告超过 N 个时以状态1退出

build 的选项:
  --out 目录                              输出目录(默认 out):out/年份/地区代码/entry.pdf 等
  --templates 目录                        使用自己的模板副本(默认为程序自带的 templates)
  --draft                                 数据有错误时仍生成,每页标注“草稿 · N处数据不一致”
  --rounding half-up|half-even            印刷时的舍入方式(默认四舍五入)
  --chapter 名称                          书眉中的栏目名(默认 医疗保障)
  --format pdf|docx                       生成PDF(默认)或Word文件(.docx)

通用选项:
  --lang zh|en                            报告语言(默认 zh)
  --no-color                              不使用颜色(也可设环境变量 NO_COLOR)

退出状态:0 无错误;1 有错误(或警告超过 --max-warnings;build 时数据有错误且未加 --draft);
2 无法运行(目录不存在、选项有误、找不到浏览器)

示例:
  yearbook check data
  yearbook check data --format json > report.json
  yearbook check data --format github       # 在 GitHub Actions 中标注出错的行
  yearbook build data --out out             # PDF 写入 out/2022/150000/entry.pdf 等
  yearbook build data --draft               # 校对用草稿
`;

const HELP_EN = `yearbook — checks and typesets medical-insurance yearbook entries and work summaries

Usage:
  yearbook check [DIR] [options]    check that the figures in DIR (default: data) agree with each other
  yearbook build [DIR] [options]    check, then print PDFs: entries, a chapter per year, summaries, plan reports

Options of check:
  --format text|json|github|junit|sarif   report format (default text)
  --quiet                                 errors only
  --max-warnings N                        exit 1 when there are more than N warnings

Options of build:
  --out DIR                               output folder (default out): out/YEAR/CODE/entry.pdf …
  --templates DIR                         your own copy of the templates
  --draft                                 build despite errors, every page stamped 草稿
  --rounding half-up|half-even            rounding for printing (default half-up, 四舍五入)
  --chapter NAME                          chapter named in running heads (default 医疗保障)
  --format pdf|docx                       PDF (default) or Word files

Common options:
  --lang zh|en                            language of messages (default zh)
  --no-color                              no colour (or set NO_COLOR)

Exit status: 0 no errors; 1 errors (or too many warnings; build refused); 2 could not run

Examples:
  yearbook check data
  yearbook check data --format json > report.json
  yearbook build data --out out
`;

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
    io.err(`yearbook: 内部错误:${(e as Error).message ?? String(e)}\n请将此信息和所用数据报告给维护者(设置 YEARBOOK_DEBUG=1 可显示详细信息)。\n`);
    if (io.env.YEARBOOK_DEBUG) io.err(String((e as Error).stack) + '\n');
    return 2;
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  const langArg = argv.includes('--lang') ? argv[argv.indexOf('--lang') + 1] : undefined;
  const help = langArg === 'en' ? HELP_EN : HELP_ZH;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(help);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.out(version() + '\n');
    return 0;
  }
  if (command === 'build') return buildCommand(rest, io, help);
  if (command === 'check') return checkCommand(rest, io, help);
  const load = MODULE_COMMANDS[command];
  if (load) return (await load()).run(rest, io);
  io.err(`yearbook: 未知命令“${command}”。可用命令:${['check', 'build', ...Object.keys(MODULE_COMMANDS)].join('、')}。运行 yearbook --help 查看用法。\n`);
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
};

interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  dir: string;
  lang: Lang;
}

/**
 * Parses a command's options and its one folder (default data), with --help, --lang and --no-color
 * common to all; prints help or a usage error and returns the exit status instead of arguments.
 */
function parseCommand(name: string, rest: string[], options: ParseArgsOptionsConfig, io: Io, help: string): CommandArgs | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { ...options, lang: { type: 'string', default: 'zh' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.err(`yearbook ${name}: ${argError(e)}\n运行 yearbook --help 查看用法。\n`);
    return 2;
  }
  const values = parsed.values as CommandArgs['values'];
  if (values.help) {
    io.out(help);
    return 0;
  }
  if (values.lang !== 'zh' && values.lang !== 'en') {
    io.err(`yearbook ${name}: 不支持的语言“${String(values.lang)}”;可用:zh、en\n`);
    return 2;
  }
  if (parsed.positionals.length > 1) {
    io.err(`yearbook ${name}: 只能指定一个数据目录(收到:${parsed.positionals.join(' ')})\n`);
    return 2;
  }
  return { values, dir: parsed.positionals[0] ?? 'data', lang: values.lang };
}

function checkCommand(rest: string[], io: Io, help: string): number {
  const a = parseCommand('check', rest, { format: { type: 'string', default: 'text' }, quiet: { type: 'boolean', default: false }, 'max-warnings': { type: 'string' }, color: { type: 'boolean' } }, io, help);
  if (typeof a === 'number') return a;
  const v = a.values;
  const format = String(v.format);
  if (!(FORMATS as readonly string[]).includes(format)) {
    io.err(`yearbook check: 不支持的格式“${format}”;可用:${FORMATS.join('、')}\n`);
    return 2;
  }
  let maxWarnings: number | null = null;
  if (v['max-warnings'] !== undefined) {
    const text = String(v['max-warnings']);
    if (!/^\d+$/.test(text)) {
      io.err(`yearbook check: --max-warnings 需要一个非负整数,而不是“${text}”\n`);
      return 2;
    }
    maxWarnings = Number(text);
  }
  const color = v['no-color'] ? false : v.color ? true : io.colorOut;
  return runCheck({ dir: a.dir, format: format as Format, quiet: v.quiet === true, maxWarnings, lang: a.lang, color, version: version() }, io);
}

async function buildCommand(rest: string[], io: Io, help: string): Promise<number> {
  const a = parseCommand('build', rest, { out: { type: 'string', default: 'out' }, templates: { type: 'string' }, draft: { type: 'boolean', default: false }, rounding: { type: 'string', default: 'half-up' }, chapter: { type: 'string', default: '医疗保障' }, format: { type: 'string', default: 'pdf' } }, io, help);
  if (typeof a === 'number') return a;
  const v = a.values;
  if (v.format !== 'pdf' && v.format !== 'docx') {
    io.err(`yearbook build: --format 可为 pdf(默认)或 docx(Word),而不是“${String(v.format)}”\n`);
    return 2;
  }
  if (v.rounding !== 'half-up' && v.rounding !== 'half-even') {
    io.err(`yearbook build: --rounding 可为 half-up(四舍五入,默认)或 half-even(GB/T 8170 的“四舍六入五成双”),而不是“${String(v.rounding)}”\n`);
    return 2;
  }
  const { runBuild } = await import('./build-command.js');
  return runBuild(
    {
      dir: a.dir,
      out: String(v.out),
      templates: typeof v.templates === 'string' ? v.templates : fileURLToPath(new URL('../../templates', import.meta.url)),
      draft: v.draft === true,
      rounding: v.rounding,
      chapter: String(v.chapter),
      lang: a.lang,
      color: v['no-color'] ? false : io.colorOut,
      progress: process.stderr.isTTY === true && !io.env.CI,
      format: v.format,
    },
    io,
  );
}


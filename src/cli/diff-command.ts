/** `yearbook diff OLD NEW` and `yearbook diff --editions A B [DIR]` (FORMAT.md §11): parses the arguments, runs app/diff.ts, prints the chosen report; exit 0 same, 1 differs, 2 could not run. */
import { parseArgs } from 'node:util';
import { diffFolderEditions, diffFolders, EditionError, FolderError, gitFolderOf, type DiffResult } from '../app/diff.js';
import { render, t, type Lang } from '../core/findings/messages.js';
import type { DiffReport } from '../report/diff-common.js';
import { formatDiffText } from '../report/diff-text.js';
import { formatDiffJson } from '../report/diff-json.js';
import { formatDiffGithub } from '../report/diff-github.js';
import { formatDiffMarkdown } from '../report/diff-markdown.js';
import type { Io } from './io.js';
import { argError, langOf } from './args.js';

export const HELP_ZH = `yearbook diff —— 比较两个版本的数据目录，列出每一个修改、新增和删除的数字（原数 → 现数）及其在新版中的位置

用法：
  yearbook diff 原目录 新目录 [选项]
  yearbook diff 版本:目录 [新目录] [选项]          读取 git 版本中的目录（如 main:data）；新目录默认为工作区中的同一目录
  yearbook diff --editions 先出版本 后出版本 [目录]  同一目录中两个版本（edition，如 快报、年报）的差异，目录默认 data

文档按地区、年份和版本（edition）对应，数字按指标路径对应；数字按原文比较（含单位和“以上”“不低于”等），
同一个数只是写法不同（是否写出指标目录 indicators.yaml 中的单位、改用行内写法）不算修改。原目录、新目录都可以写成 git 的
“版本:路径”（如 origin/main:data、HEAD~1:data），路径从仓库根目录算起（相对当前目录写成 HEAD:./data）。
无法读取的文档（YAML 有误等）不比较，单独列出；只有一边无法读取时算作有差异。

选项：
  --format text|json|github|markdown   报告格式（默认 text）：text 按地区和年份分组；json 见 FORMAT.md §11；
                                       github 为 GitHub Actions 标注（拉取请求中标在改动的行上）；markdown 为表格（作业摘要用）
  --editions 先出版本 后出版本         比较同一目录中的两个版本，如 --editions 快报 年报
  --color                              输出不是终端时也使用颜色
  --lang zh|en                         报告语言（默认 zh）
  --no-color                           不使用颜色（也可设环境变量 NO_COLOR）
  -h, --help                           显示本说明

退出状态：0 没有差异；1 有数字修改、新增或删除（或某个文档只有一边能读取）；2 无法运行（目录或版本不存在、选项有误）

示例：
  yearbook diff 旧data data
  yearbook diff main:data data --format github          # 在拉取请求中标出改动的数字
  yearbook diff HEAD~1:data HEAD:data --format json
  yearbook diff main:data --format markdown >> "$GITHUB_STEP_SUMMARY"
  yearbook diff --editions 快报 年报 data
`;

export const HELP_EN = `yearbook diff — compares two versions of a data folder and lists every figure changed, added or removed (old → new), with its position in NEW

Usage:
  yearbook diff OLD NEW [options]
  yearbook diff REV:PATH [NEW] [options]           read a folder at a git revision (e.g. main:data); NEW defaults to PATH in the work tree
  yearbook diff --editions EARLIER LATER [DIR]     what the later edition (edition: 快报, 年报 …) revised in DIR (default data)

Documents are matched by region, year and edition, figures by path; values are compared as written
(unit and qualifiers such as 以上 included). The same number written another way (with or without the
catalogue's unit, in a flow map) is no change. OLD and NEW may be git's REV:PATH (origin/main:data,
HEAD~1:data), the path from the top of the repository (HEAD:./data for one relative to the current folder).
Documents that cannot be read (bad YAML …) are not compared and are listed; readable on one side only counts as a difference.

Options:
  --format text|json|github|markdown   report format (default text): text grouped by region and year; json as FORMAT.md §11;
                                       github: GitHub Actions annotations (on the changed lines of a pull request); markdown: a table (job summaries)
  --editions EARLIER LATER             compare two editions of one folder, e.g. --editions 快报 年报
  --color                              colour even when the output is not a terminal
  --lang zh|en                         language of the report (default zh)
  --no-color                           no colour (or set NO_COLOR)
  -h, --help                           show this help

Exit status: 0 nothing differs; 1 a figure changed, was added or removed (or a document is readable on one side only); 2 could not run (no such folder or revision, bad options)

Examples:
  yearbook diff old-data data --lang en
  yearbook diff main:data data --format github          # annotate the changed figures of a pull request
  yearbook diff HEAD~1:data HEAD:data --format json
  yearbook diff main:data --format markdown >> "$GITHUB_STEP_SUMMARY"
  yearbook diff --editions 快报 年报 data
`;

export const DIFF_FORMATS = ['text', 'json', 'github', 'markdown'] as const;

export async function run(argv: string[], io: Io): Promise<number> {
  const lang0 = langOf(argv);
  const name = (lang: Lang): string => `yearbook diff${lang === 'en' ? ': ' : '：'}`;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        editions: { type: 'string' },
        color: { type: 'boolean' },
        lang: { type: 'string', default: 'zh' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`${name(lang0)}${argError(e, { argv, lang: lang0 })}\n${t('cli.see-help', { command: 'diff' }, lang0)}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(v.lang === 'en' ? HELP_EN : HELP_ZH);
    return 0;
  }
  if (v.lang !== 'zh' && v.lang !== 'en') {
    io.err(`yearbook diff：不支持的语言“${String(v.lang)}”；可用：zh、en\n`);
    return 2;
  }
  const lang: Lang = v.lang;
  const en = lang === 'en';
  const format = String(v.format);
  if (!(DIFF_FORMATS as readonly string[]).includes(format)) {
    io.err(en ? `yearbook diff: unsupported format “${format}”; available: ${DIFF_FORMATS.join(', ')}\n` : `yearbook diff：不支持的格式“${format}”；可用：${DIFF_FORMATS.join('、')}\n`);
    return 2;
  }
  const pos = parsed.positionals;
  let result: DiffResult;
  try {
    if (v.editions !== undefined) {
      const earlier = String(v.editions);
      const later = pos[0];
      if (later === undefined || pos.length > 2 || earlier === '') {
        io.err(en ? `yearbook diff: --editions needs two editions and at most one folder: yearbook diff --editions 快报 年报 [DIR]\n` : `yearbook diff：--editions 后面要写两个版本，再加至多一个目录：yearbook diff --editions 快报 年报 [目录]\n`);
        return 2;
      }
      if (later === earlier) {
        io.err(en ? `yearbook diff: name two different editions (got “${earlier}” twice)\n` : `yearbook diff：请写两个不同的版本（“${earlier}”写了两次）\n`);
        return 2;
      }
      result = diffFolderEditions(pos[1] ?? 'data', earlier, later);
    } else {
      let [oldArg, newArg] = pos;
      if (oldArg !== undefined && newArg === undefined) {
        // `yearbook diff main:data`: against the same folder in the work tree
        const g = gitFolderOf(oldArg);
        if (g !== null && g.path !== '') newArg = g.path;
      }
      if (oldArg === undefined || newArg === undefined || pos.length > 2) {
        io.err(
          en
            ? `yearbook diff: name two data folders, OLD and NEW (each may be REV:PATH, e.g. main:data)${pos.length > 2 ? ` (got: ${pos.join(' ')})` : ''}\n${t('cli.see-help', { command: 'diff' }, lang)}\n`
            : `yearbook diff：请写出两个数据目录：原目录和新目录（都可以写成 版本:目录，如 main:data）${pos.length > 2 ? `（收到：${pos.join(' ')}）` : ''}\n${t('cli.see-help', { command: 'diff' }, lang)}\n`,
        );
        return 2;
      }
      result = diffFolders(oldArg, newArg);
    }
  } catch (e) {
    if (e instanceof FolderError) {
      io.err(`${name(lang)}${render(e.problem, lang)}\n`);
      return 2;
    }
    if (e instanceof EditionError) {
      const dir = pos[1] ?? 'data';
      const have = e.available.length === 0 ? (en ? `no document of “${dir}” names an edition` : `“${dir}”中的文档都没有写 edition`) : en ? `the editions of “${dir}”: ${e.available.join(', ')}` : `“${dir}”中的版本有：${e.available.join('、')}`;
      io.err(en ? `yearbook diff: no document has the edition ${e.missing.map((m) => `“${m}”`).join(', ')}; ${have}\n` : `yearbook diff：没有版本（edition）为${e.missing.map((m) => `“${m}”`).join('、')}的文档；${have}\n`);
      return 2;
    }
    throw e;
  }
  const report: DiffReport = { changes: result.changes, unread: result.unread, editions: result.editions, revs: { old: result.old.rev, new: result.new.rev } };
  const color = v['no-color'] ? false : v.color ? true : io.colorOut;
  if (format === 'text') io.out(formatDiffText(report, { lang, color }));
  else {
    io.out(format === 'json' ? formatDiffJson(report, lang) : format === 'github' ? formatDiffGithub(report, lang) : formatDiffMarkdown(report, lang));
    // the reports above carry them too; a person reading the job's log sees them here
    for (const u of result.unread) io.err(`${name(lang)}${en ? `not compared (${u.side}): ` : `未比较（${u.side === 'old' ? '原版' : '新版'}）：`}${u.file}:${u.line}:${u.column}${en ? ': ' : '：'}${u.reason ? render(u.reason, lang) : en ? 'no region or year' : '没有地区或年份'}\n`);
  }
  return result.differs ? 1 : 0;
}

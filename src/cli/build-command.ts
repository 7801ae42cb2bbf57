/**
 * `yearbook build`: runs the PDF or Word build, shows progress on a terminal, prints the outcome and
 * each placeholder a draft could not fill; closes the browsers on Ctrl-C (and stays quiet about what
 * fails after it); names a browser that would not start; returns the exit status.
 */
import { relative } from 'node:path';
import { build, FontLoadError, type BuildOptions } from '../app/build-pdf.js';
import { BrowserNotFound, closeAllBrowsers, findBrowser, killAllBrowsers } from '../print/browser.js';
import { TemplateError } from '../render/html.js';
import { TextError } from '../render/text.js';
import { FontConfigError } from '../render/fonts.js';
import { TemplateFilesError } from '../io/templates.js';
import { ChartTemplateError } from '../io/chart-assets.js';
import { PdfTextError } from '../print/toc.js';
import { FolderError } from '../app/check.js';
import { formatText } from '../report/text.js';
import type { Report } from '../core/check.js';
import { render as renderMessage, t, type Lang } from '../core/findings/messages.js';
import type { Io } from './io.js';

export interface BuildCommandOptions extends Pick<BuildOptions, 'dir' | 'out' | 'templates' | 'draft' | 'rounding' | 'chapter' | 'chapterPage' | 'tables' | 'shard'> {
  lang: Lang;
  color: boolean;
  /** Show a progress line on the terminal. */
  progress: boolean;
  /** PDF through Chromium, or Word files. */
  format: 'pdf' | 'docx';
}

let handlersInstalled = false;

/**
 * Ctrl-C or a kill during a build: close every browser, open or still starting (its profile removed),
 * then exit 130 or 143; a second Ctrl-C or kill while they close kills them and exits at once.
 */
function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stopping) {
      killAllBrowsers();
      process.exit(code);
    }
    stopping = true;
    void closeAllBrowsers().then(() => process.exit(code));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // last resort: never leave a browser or its profile behind
  process.once('exit', killAllBrowsers);
}

/**
 * The signal that interrupted the build, once one arrived. The handlers above close the browsers
 * under the running build, which then fails ("Protocol error (Target.closeTarget)" …): that failure
 * is the interruption's doing, not a bug to report, and runBuild returns quietly while they exit.
 */
let interruptedBy: NodeJS.Signals | null = null;
let noting = false;

/** Notes SIGINT and SIGTERM as they arrive, beside (not instead of) the handlers that stop the build; on, like them. */
function noteInterruptions(): void {
  if (noting) return;
  noting = true;
  process.once('SIGINT', () => void (interruptedBy ??= 'SIGINT'));
  process.once('SIGTERM', () => void (interruptedBy ??= 'SIGTERM'));
}

/** What puppeteer throws when the executable did not come up as a browser (exited at once, printed no endpoint, could not be spawned). */
const LAUNCH_FAILURE = /^Failed to launch the browser process|\(Target\.setDiscoverTargets\)|while waiting for the WS endpoint/;

function isLaunchFailure(e: unknown): boolean {
  const err = e as { message?: unknown; syscall?: unknown } | null;
  return (typeof err?.message === 'string' && LAUNCH_FAILURE.test(err.message)) || (typeof err?.syscall === 'string' && err.syscall.startsWith('spawn'));
}

/** The browser the build tried to start, for a message. */
function browserPath(env: Io['env']): string {
  try {
    return findBrowser(env);
  } catch {
    return env.PUPPETEER_EXECUTABLE_PATH ?? 'chromium';
  }
}

export async function runBuild(opts: BuildCommandOptions, io: Io): Promise<number> {
  installSignalHandlers();
  noteInterruptions();
  const started = Date.now();
  let lastLine = '';
  const progress = opts.progress
    ? (done: number, total: number, current: string): void => {
        const line = `构建中 ${done}/${total} · ${((Date.now() - started) / 1000).toFixed(1)} 秒 · ${relative(opts.out, current)}`;
        io.err(`\r${line}${' '.repeat(Math.max(0, lastLine.length - line.length))}`);
        lastLine = line;
      }
    : undefined;
  const endProgress = (): void => {
    if (lastLine) io.err('\n');
    lastLine = '';
  };
  // The build starts the browser while it reads the folder and awaits it only then: a browser that
  // fails to start meanwhile is a rejection nobody awaits yet, on which Node would end the process
  // with puppeteer's own text. Such a failure waits for the build's await (and the catch below);
  // any other stays as fatal as Node makes it.
  const launchPending = (reason: unknown): void => {
    if (!isLaunchFailure(reason)) throw reason;
    // taken up by the build's await: without a listener Node would print a PromiseRejectionHandledWarning
    process.once('rejectionHandled', () => undefined);
  };
  process.on('unhandledRejection', launchPending);
  try {
    const common = { dir: opts.dir, out: opts.out, templates: opts.templates, draft: opts.draft, rounding: opts.rounding, chapter: opts.chapter, chapterPage: opts.chapterPage, tables: opts.tables, shard: opts.shard, env: io.env, onProgress: progress };
    if (opts.format === 'docx') {
      const { buildDocx } = await import('../app/build-docx.js');
      const word = await buildDocx(common);
      endProgress();
      if (word.refused) return refuse(word.report, opts, io);
      reportProblems(word.problems, io);
      io.out(`${shardNote(opts)}已生成 ${word.outputs.filter((f) => f.endsWith('.docx')).length} 个Word文件${draftNote(word.report)}，位于 ${opts.out}/（${((Date.now() - started) / 1000).toFixed(1)} 秒）\n`);
      return 0;
    }
    const result = await build({ ...common, onTrace: io.env.YEARBOOK_TRACE ? (line) => io.err(line + '\n') : undefined });
    endProgress();
    if (result.refused) return refuse(result.report, opts, io);
    for (const url of [...new Set(result.blocked)]) io.err(`yearbook build：已阻止页面请求 ${url}（页面只能加载本次构建的字体）\n`);
    reportProblems(result.problems, io);
    for (const d of result.skipped) io.err(`yearbook build：未生成 ${d.file}（与 ${d.original} 是同一地区、年份的文件，只生成了 ${d.original}）\n`);
    const pdfs = result.outputs.filter((f) => f.endsWith('.pdf')).length;
    io.out(`${shardNote(opts)}已生成 ${pdfs} 个PDF${draftNote(result.report)}，共 ${result.outputs.length} 个文件，位于 ${opts.out}/（${((Date.now() - started) / 1000).toFixed(1)} 秒，其中 Chromium 打印 ${(result.timings.printMs / 1000).toFixed(1)} 秒）\n`);
    return 0;
  } catch (e) {
    endProgress();
    if (interruptedBy !== null) return interruptedBy === 'SIGINT' ? 130 : 143;
    if (isLaunchFailure(e)) {
      io.err(`yearbook build${opts.lang === 'en' ? ': ' : '：'}${t(io.env.PUPPETEER_EXECUTABLE_PATH ? 'cli.browser-launch-env' : 'cli.browser-launch', { path: browserPath(io.env) }, opts.lang)}\n`);
      if (io.env.YEARBOOK_DEBUG) io.err(`${(e as Error).message}\n`);
      return 2;
    }
    if (e instanceof FolderError) {
      io.err(`yearbook build:${renderMessage(e.problem, opts.lang)}\n`);
      return 2;
    }
    if (e instanceof BrowserNotFound) {
      io.err(`yearbook build:${e.message}\n`);
      return 2;
    }
    if (e instanceof FontLoadError || e instanceof TemplateError || e instanceof TemplateFilesError || e instanceof ChartTemplateError || e instanceof TextError || e instanceof FontConfigError || e instanceof PdfTextError) {
      io.err(`yearbook build:${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    process.off('unhandledRejection', launchPending);
  }
}

/** 第2/4份：, before the outcome of a shard's build. */
function shardNote(opts: BuildCommandOptions): string {
  return opts.shard ? `第${opts.shard.index}/${opts.shard.count}份：` : '';
}

function draftNote(report: Report): string {
  return report.summary.errors > 0 ? `（草稿：${report.summary.errors}处数据不一致）` : '';
}

/** The placeholders a draft printed as 〔缺：…〕, each at its file and line. */
function reportProblems(problems: TextError[], io: Io): void {
  const seen = new Set<string>();
  for (const p of problems) {
    if (seen.has(p.message)) continue;
    seen.add(p.message);
    io.err(`yearbook build：${p.message}（草稿中以红色〔〕标出）\n`);
  }
}

/** Prints the errors that stop a build and says how to get a draft; returns the exit status. */
function refuse(report: Report, opts: BuildCommandOptions, io: Io): number {
  const errorsOnly = { ...report, findings: report.findings.filter((f) => f.severity === 'error') };
  io.out(formatText(errorsOnly, { lang: opts.lang, color: opts.color }));
  io.err(`yearbook build：数据中有${report.summary.errors}处错误，未生成任何文件。请先修正；如需校对用的草稿，加 --draft（每页将标注“草稿”）。\n`);
  return 1;
}

/**
 * `yearbook build`: runs the PDF or Word build, shows progress on a terminal, prints the outcome and
 * each placeholder a draft could not fill; closes the browsers on Ctrl-C (and stays quiet about what
 * fails after it); names a browser that would not start; returns the exit status. With --watch it
 * keeps one browser open, watches the data and templates folders and rebuilds (with the cache) after
 * each burst of saves, a line per rebuild, until Ctrl-C.
 */
import { relative } from 'node:path';
import { build, FontLoadError, type BuildOptions, type BuildResult } from '../app/build-pdf.js';
import { BrowserNotFound, closeAllBrowsers, findBrowser, killAllBrowsers, startBrowser, type BrowserSession } from '../print/browser.js';
import { watchFolder } from '../serve/watch.js';
import { TemplateError } from '../render/html.js';
import { TextError } from '../render/text.js';
import { FontConfigError } from '../render/fonts.js';
import { TemplateFilesError } from '../io/templates.js';
import { ChartTemplateError } from '../io/chart-assets.js';
import { PdfTextError } from '../print/toc.js';
import { ChapterIndexError } from '../render/errata.js';
import { FolderError } from '../app/check.js';
import { formatText } from '../report/text.js';
import type { Report } from '../core/check.js';
import { render as renderMessage, t, type Lang } from '../core/findings/messages.js';
import type { Io } from './io.js';

export interface BuildCommandOptions extends Pick<BuildOptions, 'dir' | 'out' | 'templates' | 'draft' | 'rounding' | 'chapter' | 'chapterPage' | 'tables' | 'shard' | 'errata'> {
  lang: Lang;
  color: boolean;
  /** Show a progress line on the terminal. */
  progress: boolean;
  /** PDF through Chromium, or Word files. */
  format: 'pdf' | 'docx';
  /** Rebuild every output, ignoring the cache. */
  force?: boolean;
  /** Keep running and rebuild on each save (PDF only). */
  watch?: boolean;
}

let handlersInstalled = false;
/** --watch is waiting for saves or rebuilding: Ctrl-C is how it ends, and ends it with status 0. */
let watching = false;

/**
 * Ctrl-C or a kill during a build: close every browser, open or still starting (its profile removed),
 * then exit 130 or 143 (0 when --watch is stopped); a second Ctrl-C or kill while they close kills
 * them and exits at once.
 */
function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    const code = watching ? 0 : signal === 'SIGINT' ? 130 : 143;
    if (stopping) {
      killAllBrowsers();
      process.exit(code);
    }
    stopping = true;
    if (watching) process.stdout.write('\n已停止监视。\n');
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
  const line = progressLine(opts, io, started);
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
    if (opts.watch) return await watchBuild(opts, io);
    if (opts.format === 'docx') {
      const { buildDocx } = await import('../app/build-docx.js');
      const word = await buildDocx({ ...common(opts, io), onProgress: line.progress });
      line.end();
      if (word.refused) return refuse(word.report, opts, io);
      reportProblems(word.problems, io);
      io.out(`${shardNote(opts)}已生成 ${word.outputs.filter((f) => f.endsWith('.docx')).length} 个Word文件${draftNote(word.report)}，位于 ${opts.out}/（${((Date.now() - started) / 1000).toFixed(1)} 秒）\n`);
      return 0;
    }
    const result = await build({ ...common(opts, io), onProgress: line.progress });
    line.end();
    if (result.refused) return refuse(result.report, opts, io);
    reportBuilt(result, opts, io);
    const pdfs = result.outputs.filter((f) => f.endsWith('.pdf')).length;
    const kept = result.unchanged.filter((f) => f.endsWith('.pdf')).length;
    // left as they were: inputs unchanged (not printed), or printed into the same bytes again
    const cached = kept > 0 ? `，其中 ${kept} 个与上次相同、未重写` : '';
    io.out(`${shardNote(opts)}已生成 ${pdfs} 个PDF${draftNote(result.report)}${cached}，共 ${result.outputs.length} 个文件，位于 ${opts.out}/（${((Date.now() - started) / 1000).toFixed(1)} 秒，其中 Chromium 打印 ${(result.timings.printMs / 1000).toFixed(1)} 秒）\n`);
    return 0;
  } catch (e) {
    line.end();
    return failure(e, opts, io);
  } finally {
    process.off('unhandledRejection', launchPending);
  }
}

/** What both builds take from the command line. */
function common(opts: BuildCommandOptions, io: Io): Omit<BuildOptions, 'onProgress'> {
  return { dir: opts.dir, out: opts.out, templates: opts.templates, draft: opts.draft, rounding: opts.rounding, chapter: opts.chapter, chapterPage: opts.chapterPage, tables: opts.tables, shard: opts.shard, errata: opts.errata ?? null, env: io.env, force: opts.force === true, onTrace: io.env.YEARBOOK_TRACE ? (l) => io.err(l + '\n') : undefined };
}

/** The progress line on a terminal (none elsewhere), and how to end it before other output. */
function progressLine(opts: BuildCommandOptions, io: Io, started: number): { progress: BuildOptions['onProgress']; end: () => void } {
  let lastLine = '';
  const progress = opts.progress
    ? (done: number, total: number, current: string): void => {
        const line = `构建中 ${done}/${total} · ${((Date.now() - started) / 1000).toFixed(1)} 秒 · ${relative(opts.out, current)}`;
        io.err(`\r${line}${' '.repeat(Math.max(0, lastLine.length - line.length))}`);
        lastLine = line;
      }
    : undefined;
  return {
    progress,
    end: () => {
      if (lastLine) io.err('\n');
      lastLine = '';
    },
  };
}

/** A PDF build's refused requests, placeholders and skipped documents. */
function reportBuilt(result: BuildResult, opts: BuildCommandOptions, io: Io): void {
  for (const url of [...new Set(result.blocked)]) io.err(`yearbook build：已阻止页面请求 ${url}（页面只能加载本次构建的字体）\n`);
  reportProblems(result.problems, io);
  for (const d of result.skipped) io.err(`yearbook build：未生成 ${d.file}（与 ${d.original} 是同一地区、年份的文件，只生成了 ${d.original}）\n`);
}

/** A failed build's message and exit status; what is not the user's to fix is thrown on. */
function failure(e: unknown, opts: BuildCommandOptions, io: Io): number {
  if (interruptedBy !== null) return watching ? 0 : interruptedBy === 'SIGINT' ? 130 : 143;
  if (isLaunchFailure(e)) {
    io.err(`yearbook build${opts.lang === 'en' ? ': ' : '：'}${t(io.env.PUPPETEER_EXECUTABLE_PATH ? 'cli.browser-launch-env' : 'cli.browser-launch', { path: browserPath(io.env) }, opts.lang)}\n`);
    if (io.env.YEARBOOK_DEBUG) io.err(`${(e as Error).message}\n`);
    return 2;
  }
  if (e instanceof FolderError) {
    io.err(`yearbook build${opts.lang === 'en' ? ': ' : '：'}${renderMessage(e.problem, opts.lang)}\n`);
    return 2;
  }
  if (e instanceof ChapterIndexError) {
    io.err(`yearbook build：${e.message}\n`);
    return 2;
  }
  if (e instanceof BrowserNotFound) {
    io.err(`yearbook build：${e.message}\n`);
    return 2;
  }
  if (e instanceof FontLoadError || e instanceof TemplateError || e instanceof TemplateFilesError || e instanceof ChartTemplateError || e instanceof TextError || e instanceof FontConfigError || e instanceof PdfTextError) {
    io.err(`yearbook build：${e.message}\n`);
    return 1;
  }
  throw e;
}

/**
 * --watch: one browser for every build; the first build, then a rebuild after each burst of saves in
 * the data folder or the templates folder (saves during a rebuild make one more after it). A rebuild
 * that fails (errors in the data, a broken template) says why and waits for the next save; a browser
 * that died is started again. Ends only on Ctrl-C or a kill (the signal handlers close the browser).
 */
async function watchBuild(opts: BuildCommandOptions, io: Io): Promise<number> {
  let session: BrowserSession = await startBrowser(findBrowser(io.env), io.env);
  watching = true;
  const once = async (first: boolean): Promise<void> => {
    const started = Date.now();
    const line = progressLine(opts, io, started);
    try {
      if (!session.browser.connected) session = await startBrowser(findBrowser(io.env), io.env);
      const result = await build({ ...common(opts, io), force: first && opts.force === true, session, onProgress: line.progress });
      line.end();
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (result.refused) {
        refuse(result.report, opts, io);
        io.out(`未重新生成：数据有${result.report.summary.errors}处错误（${secs} 秒）；修正后保存即重新生成\n`);
        return;
      }
      reportBuilt(result, opts, io);
      const pdfs = result.written.filter((f) => f.endsWith('.pdf')).map((f) => relative(opts.out, f));
      const all = result.outputs.filter((f) => f.endsWith('.pdf')).length;
      const what = pdfs.length === 0 ? '输入没有变化，未重写任何文件' : `${first ? '生成' : '重新生成'} ${pdfs.length} 个PDF（共 ${all} 个）：${pdfs.join('、')}`;
      io.out(`${first ? '首次构建' : '已重新构建'}：${what}${draftNote(result.report)}，写入 ${result.written.length} 个文件（${secs} 秒）\n`);
    } catch (e) {
      line.end();
      if (interruptedBy !== null) return;
      let shown = false;
      try {
        failure(e, opts, io);
        shown = true;
      } catch {
        // not one the user can fix (the browser died, say): said as it is, and the watch goes on
      }
      if (!shown) io.err(`yearbook build：${(e as Error)?.message ?? String(e)}\n`);
      io.out(`未能${first ? '构建' : '重新构建'}（原因见上）；修正后保存即重新生成\n`);
    }
  };
  let running: Promise<void> | null = null;
  let again = false;
  const rebuild = (first: boolean): void => {
    if (running) {
      again = true;
      return;
    }
    running = once(first).finally(() => {
      running = null;
      if (again && interruptedBy === null) {
        again = false;
        rebuild(false);
      }
    });
  };
  // watched from the start: a save during the first build makes a rebuild after it
  watchFolder(opts.dir, () => rebuild(false));
  watchFolder(opts.templates, () => rebuild(false));
  rebuild(true);
  await running;
  io.out(`正在监视 ${opts.dir} 和 ${opts.templates}：保存后重新生成有变化的文件；按 Ctrl-C 退出\n`);
  // until a signal ends the process
  return new Promise<number>(() => undefined);
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

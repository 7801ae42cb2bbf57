/**
 * `yearbook build`: runs the PDF or Word build, shows progress on a terminal, prints the outcome and
 * each placeholder a draft could not fill; closes the browsers on Ctrl-C; returns the exit status.
 */
import { relative } from 'node:path';
import { build, type BuildOptions } from '../app/build-pdf.js';
import { BrowserNotFound, closeAllBrowsers, killAllBrowsers } from '../print/browser.js';
import { TemplateError } from '../render/html.js';
import { TextError } from '../render/text.js';
import { FontConfigError } from '../render/fonts.js';
import { TemplateFilesError } from '../io/templates.js';
import { ChartTemplateError } from '../io/chart-assets.js';
import { PdfTextError } from '../print/toc.js';
import { FolderError } from '../app/check.js';
import { formatText } from '../report/text.js';
import type { Report } from '../core/check.js';
import { render as renderMessage, type Lang } from '../core/findings/messages.js';
import type { Io } from './io.js';

export interface BuildCommandOptions extends Pick<BuildOptions, 'dir' | 'out' | 'templates' | 'draft' | 'rounding' | 'chapter'> {
  lang: Lang;
  color: boolean;
  /** Show a progress line on the terminal. */
  progress: boolean;
  /** PDF through Chromium, or Word files. */
  format: 'pdf' | 'docx';
}

let handlersInstalled = false;

/** Ctrl-C or a kill during a build: close every browser (its profile removed), then exit 130 or 143. */
function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const stop = (signal: NodeJS.Signals): void => {
    void closeAllBrowsers().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // last resort: never leave a browser or its profile behind
  process.once('exit', killAllBrowsers);
}

export async function runBuild(opts: BuildCommandOptions, io: Io): Promise<number> {
  installSignalHandlers();
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
  try {
    const common = { dir: opts.dir, out: opts.out, templates: opts.templates, draft: opts.draft, rounding: opts.rounding, chapter: opts.chapter, env: io.env, onProgress: progress };
    if (opts.format === 'docx') {
      const { buildDocx } = await import('../app/build-docx.js');
      const word = await buildDocx(common);
      endProgress();
      if (word.refused) return refuse(word.report, opts, io);
      reportProblems(word.problems, io);
      io.out(`已生成 ${word.outputs.filter((f) => f.endsWith('.docx')).length} 个Word文件${draftNote(word.report)},位于 ${opts.out}/ (${((Date.now() - started) / 1000).toFixed(1)} 秒)\n`);
      return 0;
    }
    const result = await build({ ...common, onTrace: io.env.YEARBOOK_TRACE ? (line) => io.err(line + '\n') : undefined });
    endProgress();
    if (result.refused) return refuse(result.report, opts, io);
    for (const url of [...new Set(result.blocked)]) io.err(`yearbook build:已阻止页面请求 ${url}(页面只能加载本次构建的字体)\n`);
    reportProblems(result.problems, io);
    const pdfs = result.outputs.filter((f) => f.endsWith('.pdf')).length;
    io.out(`已生成 ${pdfs} 个PDF${draftNote(result.report)},共 ${result.outputs.length} 个文件,位于 ${opts.out}/ (${((Date.now() - started) / 1000).toFixed(1)} 秒,其中 Chromium 打印 ${(result.timings.printMs / 1000).toFixed(1)} 秒)\n`);
    return 0;
  } catch (e) {
    endProgress();
    if (e instanceof FolderError) {
      io.err(`yearbook build:${renderMessage(e.problem, opts.lang)}\n`);
      return 2;
    }
    if (e instanceof BrowserNotFound) {
      io.err(`yearbook build:${e.message}\n`);
      return 2;
    }
    if (e instanceof TemplateError || e instanceof TemplateFilesError || e instanceof ChartTemplateError || e instanceof TextError || e instanceof FontConfigError || e instanceof PdfTextError) {
      io.err(`yearbook build:${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function draftNote(report: Report): string {
  return report.summary.errors > 0 ? `(草稿:${report.summary.errors}处数据不一致)` : '';
}

/** The placeholders a draft printed as 〔缺：…〕, each at its file and line. */
function reportProblems(problems: TextError[], io: Io): void {
  const seen = new Set<string>();
  for (const p of problems) {
    if (seen.has(p.message)) continue;
    seen.add(p.message);
    io.err(`yearbook build:${p.message}(草稿中以红色〔〕标出)\n`);
  }
}

/** Prints the errors that stop a build and says how to get a draft; returns the exit status. */
function refuse(report: Report, opts: BuildCommandOptions, io: Io): number {
  const errorsOnly = { ...report, findings: report.findings.filter((f) => f.severity === 'error') };
  io.out(formatText(errorsOnly, { lang: opts.lang, color: opts.color }));
  io.err(`yearbook build:数据中有${report.summary.errors}处错误,未生成任何文件。请先修正;如需校对用的草稿,加 --draft(每页将标注“草稿”)。\n`);
  return 1;
}

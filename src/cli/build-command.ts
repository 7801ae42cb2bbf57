/** `yearbook build`: runs the build, shows progress on a terminal, prints the outcome; returns the exit status. */
import { relative } from 'node:path';
import { build, type BuildOptions } from '../app/build-pdf.js';
import { BrowserNotFound } from '../print/browser.js';
import { TemplateError } from '../render/html.js';
import { TextError } from '../render/text.js';
import { FontConfigError } from '../io/fonts.js';
import { PdfTextError } from '../print/toc.js';
import { FolderError } from '../io/folder.js';
import { formatText } from '../report/text.js';
import type { Report } from '../core/check.js';
import type { Lang } from '../core/findings/messages.js';
import type { Io } from './io.js';

export interface BuildCommandOptions extends Pick<BuildOptions, 'dir' | 'out' | 'templates' | 'draft' | 'rounding' | 'chapter'> {
  lang: Lang;
  color: boolean;
  /** Show a progress line on the terminal. */
  progress: boolean;
  /** PDF through Chromium, or Word files. */
  format: 'pdf' | 'docx';
}

export async function runBuild(opts: BuildCommandOptions, io: Io): Promise<number> {
  const started = Date.now();
  let lastLine = '';
  const progress = opts.progress
    ? (done: number, total: number, current: string): void => {
        const line = `构建中 ${done}/${total} · ${((Date.now() - started) / 1000).toFixed(1)} 秒 · ${relative(opts.out, current)}`;
        io.err(`\r${line}${' '.repeat(Math.max(0, lastLine.length - line.length))}`);
        lastLine = line;
      }
    : undefined;
  try {
    const common = { dir: opts.dir, out: opts.out, templates: opts.templates, draft: opts.draft, rounding: opts.rounding, chapter: opts.chapter, env: io.env, onProgress: progress };
    if (opts.format === 'docx') {
      const { buildDocx } = await import('../render/docx.js');
      const word = await buildDocx(common);
      if (lastLine) io.err('\n');
      if (word.refused) return refuse(word.report, opts, io);
      const draft = word.report.summary.errors > 0 ? `(草稿:${word.report.summary.errors}处数据不一致)` : '';
      io.out(`已生成 ${word.outputs.filter((f) => f.endsWith('.docx')).length} 个Word文件${draft},位于 ${opts.out}/ (${((Date.now() - started) / 1000).toFixed(1)} 秒)\n`);
      return 0;
    }
    const result = await build(common);
    if (lastLine) io.err('\n');
    if (result.refused) return refuse(result.report, opts, io);
    for (const url of [...new Set(result.blocked)]) io.err(`yearbook build:已阻止页面请求 ${url}(页面只能加载本次构建的字体)\n`);
    const pdfs = result.outputs.filter((f) => f.endsWith('.pdf')).length;
    const draft = result.report.summary.errors > 0 ? `(草稿:${result.report.summary.errors}处数据不一致)` : '';
    io.out(`已生成 ${pdfs} 个PDF${draft},共 ${result.outputs.length} 个文件,位于 ${opts.out}/ (${((Date.now() - started) / 1000).toFixed(1)} 秒,其中 Chromium 打印 ${(result.timings.printMs / 1000).toFixed(1)} 秒)\n`);
    return 0;
  } catch (e) {
    if (lastLine) io.err('\n');
    if (e instanceof BrowserNotFound) {
      io.err(`yearbook build:${e.message}\n`);
      return 2;
    }
    if (e instanceof FolderError) {
      io.err(`yearbook build:${e.message}\n`);
      return 2;
    }
    if (e instanceof TemplateError || e instanceof TextError || e instanceof FontConfigError || e instanceof PdfTextError) {
      io.err(`yearbook build:${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** Prints the errors that stop a build and says how to get a draft; returns the exit status. */
function refuse(report: Report, opts: BuildCommandOptions, io: Io): number {
  const errorsOnly = { ...report, findings: report.findings.filter((f) => f.severity === 'error') };
  io.out(formatText(errorsOnly, { lang: opts.lang, color: opts.color }));
  io.err(`yearbook build:数据中有${report.summary.errors}处错误,未生成任何文件。请先修正;如需校对用的草稿,加 --draft(每页将标注“草稿”)。\n`);
  return 1;
}

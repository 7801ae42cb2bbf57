/** `yearbook check`: runs the pipeline on a folder, prints the chosen report, returns the exit status of FORMAT.md §9. */
import { checkFolderParallel } from '../app/check-parallel.js';
import type { Report } from '../core/check.js';
import { FolderError } from '../app/check.js';
import { render as renderMessage, t, type Lang } from '../core/findings/messages.js';
import type { Io } from './io.js';

export const FORMATS = ['text', 'json', 'github', 'junit', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckOptions {
  dir: string;
  format: Format;
  quiet: boolean;
  maxWarnings: number | null;
  lang: Lang;
  color: boolean;
  version: string;
  /** Threads for the check (YEARBOOK_THREADS; default: the cores, at most 8). */
  threads?: number;
  /** The fast lane first (default; YEARBOOK_FAST=0 turns it off). */
  fast?: boolean;
}

export async function runCheck(opts: CheckOptions, io: Io): Promise<number> {
  let report: Report;
  try {
    report = await checkFolderParallel(opts.dir, { fast: opts.fast ?? true, ...(opts.threads === undefined ? {} : { threads: opts.threads }) });
  } catch (e) {
    if (e instanceof FolderError) {
      io.err(`yearbook check${opts.lang === 'en' ? ': ' : '：'}${renderMessage(e.problem, opts.lang)}\n`);
      return 2;
    }
    throw e;
  }
  const shown: Report = opts.quiet ? { ...report, findings: report.findings.filter((f) => f.severity === 'error') } : report;
  io.out(await render(shown, opts));
  let status = report.summary.errors > 0 ? 1 : 0;
  if (opts.maxWarnings !== null && report.summary.warnings > opts.maxWarnings) {
    if (opts.format === 'text') io.err(t('report.max-warnings', { warnings: report.summary.warnings, max: opts.maxWarnings }, opts.lang) + '\n');
    status = 1;
  }
  return status;
}

/** The report in the chosen format (only that reporter's module is loaded: a check starts sooner). */
async function render(report: Report, opts: CheckOptions): Promise<string> {
  switch (opts.format) {
    case 'json':
      return (await import('../report/json.js')).formatJson(report, opts.lang);
    case 'github':
      return (await import('../report/github.js')).formatGithub(report, opts.lang);
    case 'junit':
      return (await import('../report/junit.js')).formatJunit(report, opts.lang);
    case 'sarif':
      return (await import('../report/sarif.js')).formatSarif(report, opts.lang, opts.version);
    case 'text':
      return (await import('../report/text.js')).formatText(report, { lang: opts.lang, color: opts.color });
  }
}

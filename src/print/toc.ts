/**
 * Page numbers for a chapter's table of contents: finds each region heading and each entry title in
 * the text of a first print (pdftotext from poppler-utils, page by page, in reading order) and
 * returns the page it starts on. No rendering.
 */
import { spawn, spawnSync } from 'node:child_process';

export class PdfTextError extends Error {}

/** The text of each page of a PDF: as laid out (columns side by side), or in reading order (a column after another). */
export function pdfPages(pdf: Uint8Array, order: 'layout' | 'reading' = 'layout'): string[] {
  const r = spawnSync('pdftotext', pdfTextArgs(order), { input: pdf, maxBuffer: 256 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw pdfTextError(r.error);
  return splitPages(r.stdout.toString('utf8'));
}

/** pdfPages without holding up the process while pdftotext reads (a build prints other documents meanwhile). */
export function pdfPagesAsync(pdf: Uint8Array, order: 'layout' | 'reading' = 'layout'): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftotext', pdfTextArgs(order), { stdio: ['pipe', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => void out.push(b));
    child.on('error', (e) => reject(pdfTextError(e)));
    // pdftotext may stop reading early on a broken file: its exit status tells
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => (code === 0 ? resolve(splitPages(Buffer.concat(out).toString('utf8'))) : reject(pdfTextError(undefined))));
    child.stdin.end(pdf);
  });
}

function pdfTextArgs(order: 'layout' | 'reading'): string[] {
  return [...(order === 'layout' ? ['-layout'] : []), '-enc', 'UTF-8', '-', '-'];
}

function pdfTextError(e: Error | undefined): PdfTextError {
  return new PdfTextError(`无法读取PDF文字以编排目录页码(需要 poppler-utils 的 pdftotext:apt-get install -y poppler-utils)${e ? `:${e.message}` : ''}`);
}

function splitPages(text: string): string[] {
  const pages = text.split('\f');
  if (pages.length > 1 && pages[pages.length - 1]!.trim() === '') pages.pop();
  return pages;
}

/** A heading to find: a region (its name, and its year on the next line) or an entry (its title, printed 【title】 and run in). */
export interface PrintedHeading {
  level: 'region' | 'entry';
  name: string;
  year?: string;
}

/**
 * The 1-based page each heading starts on, searching in order (a heading is never before the one
 * listed before it), in pages of text in reading order (`pdfPages(pdf, 'reading')`). A region heading
 * is its name on a line of its own followed by its year label on the next; an entry title is
 * 【title】, found whatever line breaks fall inside it. A heading not found takes the page of the one
 * before it.
 */
export function headingPages(pages: string[], headings: PrintedHeading[]): number[] {
  const lines = pages.map((p) => `\n${p}\n`.replace(/[ \t\u3000]+\n/g, '\n').replace(/\n[ \t\u3000]+/g, '\n').replace(/\n{2,}/g, '\n'));
  const compact = pages.map((p) => p.replace(/\s+/g, ''));
  const out: number[] = [];
  let from = 0;
  for (const h of headings) {
    const found = (i: number): boolean => {
      if (h.level === 'region') return new RegExp(`\\n${escapeRe(h.name)}\\n${h.year ? `${escapeRe(h.year)}\\n` : ''}`).test(lines[i]!);
      return compact[i]!.includes(`【${h.name.replace(/\s+/g, '')}】`);
    };
    let at = -1;
    for (let i = from; i < pages.length; i++) {
      if (found(i)) {
        at = i;
        break;
      }
    }
    if (at < 0) at = from;
    out.push(at + 1);
    from = at;
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

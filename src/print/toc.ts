/**
 * Page numbers for a chapter's table of contents: finds each region heading in the text of a first
 * print (pdftotext from poppler-utils, page by page) and returns the page it starts on. No rendering.
 */
import { spawnSync } from 'node:child_process';

export class PdfTextError extends Error {}

/** The text of each page of a PDF. */
export function pdfPages(pdf: Uint8Array): string[] {
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 256 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    throw new PdfTextError(`无法读取PDF文字以编排目录页码(需要 poppler-utils 的 pdftotext:apt-get install -y poppler-utils)${r.error ? `:${r.error.message}` : ''}`);
  }
  const pages = r.stdout.toString('utf8').split('\f');
  if (pages.length > 1 && pages[pages.length - 1]!.trim() === '') pages.pop();
  return pages;
}

/**
 * The 1-based page each heading starts on, searching in order (a heading is never before the one
 * listed before it). A heading is its name followed, on the next line, by its year label.
 */
export function headingPages(pages: string[], headings: { name: string; year: string }[]): number[] {
  const out: number[] = [];
  let from = 0;
  for (const h of headings) {
    const re = new RegExp(`${escapeRe(h.name)}\\s*\\n\\s*${escapeRe(h.year)}`);
    let found = -1;
    for (let i = from; i < pages.length; i++) {
      if (re.test(pages[i]!.replace(/[ \t]+\n/g, '\n').replace(/\n[ \t]+/g, '\n'))) {
        found = i;
        break;
      }
    }
    if (found < 0) found = from;
    out.push(found + 1);
    from = found;
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

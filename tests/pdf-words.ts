/**
 * Test helpers that measure a PDF's pages as a reader sees them: the word boxes per page (the
 * build's own src/print/word-boxes.ts, pdftotext -bbox), the words printed over other words or off
 * the page (the rule of ../shared/tools/overprint.py: boxes overlapping by more than 15% of the
 * smaller; a draft stamp with 草稿 is meant to lie over the text), and a page as grey pixels.
 * Reads files with poppler; asserts nothing itself.
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pageWordBoxes, type PageBoxes, type WordBox } from '../src/print/word-boxes.js';

export type Word = WordBox;
export type PdfPage = PageBoxes;

/** Every page of a PDF file with its word boxes (points, origin top left). */
export function bbox(file: string): PdfPage[] {
  return pageWordBoxes(readFileSync(file));
}

/** The words printed over another word or off the page, as `p3: "月" over "逾期"` lines (none: []). */
export function collisions(file: string): string[] {
  const out: string[] = [];
  bbox(file).forEach((page, i) => {
    const words = page.words.filter((w) => !w.text.includes('草稿') && w.x1 > w.x0 && w.y1 > w.y0).sort((a, b) => a.y0 - b.y0);
    for (const w of words) if (w.x0 < -1 || w.y0 < -1 || w.x1 > page.width + 1 || w.y1 > page.height + 1) out.push(`p${i + 1}: off the page: ${w.text.slice(0, 30)}`);
    words.forEach((a, j) => {
      for (const b of words.slice(j + 1)) {
        if (b.y0 >= a.y1) break;
        const ix = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
        const iy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
        if (ix > 0 && iy > 0 && ix * iy > 0.15 * Math.min((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0))) out.push(`p${i + 1}: "${a.text.slice(0, 24)}" over "${b.text.slice(0, 24)}"`);
      }
    });
  });
  return out;
}

export interface Grey {
  w: number;
  h: number;
  /** The grey level (0 black … 255 white) at a pixel. */
  at: (x: number, y: number) => number;
  /** The raw grey levels, row by row. */
  data: Uint8Array;
}

/** One page (1-based) of a PDF as grey pixels at the given resolution (pdftoppm -gray, PGM). */
export function greyPage(pdf: string, page: number, dpi: number): Grey {
  const r = spawnSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), pdf], { maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`pdftoppm ${pdf} p${page}: ${String(r.stderr)}`);
  return parsePgm(r.stdout);
}

/** A binary PGM (P5, 8-bit) read into grey pixels. */
export function parsePgm(buf: Buffer): Grey {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  const w = Number(header[1]);
  const h = Number(header[2]);
  const data = new Uint8Array(buf.buffer, buf.byteOffset + header[0].length, w * h);
  return { w, h, data, at: (x, y) => data[y * w + x]! };
}

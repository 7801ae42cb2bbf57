/**
 * The word boxes of a PDF's pages (pdftotext -bbox from poppler-utils), in points from the top left:
 * what the build needs to place a 公文's 版记 at the foot of a page. Reads only; renders nothing.
 */
import { spawnSync } from 'node:child_process';
import { PdfTextError } from './toc.js';

export interface WordBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

export interface PageBoxes {
  width: number;
  height: number;
  words: WordBox[];
}

export function pageWordBoxes(pdf: Uint8Array): PageBoxes[] {
  const r = spawnSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 256 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw new PdfTextError(`无法读取PDF文字的位置（需要 poppler-utils 的 pdftotext：apt-get install -y poppler-utils）${r.error ? `：${r.error.message}` : ''}`);
  const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return r.stdout
    .toString('utf8')
    .split('<page ')
    .slice(1)
    .map((p) => {
      const size = /width="([\d.]+)" height="([\d.]+)"/.exec(p);
      const words = [...p.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)<\/word>/g)].map((m) => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: unescape(m[5]!) }));
      return { width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), words };
    });
}

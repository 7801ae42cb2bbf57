/**
 * One page of a PDF as a PNG image (pdftoppm from poppler-utils, the PDF on its standard input): what
 * the paged preview shows. Reads bytes, writes nothing to the disk; no knowledge of documents.
 */
import { spawn } from 'node:child_process';
import { PdfTextError } from './toc.js';
import { dictGet, readLayout, resolve, type PdfValue } from './pdf-syntax.js';

/** Page `n` (1-based) of `pdf` at `dpi` dots per inch, as PNG bytes. */
export function rasterizePage(pdf: Uint8Array, n: number, dpi = 96): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftoppm', ['-f', String(n), '-l', String(n), '-r', String(dpi), '-png', '-singlefile', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(new PdfTextError(`无法把PDF页面转为图片（需要 poppler-utils 的 pdftoppm：apt-get install -y poppler-utils）：${e.message}`)));
    child.on('close', (code) => {
      const png = Buffer.concat(out);
      if (code === 0 && png.length > 0) resolve(png);
      else reject(new PdfTextError(`pdftoppm 无法转换第${n}页：${Buffer.concat(err).toString('utf8').trim() || `退出状态 ${code}`}`));
    });
    // pdftoppm may exit before reading everything (a bad page number): its closed input is not an error here
    child.stdin.on('error', () => undefined);
    child.stdin.end(pdf);
  });
}

/** Each page's size in points (its MediaBox, inherited from the page tree where the page has none), in page order. */
export function pdfPageSizes(pdf: Uint8Array): { width: number; height: number }[] {
  const layout = readLayout(pdf);
  const out: { width: number; height: number }[] = [];
  const box = (v: PdfValue | undefined): { width: number; height: number } | null => {
    const a = resolve(layout, v);
    if (a?.t !== 'array' || a.items.length !== 4) return null;
    const n = a.items.map((x) => (x.t === 'num' ? Number(x.v) : NaN));
    return { width: Math.abs(n[2]! - n[0]!), height: Math.abs(n[3]! - n[1]!) };
  };
  const walk = (node: PdfValue | undefined, inherited: { width: number; height: number } | null, depth: number): void => {
    const d = resolve(layout, node);
    if (d?.t !== 'dict' || depth > 64) return;
    const own = box(dictGet(d, 'MediaBox')) ?? inherited;
    const kids = resolve(layout, dictGet(d, 'Kids'));
    if (kids?.t === 'array') for (const k of kids.items) walk(k, own, depth + 1);
    else out.push(own ?? { width: 595.28, height: 841.89 });
  };
  walk(dictGet(resolve(layout, dictGet(layout.trailer, 'Root')), 'Pages'), null, 0);
  return out;
}

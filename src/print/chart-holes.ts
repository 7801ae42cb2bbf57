/**
 * Charts that leave a hole: a chart printed at the head of a page while the page before it ends more
 * than a few lines short of the foot — it did not fit there and moved on alone, so the text after it
 * could have filled the room. Read from a print's word boxes (the caption 图n under each chart); renders nothing.
 */
import { pageWordBoxes, type WordBox } from './word-boxes.js';

export interface PrintedChart {
  /** Its number, as the caption prints it (图n). */
  n: number;
  /** Its printed height, pt. */
  height: number;
}

/** A hole larger than this many points at a page foot is worth filling (about two and a half lines of 三号). */
const HOLE = 70;
/** The chart's top within this many points of the type area's head counts as the head of the page. */
const HEAD = 24;

/** The numbers of the charts that leave a hole, ascending. */
export function chartHoles(pdf: Uint8Array, charts: PrintedChart[]): number[] {
  const pages = pageWordBoxes(pdf);
  // the body's words: not the folio (— 3 —) below the type area
  const body = pages.map((p) => p.words.filter((w) => !(w.y0 > p.height * 0.88 && /^[—\-\d\s]+$/.test(w.text))));
  const filled = body.filter((ws) => ws.length > 0);
  if (filled.length < 2) return [];
  const head = Math.min(...filled.map((ws) => Math.min(...ws.map((w) => w.y0))));
  const foot = Math.max(...filled.map((ws) => Math.max(...ws.map((w) => w.y1))));
  const out: number[] = [];
  for (const c of charts) {
    const at = body.findIndex((ws) => ws.some((w) => w.text === `图${c.n}`));
    if (at <= 0) continue;
    const caption = body[at]!.find((w: WordBox) => w.text === `图${c.n}`)!;
    const top = caption.y0 - c.height;
    const before = body[at - 1]!;
    const end = before.length ? Math.max(...before.map((w) => w.y1)) : head;
    if (top - head < HEAD && foot - end > HOLE) out.push(c.n);
  }
  return out;
}

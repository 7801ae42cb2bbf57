/** A loaded text file with its positions: maps position keys and offsets to line, column and source line. Pure. */
import { LineCounter } from 'yaml';
import type { PosKey } from '../model/types.js';

export interface SourceFile {
  /** Path shown to the user (DIR as given joined with the path inside DIR). */
  file: string;
  /** Path inside DIR with forward slashes. */
  rel: string;
  text: string;
  lines: LineCounter;
  /** Offsets of values (and of keys, as `key:` + key) by position key. */
  pos: Map<PosKey, number>;
}

export function sourceFile(file: string, rel: string, text: string, lines?: LineCounter): SourceFile {
  let lc = lines;
  if (!lc) {
    lc = new LineCounter();
    lc.addNewLine(0);
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lc.addNewLine(i + 1);
  }
  return { file, rel, text, lines: lc, pos: new Map() };
}

export interface Location {
  line: number;
  column: number;
  sourceLine: string;
}

/** Resolves a key (falling back to its parents: `a.b[2].c` → `a.b[2]` → `a.b` → `a`) or an offset. */
export function locate(src: SourceFile, at: PosKey | number | null): Location {
  let offset: number | undefined;
  if (typeof at === 'number') offset = at;
  else if (at !== null) {
    let k: string = at;
    while (offset === undefined && k !== '') {
      offset = src.pos.get(k);
      if (offset !== undefined) break;
      const cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
      k = cut > 0 ? k.slice(0, cut) : '';
    }
  }
  if (offset === undefined) offset = 0;
  const { line, col } = src.lines.linePos(offset);
  const start = src.lines.lineStarts[line - 1] ?? 0;
  let end = src.text.indexOf('\n', start);
  if (end < 0) end = src.text.length;
  return { line, column: col, sourceLine: src.text.slice(start, end).replace(/\r$/, '') };
}

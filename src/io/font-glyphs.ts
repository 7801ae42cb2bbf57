/**
 * The glyphs of a bundled font face for a set of characters, read from @fontsource's .woff pieces
 * (the files the PDF embeds; WOFF 1.0 unpacked with zlib): outlines, advance widths and the face's
 * own head, hhea, maxp, OS/2, name and post tables, for a TrueType subset a Word file embeds. Reads
 * font files; writes and packs nothing (print/ttf.ts writes the font).
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { facePieces, type FacePiece } from './fonts.js';

export interface SubsetGlyph {
  /** The glyph's glyf record, components renumbered to the subset's glyph indices. */
  data: Uint8Array;
  advance: number;
  lsb: number;
}

export interface FaceGlyphs {
  family: string;
  bold: boolean;
  /** The face's tables the subset copies: head, hhea, maxp, OS/2, name, post. */
  tables: Record<'head' | 'hhea' | 'maxp' | 'OS/2' | 'name' | 'post', Uint8Array>;
  /** In the subset's order; glyph 0 is .notdef. */
  glyphs: SubsetGlyph[];
  /** Code point → index in `glyphs`, ascending by code point. */
  cmap: [number, number][];
  /** Code points no file of the face has a glyph for. */
  missing: number[];
}

interface FkFont {
  glyphForCodePoint(cp: number): { id: number };
  hasGlyphForCodePoint(cp: number): boolean;
}
// fontkit ships no type declarations; loaded through a variable specifier as in font-metrics.ts
const FONTKIT_NAME = 'fontkit';
const fontkit = (await import(FONTKIT_NAME)) as { create(buf: Buffer): FkFont };

export class FontFileError extends Error {}

/** One .woff file: its tables unpacked when first asked for, its cmap through fontkit. */
class Woff {
  private readonly packed = new Map<string, { raw: Uint8Array; orig: number }>();
  private readonly tables = new Map<string, Uint8Array>();
  private font: FkFont | null = null;
  private readonly numHMetrics: number;
  private readonly locaLong: boolean;

  constructor(
    readonly file: string,
    private readonly bytes: Buffer,
  ) {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (v.getUint32(0) !== 0x774f4646) throw new FontFileError(`${file}: not a WOFF file`);
    const n = v.getUint16(12);
    for (let i = 0; i < n; i++) {
      const at = 44 + i * 20;
      const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
      const offset = v.getUint32(at + 4);
      const comp = v.getUint32(at + 8);
      const orig = v.getUint32(at + 12);
      this.packed.set(tag, { raw: bytes.subarray(offset, offset + comp), orig });
    }
    for (const t of ['head', 'hhea', 'maxp', 'OS/2', 'name', 'post', 'loca', 'glyf', 'hmtx']) {
      if (!this.packed.has(t)) throw new FontFileError(`${file}: no ${t} table (only TrueType outlines can be embedded)`);
    }
    this.numHMetrics = view(this.table('hhea')).getUint16(34);
    this.locaLong = view(this.table('head')).getInt16(50) === 1;
  }

  table(tag: string): Uint8Array {
    let t = this.tables.get(tag);
    if (!t) {
      const { raw, orig } = this.packed.get(tag)!;
      this.tables.set(tag, (t = raw.length < orig ? new Uint8Array(inflateSync(raw)) : new Uint8Array(raw)));
    }
    return t;
  }

  glyphId(cp: number): number | null {
    this.font ??= fontkit.create(this.bytes);
    if (!this.font.hasGlyphForCodePoint(cp)) return null;
    const id = this.font.glyphForCodePoint(cp).id;
    return id > 0 ? id : null;
  }

  glyf(gid: number): Uint8Array {
    const loca = view(this.table('loca'));
    const [a, b] = this.locaLong ? [loca.getUint32(gid * 4), loca.getUint32(gid * 4 + 4)] : [loca.getUint16(gid * 2) * 2, loca.getUint16(gid * 2 + 2) * 2];
    return this.table('glyf').slice(a, b);
  }

  metrics(gid: number): { advance: number; lsb: number } {
    const h = view(this.table('hmtx'));
    const n = this.numHMetrics;
    const advance = h.getUint16(Math.min(gid, n - 1) * 4);
    const lsb = gid < n ? h.getInt16(gid * 4 + 2) : h.getInt16(n * 4 + (gid - n) * 2);
    return { advance, lsb };
  }
}

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

const woffs = new Map<string, Woff>();
function woff(file: string): Woff {
  let w = woffs.get(file);
  if (!w) woffs.set(file, (w = new Woff(file, readFileSync(file))));
  return w;
}

const inRanges = (piece: FacePiece, cp: number): boolean => piece.ranges === null || piece.ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/** The component glyph indices of a composite glyph and where each is written in its record. */
function components(data: Uint8Array): { gid: number; at: number }[] {
  if (data.length < 10) return [];
  const v = view(data);
  if (v.getInt16(0) >= 0) return [];
  const out: { gid: number; at: number }[] = [];
  let p = 10;
  for (;;) {
    const flags = v.getUint16(p);
    out.push({ gid: v.getUint16(p + 2), at: p + 2 });
    p += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
    if (!(flags & 0x0020)) break;
  }
  return out;
}

/**
 * The glyphs of a bundled family's regular or bold face for the given code points (each taken from
 * the file the style sheet assigns it, as the browser does), null when the family is not bundled.
 */
export function faceGlyphs(family: string, bold: boolean, codePoints: Iterable<number>): FaceGlyphs | null {
  const pieces = facePieces(family, bold);
  if (!pieces || pieces.length === 0) return null;
  // the face-wide tables from the piece holding Latin letters (the same in every piece)
  const main = woff((pieces.find((p) => inRanges(p, 0x41)) ?? pieces[0]!).file);
  const glyphs: SubsetGlyph[] = [{ data: main.glyf(0), ...main.metrics(0) }];
  const index = new Map<string, number>();
  const add = (w: Woff, gid: number): number => {
    const key = `${w.file}#${gid}`;
    const hit = index.get(key);
    if (hit !== undefined) return hit;
    const data = w.glyf(gid);
    const at = glyphs.length;
    index.set(key, at);
    glyphs.push({ data, ...w.metrics(gid) });
    for (const c of components(data)) view(data).setUint16(c.at, add(w, c.gid));
    return at;
  };
  const cmap: [number, number][] = [];
  const missing: number[] = [];
  for (const cp of [...new Set(codePoints)].sort((a, b) => a - b)) {
    let found = false;
    for (const piece of pieces) {
      if (!inRanges(piece, cp)) continue;
      const w = woff(piece.file);
      const gid = w.glyphId(cp);
      if (gid === null) continue;
      cmap.push([cp, add(w, gid)]);
      found = true;
      break;
    }
    if (!found) missing.push(cp);
  }
  const t = (tag: string): Uint8Array => main.table(tag);
  return { family, bold, tables: { head: t('head'), hhea: t('hhea'), maxp: t('maxp'), 'OS/2': t('OS/2'), name: t('name'), post: t('post') }, glyphs, cmap, missing };
}

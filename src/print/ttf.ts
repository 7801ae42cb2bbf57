/**
 * A standalone TrueType font from the glyphs of a face (io/font-glyphs.ts): the face's own head,
 * hhea, maxp, OS/2, name and post tables, a cmap (formats 4 and 12), glyf, loca and hmtx for just the
 * glyphs given; and the obfuscation ECMA-376 Part 1 §17.8.1 asks of a font embedded in a .docx.
 * Bytes in, bytes out: reads and writes no file.
 */
import type { FaceGlyphs } from '../io/font-glyphs.js';

const pad4 = (n: number): number => (n + 3) & ~3;

function checksum(b: Uint8Array): number {
  const p = new Uint8Array(pad4(b.length));
  p.set(b);
  const v = new DataView(p.buffer);
  let sum = 0;
  for (let i = 0; i < p.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  return sum;
}

function cmapTable(map: [number, number][]): Uint8Array {
  const bmp = map.filter(([cp]) => cp <= 0xfffe);
  // format 4: one segment per code point, then the closing 0xFFFF segment
  const seg = bmp.length + 1;
  const f4len = 16 + seg * 8;
  // format 12: one group per code point
  const f12len = 16 + map.length * 12;
  const out = new Uint8Array(4 + 2 * 8 + f4len + f12len);
  const v = new DataView(out.buffer);
  v.setUint16(0, 0);
  v.setUint16(2, 2);
  // (3,1) Unicode BMP → format 4; (3,10) full Unicode → format 12
  v.setUint16(4, 3);
  v.setUint16(6, 1);
  v.setUint32(8, 20);
  v.setUint16(12, 3);
  v.setUint16(14, 10);
  v.setUint32(16, 20 + f4len);
  let p = 20;
  v.setUint16(p, 4);
  v.setUint16(p + 2, f4len);
  v.setUint16(p + 4, 0);
  v.setUint16(p + 6, seg * 2);
  const log = Math.floor(Math.log2(seg));
  v.setUint16(p + 8, 2 * 2 ** log);
  v.setUint16(p + 10, log);
  v.setUint16(p + 12, 2 * seg - 2 * 2 ** log);
  const ends = p + 14;
  const starts = ends + seg * 2 + 2;
  const deltas = starts + seg * 2;
  const offsets = deltas + seg * 2;
  bmp.forEach(([cp, gid], i) => {
    v.setUint16(ends + i * 2, cp);
    v.setUint16(starts + i * 2, cp);
    v.setUint16(deltas + i * 2, (gid - cp + 0x10000) & 0xffff);
    v.setUint16(offsets + i * 2, 0);
  });
  v.setUint16(ends + bmp.length * 2, 0xffff);
  v.setUint16(starts + bmp.length * 2, 0xffff);
  v.setUint16(deltas + bmp.length * 2, 1);
  v.setUint16(offsets + bmp.length * 2, 0);
  p = 20 + f4len;
  v.setUint16(p, 12);
  v.setUint32(p + 4, f12len);
  v.setUint32(p + 12, map.length);
  map.forEach(([cp, gid], i) => {
    v.setUint32(p + 16 + i * 12, cp);
    v.setUint32(p + 20 + i * 12, cp);
    v.setUint32(p + 24 + i * 12, gid);
  });
  return out;
}

/** The TrueType font (sfnt bytes) of the glyphs given: the same bytes for the same glyphs. */
export function trueTypeFont(face: FaceGlyphs): Uint8Array {
  const n = face.glyphs.length;
  const glyfLen = face.glyphs.reduce((s, g) => s + pad4(g.data.length), 0);
  const glyf = new Uint8Array(glyfLen);
  const loca = new Uint8Array((n + 1) * 4);
  const hmtx = new Uint8Array(n * 4);
  const lv = new DataView(loca.buffer);
  const hv = new DataView(hmtx.buffer);
  let at = 0;
  face.glyphs.forEach((g, i) => {
    lv.setUint32(i * 4, at);
    glyf.set(g.data, at);
    at += pad4(g.data.length);
    hv.setUint16(i * 4, g.advance);
    hv.setInt16(i * 4 + 2, g.lsb);
  });
  lv.setUint32(n * 4, at);

  const head = face.tables.head.slice();
  const hdv = new DataView(head.buffer);
  hdv.setUint32(8, 0);
  // long loca offsets
  hdv.setInt16(50, 1);
  const hhea = face.tables.hhea.slice();
  new DataView(hhea.buffer).setUint16(34, n);
  const maxp = face.tables.maxp.slice();
  new DataView(maxp.buffer).setUint16(4, n);
  const os2 = face.tables['OS/2'].slice();
  const ov = new DataView(os2.buffer);
  const cps = face.cmap.map(([cp]) => cp);
  if (cps.length > 0) {
    ov.setUint16(64, Math.min(cps[0]!, 0xffff));
    ov.setUint16(66, Math.min(cps.at(-1)!, 0xffff));
  }
  // post version 3: no glyph names
  const post = face.tables.post.slice(0, 32);
  new DataView(post.buffer).setUint32(0, 0x00030000);

  const tables: [string, Uint8Array][] = (
    [
      ['OS/2', os2],
      ['cmap', cmapTable(face.cmap)],
      ['glyf', glyf],
      ['head', head],
      ['hhea', hhea],
      ['hmtx', hmtx],
      ['loca', loca],
      ['maxp', maxp],
      ['name', face.tables.name],
      ['post', post],
    ] as [string, Uint8Array][]
  ).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const count = tables.length;
  const dirLen = 12 + count * 16;
  const total = dirLen + tables.reduce((s, [, b]) => s + pad4(b.length), 0);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x00010000);
  v.setUint16(4, count);
  const log = Math.floor(Math.log2(count));
  v.setUint16(6, 16 * 2 ** log);
  v.setUint16(8, log);
  v.setUint16(10, count * 16 - 16 * 2 ** log);
  let offset = dirLen;
  let headAt = 0;
  tables.forEach(([tag, bytes], i) => {
    const e = 12 + i * 16;
    for (let k = 0; k < 4; k++) out[e + k] = tag.charCodeAt(k);
    v.setUint32(e + 4, checksum(bytes));
    v.setUint32(e + 8, offset);
    v.setUint32(e + 12, bytes.length);
    out.set(bytes, offset);
    if (tag === 'head') headAt = offset;
    offset += pad4(bytes.length);
  });
  v.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}

/** The 16 bytes of a font key GUID ({XXXXXXXX-XXXX-…}) in the order §17.8.1 XORs them: last byte first. */
function keyBytes(guid: string): number[] {
  const hex = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`docx: bad font key ${guid}`);
  return (hex.match(/../g) ?? []).map((h) => parseInt(h, 16)).reverse();
}

/** A font as an .odttf part: its first 32 bytes XORed with the font key (ECMA-376 Part 1 §17.8.1). */
export function obfuscateFont(font: Uint8Array, guid: string): Uint8Array {
  const key = keyBytes(guid);
  const out = font.slice();
  for (let i = 0; i < 32 && i < out.length; i++) out[i] = out[i]! ^ key[i % 16]!;
  return out;
}

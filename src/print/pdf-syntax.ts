/**
 * A very small reader for the parts of a PDF file that `pdf-finish` edits: the classic
 * cross-reference table, the trailer, and uncompressed dictionary objects (Info, Catalog,
 * structure elements, outline items). Chromium (Skia/PDF) writes exactly this kind of file:
 * PDF 1.4, one revision, a classic `xref` table, no object streams.
 *
 * The file is handled as a latin1 string, so that one character is one byte and string
 * offsets are file offsets. Stream contents are never decoded or touched.
 */

export type PdfValue =
  | { t: 'num'; v: number; raw: string }
  | { t: 'name'; v: string }
  | { t: 'str'; bytes: Uint8Array }
  | { t: 'ref'; num: number; gen: number }
  | { t: 'bool'; v: boolean }
  | { t: 'null' }
  | { t: 'array'; items: PdfValue[] }
  | { t: 'dict'; entries: DictEntry[] };

export interface DictEntry {
  key: string;
  value: PdfValue;
  /** Offsets in the source of the key's `/` and of the end of the value. */
  start: number;
  end: number;
}

export class PdfSyntaxError extends Error {
  override name = 'PdfSyntaxError';
}

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set('()<>[]{}/%'.split('').map((c) => c.charCodeAt(0)));

function isRegular(code: number): boolean {
  return !Number.isNaN(code) && !WS.has(code) && !DELIM.has(code);
}

export function skipWs(s: string, pos: number): number {
  for (;;) {
    const c = s.charCodeAt(pos);
    if (WS.has(c)) pos++;
    else if (c === 0x25 /* % */) {
      while (pos < s.length && s[pos] !== '\n' && s[pos] !== '\r') pos++;
    } else return pos;
  }
}

/** Parses one value starting at `pos` (leading white space allowed). */
export function parseValue(s: string, pos: number): { value: PdfValue; end: number } {
  pos = skipWs(s, pos);
  const c = s[pos];
  if (c === undefined) throw new PdfSyntaxError(`unexpected end of file at ${pos}`);
  if (c === '<' && s[pos + 1] === '<') {
    pos += 2;
    const entries: DictEntry[] = [];
    for (;;) {
      pos = skipWs(s, pos);
      if (s.startsWith('>>', pos)) return { value: { t: 'dict', entries }, end: pos + 2 };
      if (s[pos] !== '/') throw new PdfSyntaxError(`expected a name key at ${pos}`);
      const start = pos;
      const key = parseValue(s, pos);
      if (key.value.t !== 'name') throw new PdfSyntaxError(`bad key at ${pos}`);
      const val = parseValue(s, key.end);
      entries.push({ key: key.value.v, value: val.value, start, end: val.end });
      pos = val.end;
    }
  }
  if (c === '<') {
    const close = s.indexOf('>', pos);
    if (close < 0) throw new PdfSyntaxError(`unterminated hex string at ${pos}`);
    let hex = s.slice(pos + 1, close).replace(/[\0\t\n\f\r ]/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new PdfSyntaxError(`bad hex string at ${pos}`);
    if (hex.length % 2) hex += '0';
    return { value: { t: 'str', bytes: Uint8Array.from(Buffer.from(hex, 'hex')) }, end: close + 1 };
  }
  if (c === '(') return parseLiteral(s, pos);
  if (c === '[') {
    pos++;
    const items: PdfValue[] = [];
    for (;;) {
      pos = skipWs(s, pos);
      if (s[pos] === ']') return { value: { t: 'array', items }, end: pos + 1 };
      const v = parseValue(s, pos);
      items.push(v.value);
      pos = v.end;
    }
  }
  if (c === '/') {
    let end = pos + 1;
    while (isRegular(s.charCodeAt(end))) end++;
    const name = s.slice(pos + 1, end).replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return { value: { t: 'name', v: name }, end };
  }
  let end = pos;
  while (isRegular(s.charCodeAt(end))) end++;
  const word = s.slice(pos, end);
  if (word === 'true' || word === 'false') return { value: { t: 'bool', v: word === 'true' }, end };
  if (word === 'null') return { value: { t: 'null' }, end };
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
    // An indirect reference is `num gen R`.
    if (/^\d+$/.test(word)) {
      const m = /^[\0\t\n\f\r ]+(\d+)[\0\t\n\f\r ]+R/.exec(s.slice(end, end + 40));
      if (m && !isRegular(s.charCodeAt(end + m[0].length))) {
        return { value: { t: 'ref', num: Number(word), gen: Number(m[1]) }, end: end + m[0].length };
      }
    }
    return { value: { t: 'num', v: Number(word), raw: word }, end };
  }
  throw new PdfSyntaxError(`unexpected ${JSON.stringify(word || c)} at ${pos}`);
}

function parseLiteral(s: string, pos: number): { value: PdfValue; end: number } {
  const out: number[] = [];
  let depth = 0;
  let i = pos;
  for (;;) {
    i++;
    const ch = s[i];
    if (ch === undefined) throw new PdfSyntaxError(`unterminated string at ${pos}`);
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) return { value: { t: 'str', bytes: Uint8Array.from(out) }, end: i + 1 };
      depth--;
    } else if (ch === '\\') {
      const e = s[++i];
      if (e === undefined) throw new PdfSyntaxError(`unterminated string at ${pos}`);
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
      if (e in simple) out.push(simple[e]!);
      else if (/[0-7]/.test(e)) {
        let oct = e;
        while (oct.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) oct += s[++i];
        out.push(parseInt(oct, 8) & 0xff);
      } else if (e === '\r') {
        if (s[i + 1] === '\n') i++;
      } else if (e !== '\n') out.push(e.charCodeAt(0));
      continue;
    }
    out.push(s.charCodeAt(i));
  }
}

export function dictGet(d: PdfValue | undefined, key: string): PdfValue | undefined {
  if (d?.t !== 'dict') return undefined;
  return d.entries.find((e) => e.key === key)?.value;
}

/** Decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding ~ latin1). */
export function decodeText(v: PdfValue | undefined): string | undefined {
  if (v?.t !== 'str') return undefined;
  const b = v.bytes;
  if (b[0] === 0xfe && b[1] === 0xff) {
    const sw = Buffer.from(b.subarray(2));
    if (sw.length % 2) throw new PdfSyntaxError('odd-length UTF-16 string');
    sw.swap16();
    return sw.toString('utf16le');
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString('utf8');
  return Buffer.from(b).toString('latin1');
}

/** Encodes a text string the way Skia does: a literal string if printable ASCII, else UTF-16BE hex. */
export function encodeText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return '(' + text.replace(/[()\\]/g, (c) => '\\' + c) + ')';
  const le = Buffer.from(text, 'utf16le');
  le.swap16();
  return '<FEFF' + le.toString('hex').toUpperCase() + '>';
}

export interface XrefEntry {
  num: number;
  offset: number; // for free entries: next free object number
  gen: number;
  inUse: boolean;
}

export interface PdfLayout {
  /** The file as latin1. */
  s: string;
  /** Offset of the `xref` keyword (the end of the body). */
  xrefOffset: number;
  entries: Map<number, XrefEntry>;
  trailer: Extract<PdfValue, { t: 'dict' }>;
}

/** Reads the classic cross-reference table and trailer of a single-revision PDF. */
export function readLayout(pdf: Uint8Array): PdfLayout {
  const s = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  if (!s.startsWith('%PDF-')) throw new PdfSyntaxError('not a PDF file (no %PDF- header)');
  const sx = s.lastIndexOf('startxref');
  if (sx < 0) throw new PdfSyntaxError('no startxref');
  const m = /^startxref[\0\t\n\f\r ]+(\d+)/.exec(s.slice(sx, sx + 40));
  if (!m) throw new PdfSyntaxError('bad startxref');
  const xrefOffset = Number(m[1]);
  if (!s.startsWith('xref', xrefOffset)) {
    throw new PdfSyntaxError('unsupported PDF: cross-reference stream instead of a classic xref table');
  }
  const entries = new Map<number, XrefEntry>();
  let pos = skipWs(s, xrefOffset + 4);
  for (;;) {
    if (s.startsWith('trailer', pos)) break;
    const head = /^(\d+)[ ]+(\d+)/.exec(s.slice(pos, pos + 40));
    if (!head) throw new PdfSyntaxError(`bad xref subsection at ${pos}`);
    const first = Number(head[1]);
    const count = Number(head[2]);
    pos = skipWs(s, pos + head[0].length);
    for (let i = 0; i < count; i++) {
      const e = /^(\d{10}) (\d{5}) ([nf])/.exec(s.slice(pos, pos + 20));
      if (!e) throw new PdfSyntaxError(`bad xref entry at ${pos}`);
      entries.set(first + i, { num: first + i, offset: Number(e[1]), gen: Number(e[2]), inUse: e[3] === 'n' });
      pos = skipWs(s, pos + 18);
    }
  }
  const t = parseValue(s, pos + 'trailer'.length);
  if (t.value.t !== 'dict') throw new PdfSyntaxError('trailer is not a dictionary');
  if (dictGet(t.value, 'Prev')) {
    throw new PdfSyntaxError('unsupported PDF: more than one revision (incremental updates)');
  }
  if (dictGet(t.value, 'Encrypt')) throw new PdfSyntaxError('unsupported PDF: encrypted');
  return { s, xrefOffset, entries, trailer: t.value };
}

export interface PdfObject {
  num: number;
  gen: number;
  /** Offset of `N G obj`. */
  offset: number;
  value: PdfValue;
  /** Source span of the value. */
  valueStart: number;
  valueEnd: number;
}

/** Reads the indirect object `num` (its value; for a stream only the dictionary). */
export function readObject(layout: PdfLayout, num: number): PdfObject {
  const e = layout.entries.get(num);
  if (!e || !e.inUse) throw new PdfSyntaxError(`object ${num} is not in the xref table`);
  const { s } = layout;
  const head = /^(\d+)[\0\t\n\f\r ]+(\d+)[\0\t\n\f\r ]+obj/.exec(s.slice(e.offset, e.offset + 40));
  if (!head || Number(head[1]) !== num) {
    throw new PdfSyntaxError(`xref offset ${e.offset} of object ${num} does not point at "${num} ${e.gen} obj"`);
  }
  const valueStart = skipWs(s, e.offset + head[0].length);
  const v = parseValue(s, valueStart);
  return { num, gen: Number(head[2]), offset: e.offset, value: v.value, valueStart, valueEnd: v.end };
}

/** Follows a reference (once); other values are returned as they are. */
export function resolve(layout: PdfLayout, v: PdfValue | undefined): PdfValue | undefined {
  return v?.t === 'ref' ? readObject(layout, v.num).value : v;
}

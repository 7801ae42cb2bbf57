/**
 * Makes Chromium's PDFs reproducible and gives them the document's metadata.
 *
 * What differs between two prints of the same HTML by Chromium 156 (Skia/PDF m156): the
 * /CreationDate and /ModDate strings of the Info dictionary (the wall-clock time), and the
 * structure elements' /ID strings (DOM node numbers, see `stableNodeIds`). Chromium writes no /ID
 * and no XMP metadata stream; font subset tags (AAAAAA+, BAAAAA+, ...), object numbers and order,
 * and the structure tree are the same from print to print and from browser process to browser
 * process — provided the pages that print are alike. A hidden tab and the visible one print a
 * page with a transformed element (the contents' leader dots, `transform: translateY(...)`) into
 * different page contents, the same to the eye: the visible tab also records that element,
 * clipped away, on every later page. That is in compressed content streams, which nothing here
 * touches; the browser (browser.ts) must open every page alike.
 *
 * Technique: the file is not re-serialized. Only three small dictionaries are rewritten in
 * place: the Info dictionary (Title, Author, Subject, Keywords, dates), the Catalog's /Lang
 * (and the /Lang of the root /Document structure element) when they differ from `meta.lang`
 * and its /PageMode /UseOutlines when asked for (`showOutline`) and there is an outline,
 * and the trailer (a deterministic /ID). The byte offsets in the classic xref table are then
 * shifted by the change in length. Every other byte, including the structure tree, the outline,
 * the fonts and the page contents, is kept as Chromium wrote it. The result has a single
 * revision, so finishing a finished file gives the same bytes again.
 *
 * Kept by hand because it is measurably better than re-serialising with a library (2026-12, the
 * example chapter, 238 KB): 8–17 ms here against 59–102 ms for pdf-lib 1.17 (load, set metadata,
 * save), and pdf-lib rewrites every object (240.5 KB out; Chromium's structure tree kept, but
 * object streams, offsets and /ID are its own), while this keeps Chromium's bytes.
 */
import { createHash } from 'node:crypto';
import {
  type DictEntry,
  type PdfLayout,
  type PdfValue,
  PdfSyntaxError,
  decodeText,
  dictGet,
  encodeText,
  readLayout,
  readObject,
} from './pdf-syntax.js';

export { PdfSyntaxError };

export interface PdfMeta {
  title: string;
  author: string;
  subject?: string;
  keywords?: string[];
  /** BCP 47 tag, e.g. "zh-CN". */
  lang: string;
  /** seconds since epoch, from SOURCE_DATE_EPOCH or the data */
  date: number;
  /** Replaces Chromium's /Creator (its user-agent string) when given, e.g. "yearbook 0.1.0". */
  creator?: string;
  /** Open with the bookmarks panel shown (/PageMode /UseOutlines), when the PDF has bookmarks. */
  showOutline?: boolean;
}

/** Latest date a PDF date string can hold: 9999-12-31T23:59:59Z. */
const MAX_DATE = 253402300799;

/** SOURCE_DATE_EPOCH if set and valid, else the given fallback (seconds). */
export function buildDate(env: Record<string, string | undefined>, fallback: number): number {
  const raw = env['SOURCE_DATE_EPOCH']?.trim();
  if (raw && /^\d+$/.test(raw)) {
    const n = Number(raw);
    if (Number.isSafeInteger(n) && n <= MAX_DATE) return n;
  }
  checkDate(fallback, 'fallback');
  return fallback;
}

function checkDate(sec: number, what: string): void {
  if (!Number.isInteger(sec) || sec < 0 || sec > MAX_DATE) {
    throw new RangeError(`${what} must be whole seconds between 0 and ${MAX_DATE}, got ${sec}`);
  }
}

/** `D:YYYYMMDDHHmmSS+00'00'` in UTC, as Skia writes it. */
export function pdfDate(sec: number): string {
  const d = new Date(sec * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}` +
    `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`
  );
}

const LANG_RE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Chromium names structure elements after DOM node numbers (`/ID (node00000420)`), which depend on
 * what the page printed before. Renumbers them 1, 2, 3 … in their original order, each with its
 * original width, so byte offsets stay valid and an ID tree stays sorted. Chromium numbers a
 * document's nodes in document order, on a hidden tab as on the visible one, so the new numbers do
 * not depend on which tab printed what first (tests/reproducible.test.ts).
 */
export function stableNodeIds(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const re = /\(node(\d+)\)/g;
  const olds = [...new Set([...text.matchAll(re)].map((m) => m[1]!))].sort((a, b) => Number(a) - Number(b) || a.length - b.length);
  if (olds.length === 0) return pdf;
  const map = new Map(olds.map((o, i) => [o, String(i + 1).padStart(o.length, '0')]));
  if ([...map].some(([o, n]) => n.length !== o.length)) return pdf; // cannot renumber in place
  return Buffer.from(text.replace(re, (_all, d: string) => `(node${map.get(d)})`), 'latin1');
}

/** Returns the PDF with fixed dates, a deterministic /ID derived from its content, and the metadata set; keeps tags, outline and fonts intact. */
export function finishPdf(pdf: Uint8Array, meta: PdfMeta): Uint8Array {
  checkDate(meta.date, 'meta.date');
  if (!meta.title.trim()) throw new RangeError('meta.title is empty');
  if (!LANG_RE.test(meta.lang)) throw new RangeError(`meta.lang is not a language tag: ${JSON.stringify(meta.lang)}`);

  const layout = readLayout(stableNodeIds(pdf));
  const { s, trailer } = layout;
  const edits: Edit[] = [];
  const appended: { num: number; text: string }[] = [];
  let size = numberValue(dictGet(trailer, 'Size'), 'trailer /Size');

  // Info dictionary.
  const infoRef = dictGet(trailer, 'Info');
  let infoEntries: DictEntry[] = [];
  if (infoRef) {
    if (infoRef.t !== 'ref') throw new PdfSyntaxError('trailer /Info is not a reference');
    const info = readObject(layout, infoRef.num);
    if (info.value.t !== 'dict') throw new PdfSyntaxError('the Info object is not a dictionary');
    infoEntries = info.value.entries;
    edits.push({ start: info.valueStart, end: info.valueEnd, text: infoDict(s, infoEntries, meta) });
  } else {
    appended.push({ num: size, text: infoDict(s, [], meta) });
    size++;
  }

  // Catalog /Lang, and the /Lang of the root structure element (Chromium puts <html lang> on both).
  const rootRef = dictGet(trailer, 'Root');
  if (rootRef?.t !== 'ref') throw new PdfSyntaxError('trailer has no /Root reference');
  const catalog = readObject(layout, rootRef.num);
  if (catalog.value.t !== 'dict') throw new PdfSyntaxError('the Catalog is not a dictionary');
  const catalogSets: Record<string, string> = {};
  if (decodeText(dictGet(catalog.value, 'Lang')) !== meta.lang) catalogSets['Lang'] = encodeText(meta.lang);
  // the bookmarks panel open, only where there are bookmarks (a reader shows an empty panel otherwise)
  const mode = dictGet(catalog.value, 'PageMode');
  if (meta.showOutline && dictGet(catalog.value, 'Outlines') && !(mode?.t === 'name' && mode.v === 'UseOutlines')) catalogSets['PageMode'] = '/UseOutlines';
  if (Object.keys(catalogSets).length > 0) edits.push(setEntries(s, catalog.valueStart, catalog.valueEnd, catalog.value.entries, catalogSets));
  const docElem = rootStructElement(layout, catalog.value);
  if (docElem && docElem.value.t === 'dict') {
    const lang = decodeText(dictGet(docElem.value, 'Lang'));
    if (lang !== undefined && lang !== meta.lang) {
      edits.push(setEntries(s, docElem.valueStart, docElem.valueEnd, docElem.value.entries, { Lang: encodeText(meta.lang) }));
    }
  }

  // The body with the edits applied, and the new object offsets.
  edits.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const e of edits) {
    if (e.start < at) throw new PdfSyntaxError('overlapping edits');
    parts.push(s.slice(at, e.start), e.text);
    at = e.end;
  }
  parts.push(s.slice(at, layout.xrefOffset));
  let body = parts.join('');
  const shift = (offset: number): number => {
    let d = 0;
    for (const e of edits) if (offset >= e.end) d += e.text.length - (e.end - e.start);
    return offset + d;
  };
  const rows = new Map<number, { offset: number; gen: number; inUse: boolean }>();
  for (const [num, e] of layout.entries) rows.set(num, { offset: e.inUse ? shift(e.offset) : e.offset, gen: e.gen, inUse: e.inUse });
  if (appended.length && !body.endsWith('\n')) body += '\n';
  for (const o of appended) {
    rows.set(o.num, { offset: body.length, gen: 0, inUse: true });
    body += `${o.num} 0 obj\n${o.text}\nendobj\n`;
  }

  // /ID from the content: both parts equal, as for a file written once.
  const id = createHash('sha256').update(Buffer.from(body, 'latin1')).digest('hex').slice(0, 32).toUpperCase();
  const trailerSets: Record<string, string> = { Size: String(size), ID: `[<${id}> <${id}>]` };
  if (!infoRef) trailerSets['Info'] = `${appended[0]!.num} 0 R`;
  const newTrailer = setEntries(s, 0, 0, trailer.entries, trailerSets).text;

  const out = [body, xrefTable(rows), 'trailer\n', newTrailer, '\nstartxref\n', String(body.length), '\n%%EOF\n'].join('');
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

function numberValue(v: PdfValue | undefined, what: string): number {
  if (v?.t !== 'num' || !Number.isInteger(v.v)) throw new PdfSyntaxError(`${what} is not an integer`);
  return v.v;
}

const INFO_ORDER = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'CreationDate', 'ModDate'];

/** The new Info dictionary: known keys in a fixed order, then any other keys as they were. */
function infoDict(s: string, entries: DictEntry[], meta: PdfMeta): string {
  const raw = (key: string): string | undefined => {
    const e = entries.find((x) => x.key === key);
    return e && s.slice(e.start, e.end);
  };
  const date = encodeText(pdfDate(meta.date));
  const keywords = (meta.keywords ?? []).map((k) => k.trim()).filter(Boolean).join(', ');
  const values: Record<string, string | undefined> = {
    Title: `/Title ${encodeText(meta.title)}`,
    Author: `/Author ${encodeText(meta.author)}`,
    Subject: meta.subject ? `/Subject ${encodeText(meta.subject)}` : undefined,
    Keywords: keywords ? `/Keywords ${encodeText(keywords)}` : undefined,
    Creator: meta.creator ? `/Creator ${encodeText(meta.creator)}` : raw('Creator'),
    Producer: raw('Producer'),
    CreationDate: `/CreationDate ${date}`,
    ModDate: `/ModDate ${date}`,
  };
  const lines = INFO_ORDER.map((k) => values[k]).filter((x): x is string => x !== undefined);
  for (const e of entries) if (!INFO_ORDER.includes(e.key)) lines.push(s.slice(e.start, e.end));
  return `<<${lines.join('\n')}>>`;
}

/** Rewrites a dictionary with some keys set: existing keys keep their place, new ones go last. */
function setEntries(s: string, start: number, end: number, entries: DictEntry[], sets: Record<string, string>): Edit {
  const lines: string[] = [];
  const done = new Set<string>();
  for (const e of entries) {
    const v = sets[e.key];
    if (v !== undefined) {
      if (!done.has(e.key)) lines.push(`/${e.key} ${v}`);
      done.add(e.key);
    } else lines.push(s.slice(e.start, e.end));
  }
  for (const [k, v] of Object.entries(sets)) if (!done.has(k)) lines.push(`/${k} ${v}`);
  return { start, end, text: `<<${lines.join('\n')}>>` };
}

/** The structure element directly under /StructTreeRoot when there is exactly one (Chromium's /Document). */
function rootStructElement(layout: PdfLayout, catalog: PdfValue): ReturnType<typeof readObject> | undefined {
  const treeRef = dictGet(catalog, 'StructTreeRoot');
  if (treeRef?.t !== 'ref') return undefined;
  const tree = readObject(layout, treeRef.num).value;
  let k = dictGet(tree, 'K');
  if (k?.t === 'array' && k.items.length === 1) k = k.items[0];
  if (k?.t !== 'ref') return undefined;
  const elem = readObject(layout, k.num);
  return dictGet(elem.value, 'S')?.t === 'name' ? elem : undefined;
}

function xrefTable(rows: Map<number, { offset: number; gen: number; inUse: boolean }>): string {
  const nums = [...rows.keys()].sort((a, b) => a - b);
  const out: string[] = ['xref\n'];
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    out.push(`${nums[i]} ${j - i + 1}\n`);
    for (let k = i; k <= j; k++) {
      const r = rows.get(nums[k]!)!;
      out.push(`${String(r.offset).padStart(10, '0')} ${String(r.gen).padStart(5, '0')} ${r.inUse ? 'n' : 'f'} \n`);
    }
    i = j + 1;
  }
  return out.join('');
}

/**
 * A fast reader for the plain subset of YAML that figure documents are written in: block mappings
 * with lower-case keys, one-line flow mappings, plain and simple double-quoted scalars, comments.
 * It builds the same `yaml` nodes with the same ranges as the `yaml` package would (checked by a
 * differential test), and returns null for anything else — sequences, block scalars, anchors,
 * tags, quotes with escapes, tabs, duplicate keys — which the `yaml` package then reads.
 * Pure; no I/O.
 *
 * Kept because it is measurably better (2026-12, Node 20, this 2-core machine): 20,000 figure
 * documents of the national benchmark's shape (4.5 MB) read in 120–180 ms here against 5.5–8.2 s
 * with the `yaml` package's parseDocument — 30–45× — and the check of a national folder spends
 * most of its loading time in YAML.
 */
import type { YMap, YNode, YPair, YScalar } from './yaml-nodes.js';

/** Characters that may not start a plain scalar here (YAML indicators, quotes, and `-`/`?`/`:` followed by space). */
const BAD_START = /^(?:[\[\]{},#&*!|>'"%@`]|[-?:](?:\s|$))/;

interface Frame {
  indent: number;
  map: YMap;
}

/** Whether text[from, to) is a key of the subset: [a-z0-9_]+ (KEY, without a slice to test it on). */
function isKey(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

/** Parses `text` if it lies in the subset; null means "use the full parser". */
export function fastParse(text: string): YNode | null {
  if (text.includes('\t') || text.includes('\r')) return null;
  const root: YMap = { t: 'm', items: [], at: -1 };
  const stack: Frame[] = [];
  let pendingKey: { pair: YPair; indent: number } | null = null;
  let pos = 0;
  const n = text.length;
  // offsets below are into `text` (a line is never sliced out: a national folder has a million of them)
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const lineStart = pos;
    pos = end + 1;
    let first = lineStart;
    while (first < end && text.charCodeAt(first) === 32) first++;
    const indent = first - lineStart;
    if (first === end || text.charCodeAt(first) === 35 /* # */) {
      if (end === n) break;
      continue;
    }
    // (a line feed is neither `-` nor `.`: these never look past the line)
    if (text.startsWith('---', first) || text.startsWith('...', first) || text.charCodeAt(first) === 37 /* % */) return null;
    const colon = text.indexOf(':', first);
    if (colon < 0 || colon >= end) return null;
    if (!isKey(text, first, colon)) return null;
    if (colon + 1 < end && text.charCodeAt(colon + 1) !== 32) return null;
    const key = text.slice(first, colon);

    // place the line in the tree by its indentation
    if (pendingKey) {
      if (indent > pendingKey.indent) {
        const map: YMap = { t: 'm', items: [], at: first };
        pendingKey.pair.v = map;
        stack.push({ indent, map });
      } else {
        pendingKey.pair.v = null;
      }
      pendingKey = null;
    }
    if (stack.length === 0) {
      if (indent !== 0) return null;
      stack.push({ indent: 0, map: root });
    }
    while (stack.length > 0 && indent < stack[stack.length - 1]!.indent) stack.pop();
    const frame = stack[stack.length - 1];
    if (!frame || frame.indent !== indent) return null;
    const items = frame.map.items;
    for (let i = 0; i < items.length; i++) if (items[i]!.k === key) return null;

    const pair: YPair = { k: key, kAt: first, kEnd: colon, v: null };
    items.push(pair);
    if (frame.map.at < 0) frame.map.at = first;

    // the value: after the colon's spaces, up to a ` #` comment, trailing spaces dropped
    let vs = colon + 1;
    while (vs < end && text.charCodeAt(vs) === 32) vs++;
    let hash = -1;
    for (let j = colon; j + 1 < end; j++) {
      if (text.charCodeAt(j) === 32 && text.charCodeAt(j + 1) === 35) {
        hash = j;
        break;
      }
    }
    let ve = hash >= 0 ? hash : end;
    while (ve > vs && text.charCodeAt(ve - 1) === 32) ve--;
    if (vs >= ve) {
      pendingKey = { pair, indent };
      continue;
    }
    const raw = text.slice(vs, ve);
    const c0 = raw.charCodeAt(0);
    if (c0 === 123 /* { */) {
      const map = flowMap(raw, vs, hash >= 0 ? text.slice(vs, end) : raw);
      if (!map) return null;
      pair.v = map;
    } else if (c0 === 34 /* " */) {
      if (raw.length < 2 || !raw.endsWith('"') || raw.slice(1, -1).includes('"') || raw.includes('\\')) return null;
      pair.v = { t: 's', v: raw.slice(1, -1), at: vs, end: ve };
    } else {
      const sc = plain(raw, vs, false);
      if (!sc) return null;
      pair.v = sc;
    }
  }
  if (pendingKey) pendingKey.pair.v = null;
  if (root.items.length === 0) return null;
  return root;
}

/** A block-context plain scalar that YAML reads as its text: no indicator first, no `: `, no ` #`, no `:` last. */
export function isPlainScalar(raw: string): boolean {
  return !BAD_START.test(raw) && !raw.includes(': ') && !raw.endsWith(':') && !raw.includes(' #');
}

/**
 * Text whose every character every YAML reader takes for itself: no control character and no
 * white space but the space (U+0085, U+00A0, U+2028…, U+3000, U+FEFF are the full reader's to judge).
 */
export const ODD_CHARACTER = /[\u0000-\u001f\u007f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** A one-line plain value read as written by every reader: a plain scalar, no odd character, nothing to trim. */
export function readsAsWritten(v: string): boolean {
  return v !== '' && isPlainScalar(v) && !ODD_CHARACTER.test(v) && v.trim() === v;
}

function plain(raw: string, start: number, flow: boolean): YScalar | null {
  if (!isPlainScalar(raw)) return null;
  if (flow && /[\[\]{},]/.test(raw)) return null;
  return { t: 's', v: raw, at: start, end: start + raw.length };
}

/** What String.prototype.trim drops: the space, and others the YAML reader does not take for whitespace. */
function isTrimmed(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `{value: 511.17, growth: 8.3%}` on one line, plain scalars only (read by offsets: no part is sliced out but keys and values). */
function flowMap(raw: string, start: number, rest: string): YMap | null {
  if (!raw.endsWith('}')) return null;
  if (rest !== raw && !/^\s+#/.test(rest.slice(raw.length))) return null;
  const close = raw.length - 1;
  // whitespace other than the space (a byte-order mark, an ideographic space…) is not the YAML
  // reader's: it may be part of a key or a value there; the general reader decides
  let blank = true;
  for (let i = 1; i < close; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32) continue;
    if (isTrimmed(c)) return null;
    blank = false;
  }
  if (blank) return null;
  const map: YMap = { t: 'm', items: [], at: start };
  // each comma-separated part [ps, pe) of the inside, trimmed to [bs, be)
  for (let ps = 1; ps <= close; ) {
    let pe = raw.indexOf(',', ps);
    if (pe < 0 || pe > close) pe = close;
    let bs = ps;
    while (bs < pe && raw.charCodeAt(bs) === 32) bs++;
    let be = pe;
    while (be > bs && raw.charCodeAt(be - 1) === 32) be--;
    const colon = raw.indexOf(':', bs);
    if (colon < 0 || colon >= be || colon === bs || colon + 1 >= be || raw.charCodeAt(colon + 1) !== 32) return null;
    if (!isKey(raw, bs, colon)) return null;
    const key = raw.slice(bs, colon);
    for (const p of map.items) if (p.k === key) return null;
    let vs = colon + 1;
    while (vs < be && raw.charCodeAt(vs) === 32) vs++;
    if (vs >= be) return null;
    const value = plain(raw.slice(vs, be), start + vs, true);
    if (!value) return null;
    map.items.push({ k: key, kAt: start + bs, kEnd: start + colon, v: value });
    ps = pe + 1;
  }
  return map;
}

/**
 * The fast lane's reader: a region-year document's bytes straight to its figures as lean exact
 * intervals (model/scaled.ts), for the plain shape `scripts/gen-national.mjs` and `yearbook import`
 * write: `region`, `year`, `edition`, `source`, `figures` of plain numbers (with a unit, growth %, increase,
 * pp, before/after) in groups indented two spaces, and whole-line comments. Returns null — "let the
 * full reader decide" — for anything else or for anything the full reader would report: a comment
 * after a value, quotes but the region's, qualifiers, notes, text, an unknown path or unit, a unit
 * of the wrong family, a duplicate key, more than 15 digits, invalid UTF-8. Makes no findings;
 * allocates no string for a number. Pure.
 */
import type { Indicator, Region, RegionTree, Catalogue } from '../model/types.js';
import { compatible, unitInfo, UNITS_LONGEST_FIRST, type UnitInfo } from '../model/units.js';
import { leanPlain, leanStatedPlain, plainFactor, type PlainFactor } from '../model/figure-interval.js';
import '../model/scaled.js'; // (its TAGGED_ENDS before any Lean is made)
import type { Lean } from '../model/scaled.js';
import { lookupIndicator } from '../parse/catalogue.js';
import { ODD_CHARACTER, readsAsWritten } from '../parse/fast-yaml.js';

/** One figure path of the catalogue as met in documents (a group when it has no indicator). */
export interface PathNode {
  path: string;
  /** Index into FastDoc.idx (every node has one, groups too). */
  id: number;
  indicator: Indicator | null;
  children: PathNode[];
  /** The key as bytes (ASCII), to match without making a string. */
  key: Uint8Array;
  /** The document that last used this node (a duplicate key inside one document). */
  seen: number;
  /** How numbers in the indicator's unit, and in other units, become lean intervals (made when first needed). */
  factor: PlainFactor | null | undefined;
  otherFactors: Map<UnitInfo, PlainFactor | null> | null;
}

/**
 * A document's figures, kept in two typed arrays (a national folder has a million figures: as
 * objects the garbage collector would copy them from space to space while they are read). Every
 * interval is closed and finite (plain numbers only), so an interval is three numbers: lo, hi, e
 * (model/scaled.ts Lean without its open ends).
 *
 *   idx[id]                (id < paths): the figure's index j in the document, −1 for none
 *   idx[paths + j]         the node id of the j-th figure written (document order)
 *   idx[paths + n + j]     where figure j's extras start in num, −1 for none
 *   num[3j … 3j+2]         figure j's current value (`value`, or `after` of a before/after figure)
 *   num[x … x+11]          its extras: before, growth, increase, pp (3 numbers each; e NaN: absent)
 */
export interface FastDoc {
  rel: string;
  file: string;
  region: Region;
  year: number;
  /** `edition:` as written (快报, 年报…), null for none. */
  edition: string | null;
  /** Path nodes known when the document was read (idx's first part). */
  paths: number;
  /** Figures in the document. */
  n: number;
  idx: Int32Array;
  num: Float64Array;
}

/** The offsets of the extras of a figure, from its start in FastDoc.num. */
export const BEFORE = 0;
export const GROWTH = 3;
export const INCREASE = 6;
export const PP = 9;

/** Figure j's index in the document for a node id, −1 when the document has no such figure. */
export function figureOf(d: FastDoc, id: number): number {
  return id < d.paths ? d.idx[id]! : -1;
}

/** Where figure j's extras start in d.num, −1 when it has none. */
export function extrasOf(d: FastDoc, j: number): number {
  return d.idx[d.paths + d.n + j]!;
}

/** The node id of figure j. */
export function idOf(d: FastDoc, j: number): number {
  return d.idx[d.paths + j]!;
}

/** The paths met so far under one catalogue (made once, shared by every document). */
export interface Paths {
  root: PathNode;
  byPath: Map<string, PathNode>;
  /** By PathNode.id. */
  nodes: PathNode[];
  next: number;
  doc: number;
}

const REGISTRIES = new WeakMap<Catalogue, Paths>();

export function pathsOf(cat: Catalogue): Paths {
  let p = REGISTRIES.get(cat);
  if (!p) {
    const root = node('', null, new Uint8Array(), 0);
    REGISTRIES.set(cat, (p = { root, byPath: new Map(), nodes: [root], next: 1, doc: 0 }));
  }
  return p;
}

function node(path: string, indicator: Indicator | null, key: Uint8Array, id: number): PathNode {
  return { path, id, indicator, children: [], key, seen: 0, factor: undefined, otherFactors: null };
}

const enc = new TextEncoder();
// fatal: malformed bytes are refused; ignoreBOM: a U+FEFF is kept (and refused as an odd character), never dropped
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Units by their UTF-8 bytes read as Latin-1 (a string of one byte a character: no decoding). */
const UNITS_BY_BYTES = new Map<string, UnitInfo>();
for (const u of UNITS_LONGEST_FIRST) {
  let s = '';
  for (const b of enc.encode(u)) s += String.fromCharCode(b);
  UNITS_BY_BYTES.set(s, unitInfo(u)!);
}

const NL = 10, SP = 32, COLON = 58, QUOTE = 34, MINUS = 45, DOT = 46, COMMA = 44, LBRACE = 123, RBRACE = 125;

const isKeyByte = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;

/** Bytes equal to an ASCII word. */
function is(b: Uint8Array, from: number, to: number, word: string): boolean {
  if (to - from !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[from + i] !== word.charCodeAt(i)) return false;
  return true;
}

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Bytes [from, to) as UTF-8 text, or null when they are not well-formed UTF-8 (what decode() would refuse). */
function utf8Text(b: Uint8Array, from: number, to: number): string | null {
  try {
    return utf8.decode(b.subarray(from, to));
  } catch {
    return null;
  }
}

// A number read by readNumber: its digits as a safe integer, its decimals, where it ended (−1: no number).
let numM = 0;
let numD = 0;

/** `-?\d+(\.\d+)?` at b[from…to) into numM/numD (at most 15 digits); the position after it, or −1. */
function readNumber(b: Uint8Array, from: number, to: number): number {
  let i = from;
  const neg = b[i] === MINUS;
  if (neg) i++;
  let m = 0, digits = 0, d = 0;
  const start = i;
  while (i < to && b[i]! >= 48 && b[i]! <= 57) { m = m * 10 + (b[i]! - 48); i++; digits++; }
  if (i === start) return -1;
  if (i < to && b[i] === DOT) {
    i++;
    const f = i;
    while (i < to && b[i]! >= 48 && b[i]! <= 57) { m = m * 10 + (b[i]! - 48); i++; digits++; }
    if (i === f) return -1;
    d = i - f;
  }
  if (digits > 15) return -1;
  numM = neg && m !== 0 ? -m : m;
  numD = d;
  return i;
}

/** A written value `N`, `N unit` or `Nunit` at [from, to): its lean interval for the node's indicator, or null (let the full reader decide). */
function readValue(b: Uint8Array, from: number, to: number, n: PathNode): Lean | null {
  const p = readNumber(b, from, to);
  if (p < 0) return null;
  const ind = n.indicator!;
  let pf: PlainFactor | null;
  if (p === to) {
    pf = n.factor === undefined ? (n.factor = plainFactor(ind.unit, ind)) : n.factor;
  } else {
    let u = p;
    if (b[u] === SP) u++;
    if (u >= to) return null;
    const written = UNITS_BY_BYTES.get(latin1(b, u, to));
    if (!written || !compatible(written, ind.unit)) return null;
    const others = (n.otherFactors ??= new Map());
    pf = others.get(written) ?? null;
    if (!others.has(written)) others.set(written, (pf = plainFactor(written, ind)));
  }
  return pf && (leanPlain(numM, numD, pf) || null);
}

/** A growth `N%` (the space before % allowed, as parseQuantity allows it). */
function readGrowth(b: Uint8Array, from: number, to: number): Lean | null {
  const p = readNumber(b, from, to);
  if (p < 0) return null;
  const u = b[p] === SP ? p + 1 : p;
  if (u !== to - 1 || b[u] !== 37 /* % */) return null;
  return leanStatedPlain(numM, numD, 'growth') || null;
}

/** A pp change: a plain number. */
function readPp(b: Uint8Array, from: number, to: number): Lean | null {
  if (readNumber(b, from, to) !== to) return null;
  return leanStatedPlain(numM, numD, 'pp') || null;
}

// The document being read: its figures' numbers and node ids, grown as needed and copied out at its end.
let curNum = new Float64Array(256);
let curX = new Float64Array(256);
let curIds = new Int32Array(64);
let curXo = new Int32Array(64);
let nFig = 0;
let nX = 0;

type Numbers = Float64Array | Int32Array;

/** `a`, or a copy of it at least `need` long (doubled) when it is shorter. */
function room<T extends Numbers>(a: T, need: number): T {
  if (a.length >= need) return a;
  const g = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  g.set(a);
  return g;
}

/**
 * The documents' arrays are views into slabs of 1 MB: a typed array of its own for each of 33,000
 * documents would cost an allocation outside the heap each (microseconds), a view costs none.
 */
class Slab<T extends Numbers> {
  private buf: T;
  private used = 0;
  constructor(private readonly make: (n: number) => T) {
    this.buf = make(1 << 17);
  }
  take(n: number): T {
    if (this.used + n > this.buf.length) {
      this.buf = this.make(Math.max(1 << 17, n));
      this.used = 0;
    }
    const v = this.buf.subarray(this.used, this.used + n) as T;
    this.used += n;
    return v;
  }
}
const numSlab = new Slab((n) => new Float64Array(n));
const intSlab = new Slab((n) => new Int32Array(n));

function put(a: Float64Array, at: number, l: Lean | null): void {
  if (l) {
    a[at] = l.lo;
    a[at + 1] = l.hi;
    a[at + 2] = l.e;
  } else a[at + 2] = NaN;
}

/** Figure j of the document being read: its node, current value and extras (all closed and finite: plain numbers). */
function addFigure(id: number, cur: Lean, before: Lean | null, growth: Lean | null, increase: Lean | null, pp: Lean | null): void {
  curNum = room(curNum, (nFig + 1) * 3);
  curIds = room(curIds, nFig + 1);
  curXo = room(curXo, nFig + 1);
  put(curNum, nFig * 3, cur);
  curIds[nFig] = id;
  if (before || growth || increase || pp) {
    curX = room(curX, nX + 12);
    put(curX, nX + BEFORE, before);
    put(curX, nX + GROWTH, growth);
    put(curX, nX + INCREASE, increase);
    put(curX, nX + PP, pp);
    curXo[nFig] = nX;
    nX += 12;
  } else curXo[nFig] = -1;
  nFig++;
}

/** The figure in `{value: …, growth: …}` or a plain value, added to the document; false to let the full reader decide. */
function readFigure(b: Uint8Array, vs: number, ve: number, n: PathNode): boolean {
  const ind = n.indicator!;
  if (b[vs] !== LBRACE) {
    const cur = readValue(b, vs, ve, n);
    if (!cur) return false;
    addFigure(n.id, cur, null, null, null, null);
    return true;
  }
  if (b[ve - 1] !== RBRACE) return false;
  let value: Lean | null = null, before: Lean | null = null, after: Lean | null = null;
  let growth: Lean | null = null, increase: Lean | null = null, pp: Lean | null = null;
  let seen = 0;
  let p = vs + 1;
  const close = ve - 1;
  for (;;) {
    const ks = p;
    while (p < close && b[p]! >= 97 && b[p]! <= 122) p++;
    if (p === ks || b[p] !== COLON || b[p + 1] !== SP) return false;
    const ke = p;
    p += 2;
    const fs = p;
    while (p < close && b[p] !== COMMA) {
      const c = b[p]!;
      if (c === LBRACE || c === RBRACE || c === COLON || c === 35 || c === 91 || c === 93) return false;
      p++;
    }
    const fe = p;
    if (fe === fs || b[fe - 1] === SP) return false;
    let bit: number;
    if (is(b, ks, ke, 'value')) { bit = 1; value = readValue(b, fs, fe, n); if (!value) return false; }
    else if (is(b, ks, ke, 'before')) { bit = 2; before = readValue(b, fs, fe, n); if (!before) return false; }
    else if (is(b, ks, ke, 'after')) { bit = 4; after = readValue(b, fs, fe, n); if (!after) return false; }
    else if (is(b, ks, ke, 'growth')) { bit = 8; growth = readGrowth(b, fs, fe); if (!growth) return false; }
    else if (is(b, ks, ke, 'increase')) { bit = 16; increase = readValue(b, fs, fe, n); if (!increase) return false; }
    else if (is(b, ks, ke, 'pp')) { bit = 32; pp = readPp(b, fs, fe); if (!pp) return false; }
    else return false;
    if (seen & bit) return false;
    seen |= bit;
    if (p === close) break;
    // `, ` between fields
    if (b[p + 1] !== SP) return false;
    p += 2;
  }
  // pp of a figure not measured in % is a finding of the change check
  if (pp && ind.unit.unit !== '%') return false;
  if ((seen & 7) === 1) addFigure(n.id, value!, null, growth, increase, pp);
  else if ((seen & 7) === 6) addFigure(n.id, after!, before, growth, increase, pp);
  else return false;
  return true;
}

/** The child of a path node with the key at b[from…to), made (and looked up in the catalogue) the first time. */
function child(paths: Paths, cat: Catalogue, parent: PathNode, b: Uint8Array, from: number, to: number): PathNode {
  const len = to - from;
  outer: for (const c of parent.children) {
    if (c.key.length !== len) continue;
    for (let i = 0; i < len; i++) if (c.key[i] !== b[from + i]) continue outer;
    return c;
  }
  const k = latin1(b, from, to);
  const path = parent.path === '' ? k : `${parent.path}.${k}`;
  const c = node(path, lookupIndicator(cat, path), b.slice(from, to), paths.next++);
  parent.children.push(c);
  paths.byPath.set(path, c);
  paths.nodes[c.id] = c;
  return c;
}

export interface ScanContext {
  regions: RegionTree;
  catalogue: Catalogue;
  paths: Paths;
}

/** A document's bytes as a FastDoc; null when the full reader must read it (see the module comment). */
export function scanDocument(rel: string, file: string, b: Uint8Array, ctx: ScanContext): FastDoc | null {
  const { paths, catalogue } = ctx;
  const docId = ++paths.doc;
  const n = b.length;
  let region: Region | null = null;
  let year = 0;
  let edition: string | null = null;
  let top = 0; // bits: region 1, year 2, source 4, figures 8, edition 16
  nFig = 0;
  nX = 0;
  // the open groups under figures: stack[0] is the root, stack[k] the group at indentation 2k, depth of them
  const stack: PathNode[] = [];
  let depth = 0;
  let inFigures = false;
  let pendingGroup = false;
  let pos = 0;
  while (pos < n) {
    let end = pos;
    while (end < n && b[end] !== NL) end++;
    const ls = pos;
    pos = end + 1;
    let first = ls;
    while (first < end && b[first] === SP) first++;
    if (first === end) {
      if (first > ls) return null; // a line of spaces only
      continue;
    }
    // a whole-line comment (as `yearbook import-text` writes at the top) is skipped, as YAML skips it;
    // its text must still be UTF-8 the full reader takes without a word
    if (b[first] === 35 /* # */) {
      const comment = utf8Text(b, first, end);
      if (comment === null || ODD_CHARACTER.test(comment)) return null;
      continue;
    }
    const indent = first - ls;
    let colon = first;
    while (colon < end && isKeyByte(b[colon]!)) colon++;
    if (colon === first || colon >= end || b[colon] !== COLON) return null;
    let vs = colon + 1;
    const empty = vs === end;
    if (!empty) {
      if (b[vs] !== SP) return null;
      vs++;
      if (vs >= end || b[vs] === SP || b[end - 1] === SP) return null;
    }
    if (indent === 0) {
      if (pendingGroup) return null;
      inFigures = false;
      let bit: number;
      if (is(b, first, colon, 'region')) {
        bit = 1;
        if (empty) return null;
        let cs = vs, ce = end;
        if (b[cs] === QUOTE) {
          if (ce - cs < 3 || b[ce - 1] !== QUOTE) return null;
          cs++;
          ce--;
        }
        for (let i = cs; i < ce; i++) if (b[i]! < 48 || b[i]! > 57) return null;
        region = ctx.regions.byCode.get(latin1(b, cs, ce)) ?? null;
        if (!region) return null;
      } else if (is(b, first, colon, 'year')) {
        bit = 2;
        if (empty || end - vs !== 4) return null;
        for (let i = vs; i < end; i++) if (b[i]! < 48 || b[i]! > 57) return null;
        year = (b[vs]! - 48) * 1000 + (b[vs + 1]! - 48) * 100 + (b[vs + 2]! - 48) * 10 + (b[vs + 3]! - 48);
      } else if (is(b, first, colon, 'source')) {
        bit = 4;
        const v = empty ? null : utf8Text(b, vs, end);
        if (v === null || !readsAsWritten(v)) return null;
      } else if (is(b, first, colon, 'edition')) {
        bit = 16;
        edition = empty ? null : utf8Text(b, vs, end);
        if (edition === null || !readsAsWritten(edition)) return null;
      } else if (is(b, first, colon, 'figures')) {
        bit = 8;
        if (!empty) return null;
        inFigures = true;
        pendingGroup = true;
        stack[0] = paths.root;
        depth = 1;
      } else return null;
      if (top & bit) return null;
      top |= bit;
      continue;
    }
    if (!inFigures || (indent & 1) !== 0) return null;
    const level = indent >> 1;
    if (level > depth || (pendingGroup && level !== depth)) return null;
    pendingGroup = false;
    depth = level;
    const nd = child(paths, catalogue, stack[level - 1]!, b, first, colon);
    if (nd.seen === docId) return null; // a key twice in a map
    nd.seen = docId;
    if (empty) {
      if (nd.indicator) return null;
      stack[depth++] = nd;
      pendingGroup = true;
      continue;
    }
    if (!nd.indicator) return null;
    if (!readFigure(b, vs, end, nd)) return null;
  }
  if (pendingGroup || !region || (top & 3) !== 3) return null;
  // the figures copied out: ids and extras' offsets (shifted past the current part) after the slots
  const P = paths.next;
  const idx = intSlab.take(P + 2 * nFig);
  idx.fill(-1, 0, P);
  const num = numSlab.take(nFig * 3 + nX);
  num.set(curNum.subarray(0, nFig * 3));
  num.set(curX.subarray(0, nX), nFig * 3);
  for (let j = 0; j < nFig; j++) {
    idx[curIds[j]!] = j;
    idx[P + j] = curIds[j]!;
    const x = curXo[j]!;
    idx[P + nFig + j] = x < 0 ? -1 : nFig * 3 + x;
  }
  return { rel, file, region, year, edition, paths: P, n: nFig, idx, num };
}

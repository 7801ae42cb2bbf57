/**
 * Two YAML mistakes editors make that the `yaml` package reports as a cascade of unrelated errors:
 * a full-width colon after a key (`total： 35.80`, typed with a Chinese input method) and a first
 * key indented while the keys below it are not. Found in the text, each named once where it is, and
 * repaired in a copy so the file can still be read; offsets of the copy map back to the original.
 * Pure text work: no parsing, no I/O, never throws.
 */
import { msg, type Message } from '../findings/messages.js';

/** Replace the original text's [at, at + del) with `ins`. */
export interface Edit {
  at: number;
  del: number;
  ins: string;
}

export interface Mistake {
  /** Offset in the original text the finding points at. */
  offset: number;
  message: Message;
}

export interface Repair {
  /** The text with every mistake repaired (the original when there is none). */
  text: string;
  edits: Edit[];
  mistakes: Mistake[];
}

/** A key the format uses (lower-case ASCII), after optional `- ` list marks, then a full-width colon. */
const FW_KEY = /^((?:- +)*)([a-z0-9_]+) *：/;
/** A key followed by an ASCII colon: what comes after it is the value. */
const ASCII_KEY = /^((?:- +)*)(?:"[^"]*"|'[^']*'|[^\s#'"{[][^#]*?) *:(?: |$)/;
/** A value that opens a block scalar (`|`, `>-`, `|2` …): the lines below it are text. */
const BLOCK_OPENER = /^[|>][-+1-9]{0,2}(?: +#.*)?$/;
/** The fix shown in a message: the key and at most this many characters of its value. */
const FIX_CHARS = 16;

interface Line {
  start: number;
  indent: number;
  /** The line without its indentation and its line end. */
  body: string;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, end).replace(/\r$/, '');
    let indent = 0;
    while (indent < raw.length && raw.charCodeAt(indent) === 32) indent++;
    out.push({ start: pos, indent, body: raw.slice(indent) });
    if (end === text.length) break;
    pos = end + 1;
  }
  return out;
}

const isContent = (l: Line): boolean => l.body.trim() !== '' && !l.body.startsWith('#');

/** `total: 35.80` for a message: the key, the ASCII colon, a space, the start of the value. */
function fixText(key: string, value: string): string {
  const v = value.replace(/ +#.*$/, '').trim();
  if (v === '') return `${key}:`;
  const chars = [...v];
  return `${key}: ${chars.length > FIX_CHARS ? chars.slice(0, FIX_CHARS).join('') + '…' : v}`;
}

/** The edit for the full-width colon at `at`: `:`, and a space when none follows. */
function colonEdit(text: string, at: number): Edit {
  const next = text.charCodeAt(at + 1);
  const spaced = Number.isNaN(next) || next === 32 || next === 10 || next === 13;
  return { at, del: 1, ins: spaced ? ':' : ': ' };
}

/** Full-width colons after the keys of a one-line flow map `{value：35.80, growth: 8.3%}`. */
function flowColons(text: string, start: number, flow: string, edits: Edit[], mistakes: Mistake[]): void {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < flow.length; i++) {
    const c = flow[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '}' || c === ']') {
      if (--depth <= 0) return;
    } else if (c === '{' || c === '[' || c === ',') {
      if (c !== ',') depth++;
      const m = /^ *([a-z0-9_]+) *：/.exec(flow.slice(i + 1));
      if (!m) continue;
      const at = start + i + m[0].length;
      const rest = flow.slice(i + 1 + m[0].length);
      const value = /^[^,}\]]*/.exec(rest)![0];
      edits.push(colonEdit(text, at));
      mistakes.push({ offset: at, message: msg('yaml.full-width-colon', { key: m[1]!, fix: fixText(m[1]!, value) }) });
    } else if (c === '#' && flow[i - 1] === ' ') return;
  }
}

/** The full-width colons after keys, outside block scalars (where text may use ： freely). */
function fullWidthColons(text: string, lines: Line[], edits: Edit[], mistakes: Mistake[]): void {
  let blockParent: number | null = null;
  for (const l of lines) {
    if (blockParent !== null) {
      if (l.body.trim() === '' || l.indent > blockParent) continue;
      blockParent = null;
    }
    if (!isContent(l)) continue;
    let value: string;
    let valueStart: number;
    const fw = FW_KEY.exec(l.body);
    if (fw) {
      const at = l.start + l.indent + fw[0].length - 1;
      value = l.body.slice(fw[0].length);
      valueStart = at + 1;
      edits.push(colonEdit(text, at));
      mistakes.push({ offset: at, message: msg('yaml.full-width-colon', { key: fw[2]!, fix: fixText(fw[2]!, value) }) });
    } else {
      const ascii = ASCII_KEY.exec(l.body);
      const dashes = /^(?:- +)*/.exec(l.body)![0];
      const skip = ascii ? ascii[0].length : dashes.length;
      value = l.body.slice(skip);
      valueStart = l.start + l.indent + skip;
    }
    const lead = value.length - value.trimStart().length;
    const v = value.trimStart();
    if (BLOCK_OPENER.test(v.trimEnd())) blockParent = l.indent;
    else if (v.startsWith('{')) flowColons(text, valueStart + lead, v, edits, mistakes);
  }
}

/** A first key indented by n spaces above a line indented less: the leading lines lose n spaces. */
function indentedFirstKey(lines: Line[], edits: Edit[], mistakes: Mistake[]): void {
  const first = lines.findIndex(isContent);
  if (first < 0) return;
  const head = lines[first]!;
  const n = head.indent;
  const key = /^([^\s#:：]+) *(?::(?: |$)|：)/.exec(head.body);
  if (n === 0 || !key) return;
  const below = lines.findIndex((l, i) => i > first && isContent(l) && l.indent < n);
  if (below < 0) return;
  let indented = 0;
  for (let i = first; i < below; i++) {
    const l = lines[i]!;
    if (l.indent >= n) {
      edits.push({ at: l.start, del: n, ins: '' });
      if (isContent(l)) indented = i;
    }
  }
  const next = lines[below]!;
  const nextKey = /^[^\s#:：]+/.exec(next.body)?.[0] ?? next.body.trim();
  const fix = indented === first
    ? msg('yaml.indent-fix-first', { key: key[1]!, count: n })
    : msg('yaml.indent-fix-lines', { from: first + 1, to: indented + 1, count: n });
  mistakes.push({ offset: head.start, message: msg('yaml.indented-first-key', { key: key[1]!, count: n, line: below + 1, next: nextKey, fix }) });
}

/** Finds the mistakes and repairs them in a copy of the text. */
export function repairMistakes(text: string): Repair {
  // the common case costs one scan: no full-width colon, and the first character is no space
  const leading = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*( ?)/.exec(text)?.[1] === ' ';
  if (!text.includes('：') && !leading) return { text, edits: [], mistakes: [] };
  const lines = splitLines(text);
  const edits: Edit[] = [];
  const mistakes: Mistake[] = [];
  fullWidthColons(text, lines, edits, mistakes);
  indentedFirstKey(lines, edits, mistakes);
  if (edits.length === 0) return { text, edits, mistakes };
  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += text.slice(pos, e.at) + e.ins;
    pos = e.at + e.del;
  }
  out += text.slice(pos);
  return { text: out, edits, mistakes };
}

/** Maps offsets of the repaired text back to the original's. */
export function offsetMapper(edits: readonly Edit[]): (offset: number) => number {
  if (edits.length === 0) return (o) => o;
  // where each edit starts in the repaired text, and the shift after it
  const starts: number[] = [];
  const shifts: number[] = [];
  let shift = 0;
  for (const e of edits) {
    starts.push(e.at + shift);
    shift += e.ins.length - e.del;
    shifts.push(shift);
  }
  return (o) => {
    let lo = 0;
    let hi = starts.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= o) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (i < 0) return o;
    const e = edits[i]!;
    if (o < starts[i]! + e.ins.length) return e.at + Math.min(o - starts[i]!, e.del);
    return o - shifts[i]!;
  };
}

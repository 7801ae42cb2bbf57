/**
 * Parses YAML text into a small neutral tree of plain nodes with source offsets, and offers typed
 * accessors for the loaders. Plain figure documents are read by the fast reader; everything else by
 * the `yaml` package (failsafe schema, so every scalar stays the text it was written as), whose
 * errors become findings and whose aliases are resolved within a budget. A full-width colon after a
 * key and an indented first key are named once and read as meant (yaml-mistakes.ts). No file I/O.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { msg, type Message, type MessageId } from '../findings/messages.js';
import { fastParse } from './fast-yaml.js';
import { offsetMapper, repairMistakes } from './yaml-mistakes.js';
import type { YMap, YNode, YPair, YSeq } from './yaml-nodes.js';

/** At most this many alias dereferences and nodes per file: enough for any honest use, stops alias bombs. */
const ALIAS_BUDGET = 10_000;
const NODE_BUDGET = 1_000_000;

export class AliasBudgetExceeded extends Error {}

export type { YMap, YNode, YPair, YScalar, YSeq } from './yaml-nodes.js';

export interface YamlIssue {
  offset: number;
  message: Message;
  /** The mistake was repaired before reading: the tree is still usable (the file is checked). */
  recovered?: boolean;
}

export interface Tree {
  root: YNode | null;
  lines: LineCounter;
}

function lineCounter(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return lines;
}

export function parseYaml(text: string): { tree: Tree; issues: YamlIssue[] } {
  const repair = repairMistakes(text);
  if (repair.edits.length === 0) return parseText(text);
  // read the repaired copy; report at, and locate in, the text as written
  const parsed = parseText(repair.text);
  const back = offsetMapper(repair.edits);
  const seen = new Set<YNode>();
  const remap = (n: YNode | null): void => {
    if (!n || seen.has(n)) return;
    seen.add(n);
    n.at = back(n.at);
    if (n.t === 's') n.end = back(n.end);
    else if (n.t === 'm') {
      for (const p of n.items) {
        p.kAt = back(p.kAt);
        p.kEnd = back(p.kEnd);
        remap(p.v);
      }
    } else for (const x of n.items) remap(x);
  };
  remap(parsed.tree.root);
  const issues: YamlIssue[] = [
    ...repair.mistakes.map((m) => ({ offset: m.offset, message: m.message, recovered: true })),
    ...parsed.issues.map((i) => ({ ...i, offset: back(i.offset) })),
  ];
  return { tree: { root: parsed.tree.root, lines: lineCounter(text) }, issues };
}

function parseText(text: string): { tree: Tree; issues: YamlIssue[] } {
  const fast = fastParse(text);
  if (fast) return { tree: { root: fast, lines: lineCounter(text) }, issues: [] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  const all: YamlIssue[] = doc.errors.map((e) => ({ offset: /call stack/i.test(e.message) ? nestingStart(text, e.pos[0]) : e.pos[0], message: yamlMessage(e.code, e.message, text, e.pos[0]) }));
  // the yaml package may report a stack overflow once or twice, depending on how deep the stack already is
  const seen = new Set<string>();
  const issues = all.filter((i) => {
    const k = `${i.offset}|${JSON.stringify(i.message)}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  if (issues.length > 0) return { tree: { root: null, lines }, issues };
  try {
    return { tree: { root: convert(doc.contents, doc, { aliases: ALIAS_BUDGET, nodes: NODE_BUDGET }), lines }, issues };
  } catch (e) {
    if (!(e instanceof AliasBudgetExceeded)) throw e;
    return { tree: { root: null, lines }, issues: [{ offset: 0, message: msg('yaml.alias-budget') }] };
  }
}

/** The yaml package's nodes as plain nodes; aliases resolved, counted against the budget. */
function convert(node: unknown, doc: Document.Parsed, budget: { aliases: number; nodes: number }): YNode | null {
  let n = node;
  let hops = 0;
  while (n && isAlias(n)) {
    if (--budget.aliases < 0 || ++hops > 100) throw new AliasBudgetExceeded();
    n = n.resolve(doc);
  }
  if (n === null || n === undefined) return null;
  if (--budget.nodes < 0) throw new AliasBudgetExceeded();
  if (isScalar(n)) {
    const v = n.value === null || n.value === undefined ? null : String(n.value);
    return { t: 's', v, at: n.range?.[0] ?? 0, end: n.range?.[1] ?? 0 };
  }
  if (isMap(n)) {
    const items: YPair[] = n.items.map((p) => {
      const key = convert(p.key, doc, budget);
      const k = key?.t === 's' ? (key.v ?? '') : '';
      return { k, kAt: key?.at ?? n.range?.[0] ?? 0, kEnd: key?.t === 's' ? key.end : (key?.at ?? 0), v: convert(p.value, doc, budget) };
    });
    return { t: 'm', items, at: n.range?.[0] ?? 0 };
  }
  if (isSeq(n)) return { t: 'q', items: n.items.map((x) => convert(x, doc, budget)), at: n.range?.[0] ?? 0 };
  return null;
}

/** The catalogue's wording for the yaml package's error codes; anything else keeps the library's text. */
const YAML_DETAILS: Record<string, MessageId> = {
  BAD_INDENT: 'yaml.detail.bad-indent',
  MISSING_CHAR: 'yaml.detail.missing-char',
  BLOCK_AS_IMPLICIT_KEY: 'yaml.detail.block-as-implicit-key',
  MULTILINE_IMPLICIT_KEY: 'yaml.detail.multiline-implicit-key',
  UNEXPECTED_TOKEN: 'yaml.detail.unexpected-token',
  BAD_SCALAR_START: 'yaml.detail.bad-scalar-start',
  BLOCK_IN_FLOW: 'yaml.detail.block-in-flow',
  BAD_DQ_ESCAPE: 'yaml.detail.bad-dq-escape',
  KEY_OVER_1024_CHARS: 'yaml.detail.key-over-1024-chars',
  BAD_ALIAS: 'yaml.detail.bad-alias',
  NON_STRING_KEY: 'yaml.detail.non-string-key',
};

/** Where too-deep nesting begins: the first bracket on the line the parser gave up in. */
function nestingStart(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /[[{]/.exec(text.slice(lineStart, offset + 1));
  return m ? lineStart + m.index : lineStart;
}

function yamlMessage(code: string, english: string, text: string, offset: number): Message {
  if (code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(offset))?.[0]?.trim() ?? '';
    return msg('yaml.duplicate-key', { key });
  }
  if (code === 'TAB_AS_INDENT') return msg('yaml.tab');
  if (code === 'MULTIPLE_DOCS') return msg('yaml.multiple-docs');
  const first = (english.split('\n')[0] ?? english).replace(/ at line \d+, column \d+.*$/, '');
  const id = YAML_DETAILS[code];
  return msg('yaml.syntax', { detail: id ? msg(id) : /call stack/i.test(first) ? msg('yaml.detail.too-deep') : first });
}

export function asMap(node: YNode | null): YMap | null {
  return node && node.t === 'm' ? node : null;
}

export function asSeq(node: YNode | null): YSeq | null {
  return node && node.t === 'q' ? node : null;
}

/** The text of a scalar ('' for an empty value), or null when the node is not a scalar. */
export function scalarText(node: YNode | null): string | null {
  if (!node) return '';
  if (node.t !== 's') return null;
  return node.v ?? '';
}

export function isEmptyNode(node: YNode | null): boolean {
  return node === null || (node.t === 's' && (node.v === null || node.v === ''));
}

export interface Entry {
  key: string;
  keyOffset: number;
  value: YNode | null;
  valueOffset: number;
}

/** The pairs of a map with their keys as text and the offsets of key and value. */
export function entries(_tree: Tree, map: YMap): Entry[] {
  // An empty value has no position of its own: point just after the key.
  return map.items.map((p) => ({ key: p.k, keyOffset: p.kAt, value: p.v, valueOffset: p.v ? p.v.at : p.kEnd }));
}

export function items(_tree: Tree, seq: YSeq): { node: YNode | null; offset: number }[] {
  return seq.items.map((node) => ({ node, offset: node ? node.at : seq.at }));
}

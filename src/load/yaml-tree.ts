/**
 * Parses YAML text into nodes with source offsets (the `yaml` package, failsafe schema so that every
 * scalar stays the text it was written as), turns YAML errors into findings, and offers small typed
 * accessors that resolve aliases within a budget. No file I/O, no knowledge of the data model.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { msg, type Message } from '../report/messages.js';

/** At most this many alias dereferences per file: enough for any honest use, stops alias bombs. */
const ALIAS_BUDGET = 10_000;

export class AliasBudgetExceeded extends Error {}

export interface YamlIssue {
  offset: number;
  message: Message;
}

export interface Tree {
  doc: Document.Parsed;
  root: Node | null;
  lines: LineCounter;
  /** Dereferences aliases; counts them against the budget. */
  deref(node: unknown): Node | null;
}

export function parseYaml(text: string): { tree: Tree; issues: YamlIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  const issues: YamlIssue[] = doc.errors.map((e) => ({ offset: e.pos[0], message: yamlMessage(e.code, e.message, text, e.pos[0]) }));
  let budget = ALIAS_BUDGET;
  const deref = (node: unknown): Node | null => {
    let n = node as Node | null | undefined;
    let hops = 0;
    while (n && isAlias(n)) {
      if (--budget < 0 || ++hops > 100) throw new AliasBudgetExceeded();
      n = n.resolve(doc) as Node | undefined;
    }
    return n ?? null;
  };
  return { tree: { doc, root: (doc.contents as Node | null) ?? null, lines, deref }, issues };
}

function yamlMessage(code: string, english: string, text: string, offset: number): Message {
  if (code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(offset))?.[0]?.trim() ?? '';
    return msg('yaml.duplicate-key', { key });
  }
  if (code === 'TAB_AS_INDENT') return msg('yaml.tab');
  if (code === 'MULTIPLE_DOCS') return msg('yaml.multiple-docs');
  const first = english.split('\n')[0] ?? english;
  return msg('yaml.syntax', { detail: first.replace(/ at line \d+, column \d+.*$/, '') });
}

export function offsetOf(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}

export function asMap(node: Node | null): YAMLMap | null {
  return node && isMap(node) ? node : null;
}

export function asSeq(node: Node | null): YAMLSeq | null {
  return node && isSeq(node) ? node : null;
}

/** The text of a scalar ('' for an empty value), or null when the node is not a scalar. */
export function scalarText(node: Node | null): string | null {
  if (!node) return '';
  if (!isScalar(node)) return null;
  const v = node.value;
  if (v === null || v === undefined) return '';
  return String(v);
}

export function isEmptyNode(node: Node | null): boolean {
  return node === null || (isScalar(node) && (node.value === null || node.value === ''));
}

export interface Entry {
  key: string;
  keyOffset: number;
  value: Node | null;
  valueOffset: number;
}

/** The pairs of a map with their keys as text and the offsets of key and value. */
export function entries(tree: Tree, map: YAMLMap): Entry[] {
  const out: Entry[] = [];
  for (const pair of map.items as Pair<unknown, unknown>[]) {
    const keyNode = tree.deref(pair.key);
    const key = scalarText(keyNode) ?? '';
    const value = tree.deref(pair.value);
    const keyOffset = offsetOf(keyNode);
    // An empty value has no range of its own: point just after the key.
    const valueOffset = value?.range ? value.range[0] : (keyNode?.range?.[1] ?? keyOffset);
    out.push({ key, keyOffset, value, valueOffset });
  }
  return out;
}

export function items(tree: Tree, seq: YAMLSeq): { node: Node | null; offset: number }[] {
  return (seq.items as unknown[]).map((it) => {
    const node = tree.deref(it);
    return { node, offset: offsetOf(node) };
  });
}

/**
 * Parses YAML text into nodes with source offsets (the `yaml` package, failsafe schema so that every
 * scalar stays the text it was written as), turns YAML errors into findings, and offers small typed
 * accessors that resolve aliases within a budget. No file I/O, no knowledge of the data model.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { msg, type Message } from '../report/messages.js';
import { fastParse } from './fast-yaml.js';

/** At most this many alias dereferences per file: enough for any honest use, stops alias bombs. */
const ALIAS_BUDGET = 10_000;

export class AliasBudgetExceeded extends Error {}

export interface YamlIssue {
  offset: number;
  message: Message;
}

export interface Tree {
  /** The full parser's document; null when the fast reader read the file. */
  doc: Document.Parsed | null;
  root: Node | null;
  lines: LineCounter;
  /** Dereferences aliases; counts them against the budget. */
  deref(node: unknown): Node | null;
}

export function parseYaml(text: string): { tree: Tree; issues: YamlIssue[] } {
  const fast = fastParse(text);
  if (fast) {
    const lines = new LineCounter();
    lines.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
    return { tree: { doc: null, root: fast, lines, deref: (n) => (n as Node | null | undefined) ?? null }, issues: [] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  const issues: YamlIssue[] = doc.errors.map((e) => ({ offset: /call stack/i.test(e.message) ? nestingStart(text, e.pos[0]) : e.pos[0], message: yamlMessage(e.code, e.message, text, e.pos[0]) }));
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

/** Chinese wording for the yaml package's error codes; anything else keeps the library's text. */
const YAML_DETAILS: Record<string, string> = {
  BAD_INDENT: '缩进不一致;同一层级的键应左对齐',
  MISSING_CHAR: '缺少配对的符号(如 ] } 或引号)',
  BLOCK_AS_IMPLICIT_KEY: '键的写法有误(可能缺少冒号后的空格)',
  MULTILINE_IMPLICIT_KEY: '键不能跨行;可能缺少冒号或缩进有误',
  UNEXPECTED_TOKEN: '此处出现了意外的字符',
  BAD_SCALAR_START: '值不能以此字符开头;请给该值加引号',
  BLOCK_IN_FLOW: '花括号或方括号中不能再写缩进的块;请改用一种写法',
  BAD_DQ_ESCAPE: '双引号文字中的转义序列无效(反斜杠后的字符)',
  KEY_OVER_1024_CHARS: '键过长(超过1024个字符)',
  BAD_ALIAS: '别名(*name)指向不存在的锚点(&name)',
  NON_STRING_KEY: '键必须是文字',
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
  return msg('yaml.syntax', { detail: YAML_DETAILS[code] ?? (/call stack/i.test(first) ? '嵌套层次过深' : first) });
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

/**
 * A fast reader for the plain subset of YAML that figure documents are written in: block mappings
 * with lower-case keys, one-line flow mappings, plain and simple double-quoted scalars, comments.
 * It builds the same `yaml` nodes with the same ranges as the `yaml` package would (checked by a
 * differential test), and returns null for anything else — sequences, block scalars, anchors,
 * tags, quotes with escapes, tabs, duplicate keys — which the `yaml` package then reads.
 * Pure; no I/O.
 */
import { Pair, Scalar, YAMLMap, type Node } from 'yaml';

const KEY = /^[a-z0-9_]+$/;
/** Characters that may not start a plain scalar here (YAML indicators, quotes, and `-`/`?`/`:` followed by space). */
const BAD_START = /^(?:[\[\]{},#&*!|>'"%@`]|[-?:](?:\s|$))/;

interface Frame {
  indent: number;
  map: YAMLMap;
  keys: Set<string>;
}

/** Parses `text` if it lies in the subset; null means "use the full parser". */
export function fastParse(text: string): Node | null {
  if (text.includes('\t') || text.includes('\r')) return null;
  const root = new YAMLMap();
  const stack: Frame[] = [];
  let pendingKey: { pair: Pair<Scalar, unknown>; indent: number } | null = null;
  let pos = 0;
  const n = text.length;
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const line = text.slice(pos, end);
    const lineStart = pos;
    pos = end + 1;
    let indent = 0;
    while (indent < line.length && line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length || line.charCodeAt(indent) === 35 /* # */) {
      if (end === n) break;
      continue;
    }
    if (line.startsWith('---', indent) || line.startsWith('...', indent) || line.charCodeAt(indent) === 37 /* % */) return null;
    const colon = line.indexOf(':', indent);
    if (colon < 0) return null;
    const key = line.slice(indent, colon);
    if (!KEY.test(key)) return null;
    const after = line.charCodeAt(colon + 1);
    if (colon + 1 < line.length && after !== 32) return null;

    // place the line in the tree by its indentation
    if (pendingKey) {
      if (indent > pendingKey.indent) {
        const map = new YAMLMap();
        pendingKey.pair.value = map;
        map.range = [lineStart + indent, lineStart + indent, lineStart + indent];
        stack.push({ indent, map, keys: new Set() });
      } else {
        pendingKey.pair.value = null;
      }
      pendingKey = null;
    }
    if (stack.length === 0) {
      if (indent !== 0) return null;
      stack.push({ indent: 0, map: root, keys: new Set() });
    }
    while (stack.length > 0 && indent < stack[stack.length - 1]!.indent) stack.pop();
    const frame = stack[stack.length - 1];
    if (!frame || frame.indent !== indent) return null;
    if (frame.keys.has(key)) return null;
    frame.keys.add(key);

    const keyNode = new Scalar(key);
    const keyStart = lineStart + indent;
    keyNode.range = [keyStart, keyStart + key.length, keyStart + key.length];
    const pair = new Pair<Scalar, unknown>(keyNode, null);
    frame.map.items.push(pair);
    if (!frame.map.range) frame.map.range = [keyStart, keyStart, keyStart];

    // the value
    let vs = colon + 1;
    while (vs < line.length && line.charCodeAt(vs) === 32) vs++;
    let ve = line.length;
    const hash = line.indexOf(' #', colon);
    if (hash >= 0) ve = hash;
    while (ve > vs && line.charCodeAt(ve - 1) === 32) ve--;
    if (vs >= ve) {
      pendingKey = { pair, indent };
      continue;
    }
    const raw = line.slice(vs, ve);
    const valueStart = lineStart + vs;
    if (raw.charCodeAt(0) === 123 /* { */) {
      const map = flowMap(raw, valueStart, hash >= 0 ? line.slice(vs, line.length) : raw);
      if (!map) return null;
      pair.value = map;
    } else if (raw.charCodeAt(0) === 34 /* " */) {
      if (raw.length < 2 || !raw.endsWith('"') || raw.slice(1, -1).includes('"') || raw.includes('\\')) return null;
      const s = new Scalar(raw.slice(1, -1));
      s.type = 'QUOTE_DOUBLE';
      s.range = [valueStart, valueStart + raw.length, valueStart + raw.length];
      pair.value = s;
    } else {
      const s = plain(raw, valueStart, false);
      if (!s) return null;
      pair.value = s;
    }
    for (const f of stack) extend(f.map, lineStart + ve);
  }
  if (pendingKey) pendingKey.pair.value = null;
  if (root.items.length === 0) return null;
  return root;
}

function extend(map: YAMLMap, to: number): void {
  if (map.range) map.range = [map.range[0], to, to];
}

function plain(raw: string, start: number, flow: boolean): Scalar | null {
  if (BAD_START.test(raw)) return null;
  if (raw.includes(': ') || raw.endsWith(':') || raw.includes(' #')) return null;
  if (flow && /[\[\]{},]/.test(raw)) return null;
  const s = new Scalar(raw);
  s.type = 'PLAIN';
  s.range = [start, start + raw.length, start + raw.length];
  return s;
}

/** `{value: 511.17, growth: 8.3%}` on one line, plain scalars only. */
function flowMap(raw: string, start: number, rest: string): YAMLMap | null {
  if (!raw.endsWith('}')) return null;
  if (rest !== raw && !/^\s+#/.test(rest.slice(raw.length))) return null;
  const map = new YAMLMap();
  map.flow = true;
  const inner = raw.slice(1, -1);
  if (inner.trim() === '') return null;
  const keys = new Set<string>();
  let i = 1;
  for (const part of inner.split(',')) {
    const partStart = start + i;
    i += part.length + 1;
    const lead = part.length - part.trimStart().length;
    const body = part.trim();
    const colon = body.indexOf(':');
    if (colon <= 0 || body.charCodeAt(colon + 1) !== 32) return null;
    const key = body.slice(0, colon);
    if (!KEY.test(key) || keys.has(key)) return null;
    keys.add(key);
    const keyNode = new Scalar(key);
    const ks = partStart + lead;
    keyNode.range = [ks, ks + key.length, ks + key.length];
    let vs = colon + 1;
    while (vs < body.length && body.charCodeAt(vs) === 32) vs++;
    const val = body.slice(vs);
    if (val === '') return null;
    const value = plain(val, ks + vs, true);
    if (!value) return null;
    map.items.push(new Pair(keyNode, value));
  }
  map.range = [start, start + raw.length, start + raw.length];
  return map;
}

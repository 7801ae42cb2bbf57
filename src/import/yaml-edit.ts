/**
 * Sets one figure in the text of a region-year document without disturbing anything else.
 *
 * The edit is decided on the `yaml` Document model (parseDocument, the node at
 * ['figures', ...segments], doc.setIn for the expected result) and applied as a splice of the
 * source text at the node's range, because Document#toString() re-spaces comments and flow maps.
 * Every splice is verified against doc.setIn on the same document: when the two disagree (an
 * unusual layout: flow maps, anchors), the Document's own toString() output is used instead.
 * Pure: text in, text out.
 */
import { isMap, isScalar, parseDocument, Scalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

export type EditResult =
  | { ok: true; text: string; old: string | null; changed: boolean; reformatted: boolean }
  | { ok: false; reason: string };

/** How a figure's text is written as a YAML scalar: plain when it reads back as the same text, else double-quoted. */
export function scalarSource(text: string): string {
  if (text !== '' && !/[\n\r\t]/.test(text)) {
    const d = parseDocument(`k: ${text}\n`, { schema: 'failsafe' });
    const v = d.errors.length === 0 && isMap(d.contents) ? d.contents.items[0]?.value : undefined;
    if (isScalar(v) && v.type === 'PLAIN' && v.value === text && d.contents && (d.contents as YAMLMap).items.length === 1) return text;
  }
  return JSON.stringify(text);
}

function parse(text: string): Document.Parsed {
  return parseDocument(text, { schema: 'failsafe', keepSourceTokens: false, uniqueKeys: false });
}

/** The text of an existing figure scalar as the checker reads it. */
function scalarValueText(node: Scalar): string {
  return String(node.value ?? '');
}

const LINE_WIDTH = 0;

/** A fresh region-year document with no figures. */
export function newDocumentText(code: string, year: number, edition: string | null): string {
  let t = `region: ${JSON.stringify(code)}\nyear: ${year}\n`;
  if (edition !== null) t += `edition: ${scalarSource(edition)}\n`;
  return t;
}

/** Sets figures.<segments> to `value` (figure text such as "61.90" or "586.83 万人"). */
export function setFigure(text: string, segments: string[], value: string): EditResult {
  const doc = parse(text);
  if (doc.errors.length > 0) return { ok: false, reason: `文件不是有效的 YAML:${doc.errors[0]!.message.split('\n')[0]}` };
  if (doc.contents !== null && !isMap(doc.contents)) return { ok: false, reason: '文件的顶层不是映射' };
  const path = ['figures', ...segments];

  // walk down as far as the path exists
  let node: Node | null = doc.contents as YAMLMap | null;
  let depth = 0;
  let lastMap: YAMLMap | null = null;
  let pairAt: Pair | null = null;
  while (depth < path.length) {
    if (node === null || !isMap(node)) break;
    lastMap = node;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === path[depth]) as Pair<Scalar, Node | null> | undefined;
    if (!pair) break;
    pairAt = pair;
    node = pair.value as Node | null;
    depth++;
    if (depth < path.length && node !== null && !isMap(node) && !(isScalar(node) && (node.value === null || node.value === ''))) {
      return { ok: false, reason: `“${path.slice(1, depth).join('.') || 'figures'}”已有一个值,不能在其下再写“${segments.join('.')}”` };
    }
  }

  // the expected result, by the Document model
  const expected = parse(text);
  let target: (string | number)[] = path;
  let old: string | null = null;
  let splice: { from: number; to: number; insert: string } | null = null;

  if (depth === path.length) {
    // the figure exists: a scalar, or a map with `value`
    if (node !== null && isScalar(node) && node.value !== null && node.value !== '') {
      old = scalarValueText(node);
      if (old === value) return { ok: true, text, old, changed: false, reformatted: false };
      splice = { from: node.range![0], to: node.range![1], insert: scalarSource(value) };
    } else if (node !== null && isMap(node)) {
      const vPair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === 'value');
      if (!vPair) {
        if (node.items.some((p) => isScalar(p.key) && (p.key.value === 'before' || p.key.value === 'after'))) {
          return { ok: false, reason: `“${segments.join('.')}”以 before/after 记录,未改动` };
        }
        return { ok: false, reason: `“${segments.join('.')}”是一组指标,不是一个数字` };
      }
      target = [...path, 'value'];
      const v = vPair.value as Node | null;
      if (v !== null && isScalar(v) && v.value !== null && v.value !== '') {
        old = scalarValueText(v);
        if (old === value) return { ok: true, text, old, changed: false, reformatted: false };
        splice = { from: v.range![0], to: v.range![1], insert: scalarSource(value) };
      }
    } else if (pairAt && isScalar(pairAt.key)) {
      // `total:` with nothing after it: write after the key's colon
      const keyEnd = pairAt.key.range![1];
      const colon = text.indexOf(':', keyEnd);
      if (colon >= 0) {
        const lineEnd = text.indexOf('\n', colon);
        const rest = text.slice(colon + 1, lineEnd < 0 ? text.length : lineEnd);
        if (/^\s*(#.*)?$/.test(rest)) splice = { from: colon + 1, to: colon + 1, insert: ` ${scalarSource(value)}` };
      }
    }
  } else if (depth > 0 && (node === null || (isScalar(node) && (node.value === null || node.value === ''))) && pairAt && isScalar(pairAt.key)) {
    // `figures:` (or a group) with nothing under it yet: the keys go on the lines after it
    const keyStart = pairAt.key.range![0];
    const nl = text.indexOf('\n', keyStart);
    const at = nl < 0 ? text.length : nl + 1;
    const prefix = nl < 0 ? '\n' : '';
    splice = { from: at, to: at, insert: prefix + block(path.slice(depth), columnOf(text, keyStart) + 2, value) };
  } else if (lastMap !== null && lastMap.items.length > 0 && !lastMap.flow) {
    // append the missing keys at the end of the deepest existing block map
    const first = lastMap.items[0]!.key as Scalar;
    const indent = columnOf(text, first.range![0]);
    const lastPair = lastMap.items[lastMap.items.length - 1]!;
    const lastNode = (lastPair.value ?? lastPair.key) as Node;
    const end = lastNode.range![1];
    let at: number;
    if (end > 0 && text[end - 1] === '\n') at = end;
    else {
      const nl = text.indexOf('\n', end);
      at = nl < 0 ? text.length : nl + 1;
    }
    const prefix = at === text.length && text.length > 0 && !text.endsWith('\n') ? '\n' : '';
    splice = { from: at, to: at, insert: prefix + block(path.slice(depth), indent, value) };
  } else if (depth === 0 && (doc.contents === null || (isMap(doc.contents) && !doc.contents.flow))) {
    // no `figures` at all: append it at the end of the file
    const at = text.length;
    const prefix = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
    splice = { from: at, to: at, insert: prefix + block(path, 0, value) };
  }

  // an empty value on the way (`figures:` with nothing under it) becomes a map, as in the splice
  for (let i = 1; i < target.length; i++) {
    const n = expected.getIn(target.slice(0, i), true);
    if (isScalar(n) && (n.value === null || n.value === '')) expected.setIn(target.slice(0, i), expected.createNode({}));
  }
  try {
    expected.setIn(target, new Scalar(value));
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  const want = JSON.stringify(expected.toJS());
  if (splice) {
    const out = text.slice(0, splice.from) + splice.insert + text.slice(splice.to);
    const got = parse(out);
    if (got.errors.length === 0 && JSON.stringify(got.toJS()) === want) return { ok: true, text: out, old, changed: true, reformatted: false };
  }
  // fall back to the Document model's own output
  let out: string;
  try {
    out = expected.toString({ lineWidth: LINE_WIDTH, flowCollectionPadding: false });
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  return { ok: true, text: out, old, changed: true, reformatted: true };
}

function columnOf(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - start;
}

function block(keys: string[], indent: number, value: string): string {
  let s = '';
  keys.forEach((k, i) => {
    const pad = ' '.repeat(indent + 2 * i);
    s += i === keys.length - 1 ? `${pad}${k}: ${scalarSource(value)}\n` : `${pad}${k}:\n`;
  });
  return s;
}

/**
 * Applies the prose fixes (prose.ts) to the text of one region-year document (or of the indicator
 * catalogue) in place: decided on the `yaml` Document model (which scalars are prose: the values
 * under entry, summary and plan and accept reasons; in the catalogue the labels, descriptions and
 * rule messages, which print as table heads and captions), applied as splices of the source inside each scalar's own characters, so keys,
 * comments, quoting, indentation, line endings and the BOM stay byte-identical. Every result is
 * re-parsed and compared with the original, scalar by scalar; a scalar whose edit would not read
 * back as intended is left as it was. Never touches figures, keys or anything outside a scalar. Pure.
 */
import { isMap, isPair, isScalar, parseDocument, visit, type Document, type Scalar } from 'yaml';
import { msg, type Message } from '../core/findings/messages.js';
import { addCounts, fixProse, noCounts, type ProseCounts } from '../core/checks/prose-fix.js';

export type FileFix =
  | { ok: true; text: string; changed: boolean; counts: ProseCounts; lines: number[] }
  | { ok: false; reason: Message };

/** The top-level fields of a document whose scalar values are prose. */
const PROSE_FIELDS = new Set(['entry', 'summary', 'plan']);
/** The catalogue's fields that print (an indicator's label and description, a rule's message). */
const CATALOGUE_FIELDS = new Set(['label', 'description', 'message']);

/** What a file is: a region-year document, or the indicator catalogue (indicators.yaml). */
export type FileKind = 'document' | 'catalogue';

const BOM = '\ufeff';

function parse(text: string): Document.Parsed {
  return parseDocument(text, { schema: 'failsafe', uniqueKeys: false, keepSourceTokens: false });
}

/** Every scalar in document order, with whether it is a key and whether it is prose to fix. */
function scalars(doc: Document.Parsed, kind: FileKind): { node: Scalar; key: boolean; prose: boolean }[] {
  const out: { node: Scalar; key: boolean; prose: boolean }[] = [];
  visit(doc, {
    Scalar(key, node, path) {
      const top = path.find((p, i) => i > 0 && isPair(p) && path[i - 1] === doc.contents) as { key: unknown } | undefined;
      const field = top && isScalar(top.key) ? String(top.key.value) : null;
      const parent = path[path.length - 1];
      const ownKey = isPair(parent) && isScalar(parent.key) ? String(parent.key.value) : null;
      const isKey = key === 'key';
      const prose =
        !isKey &&
        (kind === 'catalogue'
          ? ownKey !== null && CATALOGUE_FIELDS.has(ownKey)
          : field !== null && (PROSE_FIELDS.has(field) || (field === 'accept' && ownKey === 'reason')));
      out.push({ node, key: isKey, prose });
    },
  });
  return out;
}

/** Where a scalar's own characters start and end in the source: a block scalar's header line excluded. */
function span(text: string, node: Scalar): [number, number] | null {
  if (!node.range) return null;
  let [a, b] = node.range;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const nl = text.indexOf('\n', a);
    if (nl < 0 || nl >= b) return null;
    a = nl + 1;
  }
  return [a, b];
}

const squeeze = (s: string): string => s.replace(/\s+/g, '');

/**
 * The fixed text of a document, or why it is refused (not YAML, not a mapping). The catalogue's
 * characters are not simplified (it has no `script`); its punctuation is.
 */
export function fixDocumentText(input: string, kind: FileKind = 'document'): FileFix {
  const bom = input.startsWith(BOM) ? BOM : '';
  const text = input.slice(bom.length);
  const doc = parse(text);
  if (doc.errors.length > 0) {
    const line = doc.errors[0]!.linePos?.[0].line ?? 1;
    return { ok: false, reason: msg('fix.not-yaml', { line }) };
  }
  if (doc.contents === null) return { ok: true, text: input, changed: false, counts: noCounts(), lines: [] };
  if (!isMap(doc.contents)) return { ok: false, reason: msg('fix.not-map') };
  const simplified = kind === 'document' && String((doc.get('script') as unknown) ?? 'simplified') !== 'traditional';

  const all = scalars(doc, kind);
  const edits = new Map<number, { a: number; b: number; text: string; counts: ProseCounts; want: string }>();
  all.forEach((s, n) => {
    if (!s.prose || typeof s.node.value !== 'string') return;
    const at = span(text, s.node);
    if (at === null) return;
    const src = text.slice(at[0], at[1]);
    const fixed = fixProse(src, { simplified });
    if (fixed.text === src) return;
    edits.set(n, { a: at[0], b: at[1], text: fixed.text, counts: fixed.counts, want: fixProse(s.node.value, { simplified }).text });
  });

  // apply, re-parse, and drop the edits that do not read back as the fixed value (twice at most)
  for (let round = 0; round < 3; round++) {
    const out = splice(text, edits);
    const bad = verify(all, out, edits, kind);
    if (bad === null) return { ok: false, reason: msg('fix.not-verified') };
    if (bad.length === 0) {
      let counts = noCounts();
      for (const e of edits.values()) counts = addCounts(counts, e.counts);
      return { ok: true, text: bom + out, changed: edits.size > 0, counts, lines: changedLines(text, out) };
    }
    for (const n of bad) edits.delete(n);
  }
  return { ok: false, reason: msg('fix.not-verified') };
}

function splice(text: string, edits: Map<number, { a: number; b: number; text: string }>): string {
  const list = [...edits.values()].sort((x, y) => y.a - x.a);
  let out = text;
  for (const e of list) out = out.slice(0, e.a) + e.text + out.slice(e.b);
  return out;
}

/** Indexes of edited scalars that do not read back as intended; null when the structure changed. */
function verify(before: { node: Scalar; key: boolean }[], text: string, edits: Map<number, { want: string }>, kind: FileKind): number[] | null {
  const doc = parse(text);
  if (doc.errors.length > 0) return edits.size > 0 ? [...edits.keys()] : null;
  const after = scalars(doc, kind);
  if (after.length !== before.length) return [...edits.keys()];
  const bad: number[] = [];
  for (let n = 0; n < before.length; n++) {
    const e = edits.get(n);
    const was = before[n]!;
    const now = after[n]!;
    if (was.key !== now.key || was.node.type !== now.node.type) {
      if (e) bad.push(n);
      else return null;
      continue;
    }
    if (e === undefined) {
      if (now.node.value !== was.node.value) return null;
    } else if (typeof now.node.value !== 'string' || squeeze(now.node.value) !== squeeze(e.want)) bad.push(n);
  }
  return bad;
}

/** 1-based numbers of the lines that differ (the fixes never add or remove a line break). */
function changedLines(a: string, b: string): number[] {
  const x = a.split('\n');
  const y = b.split('\n');
  const out: number[] = [];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) out.push(i + 1);
  return out;
}

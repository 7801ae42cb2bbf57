/**
 * Imports a text into a region-year document that already exists, losing nothing of it: figures it
 * lacks are added (in place, through yaml-edit's splices, comments and layout kept), figures it has
 * with the same value are kept, figures it has with another value are kept and reported as
 * conflicts (the imported text then prints the number as written, not the document's); the text
 * block (entry:, summary: or plan:) is added when the document has none, else kept and reported.
 * Pure: text in, text out.
 */
import { parseSources } from '../core/parse/dataset.js';
import type { Doc, FigureValue } from '../core/model/types.js';
import { setFigure } from '../import/yaml-edit.js';
import type { ImportResult, Reference } from './index.js';

export interface Conflict {
  path: string;
  /** The document's value, as written there. */
  existing: string;
  /** The value in the imported text. */
  imported: string;
}

export interface MergeResult {
  /** The merged document, or null when the existing one cannot be read (see `refused`). */
  text: string | null;
  refused: string | null;
  added: string[];
  same: string[];
  conflicts: Conflict[];
  /** Whether the text block went in, or the document already had one of that kind. */
  block: 'added' | 'kept';
}

const PARTS = ['value', 'before', 'after', 'growth', 'increase', 'pp'] as const;

const written = (fv: FigureValue): string => `${fv.q.prefix}${fv.q.literal}${fv.q.suffix}${fv.unit.unit}`;
const sameValue = (a: FigureValue, b: FigureValue): boolean => a.q.number.times(a.unit.factor).eq(b.q.number.times(b.unit.factor)) && a.q.prefix === b.q.prefix && a.q.suffix === b.q.suffix;

/** A document's text read against the reference (its regions and catalogue), or null with the reason. */
function readDoc(ref: Reference, rel: string, text: string): { doc: Doc | null; reason: string | null } {
  const data = parseSources([...ref.sources, { rel, text }], { dir: ref.dir });
  const doc = data.docs.find((d) => d.rel === rel) ?? null;
  const broken = data.findings.find((f) => f.file.endsWith(rel) && (f.kind === 'yaml' || (f.kind === 'schema' && !doc)));
  return { doc: broken ? null : doc, reason: broken ? `${broken.line}:${broken.column}` : doc ? null : '?' };
}

export function mergeInto(existing: string, r: ImportResult, ref: Reference): MergeResult {
  const none: MergeResult = { text: null, refused: null, added: [], same: [], conflicts: [], block: 'kept' };
  const old = readDoc(ref, 'existing/document.yaml', existing);
  if (!old.doc) return { ...none, refused: old.reason };
  const imported = readDoc(ref, 'imported/document.yaml', r.yaml).doc;
  const added: string[] = [];
  const same: string[] = [];
  const conflicts: Conflict[] = [];
  let text = existing;
  for (const [path, parts] of r.figures) {
    const mine = imported?.figures.get(path);
    if (!mine) continue;
    const theirs = old.doc.figures.get(path);
    if (!theirs) {
      let ok = true;
      const keys = Object.keys(parts);
      for (const part of keys) {
        const segments = keys.length === 1 && part === 'value' ? path.split('.') : [...path.split('.'), part];
        const edit = setFigure(text, segments, parts[part]!);
        if (!edit.ok) {
          ok = false;
          conflicts.push({ path, existing: edit.reason, imported: parts[part]! });
          break;
        }
        text = edit.text;
      }
      if (ok) added.push(path);
      continue;
    }
    const differs = PARTS.filter((p) => mine[p] && (!theirs[p] || !sameValue(mine[p]!, theirs[p]!)));
    if (differs.length === 0) same.push(path);
    else conflicts.push({ path, existing: differs.map((p) => (theirs[p] ? written(theirs[p]!) : '—')).join('、'), imported: differs.map((p) => written(mine[p]!)).join('、') });
  }
  const kind = r.kind;
  let block: MergeResult['block'] = 'kept';
  if (!old.doc[kind]) {
    const body = r.blockFor(new Set([...added, ...same]));
    text = (text === '' || text.endsWith('\n') ? text : text + '\n') + body;
    block = 'added';
  }
  return { text, refused: null, added, same, conflicts, block };
}

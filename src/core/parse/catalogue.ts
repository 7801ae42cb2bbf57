/** Reads indicators.yaml (FORMAT.md §3): indicators and rules, reporting problems as findings. No I/O. */
import type { Decimal } from 'decimal.js';
import type { Catalogue, Finding, Indicator, Rule, TableSpec } from '../model/types.js';
import { msg } from '../findings/messages.js';
import { makeFinding } from '../findings/finding.js';
import type { SourceFile } from './source-file.js';
import { asMap, asSeq, entries, items, scalarText, type Tree, type YNode } from './yaml-tree.js';
import { unitInfo, compatible, conversion } from '../model/units.js';
import { isQuantityError, parseQuantity } from '../model/quantity.js';
import { ExprError, parseRule, pathsOf } from '../rules/expr.js';
import { didYouMean } from '../model/suggest.js';

const INDICATOR_FIELDS = ['label', 'unit', 'exact', 'aggregate', 'min', 'max', 'description'];
const RULE_FIELDS = ['check', 'id', 'severity', 'message'];
const TABLE_FIELDS = ['id', 'title', 'rows', 'columns', 'note'];
const TOP_FIELDS = ['indicators', 'rules', 'tables'];
const SEGMENT = /^[a-z0-9_]+$/;

export function emptyCatalogue(): Catalogue {
  return { indicators: new Map(), wildcards: [], rules: [], tables: null };
}

/** The catalogue entry for a concrete figure path: exact key first, then `*` keys. */
const LOOKUPS = new WeakMap<Catalogue, Map<string, Indicator | null>>();

export function lookupIndicator(cat: Catalogue, path: string): Indicator | null {
  const exact = cat.indicators.get(path);
  if (exact) return exact;
  let cache = LOOKUPS.get(cat);
  if (!cache) LOOKUPS.set(cat, (cache = new Map()));
  let found = cache.get(path);
  if (found !== undefined) return found;
  found = null;
  const xs = path.split('.');
  for (const w of cat.wildcards) {
    const ps = w.key.split('.');
    if (ps.length === xs.length && ps.every((p, i) => p === '*' || p === xs[i])) {
      found = w;
      break;
    }
  }
  cache.set(path, found);
  return found;
}

/** Known concrete spellings near `path`, for "did you mean": exact keys and `*` keys filled from `path`. */
export function knownPathsLike(cat: Catalogue, path: string): string[] {
  const xs = path.split('.');
  const out = [...cat.indicators.keys()];
  for (const w of cat.wildcards) {
    const ps = w.key.split('.');
    if (ps.length === xs.length) out.push(ps.map((p, i) => (p === '*' ? xs[i]! : p)).join('.'));
    else out.push(w.key);
  }
  return out;
}

function patternKnown(cat: Catalogue, pattern: string): boolean {
  if (!pattern.includes('*')) return lookupIndicator(cat, pattern) !== null;
  const ps = pattern.split('.');
  const fits = (key: string): boolean => {
    const ks = key.split('.');
    return ks.length === ps.length && ks.every((k, i) => k === '*' || ps[i] === '*' || k === ps[i]);
  };
  return [...cat.indicators.keys()].some(fits) || cat.wildcards.some((w) => fits(w.key));
}

export function loadCatalogue(src: SourceFile, tree: Tree, out: Finding[]): Catalogue {
  const cat = emptyCatalogue();
  const top = asMap(tree.root);
  if (!top) {
    out.push(makeFinding(src, 0, { kind: 'schema', message: msg('schema.missing-field', { field: 'indicators' }) }));
    return cat;
  }
  const fields = new Map(entries(tree, top).map((e) => [e.key, e]));
  for (const e of fields.values()) {
    if (!TOP_FIELDS.includes(e.key)) {
      out.push(makeFinding(src, e.keyOffset, { kind: 'schema', message: msg('schema.unknown-field', { field: e.key, hint: didYouMean(e.key, TOP_FIELDS) }) }));
    }
  }
  const ind = fields.get('indicators');
  const indMap = ind ? asMap(ind.value) : null;
  if (!ind || !indMap) {
    out.push(makeFinding(src, ind?.valueOffset ?? 0, { kind: 'schema', message: ind ? msg('schema.write-as', { field: 'indicators', expected: msg('type.map') }) : msg('schema.missing-field', { field: 'indicators' }) }));
  } else {
    for (const e of entries(tree, indMap)) {
      const bad = e.key.split('.').find((s) => s !== '*' && !SEGMENT.test(s));
      if (bad !== undefined || e.key === '') {
        out.push(makeFinding(src, e.keyOffset, { kind: 'schema', message: msg('schema.bad-segment', { segment: bad ?? e.key }) }));
        continue;
      }
      const indicator = readIndicator(src, tree, e.key, e.value, e.valueOffset, out);
      if (!indicator) continue;
      src.pos.set(`indicator:${e.key}`, e.keyOffset);
      if (e.key.includes('*')) cat.wildcards.push(indicator);
      else cat.indicators.set(e.key, indicator);
    }
  }
  const rules = fields.get('rules');
  if (rules && rules.value) {
    const seq = asSeq(rules.value);
    if (!seq) {
      out.push(makeFinding(src, rules.valueOffset, { kind: 'schema', message: msg('schema.write-as', { field: 'rules', expected: msg('type.list') }) }));
    } else {
      for (const it of items(tree, seq)) {
        const rule = readRule(src, tree, it.node, it.offset, cat, out);
        if (rule) cat.rules.push(rule);
      }
    }
  }
  const tables = fields.get('tables');
  if (tables) cat.tables = readTables(src, tree, tables.value, tables.valueOffset, cat, out);
  return cat;
}

/** `tables:` (FORMAT.md §8b): each with id, title, rows (children | years), columns of catalogue paths, an optional note. */
function readTables(src: SourceFile, tree: Tree, node: YNode | null, at: number, cat: Catalogue, out: Finding[]): TableSpec[] {
  const seq = asSeq(node);
  if (!seq) {
    if (node !== null) out.push(makeFinding(src, at, { kind: 'schema', message: msg('schema.write-as', { field: 'tables', expected: msg('type.list') }) }));
    return [];
  }
  const specs: TableSpec[] = [];
  for (const [i, it] of items(tree, seq).entries()) {
    const key = `tables[${i}]`;
    const map = asMap(it.node);
    if (!map) {
      out.push(makeFinding(src, it.offset, { kind: 'schema', message: msg('schema.write-as', { field: key, expected: msg('type.table') }) }));
      continue;
    }
    const f = new Map(entries(tree, map).map((e) => [e.key, e]));
    for (const e of f.values()) {
      if (!TABLE_FIELDS.includes(e.key)) out.push(makeFinding(src, e.keyOffset, { kind: 'schema', message: msg('schema.unknown-field', { field: e.key, hint: didYouMean(e.key, TABLE_FIELDS) }) }));
    }
    const text = (name: string): string | null => {
      const e = f.get(name);
      const v = e ? scalarText(e.value)?.trim() ?? '' : '';
      return v === '' ? null : v;
    };
    const id = text('id');
    const title = text('title');
    let ok = true;
    for (const [name, v] of [['id', id], ['title', title]] as const) {
      if (v === null) {
        out.push(makeFinding(src, f.get(name)?.valueOffset ?? it.offset, { kind: 'schema', message: msg('schema.missing-field', { field: `${key}.${name}` }) }));
        ok = false;
      }
    }
    const rows = text('rows') ?? 'children';
    if (rows !== 'children' && rows !== 'years') {
      out.push(makeFinding(src, f.get('rows')!.valueOffset, { kind: 'schema', message: msg('schema.table-rows', { id: id ?? key }) }));
      ok = false;
    }
    const columns: string[] = [];
    const cols = f.get('columns');
    const colSeq = cols ? asSeq(cols.value) : null;
    if (!cols || !colSeq) {
      out.push(makeFinding(src, cols?.valueOffset ?? it.offset, { kind: 'schema', message: cols ? msg('schema.write-as', { field: `${key}.columns`, expected: msg('type.list') }) : msg('schema.missing-field', { field: `${key}.columns` }) }));
      ok = false;
    } else {
      for (const c of items(tree, colSeq)) {
        const path = (scalarText(c.node) ?? '').trim();
        if (!lookupIndicator(cat, path)) {
          out.push(makeFinding(src, c.offset, { kind: 'schema', path, message: msg('schema.unknown-path', { path, hint: didYouMean(path, knownPathsLike(cat, path)) }) }));
          ok = false;
        } else columns.push(path);
      }
    }
    if (id !== null && specs.some((s) => s.id === id)) {
      out.push(makeFinding(src, f.get('id')!.valueOffset, { kind: 'schema', message: msg('schema.duplicate-table', { id }) }));
      ok = false;
    }
    if (!ok || columns.length === 0) continue;
    src.pos.set(`table:${id}`, it.offset);
    specs.push({ id: id!, title: title!, rows: rows as TableSpec['rows'], columns, note: text('note'), key });
  }
  return specs;
}

function readIndicator(src: SourceFile, tree: Tree, key: string, node: YNode | null, at: number, out: Finding[]): Indicator | null {
  const map = asMap(node);
  if (!map) {
    out.push(makeFinding(src, at, { kind: 'schema', message: msg('schema.write-as', { field: key, expected: msg('type.indicator') }) }));
    return null;
  }
  const f = new Map(entries(tree, map).map((e) => [e.key, e]));
  for (const e of f.values()) {
    if (!INDICATOR_FIELDS.includes(e.key)) {
      out.push(makeFinding(src, e.keyOffset, { kind: 'schema', message: msg('schema.unknown-field', { field: e.key, hint: didYouMean(e.key, INDICATOR_FIELDS) }) }));
    }
  }
  const label = f.get('label') ? scalarText(f.get('label')!.value) : null;
  const unitText = f.get('unit') ? scalarText(f.get('unit')!.value) : null;
  if (!label) {
    out.push(makeFinding(src, at, { kind: 'schema', message: msg('schema.missing-field', { field: `${key}.label` }) }));
    return null;
  }
  if (!unitText) {
    out.push(makeFinding(src, at, { kind: 'schema', message: msg('schema.missing-field', { field: `${key}.unit` }) }));
    return null;
  }
  const unit = unitInfo(unitText.trim());
  if (!unit) {
    out.push(makeFinding(src, f.get('unit')!.valueOffset, { kind: 'unit', message: msg('unit.unknown', { unit: unitText }) }));
    return null;
  }
  const bool = (name: string): boolean => {
    const e = f.get(name);
    if (!e) return false;
    const v = (scalarText(e.value) ?? '').trim().toLowerCase();
    if (v === 'true' || v === 'yes') return true;
    if (v === 'false' || v === 'no' || v === '') return false;
    out.push(makeFinding(src, e.valueOffset, { kind: 'schema', message: msg('schema.bad-type', { field: name, expected: msg('type.boolean') }) }));
    return false;
  };
  let aggregate: 'sum' | null = null;
  const agg = f.get('aggregate');
  if (agg) {
    const v = (scalarText(agg.value) ?? '').trim();
    if (v === 'sum') aggregate = 'sum';
    else if (v !== '' && v !== 'none') out.push(makeFinding(src, agg.valueOffset, { kind: 'schema', message: msg('schema.bad-type', { field: 'aggregate', expected: 'sum' }) }));
  }
  const bound = (name: string): Decimal | null => {
    const e = f.get(name);
    if (!e) return null;
    const q = parseQuantity(scalarText(e.value) ?? '');
    if (isQuantityError(q) || q.qualifier !== '') {
      out.push(makeFinding(src, e.valueOffset, { kind: 'schema', message: msg('schema.not-a-number', { text: scalarText(e.value) ?? '' }) }));
      return null;
    }
    if (q.unit !== null) {
      const u = unitInfo(q.unit)!;
      if (!compatible(u, unit)) {
        out.push(makeFinding(src, e.valueOffset, { kind: 'unit', message: msg('unit.family', { label, unit: q.unit, expected: unit.unit }) }));
        return null;
      }
      return q.number.times(conversion(u, unit));
    }
    return q.number;
  };
  const desc = f.get('description');
  return {
    key,
    label,
    unit,
    exact: bool('exact'),
    aggregate,
    min: bound('min'),
    max: bound('max'),
    description: desc ? scalarText(desc.value) || null : null,
  };
}

function readRule(src: SourceFile, tree: Tree, node: YNode | null, at: number, cat: Catalogue, out: Finding[]): Rule | null {
  let text = scalarText(node);
  let id: string | null = null;
  let severity: 'error' | 'warning' = 'error';
  let message: string | null = null;
  let checkAt = at;
  if (text === null) {
    const map = asMap(node);
    if (!map) {
      out.push(makeFinding(src, at, { kind: 'schema', message: msg('schema.write-as', { field: 'rule', expected: msg('type.rule') }) }));
      return null;
    }
    const f = new Map(entries(tree, map).map((e) => [e.key, e]));
    for (const e of f.values()) {
      if (!RULE_FIELDS.includes(e.key)) out.push(makeFinding(src, e.keyOffset, { kind: 'schema', message: msg('schema.unknown-field', { field: e.key, hint: didYouMean(e.key, RULE_FIELDS) }) }));
    }
    const check = f.get('check');
    text = check ? scalarText(check.value) : null;
    if (!check || !text) {
      out.push(makeFinding(src, at, { kind: 'schema', message: msg('schema.missing-field', { field: 'check' }) }));
      return null;
    }
    checkAt = check.valueOffset;
    id = f.get('id') ? scalarText(f.get('id')!.value) || null : null;
    message = f.get('message') ? scalarText(f.get('message')!.value) || null : null;
    const sev = f.get('severity') ? (scalarText(f.get('severity')!.value) ?? '').trim() : 'error';
    if (sev === 'warning' || sev === 'error') severity = sev;
    else out.push(makeFinding(src, f.get('severity')!.valueOffset, { kind: 'schema', message: msg('schema.bad-type', { field: 'severity', expected: msg('type.severity') }) }));
  }
  text = text.trim();
  let parsed;
  try {
    parsed = parseRule(text);
  } catch (e) {
    if (e instanceof ExprError) {
      out.push(makeFinding(src, checkAt, { kind: 'schema', message: msg('schema.bad-rule', { rule: text, detail: e.detail }) }));
      return null;
    }
    throw e;
  }
  const paths = [...pathsOf(parsed.left), ...pathsOf(parsed.right)];
  for (const p of paths) {
    if (!patternKnown(cat, p.path)) {
      out.push(makeFinding(src, checkAt, { kind: 'schema', message: msg('schema.rule-unknown-path', { rule: text, path: p.path, hint: didYouMean(p.path, knownPathsLike(cat, p.path)) }) }));
      return null;
    }
  }
  src.pos.set(`rule:${text}`, checkAt);
  return { id, text, relation: parsed.relation, left: parsed.left, right: parsed.right, severity, message, paths, hasWildcard: paths.some((p) => p.path.includes('*')) };
}

/**
 * Reads one region-year document (FORMAT.md §4, §8) into a Doc: figures read exactly with their
 * units, text sections, plan tasks, accept entries, and the offset of every value. Reports schema
 * and unit problems as findings. No I/O; the checks run later on the Doc.
 */
import type { Accept, Attachment, Catalogue, Doc, Due, Entry, Figure, FigureValue, Finding, GongwenElements, Plan, RegionTree, Section, Summary, Task } from '../model/types.js';
import { FINDING_KINDS } from '../model/types.js';
import { msg, type Arg, type Message } from '../findings/messages.js';
import { makeFinding, type FindingInit } from '../findings/finding.js';
import type { SourceFile } from './source-file.js';
import { asMap, asSeq, entries, isEmptyNode, items, scalarText, type Entry as YEntry, type Tree, type YNode as Node } from './yaml-tree.js';
import type { YPair } from './yaml-nodes.js';
import { fullWidthNumber, isQuantityError, parseQuantity, normaliseFigureText } from '../model/quantity.js';
import { compatible, unitInfo, type UnitInfo } from '../model/units.js';
import { knownPathsLike, lookupIndicator } from './catalogue.js';
import { didYouMean } from '../model/suggest.js';

const TOP_FIELDS = ['region', 'year', 'edition', 'source', 'script', 'figures', 'accept', 'entry', 'summary', 'plan'];
const FIGURE_FIELDS = ['value', 'before', 'after', 'growth', 'increase', 'pp', 'note', 'status'];
const ENTRY_FIELDS = ['author', 'credit', 'figure_table', 'sections'];
/** The GB/T 9704 elements of FORMAT.md §8a, the same under summary: and plan:. */
const GONGWEN_FIELDS = ['issuer', 'number', 'header', 'to', 'attachments', 'signature', 'date', 'issued', 'note', 'cc', 'printed_by', 'printed_on'];
const SUMMARY_FIELDS = ['title', 'author', 'intro', 'sections', 'figure_table', ...GONGWEN_FIELDS];
const PLAN_FIELDS = ['title', 'as_of', 'intro', 'sections', 'tasks_at', 'tasks', 'figure_table', ...GONGWEN_FIELDS];
const ATTACHMENT_FIELDS = ['title', 'text'];
const SECTION_FIELDS = ['title', 'text', 'sections'];
const TASK_FIELDS = ['no', 'group', 'title', 'text', 'lead', 'partners', 'responsible', 'due', 'status', 'progress'];
const ACCEPT_FIELDS = ['kind', 'path', 'reason'];
const SEGMENT = /^[a-z0-9_]+$/;
const PERCENT = unitInfo('%')!;
/** A map under `figures` with one of these keys is a figure, not a group of figures. */
const FIGURE_MARKERS = new Set(['value', 'before', 'after']);

export interface LoadContext {
  regions: RegionTree;
  catalogue: Catalogue;
  /** False when regions.yaml is missing or broken: region names are then not checked. */
  haveRegions: boolean;
  haveCatalogue: boolean;
}

class Reader {
  constructor(
    readonly src: SourceFile,
    readonly tree: Tree,
    readonly out: Finding[],
    readonly doc: Partial<Doc>,
  ) {}

  report(at: number, init: FindingInit): void {
    this.out.push(makeFinding({ ...this.src, regionCode: this.doc.regionCode ?? null, year: this.doc.year ?? null, edition: this.doc.edition ?? null }, at, init));
  }

  /** The allowed fields of a map; `notMap` is the finding when the node is not a map (default: “what” should be a map). */
  fields(node: Node | null, at: number, what: string, allowed: string[], notMap?: Message): Map<string, YEntry> | null {
    const map = asMap(node);
    if (!map) {
      if (!isEmptyNode(node)) this.report(at, { kind: 'schema', message: notMap ?? msg('schema.write-as', { field: what, expected: msg('type.map') }) });
      return null;
    }
    const f = new Map<string, YEntry>();
    for (const e of entries(this.tree, map)) {
      if (!allowed.includes(e.key)) {
        this.unknownField(e.key, e.keyOffset, e.value, allowed);
        continue;
      }
      f.set(e.key, e);
    }
    return f;
  }

  unknownField(key: string, keyOffset: number, value: Node | null, allowed: readonly string[]): void {
    // `{value: 3, note: 截至11月末, 全部参保}` splits the note at the comma: say so
    const hint = /[^\x00-\x7f]/.test(key) && value === null ? msg('hint.quote-note') : didYouMean(key, allowed);
    this.report(keyOffset, { kind: 'schema', path: null, message: msg('schema.unknown-field', { field: key, hint }) });
  }

  text(e: YEntry | undefined, key: string): string {
    if (!e) return '';
    this.src.pos.set(key, e.valueOffset);
    const s = scalarText(e.value);
    if (s === null) {
      this.report(e.valueOffset, { kind: 'schema', message: msg('schema.bad-type', { field: key, expected: msg('type.text') }) });
      return '';
    }
    return s;
  }

  optText(e: YEntry | undefined, key: string): string | null {
    const s = this.text(e, key).trim();
    return s === '' ? null : s;
  }

  list(e: YEntry | undefined, key: string): string[] {
    if (!e || isEmptyNode(e.value)) return [];
    this.src.pos.set(key, e.valueOffset);
    const seq = asSeq(e.value);
    if (!seq) {
      const s = scalarText(e.value);
      if (s !== null) return s.split(/[、,\uff0c;\uff1b]/).map((x) => x.trim()).filter(Boolean);
      this.report(e.valueOffset, { kind: 'schema', message: msg('schema.write-as', { field: key, expected: msg('type.list-or-text') }) });
      return [];
    }
    return items(this.tree, seq).map((it) => (scalarText(it.node) ?? '').trim()).filter(Boolean);
  }

  date(e: YEntry | undefined, key: string): string | null {
    const s = this.optText(e, key);
    if (s === null) return null;
    if (!/^\d{4}-\d{2}(-\d{2})?$/.test(s)) {
      this.report(e!.valueOffset, { kind: 'schema', message: msg('schema.bad-date', { text: s }) });
      return null;
    }
    return s;
  }
}

export function loadDocument(src: SourceFile, tree: Tree, ctx: LoadContext, out: Finding[]): Doc | null {
  const doc: Partial<Doc> = { file: src.file, rel: src.rel, regionCode: null, year: null, edition: null };
  const r = new Reader(src, tree, out, doc);
  if (isEmptyNode(tree.root)) {
    r.report(0, { kind: 'schema', message: msg('schema.empty-file') });
    return null;
  }
  const top = r.fields(tree.root, 0, 'file', TOP_FIELDS, msg('schema.file-not-map'));
  if (!top) return null;

  // region, year, edition first: findings below carry them.
  const regionE = top.get('region');
  let regionText: string | null = null;
  if (regionE && scalarText(regionE.value) === null) {
    r.report(regionE.valueOffset, { kind: 'schema', message: msg('schema.bad-type', { field: 'region', expected: msg('type.region') }) });
  } else if (!regionE || (regionText = (scalarText(regionE.value) ?? '').trim()) === '') {
    r.report(regionE?.valueOffset ?? 0, { kind: 'schema', message: msg('schema.missing-field', { field: 'region' }) });
  } else {
    src.pos.set('region', regionE.valueOffset);
    const region = ctx.regions.byCode.get(regionText);
    const byName = ctx.regions.byName.get(regionText);
    if (region) {
      doc.region = region;
      doc.regionCode = region.code;
    } else if (byName && byName.length === 1) {
      doc.region = byName[0]!;
      doc.regionCode = byName[0]!.code;
    } else if (byName && byName.length > 1) {
      doc.regionCode = regionText;
      r.report(regionE.valueOffset, { kind: 'schema', path: null, message: msg('schema.ambiguous-region', { region: regionText, codes: listOf(byName.map((x) => x.code)) }) });
    } else {
      doc.regionCode = regionText;
      if (ctx.haveRegions) {
        const known = [...ctx.regions.byCode.keys(), ...ctx.regions.byName.keys()];
        r.report(regionE.valueOffset, { kind: 'schema', message: msg('schema.unknown-region', { region: regionText, hint: didYouMean(regionText, known) }) });
      }
    }
  }
  const yearE = top.get('year');
  const yearText = yearE ? (scalarText(yearE.value) ?? '').trim() : '';
  if (!yearE || yearText === '') {
    r.report(yearE?.valueOffset ?? 0, { kind: 'schema', message: msg('schema.missing-field', { field: 'year' }) });
  } else {
    src.pos.set('year', yearE.valueOffset);
    if (/^\d{4}$/.test(yearText)) doc.year = Number(yearText);
    else r.report(yearE.valueOffset, { kind: 'schema', message: msg('schema.bad-year', { text: yearText }) });
  }
  doc.edition = r.optText(top.get('edition'), 'edition');
  doc.source = r.optText(top.get('source'), 'source');
  const script = r.optText(top.get('script'), 'script');
  doc.script = 'simplified';
  if (script === 'traditional') doc.script = 'traditional';
  else if (script !== null && script !== 'simplified') {
    r.report(top.get('script')!.valueOffset, { kind: 'schema', message: msg('schema.bad-type', { field: 'script', expected: msg('type.script') }) });
  }

  doc.figures = new Map();
  const figs = top.get('figures');
  if (figs) {
    src.pos.set('figures', figs.valueOffset);
    readFigureGroup(r, ctx, figs.value, figs.valueOffset, pathRoot(ctx.catalogue), doc.figures);
  }
  doc.accept = readAccept(r, top.get('accept'));
  doc.entry = top.get('entry') ? readEntry(r, top.get('entry')!) : null;
  doc.summary = top.get('summary') ? readSummary(r, top.get('summary')!) : null;
  doc.plan = top.get('plan') ? readPlan(r, top.get('plan')!) : null;
  doc.pos = src.pos;
  doc.text = src.text;
  doc.lines = src.lines;
  if (doc.regionCode === null || doc.year === null) return null;
  return doc as Doc;
}

/** Items as one list in the reader's language (a、b、c / a, b, c). */
function listOf(xs: string[]): Arg {
  return xs.slice(1).reduce<Arg>((head, tail) => msg('list.join', { head, tail }), xs[0] ?? '');
}

/**
 * The figure paths met so far under a catalogue, as a tree of segments: each path's string made and
 * looked up in the catalogue once (not once a document), and shared by every Figure of that path.
 */
interface PathNode {
  path: string;
  indicator: Figure['indicator'];
  children: Map<string, PathNode>;
}
const PATHS = new WeakMap<Catalogue, PathNode>();

function pathRoot(cat: Catalogue): PathNode {
  let root = PATHS.get(cat);
  if (!root) PATHS.set(cat, (root = { path: '', indicator: null, children: new Map() }));
  return root;
}

function readFigureGroup(r: Reader, ctx: LoadContext, node: Node | null, at: number, parent: PathNode, into: Map<string, Figure>): void {
  const map = asMap(node);
  const prefix = parent.path;
  if (!map) {
    if (!isEmptyNode(node)) r.report(at, { kind: 'schema', message: msg('schema.write-as', { field: prefix === '' ? 'figures' : prefix, expected: msg('type.map') }) });
    return;
  }
  // the pairs read directly (no Entry objects: a national folder has a million of them)
  for (const p of map.items) {
    const k = p.k;
    const value = p.v;
    // an empty value has no position of its own: just after the key (as yaml-tree's entries)
    const valueOffset = value ? value.at : p.kEnd;
    let seg = parent.children.get(k);
    if (!seg) {
      // a segment is in the tree only once it is known to be well-formed
      if (!SEGMENT.test(k)) {
        r.report(p.kAt, { kind: 'schema', message: msg('schema.bad-segment', { segment: k }) });
        continue;
      }
      const path = prefix === '' ? k : `${prefix}.${k}`;
      seg = { path, indicator: lookupIndicator(ctx.catalogue, path), children: new Map() };
      parent.children.set(k, seg);
    }
    const path = seg.path;
    const indicator = seg.indicator;
    const valueMap = asMap(value);
    if (!indicator && valueMap && !valueMap.items.some((x) => FIGURE_MARKERS.has(x.k))) {
      readFigureGroup(r, ctx, value, valueOffset, seg, into);
      continue;
    }
    if (!indicator && ctx.haveCatalogue) {
      r.report(p.kAt, { kind: 'schema', path, message: msg('schema.unknown-path', { path, hint: didYouMean(path, knownPathsLike(ctx.catalogue, path)) }) });
      continue;
    }
    const fig = readFigure(r, path, indicator, value, valueOffset);
    if (fig) into.set(path, fig);
  }
}

/** A pair of a figure's map as an Entry (for the few fields read as text). */
const entryOf = (p: YPair): YEntry => ({ key: p.k, keyOffset: p.kAt, value: p.v, valueOffset: p.v ? p.v.at : p.kEnd });

function readFigure(r: Reader, path: string, indicator: Figure['indicator'], value: Node | null, valueOffset: number): Figure | null {
  const fig: Figure = { path, indicator, value: null, before: null, after: null, growth: null, increase: null, pp: null, note: null, status: null, at: valueOffset };
  const catUnit = indicator?.unit ?? null;
  const label = indicator?.label ?? path;
  const scalar = scalarText(value);
  if (scalar !== null) {
    fig.value = readValue(r, path, label, catUnit, scalar, valueOffset);
    return fig.value ? fig : null;
  }
  const map = asMap(value);
  if (!map) {
    r.report(valueOffset, { kind: 'schema', path, message: msg('schema.figure-shape', { path }) });
    return null;
  }
  // the fields, as Reader.fields reads them (unknown ones reported in order; the last of a key wins), without a Map
  let fValue: YPair | undefined, fBefore: YPair | undefined, fAfter: YPair | undefined, fIncrease: YPair | undefined;
  let fGrowth: YPair | undefined, fPp: YPair | undefined, fNote: YPair | undefined, fStatus: YPair | undefined;
  for (const p of map.items) {
    switch (p.k) {
      case 'value': fValue = p; break;
      case 'before': fBefore = p; break;
      case 'after': fAfter = p; break;
      case 'growth': fGrowth = p; break;
      case 'increase': fIncrease = p; break;
      case 'pp': fPp = p; break;
      case 'note': fNote = p; break;
      case 'status': fStatus = p; break;
      default: r.unknownField(p.k, p.kAt, p.v, FIGURE_FIELDS);
    }
  }
  const part = (x: YPair | undefined, name: 'value' | 'before' | 'after' | 'increase'): FigureValue | null => {
    if (!x) return null;
    const at = x.v ? x.v.at : x.kEnd;
    const s = scalarText(x.v);
    if (s === null) {
      r.report(at, { kind: 'schema', path, message: msg('schema.bad-type', { field: `${path}.${name}`, expected: msg('type.number') }) });
      return null;
    }
    return readValue(r, path, label, catUnit, s, at);
  };
  fig.value = part(fValue, 'value');
  fig.before = part(fBefore, 'before');
  fig.after = part(fAfter, 'after');
  fig.increase = part(fIncrease, 'increase');
  if (fGrowth) fig.growth = readValue(r, path, `${path}.growth`, PERCENT, scalarText(fGrowth.v) ?? '', fGrowth.v ? fGrowth.v.at : fGrowth.kEnd, true);
  if (fPp) {
    const s = (scalarText(fPp.v) ?? '').replace(/个?百分点$|pp$/, '').trim();
    fig.pp = readValue(r, path, `${path}.pp`, PERCENT, s, fPp.v ? fPp.v.at : fPp.kEnd);
  }
  if (fNote) fig.note = r.optText(entryOf(fNote), `figures.${path}.note`);
  if (fStatus) {
    const status = r.optText(entryOf(fStatus), `figures.${path}.status`);
    if (status !== null) {
      if (status === 'p' || status === 'r' || status === 'e') fig.status = status;
      else r.report(fStatus.v ? fStatus.v.at : fStatus.kEnd, { kind: 'schema', path, message: msg('schema.figure-status', { path, status }) });
    }
  }
  if (!fig.value && !fig.after && !fig.before) {
    if (!fValue && !fAfter && !fBefore) r.report(valueOffset, { kind: 'schema', path, message: msg('schema.figure-shape', { path }) });
    return null;
  }
  return fig;
}

function readValue(r: Reader, path: string, label: string, catUnit: UnitInfo | null, text: string, at: number, mustBePercent = false): FigureValue | null {
  const q = parseQuantity(text);
  if (isQuantityError(q)) {
    if (q.code === 'unknown-unit') r.report(at, { kind: 'unit', path, message: msg('unit.unknown', { unit: q.unit }) });
    else r.report(at, { kind: 'schema', path, message: msg('schema.not-a-number', { text: normaliseFigureText(text) }) });
    return null;
  }
  const wide = fullWidthNumber(text);
  if (wide) {
    // read as the digits they are, but said: the print shows the figure as written
    const first = r.src.text.indexOf(text.charAt(wide.index), at);
    const where = first >= at && !r.src.text.slice(at, first).includes('\n') ? first : at;
    r.report(where, { kind: 'text', path, message: msg('text.full-width-number', { label, text: text.trim(), chars: listOf(wide.chars), fixed: wide.fixed }) });
  }
  if (mustBePercent) {
    if (q.unit !== '%') {
      r.report(at, { kind: 'schema', path, message: msg('schema.growth-needs-percent', { field: label }) });
      return null;
    }
    return { q, unit: PERCENT, at, iv: undefined, lean: undefined };
  }
  if (q.unit !== null && catUnit) {
    const u = unitInfo(q.unit)!;
    if (!compatible(u, catUnit)) {
      r.report(at, { kind: 'unit', path, message: msg('unit.family', { label, unit: q.unit, expected: catUnit.unit }) });
      return null;
    }
    return { q, unit: u, at, iv: undefined, lean: undefined };
  }
  const unit = q.unit !== null ? unitInfo(q.unit)! : catUnit;
  if (!unit) return { q, unit: unitInfo('元')!, at, iv: undefined, lean: undefined }; // no catalogue: the unit is only used for display
  return { q, unit, at, iv: undefined, lean: undefined };
}

function readAccept(r: Reader, e: YEntry | undefined): Accept[] {
  if (!e || isEmptyNode(e.value)) return [];
  const seq = asSeq(e.value);
  if (!seq) {
    r.report(e.valueOffset, { kind: 'schema', message: msg('schema.write-as', { field: 'accept', expected: msg('type.list') }) });
    return [];
  }
  const out: Accept[] = [];
  items(r.tree, seq).forEach((it, i) => {
    const key = `accept[${i}]`;
    r.src.pos.set(key, it.offset);
    const f = r.fields(it.node, it.offset, key, ACCEPT_FIELDS);
    if (!f) return;
    const kind = r.optText(f.get('kind'), `${key}.kind`);
    if (!kind) {
      r.report(it.offset, { kind: 'schema', message: msg('schema.missing-field', { field: 'kind' }) });
      return;
    }
    if (!(FINDING_KINDS as readonly string[]).includes(kind)) {
      r.report(f.get('kind')!.valueOffset, { kind: 'schema', message: msg('schema.bad-kind', { text: kind, hint: didYouMean(kind, FINDING_KINDS) }) });
      return;
    }
    const reason = r.optText(f.get('reason'), `${key}.reason`);
    if (!reason) {
      r.report(it.offset, { kind: 'schema', message: msg('schema.missing-field', { field: 'reason' }) });
      return;
    }
    out.push({ kind, path: r.optText(f.get('path'), `${key}.path`), reason, key });
  });
  return out;
}

/** A list of mappings (sections, attachments): each item's fields checked against `fields` and its position kept under KEY[i]. */
function readMappings<T>(r: Reader, e: YEntry | undefined, key: string, fields: string[], make: (f: Map<string, YEntry>, k: string) => T): T[] {
  if (!e || isEmptyNode(e.value)) return [];
  const seq = asSeq(e.value);
  if (!seq) {
    r.report(e.valueOffset, { kind: 'schema', message: msg('schema.write-as', { field: key, expected: msg('type.list') }) });
    return [];
  }
  return items(r.tree, seq).flatMap((it, i) => {
    const k = `${key}[${i}]`;
    r.src.pos.set(k, it.offset);
    const f = r.fields(it.node, it.offset, k, fields);
    return f ? [make(f, k)] : [];
  });
}

function readSections(r: Reader, e: YEntry | undefined, key: string, nested: boolean): Section[] {
  return readMappings(r, e, key, nested ? SECTION_FIELDS : ['title', 'text'], (f, k) => ({ title: r.text(f.get('title'), `${k}.title`).trim(), text: r.text(f.get('text'), `${k}.text`), sections: nested ? readSections(r, f.get('sections'), `${k}.sections`, true) : [], key: k }));
}

function readEntry(r: Reader, e: YEntry): Entry | null {
  r.src.pos.set('entry', e.valueOffset);
  const f = r.fields(e.value, e.valueOffset, 'entry', ENTRY_FIELDS);
  if (!f) return null;
  return { author: r.optText(f.get('author'), 'entry.author'), credit: r.optText(f.get('credit'), 'entry.credit'), figureTable: readBoolean(r, f.get('figure_table'), 'entry.figure_table') ?? false, sections: readSections(r, f.get('sections'), 'entry.sections', false) };
}

function readSummary(r: Reader, e: YEntry): Summary | null {
  r.src.pos.set('summary', e.valueOffset);
  const f = r.fields(e.value, e.valueOffset, 'summary', SUMMARY_FIELDS);
  if (!f) return null;
  return {
    title: r.text(f.get('title'), 'summary.title').trim(),
    author: r.optText(f.get('author'), 'summary.author'),
    intro: r.text(f.get('intro'), 'summary.intro'),
    sections: readSections(r, f.get('sections'), 'summary.sections', true),
    figureTable: readBoolean(r, f.get('figure_table'), 'summary.figure_table') ?? false,
    ...readGongwen(r, f, 'summary'),
  };
}

function readPlan(r: Reader, e: YEntry): Plan | null {
  r.src.pos.set('plan', e.valueOffset);
  const f = r.fields(e.value, e.valueOffset, 'plan', PLAN_FIELDS);
  if (!f) return null;
  const tasks: Task[] = [];
  const te = f.get('tasks');
  const seq = te ? asSeq(te.value) : null;
  if (te && !seq && !isEmptyNode(te.value)) r.report(te.valueOffset, { kind: 'schema', message: msg('schema.write-as', { field: 'plan.tasks', expected: msg('type.list') }) });
  if (seq) {
    items(r.tree, seq).forEach((it, i) => {
      const k = `plan.tasks[${i}]`;
      r.src.pos.set(k, it.offset);
      const t = r.fields(it.node, it.offset, k, TASK_FIELDS);
      if (!t) return;
      const no = r.text(t.get('no'), `${k}.no`).trim();
      if (no === '') r.report(it.offset, { kind: 'schema', message: msg('schema.missing-field', { field: 'no' }) });
      const statusText = r.optText(t.get('status'), `${k}.status`);
      let status: Task['status'] = null;
      if (statusText === 'done' || statusText === 'in-progress' || statusText === 'not-started') status = statusText;
      else if (statusText !== null) r.report(t.get('status')!.valueOffset, { kind: 'schema', message: msg('schema.bad-status', { text: statusText }) });
      tasks.push({
        no,
        group: r.optText(t.get('group'), `${k}.group`),
        title: r.text(t.get('title'), `${k}.title`).trim(),
        text: r.text(t.get('text'), `${k}.text`),
        lead: r.list(t.get('lead'), `${k}.lead`),
        partners: r.list(t.get('partners'), `${k}.partners`),
        responsible: r.list(t.get('responsible'), `${k}.responsible`),
        due: readDue(r, t.get('due'), `${k}.due`),
        status,
        progress: r.text(t.get('progress'), `${k}.progress`),
        key: k,
      });
    });
  }
  const gw = readGongwen(r, f, 'plan');
  const sections = readSections(r, f.get('sections'), 'plan.sections', true);
  return {
    title: r.text(f.get('title'), 'plan.title').trim(),
    issued: gw.date,
    as_of: r.date(f.get('as_of'), 'plan.as_of'),
    intro: r.text(f.get('intro'), 'plan.intro'),
    sections,
    tasks_at: readTasksAt(r, f.get('tasks_at'), sections.length),
    tasks,
    figureTable: readBoolean(r, f.get('figure_table'), 'plan.figure_table') ?? false,
    ...gw,
  };
}

/** The §8a elements of a summary or plan (`issued` read as `date`; `date` wins when both are given). */
function readGongwen(r: Reader, f: Map<string, YEntry>, base: 'summary' | 'plan'): GongwenElements {
  const date = r.date(f.get('date'), `${base}.date`);
  const issued = r.date(f.get('issued'), `${base}.issued`);
  return {
    issuer: r.optText(f.get('issuer'), `${base}.issuer`),
    number: r.optText(f.get('number'), `${base}.number`),
    header: readBoolean(r, f.get('header'), `${base}.header`),
    to: r.list(f.get('to'), `${base}.to`),
    attachments: readAttachments(r, f.get('attachments'), `${base}.attachments`),
    signature: r.optText(f.get('signature'), `${base}.signature`),
    date: date ?? issued,
    note: r.optText(f.get('note'), `${base}.note`),
    cc: r.list(f.get('cc'), `${base}.cc`),
    printed_by: r.optText(f.get('printed_by'), `${base}.printed_by`),
    printed_on: r.date(f.get('printed_on'), `${base}.printed_on`),
  };
}

/** A true/false field (`figure_table`, `header`); null when absent, a schema finding when neither. */
function readBoolean(r: Reader, e: YEntry | undefined, key: string): boolean | null {
  if (!e || isEmptyNode(e.value)) return null;
  r.src.pos.set(key, e.valueOffset);
  const s = (scalarText(e.value) ?? '').trim();
  if (s === 'true') return true;
  if (s === 'false') return false;
  r.report(e.valueOffset, { kind: 'schema', message: msg('schema.bad-type', { field: key, expected: msg('type.boolean') }) });
  return null;
}

/** `tasks_at`: a whole number from 0 to the number of top-level sections (= after the last). */
function readTasksAt(r: Reader, e: YEntry | undefined, sections: number): number | null {
  if (!e || isEmptyNode(e.value)) return null;
  r.src.pos.set('plan.tasks_at', e.valueOffset);
  const s = (scalarText(e.value) ?? '').trim();
  if (!/^\d+$/.test(s) || Number(s) > sections) {
    r.report(e.valueOffset, { kind: 'schema', message: msg('schema.bad-type', { field: 'plan.tasks_at', expected: msg('type.number') }) });
    return null;
  }
  return Number(s);
}

function readAttachments(r: Reader, e: YEntry | undefined, key: string): Attachment[] {
  if (e && !isEmptyNode(e.value)) r.src.pos.set(key, e.valueOffset);
  return readMappings(r, e, key, ATTACHMENT_FIELDS, (f, k) => ({ title: r.text(f.get('title'), `${k}.title`).trim(), text: r.text(f.get('text'), `${k}.text`), key: k }));
}

function readDue(r: Reader, e: YEntry | undefined, key: string): Due[] {
  const raw = r.list(e, key);
  const out: Due[] = [];
  for (const text of raw) {
    if (/^(ongoing|持续推进|长期)$/.test(text)) {
      out.push({ kind: 'ongoing', last: null, text });
      continue;
    }
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
    const month = m ? Number(m[2]) : 0;
    if (!m || month < 1 || month > 12) {
      r.report(e!.valueOffset, { kind: 'schema', message: msg('schema.bad-date', { text }) });
      continue;
    }
    const lastDay = new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
    const day = m[3] ? Number(m[3]) : lastDay;
    if (day < 1 || day > lastDay) {
      r.report(e!.valueOffset, { kind: 'schema', message: msg('schema.bad-date', { text }) });
      continue;
    }
    out.push({ kind: 'date', last: `${m[1]}-${m[2]}-${String(day).padStart(2, '0')}`, text });
  }
  return out;
}

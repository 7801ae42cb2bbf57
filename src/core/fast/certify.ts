/**
 * The fast lane of `yearbook check`: proves documents of a folder of plain figure documents free of
 * findings, and counts their documents, figures and checks as the full check does, without building
 * the Dataset. It runs the same lean exact tests as the checks (rules, stated changes, regional
 * sums, bounds) on figures read straight from bytes (scan.ts). It never writes a finding. A document
 * with a check that does not hold, or that lean arithmetic cannot settle, is left to the full check
 * (a "suspect", with the documents its checks look at); anything else it cannot prove — a document
 * it does not read, a duplicate document, a finding on regions.yaml or indicators.yaml — makes it
 * decline (null) and the caller runs the full check (core/check.ts) on everything. Whenever it
 * answers, the answer with the full check's on the suspects is the full check's report. Pure; no I/O.
 */
import type { Report, CheckOptions, checkSources } from '../check.js';
import { parseSources, type ParseOptions } from '../parse/dataset.js';
import type { Source } from '../parse/source.js';
import type { Catalogue, RegionTree } from '../model/types.js';
import { bindingPath, bound, compileLeanRule, type LeanVerdict, type Sides } from '../checks/rules.js';
import { matchWildcard } from '../rules/expr.js';
import type { Rule } from '../model/types.js';
import type { Expr } from '../rules/expr.js';
import { bounds } from '../checks/range.js';
import { cmpScaled, leanAdd, leanAddInto, leanContainsZero, leanIntersects, leanMul, leanSub, up, type Lean } from '../model/scaled.js';
import type { LeanEval } from '../rules/evaluate.js';
import type { PathNode } from './scan.js';
import { BEFORE, extrasOf, figureOf, GROWTH, idOf, INCREASE, pathsOf, PP, scanDocument, type FastDoc, type Paths } from './scan.js';

const isYaml = (rel: string): boolean => /\.ya?ml$/i.test(rel);
const SETUP = new Set(['regions.yaml', 'regions.yml', 'indicators.yaml', 'indicators.yml']);

/** Documents read one by one (straight from a reused buffer: the bytes need not outlive `add`), then certified. */
export class Certifier {
  private readonly docs: FastDoc[] = [];
  private readonly paths: Paths;
  private declined = false;

  private constructor(
    private readonly regions: RegionTree,
    private readonly catalogue: Catalogue,
  ) {
    this.paths = pathsOf(catalogue);
  }

  /**
   * A certifier for the folder whose regions.yaml and indicators.yaml are `setup` (read by the full
   * reader: they are small and may be anything YAML allows); null when they have any finding.
   */
  static start(setup: readonly Source[], opts: ParseOptions = {}): Certifier | null {
    if (setup.some((s) => s.problem)) return null;
    const data = parseSources(setup, opts);
    if (data.findings.length > 0 || data.docs.length > 0 || data.files !== 2) return null;
    return new Certifier(data.regions, data.catalogue);
  }

  /** Reads one document's bytes; false (and the certifier is spent) when the full reader must read it. */
  add(rel: string, file: string, bytes: Uint8Array): boolean {
    if (this.declined) return false;
    const d = scanDocument(rel, file, bytes, { regions: this.regions, catalogue: this.catalogue, paths: this.paths });
    if (!d) {
      this.declined = true;
      return false;
    }
    this.docs.push(d);
    return true;
  }

  /** Every document read: the report of the documents of `owned` (Source.rel; default all), or null. */
  finish(owned?: ReadonlySet<string>): Report | null {
    const p = this.finishPartly(owned);
    return p && p.suspects.length === 0 ? p.report : null;
  }

  /**
   * Every document read: the report of the documents of `owned` whose checks all hold, and the
   * documents ("suspects") with a check that does not, or that lean arithmetic cannot settle —
   * for the full check to report on, with the documents their checks look at (`context`). Null
   * when the certifier declined (a document it did not read, a duplicate document).
   */
  finishPartly(owned?: ReadonlySet<string>): Certified | null {
    if (this.declined) return null;
    return certify(this.docs, this.catalogue, this.paths, owned);
  }

  /** The region code of every document read, by Source.rel (what a parallel check's partition assumed is checked against it). */
  regionsRead(): Map<string, string> {
    return new Map(this.docs.map((d) => [d.rel, d.region.code]));
  }
}

/** What the fast lane proved, and what it leaves to the full check. */
export interface Certified {
  /** Counts of the documents whose checks all hold (no finding). */
  report: Report;
  /** Source.rel of the documents the full check must check (`owned`), and of those their checks look at. */
  suspects: string[];
  context: string[];
}

/** The report checkSources(sources, opts) gives, when the fast lane can prove it has no finding; else null. */
export function certifySources(sources: readonly Source[], opts: CheckOptions = {}): Report | null {
  const p = certifySourcesPartly(sources, opts);
  return p && p.suspects.length === 0 ? p.report : null;
}

/**
 * A folder's files as the fast lane takes them: regions.yaml and indicators.yaml (once each), and
 * the YAML documents; null when it cannot (a file or folder problem, a setup file missing or twice
 * as .yaml and .yml — the second being a document to the full reader).
 */
export function splitFiles<T extends { rel: string; problem?: unknown }>(files: readonly T[]): { setup: T[]; docs: T[] } | null {
  const setup: T[] = [];
  const docs: T[] = [];
  for (const f of files) {
    // any problem is a finding of the full check (a folder that cannot be listed has no .yaml name)
    if (f.problem) return null;
    if (!isYaml(f.rel)) continue;
    (SETUP.has(f.rel) ? setup : docs).push(f);
  }
  if (setup.length !== 2 || new Set(setup.map((f) => f.rel.replace(/\.yml$/, '.yaml'))).size !== 2) return null;
  return { setup, docs };
}

/** Certifier.finishPartly over Sources in memory (their bytes); null when the fast lane declines. */
export function certifySourcesPartly(sources: readonly Source[], opts: CheckOptions = {}): Certified | null {
  const files = splitFiles(sources);
  const c = files && Certifier.start(files.setup, opts);
  if (!c) return null;
  for (const s of files!.docs) {
    if (!s.bytes || !c.add(s.rel, s.file ?? s.rel, s.bytes)) return null;
  }
  return c.finishPartly(opts.owned);
}

/**
 * The report of the whole: a Certified, with the full check (`check`: checkSources, passed in so
 * that its modules load only when needed) run on the suspects (owned) and the files their checks
 * look at, which `read` gives for the paths it is asked for (regions.yaml, indicators.yaml and those).
 */
export function complete(p: Certified, read: (wanted: (rel: string) => boolean) => Source[], opts: CheckOptions, check: typeof checkSources): Report {
  const want = new Set([...p.suspects, ...p.context]);
  const full = check(read((rel) => want.has(rel) || SETUP.has(rel)), { ...opts, owned: new Set(p.suspects) }).report;
  return completed(p, full);
}

/** A Certified and the full check's report on its suspects (owned: p.suspects) as the report of the whole. */
function completed(p: Certified, full: Report): Report {
  const a = p.report.summary;
  const b = full.summary;
  return {
    version: 1,
    summary: { documents: a.documents + b.documents, figures: a.figures + b.figures, checks: a.checks + b.checks, errors: b.errors, warnings: b.warnings, accepted: b.accepted },
    findings: full.findings,
  };
}

/** Per rule with `*`: the segment each path node binds it to (null: none), as checks/rules.ts bindings() finds them. */
const SEGMENTS = new WeakMap<Rule, (string | null)[]>();
const NO_WILDCARD: (string | null)[] = [null];

/** bindings() of checks/rules.ts over a FastDoc: the `*` segments of its figures, in order, each once. */
function segments(rule: Rule, prev: () => FastDoc | undefined, doc: FastDoc, nodes: readonly PathNode[]): (string | null)[] {
  if (!rule.hasWildcard) return NO_WILDCARD;
  const first = bindingPath(rule);
  const d = first.prev ? prev() : doc;
  if (!d) return [];
  let bySeg = SEGMENTS.get(rule);
  if (!bySeg) SEGMENTS.set(rule, (bySeg = []));
  const out: string[] = [];
  for (let j = 0; j < d.n; j++) {
    const id = idOf(d, j);
    let seg = bySeg[id];
    if (seg === undefined) bySeg[id] = seg = matchWildcard(first.path, nodes[id]!.path);
    if (seg !== null && !out.includes(seg)) out.push(seg);
  }
  return out;
}

const LEAN_ONE: Lean = { lo: 1, hi: 1, e: 0, loOpen: false, hiOpen: false };

/** The documents a rule is evaluated on: the document and the same region's previous year. */
interface Here {
  doc: FastDoc;
  prev: FastDoc | undefined;
}

/** A figure of a linear equation: its node, whether of the previous year, and its sign once both sides are moved left. */
interface Term {
  id: number;
  prev: boolean;
  sign: 1 | -1;
}

/** The terms of a sum of figures (a + b − c, −a …); false when the expression is anything else. */
function linearTerms(e: Expr, sign: 1 | -1, paths: Paths, out: Term[]): boolean {
  switch (e.type) {
    case 'path': {
      const id = paths.byPath.get(e.path)?.id ?? -1;
      out.push({ id, prev: e.prev, sign });
      return true;
    }
    case 'neg':
      return linearTerms(e.arg, sign === 1 ? -1 : 1, paths, out);
    case 'bin':
      if (e.op === '+') return linearTerms(e.left, sign, paths, out) && linearTerms(e.right, sign, paths, out);
      if (e.op === '-') return linearTerms(e.left, sign, paths, out) && linearTerms(e.right, sign === 1 ? -1 : 1, paths, out);
      return false;
    default:
      return false;
  }
}

/**
 * An equation of sums of figures (a = b + c, a = prev(a) + b − c) without allocating: some value
 * lies in both sides' intervals exactly when 0 lies in left − right (closed intervals), summed in
 * safe integers at the smallest exponent. 'skip' when a figure is missing (as the lean path);
 * 'unknown' when a sum leaves safe integers (the caller declines). False when the rule is no such equation.
 */
function linearEquation(sides: Sides, paths: Paths): ((h: Here) => LeanVerdict) | false {
  const terms: Term[] = [];
  if (!linearTerms(sides.left, 1, paths, terms) || !linearTerms(sides.right, -1, paths, terms)) return false;
  const n = terms.length;
  const offs = new Array<number>(n);
  const docs = new Array<FastDoc | undefined>(n);
  return (h) => {
    let e = Infinity;
    for (let i = 0; i < n; i++) {
      const t = terms[i]!;
      const d = t.prev ? h.prev : h.doc;
      const j = t.id < 0 || !d ? -1 : figureOf(d, t.id);
      if (j < 0) return 'skip';
      docs[i] = d;
      offs[i] = j * 3;
      const te = d!.num[j * 3 + 2]!;
      if (te < e) e = te;
    }
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const num = docs[i]!.num;
      const o = offs[i]!;
      const k = num[o + 2]! - e;
      const a = up(num[o]!, k);
      const b = up(num[o + 1]!, k);
      if (terms[i]!.sign === 1) {
        lo += a;
        hi += b;
      } else {
        lo -= b;
        hi -= a;
      }
      // up() gives NaN for a product beyond safe integers; a sum beyond them is no safe integer either
      if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) return 'unknown';
    }
    return lo <= 0 && hi >= 0 ? 'holds' : 'fails';
  };
}

/** The interval at num[o…o+2] as a Lean (closed: the fast lane reads plain numbers only). */
function leanAt(num: Float64Array, o: number): Lean {
  return { lo: num[o]!, hi: num[o + 1]!, e: num[o + 2]!, loOpen: false, hiOpen: false };
}

/** The current value of the figure of node `id` in d, or null when d has none. */
function curOf(d: FastDoc | undefined, id: number): Lean | null {
  if (!d) return null;
  const j = figureOf(d, id);
  return j < 0 ? null : leanAt(d.num, j * 3);
}

function certify(docs: FastDoc[], cat: Catalogue, paths: Paths, owned?: ReadonlySet<string>): Certified | null {
  const nodes = paths.nodes;
  // each rule's sides compiled once against the path nodes (every path is known once the documents are read)
  const leaf = (path: string, isPrev: boolean): LeanEval<Here> => {
    const id = paths.byPath.get(path)?.id;
    if (id === undefined) return () => null;
    return isPrev ? (h) => curOf(h.prev, id) : (h) => curOf(h.doc, id);
  };
  const rules = new Map<Sides, (h: Here) => LeanVerdict>();
  const compiled = (rule: Rule, sides: Sides): ((h: Here) => LeanVerdict) => {
    let f = rules.get(sides);
    if (!f) rules.set(sides, (f = (rule.relation === '=' && linearEquation(sides, paths)) || compileLeanRule(rule.relation, sides.left, sides.right, leaf)));
    return f;
  };
  // region code → edition ('' for none) → year → document
  const index = new Map<string, Map<string, Map<number, FastDoc>>>();
  for (const d of docs) {
    let editions = index.get(d.region.code);
    if (!editions) index.set(d.region.code, (editions = new Map()));
    let years = editions.get(d.edition ?? '');
    if (!years) editions.set(d.edition ?? '', (years = new Map()));
    if (years.has(d.year)) return null; // a duplicate-document finding (or a question of which is first)
    years.set(d.year, d);
  }
  /** The document of a region and year in the same edition as `d` (checks/context.ts docFor). */
  const docFor = (code: string, year: number, d: FastDoc): FastDoc | undefined => index.get(code)?.get(d.edition ?? '')?.get(year);
  // reused for the children's figures of a sum
  const kidLean: Lean = { lo: 0, hi: 0, e: 0, loOpen: false, hiOpen: false };
  /** The checks of one document that all hold, counted; null when one does not hold or cannot be settled. */
  const checkDoc = (doc: FastDoc): number | null => {
    let c = 0;
    const prevDoc = docFor(doc.region.code, doc.year - 1, doc);
    const prev = (): FastDoc | undefined => prevDoc;
    const num = doc.num;

    // rules (checks/rules.ts): every rule the lean path settles as holding; anything else makes the document a suspect
    if (cat.rules.length > 0) {
      const here: Here = { doc, prev: prevDoc };
      for (const rule of cat.rules) {
        for (const seg of segments(rule, prev, doc, nodes)) {
          const q = compiled(rule, seg === null ? rule : bound(rule, seg))(here);
          if (q === 'skip') continue;
          if (q !== 'holds') return null;
          c++;
        }
      }
    }

    // stated changes (checks/change.ts)
    for (let j = 0; j < doc.n; j++) {
      const x = extrasOf(doc, j);
      if (x < 0) continue;
      const hasGrowth = !Number.isNaN(num[x + GROWTH + 2]!);
      const hasIncrease = !Number.isNaN(num[x + INCREASE + 2]!);
      const hasPp = !Number.isNaN(num[x + PP + 2]!);
      if (!hasGrowth && !hasIncrease && !hasPp) continue;
      let before: Lean;
      if (!Number.isNaN(num[x + BEFORE + 2]!)) before = leanAt(num, x + BEFORE);
      else {
        const pf = curOf(prevDoc, idOf(doc, j));
        if (!pf) continue;
        before = pf;
      }
      const after = leanAt(num, j * 3);
      if (hasGrowth && !leanContainsZero(before)) {
        const one = leanAdd(LEAN_ONE, leanAt(num, x + GROWTH));
        const right = one && leanMul(one, before);
        if (!right) return null;
        c++;
        if (!leanIntersects(after, right)) return null;
      }
      if (hasIncrease) {
        const computed = leanSub(after, before);
        if (!computed) return null;
        c++;
        if (!leanIntersects(leanAt(num, x + INCREASE), computed)) return null;
      }
      if (hasPp) {
        const computed = leanSub(after, before);
        if (!computed) return null;
        c++;
        const pp = leanAt(num, x + PP);
        pp.e -= 2;
        if (!leanIntersects(pp, computed)) return null;
      }
    }

    // regional sums (checks/aggregate.ts)
    const children = doc.region.children;
    if (children.length > 0) {
      const kids: FastDoc[] = [];
      for (const c of children) {
        const k = docFor(c, doc.year, doc);
        if (!k) break;
        kids.push(k);
      }
      if (kids.length === children.length) {
        for (let j = 0; j < doc.n; j++) {
          const id = idOf(doc, j);
          if (nodes[id]!.indicator!.aggregate !== 'sum') continue;
          const sum: Lean = { lo: 0, hi: 0, e: 0, loOpen: false, hiOpen: false };
          let fits = true;
          let skip = false;
          for (const kid of kids) {
            const kj = figureOf(kid, id);
            if (kj < 0) {
              skip = true;
              break;
            }
            if (fits) {
              kidLean.lo = kid.num[kj * 3]!;
              kidLean.hi = kid.num[kj * 3 + 1]!;
              kidLean.e = kid.num[kj * 3 + 2]!;
              fits = leanAddInto(sum, kidLean);
            }
          }
          if (skip) continue;
          if (!fits) return null;
          c++;
          if (!leanIntersects(leanAt(num, j * 3), sum)) return null;
        }
      }
    }

    // bounds (checks/range.ts); every interval here is closed and finite
    for (let j = 0; j < doc.n; j++) {
      const ind = nodes[idOf(doc, j)]!.indicator!;
      const { min, max, leanMin, leanMax } = bounds(ind);
      if (!min && !max) continue;
      if (leanMin === undefined || leanMax === undefined) return null;
      const x = extrasOf(doc, j);
      const hasBefore = x >= 0 && !Number.isNaN(num[x + BEFORE + 2]!);
      for (let i = hasBefore ? 0 : 1; i < 2; i++) {
        const o = i === 0 ? x + BEFORE : j * 3;
        const lo = num[o]!, hi = num[o + 1]!;
        const e = ind.unit.unit === '%' ? num[o + 2]! + 2 : num[o + 2]!;
        const below = leanMin !== null && cmpScaled(hi, e, leanMin.m, leanMin.e) < 0;
        const above = leanMax !== null && cmpScaled(lo, e, leanMax.m, leanMax.e) > 0;
        if (below || above) return null;
        c++;
      }
    }
    return c;
  };
  let checks = 0;
  let documents = 0;
  let figures = 0;
  const suspects: FastDoc[] = [];
  for (const doc of docs) {
    if (owned && !owned.has(doc.rel)) continue;
    const c = checkDoc(doc);
    if (c === null) {
      suspects.push(doc);
      continue;
    }
    checks += c;
    documents++;
    figures += doc.n;
  }
  // what the suspects' own checks look at: the same region's previous year, and the sub-regions' same year
  const context = new Set<FastDoc>();
  for (const d of suspects) {
    const p = docFor(d.region.code, d.year - 1, d);
    if (p) context.add(p);
    for (const child of d.region.children) {
      const k = docFor(child, d.year, d);
      if (k) context.add(k);
    }
  }
  for (const d of suspects) context.delete(d);
  return {
    report: { version: 1, summary: { documents, figures, checks, errors: 0, warnings: 0, accepted: 0 }, findings: [] },
    suspects: suspects.map((d) => d.rel),
    context: [...context].map((d) => d.rel),
  };
}

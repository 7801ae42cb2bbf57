/**
 * Recognises figures in converted text: a number with a unit next to a catalogue label (or one of a
 * small table of common phrasings) becomes a figure, and the text refers to it with {{path}}. Only
 * unambiguous matches are taken; everything else stays literal text. Pure.
 */
import { lookupIndicator } from '../core/parse/catalogue.js';
import { isQuantityError, normaliseFigureText, parseQuantity } from '../core/model/quantity.js';
import { compatible, unitInfo, type UnitInfo } from '../core/model/units.js';
import type { Catalogue, Indicator } from '../core/model/types.js';
import type { Kind } from './structure.js';

/** A piece of text: literal, or a reference to a figure part with the literal it replaced. */
export type Piece = string | { path: string; ref: string; literal: string };

export type Part = 'value' | 'before' | 'after' | 'growth';

export interface Occurrence {
  path: string;
  part: Part;
  written: string;
}

/** The units, qualifier words before and after a number that the text's figures are written with (alternatives for a RegExp; Word tables read them too). */
export const UNIT_WORDS = '人次|人份|个月|人|名|元|家|个|项|例|件|次|份|种|类|张|条|天|%|％';
export const PREFIX_WORDS = '不低于|不少于|不高于|不超过|超过|不足|近|约';
export const SUFFIX_WORDS = '以上|以下|左右';
const UNIT_SRC = `(?:[万亿][余多]?)?(?:${UNIT_WORDS})`;
const PREFIX_SRC = `(?:${PREFIX_WORDS})`;
const SUFFIX_SRC = `(?:${SUFFIX_WORDS})`;
const NUM_SRC = '\\d+(?:\\.\\d+)?';
const TOKEN_SRC = `(${PREFIX_SRC})?(${NUM_SRC})[ \\t]*([余多])?[ \\t]*(${UNIT_SRC})(${SUFFIX_SRC})?`;
const TOKEN = new RegExp(TOKEN_SRC, 'g');
const VERBS = '下降至|下降到|降至|降到|降低至|降低到|减少至|减少到|缩短至|缩短到|提高至|提高到|提升至|提升到|增加至|增加到|增长至|增长到|上升至|上升到|调整为|调整至|调整到';
const CHANGE = new RegExp(
  `(?:由|从)(?:原|人均)?[ \\t]*(${PREFIX_SRC}?${NUM_SRC}[ \\t]*[余多]?[ \\t]*(?:${UNIT_SRC})?${SUFFIX_SRC}?)[ \\t]*(${VERBS})[ \\t]*(${PREFIX_SRC}?${NUM_SRC}[ \\t]*[余多]?[ \\t]*${UNIT_SRC}${SUFFIX_SRC}?)(?:([,，][ \\t]*)(降幅|下降|减少|降低|增幅|增长|上升|提高)(了)?[ \\t]*(${NUM_SRC}%))?`,
  'g',
);
const DELIM = /[,，。;；:：、!?！？\n]/;
const SENTENCE_END = /[。!?！？\n]/;
const BAD_BEFORE = /[\d.A-Za-z\-—–~～/第]/;

/** Normalisation for comparing phrases with labels: bracket widths, 的, common synonyms. */
export function norm(s: string): string {
  return s
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\s+/g, '')
    .replace(/的/g, '')
    .replace(/医疗保险/g, '医保')
    .replace(/政策范围内/g, '政策内')
    .replace(/医疗救助对象/g, '救助人员')
    .replace(/市\(县\)域/g, '市域')
    .replace(/参保总数/g, '参保人数');
}

const FILLER = /(?:稳定保持在|持续稳定在|稳定在|保持在|分别为|分别是|达到|已达|高达|共计|累计|合计|提高至|提高到|缩短至|下降至|降至|为|是|达|共|至|在|了|仅)+$/;
const FUND = /(?:城镇)?职工(?:基本)?医保|(?:城乡)?居民(?:基本)?医保|医疗救助|基本医保|生育保险/g;
const SCOPE = /^(?:城镇)?(职工|城乡居民|居民)(?:基本)?(?:医保)?$/;

interface Label {
  path: string;
  label: string;
  ind: Indicator;
}

export interface RecogniseContext {
  catalogue: Catalogue;
  year: number;
  kind: Kind;
}

export class Recogniser {
  private labels: Label[];
  readonly occurrences: Occurrence[] = [];

  constructor(private ctx: RecogniseContext) {
    this.labels = [...ctx.catalogue.indicators.values()].filter((i) => !i.key.includes('*')).map((ind) => ({ path: ind.key, label: norm(ind.label), ind }));
  }

  /** Splits one text into literal pieces and figure references, recording every occurrence. */
  recognise(text: string): Piece[] {
    const pieces: Piece[] = [];
    let at = 0;
    const spans: { start: number; end: number; pieces: Piece[]; occ: Occurrence[] }[] = [];
    // before/after changes first
    for (const m of text.matchAll(CHANGE)) {
      const r = this.change(text, m);
      if (r) spans.push(r);
    }
    for (const m of text.matchAll(TOKEN)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (spans.some((s) => start < s.end && end > s.start)) continue;
      const r = this.single(text, m);
      if (r) spans.push(r);
    }
    spans.sort((a, b) => a.start - b.start);
    for (const s of spans) {
      if (s.start > at) pieces.push(text.slice(at, s.start));
      pieces.push(...s.pieces);
      this.occurrences.push(...s.occ);
      at = s.end;
    }
    if (at < text.length) pieces.push(text.slice(at));
    return pieces;
  }

  private yearOk(text: string, start: number): boolean {
    const sentence = text.slice(sentenceStart(text, start), start);
    const years = [...sentence.matchAll(/(\d{4})年/g)];
    const last = years[years.length - 1];
    return last === undefined || Number(last[1]) === this.ctx.year;
  }

  private single(text: string, m: RegExpMatchArray): { start: number; end: number; pieces: Piece[]; occ: Occurrence[] } | null {
    const start = m.index!;
    if (start > 0 && BAD_BEFORE.test(text[start - 1]!)) return null;
    const tok = m[0];
    const q = quantity(tok);
    if (!q) return null;
    if (!this.yearOk(text, start)) return null;
    const path = this.match(text, start, start + tok.length, q.unit, m[4]!);
    if (!path) return null;
    const ind = lookupIndicator(this.ctx.catalogue, path)!;
    if (!compatible(q.unit, ind.unit)) return null;
    const written = writeValue(tok, ind);
    if (written === null) return null;
    const [s, e] = widen(text, start, start + tok.length);
    return { start: s, end: e, pieces: [{ path, ref: path, literal: text.slice(s, e) }], occ: [{ path, part: 'value', written }] };
  }

  private change(text: string, m: RegExpMatchArray): { start: number; end: number; pieces: Piece[]; occ: Occurrence[] } | null {
    const start = m.index!;
    if (!this.yearOk(text, start)) return null;
    const [whole, aRaw, verb, bRaw, comma, word, le, pct] = m as unknown as string[];
    const bq = quantity(bRaw!);
    if (!bq) return null;
    let aText = aRaw!.trim();
    if (!/[^\d.\s]/.test(aText)) aText += bq.q.unit ?? '';
    const aq = quantity(aText);
    if (!aq || !compatible(aq.unit, bq.unit)) return null;
    const path = this.matchLabelOnly(text, start, bq.unit, bRaw!.replace(/^.*\d[余多]?\s*/, ''));
    if (!path) return null;
    const ind = lookupIndicator(this.ctx.catalogue, path)!;
    if (!compatible(bq.unit, ind.unit)) return null;
    const before = writeValue(aText, ind);
    const after = writeValue(bRaw!, ind);
    if (before === null || after === null) return null;
    const lead = whole!.slice(0, whole!.indexOf(aRaw!));
    const pieces: Piece[] = [lead, { path, ref: `${path}.before`, literal: aRaw! }, verb!, { path, ref: `${path}.after`, literal: bRaw! }];
    const occ: Occurrence[] = [
      { path, part: 'before', written: before },
      { path, part: 'after', written: after },
    ];
    if (word !== undefined && pct !== undefined) {
      const down = /降|减/.test(word);
      occ.push({ path, part: 'growth', written: (down ? '-' : '') + pct });
      pieces.push(comma! + word + (le ?? ''), { path, ref: down ? `abs ${path}.growth` : `${path}.growth`, literal: pct });
    }
    // keep spacing exactly as the literal covers everything between lead and the end
    const covered = pieces.map((p) => (typeof p === 'string' ? p : p.literal)).join('');
    if (covered.replace(/[ \t]/g, '') !== whole!.replace(/[ \t]/g, '')) return null;
    return { start, end: start + whole!.length, pieces, occ };
  }

  /** The figure path for a number at [start, end) in text, or null when none or more than one fits. */
  private match(text: string, start: number, end: number, unit: UnitInfo, unitWord: string): string | null {
    const clauseRaw = text.slice(clauseStart(text, start), start);
    const clause = norm(clauseRaw).replace(FILLER, '');
    const full = this.labelMatch(text, start, clause, unit, unitWord, false);
    if (full !== undefined) return full;
    const phrase = this.phrase(text, start, clause, unit);
    if (phrase !== undefined) return phrase;
    const pre = this.labelMatch(text, start, clause, unit, unitWord);
    if (pre !== undefined) return pre;
    if (unit.family === 'count') {
      const after = norm(text.slice(end, clauseEnd(text, end)));
      const hits = this.labels.filter((l) => compatible(unit, l.ind.unit) && l.label.length >= 4 && after.startsWith(l.label));
      return unique(hits.map((h) => ({ path: h.path, score: h.label.length })));
    }
    return null;
  }

  private matchLabelOnly(text: string, start: number, unit: UnitInfo, unitWord: string): string | null {
    const clause = norm(text.slice(clauseStart(text, start), start)).replace(FILLER, '');
    return this.labelMatch(text, start, clause, unit, unitWord) ?? null;
  }

  /** The table of common phrasings: 参保 → insured.*, 基金收入/支出/累计结余 → fund.X.*. undefined = no phrase applies. */
  private phrase(text: string, start: number, clause: string, unit: UnitInfo): string | null | undefined {
    const cat = this.ctx.catalogue;
    const ok = (p: string): string | null | undefined => (lookupIndicator(cat, p) && compatible(unit, lookupIndicator(cat, p)!.unit) ? p : undefined);
    if (unit.family === 'persons') {
      if (/职工(?:基本)?(?:医保)?参保(?:人数)?$/.test(clause)) return ok('insured.employee');
      if (/居民(?:基本)?(?:医保)?参保(?:人数)?$/.test(clause)) return ok('insured.resident');
      if (/(?:^|全[市区县盟省国]|我[市区县盟省]|基本医保|医保)参保(?:人数)?$/.test(clause)) return ok('insured.total');
    }
    if (unit.family === 'ratio' && /(?:^|全[市区县盟省国]|我[市区县盟省]|基本医保|医保)参保率$/.test(clause)) {
      return ok(this.ctx.kind === 'plan' ? 'target.insured_coverage' : 'insured.coverage') ?? ok('insured.coverage');
    }
    if (unit.family === 'money') {
      const tail = /(?:基金)?(?:总)?(收入|支出)$|(累计结余|累计结存|滚存结余)$|(当期结余)$/.exec(clause);
      if (tail) {
        const what = tail[1] === '收入' ? 'income' : tail[1] === '支出' ? 'expenditure' : tail[2] ? 'balance' : 'current_balance';
        const own = [...clause.matchAll(FUND)];
        let fund: string | null = null;
        if (own.length > 0) fund = own[own.length - 1]![0];
        else if (/^(?:其中)?(?:基金)?(?:总)?(?:收入|支出|累计结余|累计结存|滚存结余|当期结余)$/.test(clause)) {
          // the fund named earlier in the same sentence: 职工医保基金总收入…,总支出…,累计结存…
          const sentence = norm(text.slice(sentenceStart(text, start), start));
          const named = [...sentence.matchAll(new RegExp(`(${FUND.source})基金`, 'g'))];
          if (named.length > 0) fund = named[named.length - 1]![1]!;
        }
        if (fund === null) return undefined;
        const key = /职工/.test(fund) ? 'employee' : /居民/.test(fund) ? 'resident' : /救助/.test(fund) ? 'assistance' : /生育/.test(fund) ? 'maternity' : 'basic';
        return ok(`fund.${key}.${what}`);
      }
    }
    return undefined;
  }

  /** Catalogue labels: a label the clause ends with (longest wins); else a label whose tail the clause ends with and whose head is named earlier in the paragraph. */
  private labelMatch(text: string, start: number, clause: string, unit: UnitInfo, unitWord: string, partialToo = true): string | null | undefined {
    if (clause.length < 2) return undefined;
    const base = unitWord.replace(/^[万亿][余多]?/, '');
    const variants = [clause, clause + base];
    if (unit.family === 'persons') variants.push(clause + '人数');
    const fits = this.labels.filter((l) => compatible(unit, l.ind.unit));
    const full = fits.filter((l) => variants.some((v) => v.endsWith(l.label)));
    if (full.length > 0) return unique(full.map((l) => ({ path: l.path, score: l.label.length })));
    if (!partialToo) return undefined;
    const para = norm(text.slice(0, start));
    const partial: { path: string; score: number }[] = [];
    for (const l of fits) {
      let best = -1;
      for (const v of variants) {
        const s = commonSuffix(v, l.label);
        if (s < 3 || s >= l.label.length || s * 20 < l.label.length * 7) continue;
        const head = l.label.slice(0, l.label.length - s);
        let pos = para.lastIndexOf(head);
        const scope = SCOPE.exec(head);
        if (pos < 0 && scope) pos = para.lastIndexOf(scope[1] === '城乡居民' ? '居民' : scope[1]!);
        if (pos >= 0) best = Math.max(best, pos * 100 + s);
      }
      if (best >= 0) partial.push({ path: l.path, score: best });
    }
    if (partial.length > 0) return unique(partial);
    return undefined;
  }
}

/** The single best-scoring path, or null when two different paths share the best score. */
function unique(xs: { path: string; score: number }[]): string | null {
  if (xs.length === 0) return null;
  const top = Math.max(...xs.map((x) => x.score));
  const paths = new Set(xs.filter((x) => x.score === top).map((x) => x.path));
  return paths.size === 1 ? [...paths][0]! : null;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function clauseStart(text: string, i: number): number {
  let j = i;
  while (j > 0 && !DELIM.test(text[j - 1]!)) j--;
  return j;
}

function clauseEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && !DELIM.test(text[j]!)) j++;
  return j;
}

function sentenceStart(text: string, i: number): number {
  let j = i;
  while (j > 0 && !SENTENCE_END.test(text[j - 1]!)) j--;
  return j;
}

/** Swallows blanks around a number (“参保 265.87 万人”) so the reference sits tight in the text. */
function widen(text: string, s: number, e: number): [number, number] {
  let a = s;
  let b = e;
  while (a > 0 && (text[a - 1] === ' ' || text[a - 1] === '\t')) a--;
  while (b < text.length && (text[b] === ' ' || text[b] === '\t')) b++;
  // keep a blank that separates two Latin words
  if (a < s && a > 0 && /[A-Za-z0-9]/.test(text[a - 1]!)) a = s;
  if (b > e && b < text.length && /[A-Za-z0-9]/.test(text[b]!)) b = e;
  return [a, b];
}

function quantity(tok: string): { q: Exclude<ReturnType<typeof parseQuantity>, { code: string }>; unit: UnitInfo } | null {
  const q = parseQuantity(normaliseFigureText(tok).replace(/\s+/g, ''));
  if (isQuantityError(q) || q.unit === null) return null;
  const unit = unitInfo(q.unit);
  if (!unit) return null;
  return { q, unit };
}

/**
 * The figure as written in the text: the bare number when it is in the catalogue unit with no
 * qualifier, otherwise the text itself without blanks (“2.22万家”, “95%以上”, “不低于610元”).
 */
export function writeValue(tok: string, ind: Indicator): string | null {
  const t = normaliseFigureText(tok).replace(/\s+/g, '');
  const q = parseQuantity(t);
  if (isQuantityError(q)) return null;
  if (q.qualifier === '' && q.unit === ind.unit.unit && ind.unit.unit !== '%') return q.literal;
  return t;
}

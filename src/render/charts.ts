/**
 * Charts for printed documents: which charts a document gets (with its figures bound into the
 * vega-lite templates the io layer read from templates/charts/), rendered to SVG in Node with the
 * real advance widths of the chart font (ChartAssets). Pure: no files, no browser (PNGs are print's).
 *
 * Positions use JS numbers converted from the exact decimals; every number printed in a chart is a
 * figure's written text, never a recomputed one.
 */
import type * as vega from 'vega';
import type * as vl from 'vega-lite';
import type { Dataset } from '../core/parse/dataset.js';
import type { Doc, Figure, FigureValue, Indicator } from '../core/model/types.js';
import { findDoc } from '../core/parse/dataset.js';
import { currentValue } from '../core/model/figure-interval.js';
import { written } from '../core/model/format.js';
import { compatible, conversion, type UnitInfo } from '../core/model/units.js';
import { childrenWord, commonPrefix } from './title-words.js';

/** Text metrics of the chart font (real advance widths: vega's own guess is ~20% short for Chinese). */
export interface TextMetrics {
  /** The family charts are set in; the page must declare @font-face rules for this exact name. */
  family: string;
  textWidth(text: string, fontSize: number, weight?: unknown): number;
  wrapText(text: string, fontSize: number, max: number, maxLines?: number, weight?: unknown): string[];
}

/** What charts are made from, supplied by the io layer: the vega-lite templates (templates/charts/) and the font's metrics. */
export interface ChartAssets {
  /** The parsed `NAME.vl.json` template. */
  template(name: string): unknown;
  metrics: TextMetrics;
}

let assets: ChartAssets | null = null;
const current = (): ChartAssets => assets ?? fail('charts: useChartAssets() was not called');
const fail = (m: string): never => {
  throw new Error(m);
};
const textWidth = (text: string, fontSize: number, weight?: unknown): number => current().metrics.textWidth(text, fontSize, weight);
const wrapText = (text: string, fontSize: number, max: number, maxLines?: number, weight?: unknown): string[] => current().metrics.wrapText(text, fontSize, max, maxLines, weight);

/** Sets the templates and metrics every chart of this process is made with (vega's text measure is process-wide). */
export function useChartAssets(a: ChartAssets): void {
  assets = a;
}

export interface ChartInput {
  id: string;
  title: string;
  /** vega-lite, with data.values filled. */
  spec: object;
  /** The size the spec was laid out for. */
  size?: ChartSize;
  /** The figure paths the chart shows (of this document), so a page can print it beside the text that names them. */
  paths: string[];
}

/**
 * Two fixed sizes: `column`, one column of a two-column 16开 yearbook page (19 characters of 10.5 pt:
 * 199.5 pt = 266 px, as in templates/css/entry.css), and `page`, the 156 mm type area of an A4 公文
 * page. Sizes are CSS px at 96 px/in, so an SVG placed at its own width prints at exactly `widthMm`.
 */
export type ChartSize = 'column' | 'page';

export interface SizeSpec {
  widthMm: number;
  /** Total width in CSS px (the SVG's width attribute). */
  width: number;
  /** Labels, legend and value labels, px. */
  fontSize: number;
  titleSize: number;
  /** Longest row label before it is wrapped, px. */
  maxRowLabel: number;
  /** Plot height of the years chart, px. */
  yearsHeight: number;
  /** Before/after panels side by side. */
  panelColumns: number;
}

const MM = 96 / 25.4;

export const CHART_SIZES: Record<ChartSize, SizeSpec> = {
  // 12 px = 9 pt (小五) and 13 px ≈ 9.75 pt: a little smaller than the 10.5 pt body, as yearbook figures are set
  column: { widthMm: (199.5 * 25.4) / 72, width: 266, fontSize: 12, titleSize: 13, maxRowLabel: 84, yearsHeight: 120, panelColumns: 1 },
  // 14 px = 10.5 pt (五号) and 16 px = 12 pt beside the 16 pt body of a 公文: nothing smaller than 五号 on A4
  page: { widthMm: 156, width: Math.floor(156 * MM), fontSize: 14, titleSize: 16, maxRowLabel: 150, yearsHeight: 180, panelColumns: 3 },
};

export interface ChartOptions {
  /** Default: `column` for yearbook entries, `page` for summaries and plans. */
  size?: ChartSize;
  /**
   * Draw the title inside the chart (default true). Pass false when the page prints `title` as a
   * caption (图1 …) under the chart; the unit is in the title, so it must then be in the caption.
   */
  title?: boolean;
}

/** Print colours that stay apart in greyscale. */
const INK = { dark: '#1f4e79', mid: '#5b9bd5', light: '#a9cbe9', grey: '#a6a6a6', paleGrey: '#cfcfcf' };
const PADDING = 4;
const LABEL_PADDING = 4;
/** Room left after a value label so rounding never pushes it out of the plot, px. */
const SAFETY = 2;
const VALUE_DX = 3;

// ---- templates ----

function template(name: string): unknown {
  return current().template(name);
}

/** A copy of a template with every string `"$name"` replaced by `params[name]` (any JSON value). */
function fill(name: string, params: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string' && v.startsWith('$') && /^\$[A-Za-z]\w*$/.test(v)) {
      const key = v.slice(1);
      if (!(key in params)) throw new Error(`chart template ${name}: no value for ${v}`);
      return params[key];
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(template(name)) as Record<string, unknown>;
}

function lineHeight(fontSize: number): number {
  return Math.round(fontSize * 1.25 * 10) / 10;
}

function config(size: SizeSpec): Record<string, unknown> {
  return fill('config', {
    font: current().metrics.family,
    fontSize: size.fontSize,
    lineHeight: lineHeight(size.fontSize),
    titleSize: size.titleSize,
    titleLineHeight: lineHeight(size.titleSize),
    titleOffset: Math.round(size.fontSize * 0.6),
    symbolSize: Math.round(size.fontSize * size.fontSize * 0.8),
    legendGap: Math.round(size.fontSize),
    legendOffset: Math.round(size.fontSize * 0.5),
    spacing: Math.round(size.fontSize * 1.2),
  });
}

/** The title as lines that fit the chart width. */
function titleLines(title: string, size: SizeSpec, width = size.width - 2 * PADDING): string | string[] {
  const lines = wrapText(title, size.titleSize, width, 3, 700);
  return lines.length === 1 ? lines[0]! : lines;
}

// ---- reading figures ----

interface Point {
  /** Position on the chart, in the chart's unit. */
  value: number;
  /** Printed label: the figure's written text (without the unit when it is the chart's). */
  text: string;
}

/** A written value as a chart point in `unit`; null if it cannot be placed (≈, other family). */
function pointOf(fv: FigureValue | null, unit: UnitInfo): Point | null {
  if (!fv || fv.q.qualifier === '~') return null;
  if (!compatible(fv.unit, unit)) return null;
  const value = fv.q.number.times(conversion(fv.unit, unit)).toNumber();
  if (!Number.isFinite(value) || value < 0) return null;
  const text = fv.unit.unit === unit.unit && fv.q.qualifier === '' ? fv.q.literal : written(fv);
  return { value, text };
}

function unitOf(fig: Figure, fv: FigureValue): UnitInfo {
  return fig.indicator?.unit ?? fv.unit;
}

function label(data: Dataset, path: string, fig?: Figure): string {
  return data.catalogue.indicators.get(path)?.label ?? fig?.indicator?.label ?? path;
}

// ---- layout helpers ----

/** The axis maximum that leaves room for each value label to the right of its bar (or above it). */
function roomyMax(items: { end: number; text: string }[], plot: number, fontSize: number, vertical = false): number {
  let max = 0;
  for (const it of items) {
    const need = vertical ? fontSize + VALUE_DX + SAFETY : textWidth(it.text, fontSize) + VALUE_DX + SAFETY;
    const room = plot - need;
    max = Math.max(max, it.end, room > plot * 0.2 ? (it.end * plot) / room : it.end * 5);
  }
  return max > 0 ? max : 1;
}

interface RowLabels {
  rows: string[];
  width: number;
  lines: number;
}

/** Row labels wrapped to the size's limit, joined with \n (the templates split them into lines). */
function rowLabels(names: string[], size: SizeSpec): RowLabels {
  let width = 0;
  let lines = 1;
  const rows = names.map((n) => {
    const ls = wrapText(n, size.fontSize, size.maxRowLabel);
    for (const l of ls) width = Math.max(width, textWidth(l, size.fontSize));
    lines = Math.max(lines, ls.length);
    return ls.join('\n');
  });
  // rows must stay distinct: two regions with the same name get a numbered suffix
  const seen = new Map<string, number>();
  const unique = rows.map((r) => {
    const n = (seen.get(r) ?? 0) + 1;
    seen.set(r, n);
    return n === 1 ? r : `${r}（${n}）`;
  });
  return { rows: unique, width: Math.ceil(width), lines };
}

function plotWidth(size: SizeSpec, labelWidth: number): number {
  return Math.floor(size.width - 2 * PADDING - labelWidth - LABEL_PADDING - 1);
}

// ---- the charts ----

const INSURED_PARTS: { path: string; color: string }[] = [
  { path: 'insured.employee', color: INK.dark },
  { path: 'insured.resident', color: INK.light },
];

/** The words two labels end with in common: 职工基本医疗保险参保人数, 城乡居民基本医疗保险参保人数 → 基本医疗保险参保人数. */
function commonSuffix(labels: string[]): string {
  let sfx = labels[0] ?? '';
  for (const l of labels) while (!l.endsWith(sfx)) sfx = sfx.slice(1);
  return sfx;
}

/**
 * The legend names of the parts of the insured, from the catalogue's labels: what sets each label
 * apart from the others (职工, 城乡居民), or the whole label when nothing is shared.
 */
function partNames(data: Dataset): string[] {
  const labels = INSURED_PARTS.map((p) => label(data, p.path));
  const sfx = commonSuffix([...labels, label(data, 'insured.total')]);
  const short = labels.map((l) => l.slice(0, l.length - sfx.length));
  return short.every((x) => x.length > 0) && new Set(short).size === short.length ? short : labels;
}
const UNSPLIT = { name: '未分项', color: INK.paleGrey };

/** The most sub-regions the children chart draws (a province's 盟市 or a city's 旗县区). */
const MAX_CHILD_BARS = 24;

function childrenChart(doc: Doc, data: Dataset, size: SizeSpec): ChartInput | null {
  if (!doc.region || doc.year === null) return null;
  const names = partNames(data);
  const totalInd = data.catalogue.indicators.get('insured.total');
  const rows: { name: string; parts: { part: string; value: number; order: number }[]; text: string; end: number }[] = [];
  let unit: UnitInfo | null = totalInd?.unit ?? null;
  for (const code of doc.region.children) {
    const child = findDoc(data, code, doc.year, doc.edition);
    const region = data.regions.byCode.get(code);
    if (!child || !region) continue;
    const total = child.figures.get('insured.total');
    const split = INSURED_PARTS.map((p) => child.figures.get(p.path));
    const fvTotal = total ? currentValue(total) : null;
    const fvSplit = split.map((f) => (f ? currentValue(f) : null));
    unit ??= fvTotal ? unitOf(total!, fvTotal) : null;
    if (!unit) continue;
    const pTotal = pointOf(fvTotal, unit);
    const pSplit = fvSplit.map((fv) => pointOf(fv, unit!));
    if (pSplit.every((p) => p !== null)) {
      const parts = pSplit.map((p, i) => ({ part: names[i]!, value: p!.value, order: i }));
      const end = parts.reduce((s, p) => s + p.value, 0);
      rows.push({ name: region.name, parts, text: pTotal ? pTotal.text : pSplit.map((p) => p!.text).join('+'), end });
    } else if (pTotal) {
      rows.push({ name: region.name, parts: [{ part: UNSPLIT.name, value: pTotal.value, order: 9 }], text: pTotal.text, end: pTotal.value });
    }
  }
  // more bars than a column holds legibly: the 分地区 table shows them
  if (rows.length < 2 || rows.length > MAX_CHILD_BARS || !unit) return null;
  const labels = rowLabels(rows.map((r) => r.name), size);
  const plot = plotWidth(size, labels.width);
  const used = new Set(rows.flatMap((r) => r.parts.map((p) => p.part)));
  const legend = [...INSURED_PARTS.map((p, i) => ({ name: names[i]!, color: p.color })), UNSPLIT].filter((p) => used.has(p.name));
  const lh = lineHeight(size.fontSize);
  // rows as tall as their wrapped label, bars a fixed thickness within them
  const step = Math.ceil(Math.max(size.fontSize * 2.1, labels.lines * lh + size.fontSize * 0.8));
  const barPadding = Math.min(0.6, Math.max(0.25, 1 - (size.fontSize * 1.5) / step));
  const word = childrenWord(doc.region.code, rows.map((r) => r.name));
  const title = `${doc.year}年各${word}${label(data, 'insured.total')}（${unit.unit}）`;
  const spec = fill('children', {
    title: titleLines(title, size),
    plotWidth: plot,
    step,
    barPadding,
    padding: PADDING,
    labelPadding: LABEL_PADDING,
    rows: labels.rows,
    parts: rows.flatMap((r, i) => r.parts.map((p) => ({ row: labels.rows[i], ...p }))),
    labels: rows.map((r, i) => ({ row: labels.rows[i], end: r.end, text: r.text })),
    xmax: roomyMax(rows, plot, size.fontSize),
    partNames: legend.map((p) => p.name),
    partColors: legend.map((p) => p.color),
  });
  spec.config = config(size);
  return { id: 'children', title, spec, size: sizeName(size), paths: ['insured.total', ...INSURED_PARTS.map((p) => p.path)] };
}

const FUND_MEASURES: { key: string; color: string }[] = [
  { key: 'income', color: INK.dark },
  { key: 'expenditure', color: INK.mid },
  { key: 'balance', color: INK.light },
];

/** What the funds are called when the catalogue names none of their figures. */
const FUND_NAMES: Record<string, string> = {
  basic: '基本医疗保险基金',
  employee: '职工基本医疗保险基金',
  resident: '城乡居民基本医疗保险基金',
  assistance: '医疗救助基金',
  maternity: '生育保险基金',
  critical_illness: '大病保险基金',
};
/** What the measures are called when the catalogue has no label for them. */
const MEASURE_NAMES: Record<string, string> = { income: '收入', expenditure: '支出', balance: '累计结存' };

/** The longest common prefix of some labels, cut back to end at 基金 when it can: "职工基本医疗保险基金". */
function fundName(labels: string[], fallback: string): string {
  if (labels.length < 2) {
    const one = labels[0];
    const m = one ? /^(.*基金)/.exec(one) : null;
    return m ? m[1]! : fallback;
  }
  const p = commonPrefix(labels);
  const cut = p.lastIndexOf('基金');
  if (cut > 0) return p.slice(0, cut + 2);
  return p.length >= 2 ? p : fallback;
}

/**
 * A measure's short name from the catalogue: the wildcard entry's label (基金收入 → 收入), or else what
 * a fund's own label adds to the fund's name (职工基本医疗保险基金总收入 → 总收入); never the key.
 */
function measureName(data: Dataset, key: string, funds: string[] = []): string {
  const wild = data.catalogue.wildcards.find((w) => w.key === `fund.*.${key}`);
  const strip = (l: string): string => (l.startsWith('基金') && l.length > 2 ? l.slice(2) : l);
  if (wild?.label) return strip(wild.label);
  for (const f of funds) {
    const own = data.catalogue.indicators.get(`fund.${f}.${key}`)?.label;
    if (!own) continue;
    const labels = ['income', 'expenditure', 'balance'].map((m) => data.catalogue.indicators.get(`fund.${f}.${m}`)?.label).filter((l): l is string => !!l);
    const name = fundName(labels, '');
    if (name && own.startsWith(name) && own.length > name.length) return strip(own.slice(name.length));
  }
  return MEASURE_NAMES[key] ?? key;
}

function fundsChart(doc: Doc, data: Dataset, size: SizeSpec): ChartInput | null {
  const funds: string[] = [];
  for (const path of doc.figures.keys()) {
    const m = /^fund\.([^.]+)\.(income|expenditure|balance)$/.exec(path);
    if (m && !funds.includes(m[1]!)) funds.push(m[1]!);
  }
  let unit: UnitInfo | null = null;
  for (const w of data.catalogue.wildcards) if (w.key === 'fund.*.income') unit = w.unit;
  const rows: { name: string; bars: { measure: string; value: number; text: string }[] }[] = [];
  let richest = 0;
  for (const f of funds) {
    const bars: { measure: string; value: number; text: string }[] = [];
    const labels: string[] = [];
    for (const m of FUND_MEASURES) {
      const fig = doc.figures.get(`fund.${f}.${m.key}`);
      const fv = fig ? currentValue(fig) : null;
      if (!fig || !fv) continue;
      unit ??= unitOf(fig, fv);
      const p = pointOf(fv, unit);
      if (!p) continue;
      bars.push({ measure: measureName(data, m.key, funds), value: p.value, text: p.text });
      const specific = data.catalogue.indicators.get(`fund.${f}.${m.key}`);
      if (specific) labels.push(specific.label);
    }
    if (bars.length === 0) continue;
    richest = Math.max(richest, bars.length);
    rows.push({ name: fundName(labels, FUND_NAMES[f] ?? f), bars });
  }
  if (richest < 2 || !unit) return null;
  const labels = rowLabels(rows.map((r) => r.name), size);
  const plot = plotWidth(size, labels.width);
  const present = FUND_MEASURES.filter((m) => rows.some((r) => r.bars.some((b) => b.measure === measureName(data, m.key, funds))));
  const measures = present.map((m) => measureName(data, m.key, funds));
  const lh = lineHeight(size.fontSize);
  // each bar's band holds one line of value label; each group holds the wrapped row label
  const barStep = Math.ceil(size.fontSize + 4);
  const groupPadding = 0.28;
  const step = Math.ceil(Math.max(measures.length * barStep, labels.lines * lh + 2) / (1 - groupPadding));
  const values = rows.flatMap((r, i) => r.bars.map((b) => ({ row: labels.rows[i], ...b })));
  const year = doc.year !== null ? `${doc.year}年` : '';
  const title = `${year}医疗保障基金收支情况（${unit.unit}）`;
  const spec = fill('funds', {
    title: titleLines(title, size),
    plotWidth: plot,
    step,
    padding: PADDING,
    labelPadding: LABEL_PADDING,
    groupPadding,
    rows: labels.rows,
    measures,
    colors: present.map((m) => m.color),
    values,
    xmax: roomyMax(values.map((v) => ({ end: v.value, text: v.text })), plot, size.fontSize),
  });
  spec.config = config(size);
  return { id: 'funds', title, spec, size: sizeName(size), paths: funds.flatMap((f) => FUND_MEASURES.map((m) => `fund.${f}.${m.key}`)) };
}

function beforeAfterChart(doc: Doc, data: Dataset, size: SizeSpec): ChartInput | null {
  const figs: { fig: Figure; unit: UnitInfo; before: Point; after: Point }[] = [];
  for (const fig of doc.figures.values()) {
    if (!fig.before || !fig.after) continue;
    const unit = unitOf(fig, fig.after);
    const before = pointOf(fig.before, unit);
    const after = pointOf(fig.after, unit);
    if (before && after) figs.push({ fig, unit, before, after });
  }
  if (figs.length === 0) return null;
  const reform = figs.every((f) => f.fig.path.startsWith('reform.'));
  const stages = reform ? ['改革前', '改革后'] : ['之前', '之后'];
  const labelWidth = Math.ceil(Math.max(...stages.map((s) => textWidth(s, size.fontSize))));
  const columns = Math.min(size.panelColumns, figs.length);
  const spacing = Math.round(size.fontSize * 1.2);
  const panelOuter = Math.floor((size.width - 2 * PADDING - (columns - 1) * spacing) / columns);
  const plot = panelOuter - labelWidth - LABEL_PADDING - 1;
  const step = Math.ceil((size.fontSize + 5) / 0.8);
  const panels = figs.map(({ fig, unit, before, after }) => {
    const name = label(data, fig.path, fig);
    const panelTitle = wrapText(`${name}（${unit.unit}）`, size.fontSize, panelOuter);
    const values = [
      { stage: stages[0], value: before.value, text: before.text },
      { stage: stages[1], value: after.value, text: after.text },
    ];
    return fill('before-after-panel', {
      title: panelTitle.length === 1 ? panelTitle[0] : panelTitle,
      fontSize: size.fontSize,
      plotWidth: plot,
      step,
      labelPadding: LABEL_PADDING,
      labelWidth,
      stages,
      colors: [INK.grey, INK.dark],
      values,
      xmax: roomyMax(values.map((v) => ({ end: v.value, text: v.text })), plot, size.fontSize),
    });
  });
  // the caption names what is compared: 平均住院天数、次均住院费用改革前后对比
  const names = figs.map(({ fig }) => label(data, fig.path, fig));
  const what = names.length <= 3 ? names.join('、') : `${names.slice(0, 2).join('、')}等${names.length}项指标`;
  const title = `${doc.year !== null ? `${doc.year}年` : ''}${what}${reform ? '改革前后' : '前后'}对比`;
  const spec = fill('before-after', { title: titleLines(title, size), padding: PADDING, columns, panels });
  spec.config = config(size);
  return { id: 'before-after', title, spec, size: sizeName(size), paths: figs.map((f) => f.fig.path) };
}

/** Figures shown across years, first one with enough years wins. */
const YEARS_PATHS = ['insured.total'];
const MIN_YEARS = 3;

function yearsChart(doc: Doc, data: Dataset, size: SizeSpec): ChartInput | null {
  if (doc.regionCode === null || doc.year === null) return null;
  for (const path of YEARS_PATHS) {
    const docs = data.docs
      .filter((d) => d.regionCode === doc.regionCode && d.edition === doc.edition && d.year !== null && d.year <= doc.year!)
      .sort((a, b) => a.year! - b.year!);
    const ind: Indicator | undefined = data.catalogue.indicators.get(path);
    let unit: UnitInfo | null = ind?.unit ?? null;
    const points: { year: string; value: number; text: string }[] = [];
    const seen = new Set<number>();
    for (const d of docs) {
      if (seen.has(d.year!)) continue;
      const fig = d.figures.get(path);
      const fv = fig ? currentValue(fig) : null;
      if (!fig || !fv) continue;
      unit ??= unitOf(fig, fv);
      const p = pointOf(fv, unit);
      if (!p) continue;
      seen.add(d.year!);
      points.push({ year: `${d.year}年`, value: p.value, text: p.text });
    }
    if (points.length < MIN_YEARS || !unit) continue;
    const plot = size.width - 2 * PADDING;
    // value and year labels are centred on their bars and may use the gaps: each needs one step
    // (band scale: step = plot / (n - paddingInner + 2 paddingOuter), as in years.vl.json; a larger
    // paddingInner below only makes the step wider)
    const stepX = plot / (points.length - 0.5 + 2 * 0.25);
    const widest = Math.max(...points.map((p) => Math.max(textWidth(p.text, size.fontSize), textWidth(p.year, size.fontSize))));
    if (widest > stepX - 4) continue;
    const title = `${doc.region?.name ?? ''}${points[0]!.year.slice(0, -1)}—${points[points.length - 1]!.year}${label(data, path)}（${unit.unit}）`;
    const spec = fill('years', {
      title: titleLines(title, size),
      plotWidth: plot,
      plotHeight: size.yearsHeight,
      // bars no wider than four characters, however few the years
      barPadding: Math.max(0.5, 1 - (size.fontSize * 4) / stepX),
      padding: PADDING,
      labelPadding: LABEL_PADDING,
      years: points.map((p) => p.year),
      values: points,
      color: INK.dark,
      ymax: roomyMax(points.map((p) => ({ end: p.value, text: p.text })), size.yearsHeight, size.fontSize, true),
    });
    spec.config = config(size);
    return { id: 'years', title, spec, size: sizeName(size), paths: [path] };
  }
  return null;
}

function sizeName(size: SizeSpec): ChartSize {
  return size === CHART_SIZES.page ? 'page' : 'column';
}

/** Which charts a document gets, with their data, in a stable order. */
export function chartsForDocument(doc: Doc, data: Dataset, options: ChartOptions = {}): ChartInput[] {
  const size = CHART_SIZES[options.size ?? (doc.entry ? 'column' : 'page')];
  const out: ChartInput[] = [];
  for (const make of [childrenChart, fundsChart, beforeAfterChart, yearsChart]) {
    const c = make(doc, data, size);
    if (!c) continue;
    if (options.title === false) delete (c.spec as { title?: unknown }).title;
    out.push(c);
  }
  return out;
}

// ---- rendering ----

type VegaTextMetrics = { width: (item: TextItem, text: unknown) => number };
interface TextItem {
  fontSize?: number;
  fontWeight?: unknown;
  limit?: number;
  ellipsis?: string;
}

let engines: Promise<{ vega: typeof vega; vl: typeof vl }> | null = null;
/**
 * vega and vega-lite, loaded on the first chart drawn (a thread that only lays out chart inputs never
 * loads them), with vega's text measure set to the chart font's advance widths (process-wide).
 */
const loadEngines = (): Promise<{ vega: typeof vega; vl: typeof vl }> =>
  (engines ??= Promise.all([import('vega'), import('vega-lite')]).then(([vg, vlite]) => {
    (vg as unknown as { textMetrics: VegaTextMetrics }).textMetrics.width = measure;
    return { vega: vg, vl: vlite };
  }));

/** vega's width of a text: the sum of Noto Sans SC advance widths, truncated at `limit` like vega. */
export function measure(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  let s = text == null ? '' : String(text).trim();
  if (size <= 0 || s === '') return 0;
  const w = (t: string): number => textWidth(t, size, item.fontWeight);
  const limit = item.limit != null ? +item.limit : 0;
  if (limit > 0 && w(s) >= limit) {
    const ellipsis = item.ellipsis || '\u2026';
    const room = limit - w(ellipsis);
    const chars = [...s];
    let n = 0;
    while (n < chars.length && w(chars.slice(0, n + 1).join('')) < room) n++;
    s = chars.slice(0, n).join('') + ellipsis;
  }
  return w(s);
}


const refuse = (): Promise<never> => Promise.reject(new Error('charts load nothing: data is bound inline'));
/** A loader that refuses every network and file access. */
export const NO_LOADER = { load: refuse, sanitize: refuse, http: refuse, file: refuse } as unknown as vega.Loader;

function quietLogger(warnings: string[]): vega.LoggerInterface {
  let level = 2;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as unknown as vega.LoggerInterface;
}

export interface Rendered {
  svg: string;
  width: number;
  height: number;
  /** Bounding boxes of every text and bar, in SVG coordinates (for tests and layout checks). */
  boxes: Box[];
  warnings: string[];
}

export interface Box {
  kind: 'text' | 'rect';
  role: string;
  text: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

interface SceneNode {
  marktype?: string;
  role?: string;
  items?: SceneNode[];
  x?: number;
  y?: number;
  text?: unknown;
  bounds?: { x1: number; y1: number; x2: number; y2: number };
  opacity?: number;
  fillOpacity?: number;
}

function collectBoxes(node: SceneNode, dx: number, dy: number, role: string, out: Box[]): void {
  const items = node.items ?? [];
  const r = node.role ?? role;
  for (const item of items) {
    if (node.marktype === 'group') {
      collectBoxes(item, dx + (item.x ?? 0), dy + (item.y ?? 0), r, out);
      continue;
    }
    if (item.marktype) {
      collectBoxes(item, dx, dy, r, out);
      continue;
    }
    if (item.opacity === 0 || !item.bounds) continue;
    const b = item.bounds;
    if (!(b.x2 > b.x1) || !(b.y2 > b.y1)) continue;
    if (node.marktype === 'text') {
      const text = Array.isArray(item.text) ? item.text.join('\n') : String(item.text ?? '');
      if (text.trim() === '') continue;
      out.push({ kind: 'text', role: r, text, x1: b.x1 + dx, y1: b.y1 + dy, x2: b.x2 + dx, y2: b.y2 + dy });
    } else if (node.marktype === 'rect' && r === 'mark') {
      out.push({ kind: 'rect', role: r, text: '', x1: b.x1 + dx, y1: b.y1 + dy, x2: b.x2 + dx, y2: b.y2 + dy });
    }
  }
}

/** Compiles, lays out and draws a chart; returns the SVG with the layout of its texts and bars. */
export async function layoutChart(input: ChartInput): Promise<Rendered> {
  const { vega, vl } = await loadEngines();
  const warnings: string[] = [];
  const logger = quietLogger(warnings);
  const compiled = vl.compile(input.spec as vl.TopLevelSpec, { logger: logger as never });
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', loader: NO_LOADER, logger, hover: false });
  try {
    await view.runAsync();
    const svg = await view.toSVG();
    const boxes: Box[] = [];
    const scene = view.scenegraph() as unknown as { root: SceneNode };
    // the SVG translates the scene by the view's origin (padding plus the room axes and titles take)
    const [ox, oy] = (view as unknown as { origin(): [number, number] }).origin();
    collectBoxes(scene.root, ox, oy, 'root', boxes);
    const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    return { svg, width: m ? Number(m[1]) : view.width(), height: m ? Number(m[2]) : view.height(), boxes, warnings };
  } finally {
    view.finalize();
  }
}

/** vega-lite → vega → SVG string, rendered in Node with real CJK text metrics (no browser). Deterministic output. */
export async function renderSvg(input: ChartInput): Promise<string> {
  return (await layoutChart(input)).svg;
}

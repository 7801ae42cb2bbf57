/**
 * Renders the prose of a document: the placeholders of the one text grammar (core/model/text-refs.ts:
 * `{{insured.total}}`, `{{reform.stay_days.before}}`, `{{prev(fund.resident.balance)}}`, helpers
 * `change`, `fromto`, `abs`, `round`, `value`, `unit`) filled from the document's figures, literal
 * text HTML-escaped. A placeholder that cannot be printed (problemOf, what the check reports) is a
 * TextError with the file, line and column the check gives, or, when the caller takes problems
 * (drafts, the preview), a visible red 〔缺：name〕 in the page. With `mark`, every printed figure
 * carries data-yb="path" for the preview. No I/O, no template engine.
 */
import { locate } from '../core/parse/source-file.js';
import { textOffset } from '../core/model/text-fields.js';
import { placeholders, problemOf, refValue, resolveRef, type Expr } from '../core/model/text-refs.js';
import { render as renderMessage } from '../core/findings/messages.js';
import { didYouMean } from '../core/model/suggest.js';
import type { Doc, FigureStatus } from '../core/model/types.js';
import { UNITS_LONGEST_FIRST } from '../core/model/units.js';
import { changeText, figureText, fromToText, magnitudeText, roundFor, statusWords, type RoundingMode } from './figure-text.js';
export class TextError extends Error {
  /** The name that is not a figure, when that is the problem. */
  missing: string | null = null;
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${file}:${line}:${column}  ${message}`);
  }
}

/** A printed figure wrapped for the preview: `<span class="yb-fig" data-yb="path">text</span>` (text escaped, figures unbreakable). */
export function markedFigure(paths: string, text: string): string {
  return `<span class="yb-fig" data-yb="${escapeHtml(paths)}">${unbreakable(text)}</span>`;
}

const reEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A unit, also with 余/多 after its 万/亿 (26万余人次). */
const UNIT_PATTERN = ['个百分点', ...UNITS_LONGEST_FIRST]
  .map((u) => (/^[万亿]./.test(u) ? `${reEscape(u[0]!)}[余多]?${reEscape(u.slice(1))}` : reEscape(u)))
  .join('|');
/** A number with its unit and the words that belong to it: 1583.11万人, 250余家, 95%以上, -7.17%, 0.6个百分点. */
const FIGURE_WITH_UNIT = new RegExp(`[-+−]?\\d+(?:[.,]\\d+)*[余多]?(?:${UNIT_PATTERN})(?:以上|以下|左右)?`, 'gu');

/**
 * Text HTML-escaped, each number with its unit wrapped in `<span class="yb-nb">` so that a line never
 * breaks between them (the page's CSS sets white-space: nowrap on it). Plain text for Word and
 * metadata is plainText() of it.
 */
export function unbreakable(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(FIGURE_WITH_UNIT)) {
    out += escapeHtml(text.slice(last, m.index)) + `<span class="yb-nb">${escapeHtml(m[0])}</span>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

export interface TextOptions {
  rounding: RoundingMode;
  prev: Doc | undefined;
  /** Mark every printed figure with data-yb="path" (the preview). */
  mark?: boolean;
  /** Takes each placeholder that cannot be printed; without it such a placeholder is a TextError. */
  onProblem?: (problem: TextError) => void;
  /**
   * Print a figure's status mark (FORMAT.md §8c: p, r, e) after it in prose (not in a title), superscript
   * (`<sup class="status-mark">r</sup>`), and tell each mark printed (for the note that explains it).
   * Without it no mark is printed.
   */
  onStatusMark?: (status: FigureStatus) => void;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export interface TextRenderer {
  /**
   * The text at `key` of the document as HTML-escaped text (no markup added but the unbreakable
   * figures, in prose (not a `…title`) each paragraph's last two characters held together, and the
   * preview's marks).
   */
  render(text: string, key: string): string;
}

/** The text of a placeholder that problemOf() accepts (it cannot fail then). */
function fill(expr: Expr, doc: Doc, opts: TextOptions): { text: string; path: string | null; status?: FigureStatus | null } {
  if (expr.kind === 'builtin') {
    const name = doc.region?.name ?? doc.regionCode ?? '';
    return { text: expr.name === 'year' ? String(doc.year) : expr.name === 'region' ? name : (doc.region?.short ?? name), path: null };
  }
  if (expr.kind === 'prev') {
    const r = resolveRef(opts.prev!.figures, expr.ref.path)!;
    return { text: figureText(refValue(r.figure, r.part)!), path: null };
  }
  const { figure: fig, part } = resolveRef(doc.figures, expr.ref.path)!;
  const fv = refValue(fig, part)!;
  const mine = (text: string): { text: string; path: string; status: FigureStatus | null } => ({ text, path: fig.path, status: fig.status });
  if (expr.kind === 'figure' || expr.helper === 'value') return mine(part === 'pp' ? `${fv.q.literal}个百分点` : figureText(fv));
  switch (expr.helper) {
    case 'abs':
      return mine(magnitudeText(fv, part === 'growth' || part === 'increase' || part === 'pp' ? part : 'value'));
    case 'change':
      return mine(fig.growth ? changeText('growth', fig.growth) : fig.pp ? changeText('pp', fig.pp) : changeText('increase', fig.increase!));
    case 'fromto':
      return mine(fromToText(fig.before!, fig.after!, fig.growth));
    case 'round':
      return mine(figureText(fv, roundFor(fv.q.number, expr.places!, opts.rounding)));
    case 'unit':
      return { text: fv.unit.unit, path: null };
  }
}

export function textRenderer(doc: Doc, opts: TextOptions): TextRenderer {
  const error = (message: string, text: string, key: string, index: number): TextError => {
    const at = locate(doc, textOffset(doc, key, text, index));
    return new TextError(message, doc.file, at.line, at.column);
  };
  return {
    render(text, key) {
      const prose = !/title$/.test(key);
      if (!text.includes('{{')) return prose ? lastTwoTogether(unbreakable(text)) : unbreakable(text);
      const { found, unclosed } = placeholders(text);
      const problems: TextError[] = [];
      const out: string[] = [];
      let last = 0;
      for (const ph of found) {
        out.push(unbreakable(text.slice(last, ph.index)));
        last = ph.end;
        const problem = ph.syntax ?? problemOf(ph.expr!, doc, opts.prev, (path) => didYouMean(path, doc.figures.keys()));
        if (problem) {
          const p = error(renderMessage(problem), text, key, ph.expr && ph.expr.kind !== 'builtin' ? ph.expr.ref.index : ph.at);
          // a name that is not a figure, or no such figure the year before: 〔缺：path〕
          const missing = problem.id === 'reference.unknown' || problem.id === 'reference.no-prev';
          p.missing = missing ? ph.inner.trim() : null;
          problems.push(p);
          out.push(missingMark(ph.inner.trim() || '{{}}', missing));
          continue;
        }
        const { text: printed, path, status } = fill(ph.expr!, doc, opts);
        out.push(opts.mark && path ? markedFigure(path, printed) : unbreakable(printed));
        // in prose only: a title prints as the contents and bookmarks name it
        if (status && prose && opts.onStatusMark) {
          out.push(statusMark(status));
          opts.onStatusMark(status);
        }
      }
      out.push(unbreakable(text.slice(last)));
      for (const at of unclosed) problems.push(error('“{{”没有对应的“}}”', text, key, at));
      if (problems.length > 0 && !opts.onProblem) throw problems[0];
      for (const p of problems) opts.onProblem?.(p);
      return prose ? lastTwoTogether(out.join('')) : out.join('');
    },
  };
}

/** Closing punctuation that may follow a paragraph's last characters. */
const PARAGRAPH_END = /([\u3400-\u9fff]{2}[。，；：、！？）》”’」』…—]*)(?=\n|$)/gu;

/**
 * The last two characters of each paragraph (a line of the text) with their closing punctuation in
 * one unbreakable span: no paragraph ends with a single character alone on its last line, whatever
 * the engine's text-wrap: pretty does where a paragraph crosses a page or column.
 */
function lastTwoTogether(html: string): string {
  return html.replace(PARAGRAPH_END, '<span class="yb-nb">$1</span>');
}

/** A figure's status mark as printed after it (FORMAT.md §8c): a superscript p, r or e. */
export function statusMark(status: FigureStatus): string {
  return `<sup class="status-mark">${status}</sup>`;
}

/** The note that explains the status marks printed: 注：数字右上角r为修订数。 (null when none was). */
export function statusNote(marks: Iterable<FigureStatus>): string | null {
  const words = statusWords(marks);
  return words === null ? null : `注：${words}`;
}

/** What a draft prints for a placeholder it cannot fill: 〔缺：fund.basic.surplus〕 in red, never an empty string. */
export function missingMark(what: string, missing = false): string {
  return `<span class="yb-missing">〔${missing ? '缺：' : ''}${escapeHtml(what)}〕</span>`;
}

/** Text the renderer escaped, back to plain text (for <title> and PDF metadata). */
export function plainText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/**
 * Shows a spreadsheet number the way Excel shows it under the cell's number format, in exact
 * decimal arithmetic: 61.9 under `0.00` → "61.90", 0.5422 under `0.00%` → "54.22%". The format is
 * read by the numfmt package (tokens, `;` sections, conditions such as `[>=100]`, date and time
 * detection); the digits are produced here from the value's 15 significant digits with decimal.js,
 * never by numfmt's own formatter, which rounds the binary float (1.005 under `0.00` → "1.00"
 * where Excel shows "1.01"; 0.1 + 0.2 under 18 decimals → "0.300000000000000040"). Returns null
 * for formats that do not show a plain number (dates, times, fractions, scientific, Chinese
 * numerals, invalid codes), and the caller then reports the cell rather than guess. Pure.
 */
import { Decimal } from 'decimal.js';
import { getFormatInfo, tokenize, type FormatToken } from 'numfmt';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** The number as Excel's General format holds it: 15 significant digits, no exponent, no float noise. */
export function generalText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return new D(value.toPrecision(15)).toFixed();
}

function generalOf(n: Decimal): string {
  return n.toSignificantDigits(15).toFixed();
}

/** Token types of one run of number placeholders (`#,##0.00,,`). */
const PLACEHOLDER = new Set(['zero', 'hash', 'qmark', 'point', 'group', 'scale']);
/** Token types shown as they are written. */
const LITERAL = new Set(['string', 'escaped', 'char', 'space', 'paren', 'plus', 'minus', 'digit', 'comma']);
/** Token types that show no text (colours, `_x` padding, `*x` fill). */
const SILENT = new Set(['color', 'skip', 'fill']);

type Op = '=' | '>' | '<' | '>=' | '<=' | '<>';

interface Section {
  tokens: FormatToken[];
  condition: { op: Op; operand: Decimal } | null;
  /** Holds `@`: the section for text cells. */
  text: boolean;
  /** Shows a minus sign itself before negative numbers (Excel's implied minus). */
  minus: boolean;
}

function section(tokens: FormatToken[]): Section {
  const cond = tokens.find((t) => t.type === 'condition');
  const [op, operand] = cond ? (cond.value as [Op, string]) : [];
  return {
    tokens: tokens.filter((t) => t.type !== 'condition'),
    condition: op !== undefined && operand !== undefined ? { op, operand: new D(operand) } : null,
    text: tokens.some((t) => t.type === 'text'),
    minus: false,
  };
}

/** Whether a condition's operator leaves negative numbers to be written with their minus sign (numfmt's reading of Excel). */
function impliedMinus(s: Section): boolean {
  if (!s.condition) return true;
  const { op, operand } = s.condition;
  return !((operand.isNegative() && !operand.isZero() && (op === '<' || op === '<=' || op === '=')) || (operand.isZero() && op === '<'));
}

/** The sections numbers are shown with, conditions filled in as Excel does (the rules of numfmt's parsePattern). */
function numberSections(tokens: FormatToken[]): Section[] | null {
  const raw: FormatToken[][] = [[]];
  for (const t of tokens) {
    if (t.type === 'break') raw.push([]);
    else raw[raw.length - 1]!.push(t);
  }
  if (raw.length > 4) return null;
  let parts = raw.map(section);
  const general = (): Section => section(tokenize('General'));
  if (parts.some((p) => p.condition)) {
    if (parts.filter((p) => p.condition).length > 2) return null;
    if (!parts[0]!.condition) parts[0]!.condition = { op: '>', operand: new D(0) };
    if (parts.length === 1) parts.push(general());
    if (parts.length < 3) {
      const [first, second] = parts as [Section, Section];
      first.minus = impliedMinus(first);
      if (second.condition) second.minus = impliedMinus(second);
      else {
        const { op, operand } = first.condition!;
        second.minus = op === '=' || (!operand.isNegative() && (op === '>' || op === '>='));
      }
    } else for (const p of parts.slice(0, 3)) p.minus = impliedMinus(p);
    return parts.slice(0, 3);
  }
  // without conditions: positive; negative; zero; text — a lone `@` section is the text one
  if (parts.length < 4) parts = parts.filter((p) => !p.text);
  if (parts.length === 0) parts.push(general());
  if (parts.length < 2) parts.push({ ...parts[0]!, minus: true });
  if (parts.length < 3) parts.push({ ...parts[0]! });
  parts[0]!.condition = { op: '>', operand: new D(0) };
  parts[1]!.condition = { op: '<', operand: new D(0) };
  parts[2]!.condition = null;
  return parts.slice(0, 3);
}

function holds(n: Decimal, c: Section['condition']): boolean {
  if (!c) return true;
  const k = n.cmp(c.operand);
  return c.op === '=' ? k === 0 : c.op === '<>' ? k !== 0 : c.op === '>' ? k > 0 : c.op === '<' ? k < 0 : c.op === '>=' ? k >= 0 : k <= 0;
}

/** The digits of |n| under one run of placeholders (`#,##0.00`), times 100 per `%`, divided by 1000 per scaling comma. */
function digitsOf(n: Decimal, pattern: string, percent: number, scale: number): string {
  const dot = pattern.indexOf('.');
  const intPart = dot < 0 ? pattern : pattern.slice(0, dot);
  const fracPart = dot < 0 ? '' : pattern.slice(dot + 1).replace(/,/g, '');
  const grouping = intPart.includes(',');
  const minInt = (intPart.match(/0/g) ?? []).length;
  const minFrac = (fracPart.match(/[0?]/g) ?? []).length;
  const maxFrac = fracPart.length;
  let m = n.abs();
  if (percent > 0) m = m.times(new D(100).pow(percent));
  if (scale > 0) m = m.div(new D(1000).pow(scale));
  let digits = m.toFixed(maxFrac, Decimal.ROUND_HALF_UP);
  // drop optional (#) fraction zeros beyond the required ones
  if (maxFrac > minFrac) {
    let [ip, fp = ''] = digits.split('.');
    while (fp.length > minFrac && fp.endsWith('0')) fp = fp.slice(0, -1);
    digits = fp === '' ? ip! : `${ip}.${fp}`;
  }
  let [ip, fp] = digits.split('.') as [string, string | undefined];
  if (ip === '0' && minInt === 0) ip = '';
  while (ip.length < minInt) ip = '0' + ip;
  if (grouping) ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = fp !== undefined ? `${ip}.${fp}` : dot >= 0 && minFrac === 0 && maxFrac === 0 ? `${ip}.` : ip;
  return body === '' || body === '.' ? '0' : body;
}

/** Formats `value` under `fmt`, or null when the format does not show a plain number. */
export function formatNumber(value: number, fmt: string | undefined | null): string | null {
  if (!Number.isFinite(value)) return null;
  // Excel in Chinese writes General as G/通用格式 inside custom formats
  const f = (fmt ?? '').trim().replace(/G\/通用格式/g, 'General');
  if (f === '' || /^general$/i.test(f) || f === '@') return generalText(value);
  let tokens: FormatToken[];
  try {
    const info = getFormatInfo(f);
    if (info.type === 'error' || info.isDate) return null;
    tokens = tokenize(f);
  } catch {
    return null;
  }
  const sections = numberSections(tokens);
  if (!sections) return null;
  const n = new D(value.toPrecision(15));
  const sec = sections.find((s) => holds(n, s.condition));
  // no section applies (`[>100]0;[<0]0` for 50): Excel fills the cell with #
  if (!sec || sec.text) return null;

  const out: ({ text: string } | { pattern: string } | { general: true })[] = [];
  let percent = 0;
  let scale = 0;
  for (const t of sec.tokens) {
    if (PLACEHOLDER.has(t.type)) {
      // scaling commas after the digits (`0,,`) divide by a thousand each and show nothing
      if (t.type === 'scale') scale += t.raw.length;
      const chars = t.type === 'scale' ? '' : t.type === 'group' ? ',' : t.raw;
      const last = out[out.length - 1];
      if (last && 'pattern' in last) last.pattern += chars;
      else out.push({ pattern: chars });
    } else if (t.type === 'general') out.push({ general: true });
    else if (t.type === 'percent') {
      percent++;
      out.push({ text: '%' });
    } else if (t.type === 'locale') {
      // [$¥-804] shows ¥; [$-804] only sets the locale
      const currency = String(t.value).split('-')[0];
      if (currency) out.push({ text: currency });
    } else if (LITERAL.has(t.type)) out.push({ text: String(t.value) });
    else if (SILENT.has(t.type)) continue;
    else return null; // dates, times, fractions, exponents, [DBNum1] Chinese numerals, text in a number section
  }
  const numbers = out.filter((o) => !('text' in o));
  // digits split by text (`000-0000`) are no figure
  if (numbers.length > 1) return null;
  let body = '';
  if (numbers.length === 1) {
    const o = numbers[0]!;
    body = 'pattern' in o ? digitsOf(n, o.pattern, percent, scale) : generalOf(n.abs().times(new D(100).pow(percent)).div(new D(1000).pow(scale)));
  }
  const shown = out.map((o) => ('text' in o ? o.text : body)).join('');
  // the implied minus leads the text (-¥5.00) and only when a digit other than 0 is shown
  const sign = sec.minus && n.isNegative() && !n.isZero() && /[1-9]/.test(body) ? '-' : '';
  return sign + shown;
}

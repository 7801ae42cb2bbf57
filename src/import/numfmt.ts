/**
 * Shows a spreadsheet number the way Excel shows it under the cell's number format, in exact
 * decimal arithmetic: 61.9 under `0.00` → "61.90", 0.5422 under `0.00%` → "54.22%". Covers the
 * numeric formats statistical tables use (General, 0, 0.0…, #,##0.00, percent, literal text,
 * colour and locale codes); returns null for formats it does not understand (dates, fractions,
 * scientific), and the caller then reports the cell rather than guess. Pure.
 */
import { Decimal } from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** The number as Excel's General format holds it: 15 significant digits, no exponent, no float noise. */
export function generalText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return new D(value.toPrecision(15)).toFixed();
}

/** Splits a format into its `;` sections, respecting quotes and escapes. */
function sections(fmt: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c === '"') {
      const end = fmt.indexOf('"', i + 1);
      const stop = end < 0 ? fmt.length : end;
      cur += fmt.slice(i, stop + 1);
      i = stop;
    } else if (c === '\\' && i + 1 < fmt.length) {
      cur += c + fmt[++i]!;
    } else if (c === ';') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

interface Token {
  kind: 'lit' | 'num';
  text: string;
}

/** Formats `value` under `fmt`, or null when the format is not a plain numeric one. */
export function formatNumber(value: number, fmt: string | undefined | null): string | null {
  if (!Number.isFinite(value)) return null;
  const f = (fmt ?? '').trim();
  if (f === '' || /^general$/i.test(f) || f === '@') return generalText(value);
  const secs = sections(f);
  let sec = secs[0]!;
  let negativeSection = false;
  // A condition such as [>=100] in a section: not something statistics tables use; give up.
  if (secs.some((s) => /\[[<>=]/.test(s))) return null;
  if (value < 0 && secs.length >= 2) {
    sec = secs[1]!;
    negativeSection = true;
  } else if (value === 0 && secs.length >= 3) sec = secs[2]!;
  // Walk the section: literal text, and one run of number placeholders.
  const tokens: Token[] = [];
  let percent = 0;
  for (let i = 0; i < sec.length; i++) {
    const c = sec[i]!;
    if (c === '"') {
      const end = sec.indexOf('"', i + 1);
      const stop = end < 0 ? sec.length : end;
      tokens.push({ kind: 'lit', text: sec.slice(i + 1, stop) });
      i = stop;
    } else if (c === '\\' && i + 1 < sec.length) {
      tokens.push({ kind: 'lit', text: sec[++i]! });
    } else if (c === '[') {
      // [Red], [$-804], [$¥-804]: colours and locales; a currency symbol in [$X-…] is shown
      const end = sec.indexOf(']', i);
      const inner = sec.slice(i + 1, end < 0 ? sec.length : end);
      const cur = /^\$([^-\]]*)/.exec(inner);
      if (cur && cur[1]) tokens.push({ kind: 'lit', text: cur[1] });
      i = end < 0 ? sec.length : end;
    } else if (c === '_') {
      i++; // padding as wide as the next character: nothing in text
    } else if (c === '*') {
      i++; // fill character: nothing in text
    } else if ('0#?.,'.includes(c)) {
      const last = tokens[tokens.length - 1];
      if (last && last.kind === 'num') last.text += c;
      else tokens.push({ kind: 'num', text: c });
    } else if (c === '%') {
      percent++;
      tokens.push({ kind: 'lit', text: '%' });
    } else if (/[eE]/.test(c) && /^[eE][+-]/.test(sec.slice(i))) {
      return null; // scientific notation
    } else if (/[ymdhsAaBbGg/]/.test(c)) {
      return null; // dates, times, fractions: not a figure
    } else {
      tokens.push({ kind: 'lit', text: c });
    }
  }
  const nums = tokens.filter((t) => t.kind === 'num');
  if (nums.length === 0) {
    // a section of text only ("-" for zero, say)
    return tokens.map((t) => t.text).join('');
  }
  if (nums.length > 1) return null;
  let pattern = nums[0]!.text;
  // trailing commas scale by a thousand each
  let scale = 0;
  while (pattern.endsWith(',')) {
    scale++;
    pattern = pattern.slice(0, -1);
  }
  const dot = pattern.indexOf('.');
  const intPart = dot < 0 ? pattern : pattern.slice(0, dot);
  const fracPart = dot < 0 ? '' : pattern.slice(dot + 1).replace(/,/g, '');
  const grouping = intPart.includes(',');
  const minInt = (intPart.match(/0/g) ?? []).length;
  const minFrac = (fracPart.match(/[0?]/g) ?? []).length;
  const maxFrac = fracPart.length;

  let n = new D(value.toPrecision(15));
  if (negativeSection) n = n.abs();
  if (percent > 0) n = n.times(new D(100).pow(percent));
  if (scale > 0) n = n.div(new D(1000).pow(scale));
  let digits = n.abs().toFixed(maxFrac, Decimal.ROUND_HALF_UP);
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
  let body = fp !== undefined ? `${ip}.${fp}` : dot >= 0 && minFrac === 0 && maxFrac === 0 ? `${ip}.` : ip;
  if (body === '' || body === '.') body = '0';
  const isZero = new D(body.replace(/,/g, '') || '0').isZero();
  const sign = !negativeSection && n.isNegative() && !isZero ? '-' : '';
  return tokens.map((t) => (t.kind === 'num' ? sign + body : t.text)).join('');
}

/**
 * Finds the `{{…}}` placeholders in section text: figure paths, prev(path), built-in names and
 * helper calls. Shared by the `reference` check and the renderer. Pure.
 */

/** Names a text may use that are not figures. */
export const BUILTIN_NAMES = ['year', 'region', 'short'] as const;

/** Helpers a text may call with figure paths as arguments (`{{change fund.basic.income}}`). */
export const TEXT_HELPERS = ['value', 'change', 'fromto', 'round', 'unit', 'abs', 'prev'] as const;

export interface FigureRef {
  path: string;
  prev: boolean;
  /** Index of the reference within the text. */
  index: number;
}

export interface Placeholder {
  index: number;
  inner: string;
  refs: FigureRef[];
}

const TOKEN = /"[^"]*"|'[^']*'|\S+/g;
const PATH = /^[a-z0-9_]+(?:\.[a-z0-9_]+)*$/;
const PREV = /^prev\(([a-z0-9_]+(?:\.[a-z0-9_]+)*)\)$/;

export function placeholders(text: string): { found: Placeholder[]; unclosed: number[] } {
  const found: Placeholder[] = [];
  const unclosed: number[] = [];
  let i = text.indexOf('{{');
  while (i >= 0) {
    const end = text.indexOf('}}', i + 2);
    const nextOpen = text.indexOf('{{', i + 2);
    if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
      unclosed.push(i);
      i = nextOpen;
      continue;
    }
    const inner = text.slice(i + 2, end);
    const refs: FigureRef[] = [];
    const body = inner.replace(/^[{#/^&>!]/, '');
    const innerStart = i + 2 + (inner.length - body.length);
    let first = true;
    for (const m of body.matchAll(TOKEN)) {
      const tok = m[0];
      const at = innerStart + (m.index ?? 0);
      const isHelper = first && (TEXT_HELPERS as readonly string[]).includes(tok);
      first = false;
      if (isHelper || tok.includes('=')) continue;
      const pm = PREV.exec(tok);
      if (pm) refs.push({ path: pm[1]!, prev: true, index: at });
      else if (PATH.test(tok) && !/^\d+(\.\d+)?$/.test(tok) && !(BUILTIN_NAMES as readonly string[]).includes(tok)) refs.push({ path: tok, prev: false, index: at });
    }
    found.push({ index: i, inner, refs });
    i = text.indexOf('{{', end + 2);
  }
  return { found, unclosed };
}

/** Parts of a figure a text may name after its path: `{{reform.stay_days.before}}`. */
export const FIGURE_PARTS = ['value', 'before', 'after', 'growth', 'increase', 'pp'] as const;
export type FigurePart = (typeof FIGURE_PARTS)[number];

/**
 * Resolves a referenced path against a document's figures: the figure itself, or one part of it.
 * Returns null when nothing of that name exists.
 */
export function resolveRef<F extends { [K in FigurePart]: unknown }>(figures: Map<string, F>, path: string): { figure: F; part: FigurePart | null } | null {
  const whole = figures.get(path);
  if (whole) return { figure: whole, part: null };
  const cut = path.lastIndexOf('.');
  if (cut < 0) return null;
  const part = path.slice(cut + 1) as FigurePart;
  if (!(FIGURE_PARTS as readonly string[]).includes(part)) return null;
  const figure = figures.get(path.slice(0, cut));
  return figure && figure[part] ? { figure, part } : null;
}

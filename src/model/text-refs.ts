/**
 * Finds the `{{…}}` placeholders in section text: figure paths, prev(path), built-in names and
 * helper calls. Shared by the `reference` check and the renderer. Pure.
 */

/** Names a text may use that are not figures. */
export const BUILTIN_NAMES = ['year', 'region', 'short'] as const;

/** Helpers a text may call with figure paths as arguments (`{{change fund.basic.income}}`). */
export const TEXT_HELPERS = ['value', 'change', 'growth', 'increase', 'pp', 'before', 'after', 'fromto', 'round', 'unit'] as const;

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

/** Terminal display width of text by string-width: CJK, full-width and emoji take two columns, combining marks and zero-width characters none, tabs one. Pure. */
import stringWidth from 'string-width';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function isWide(cp: number): boolean {
  return stringWidth(String.fromCodePoint(cp)) === 2;
}

export function displayWidth(s: string): number {
  // string-width counts a tab as nothing; here it is one column, as padLike keeps it as a tab
  return stringWidth(s.replaceAll('\t', ' '));
}

/** Blanks that take the same room as `s` (tabs kept as tabs so they expand alike). */
export function padLike(s: string): string {
  let out = '';
  for (const { segment } of graphemes.segment(s)) out += segment === '\t' ? '\t' : ' '.repeat(displayWidth(segment));
  return out;
}

/**
 * The bundled fonts on disk: @font-face rules for the @fontsource TrueType families (read from their
 * style sheets) and the map from the virtual font URLs in the HTML to the files in node_modules.
 * Reads font files; renders nothing.
 *
 * The rules point at the .woff files, not the .woff2 ones: @fontsource's woff2 files of Noto Serif SC
 * and Noto Sans SC carry the name table of the variable font's first instance ("Noto Serif SC
 * ExtraLight", "Noto Sans SC Thin") whatever their weight, and Chromium embeds that name in the PDF;
 * the woff files of the same glyphs are named right (NotoSerifSC-Regular, NotoSerifSC-Bold).
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, basename } from 'node:path';

/** The origin fonts are requested from; the browser module serves it from disk, nothing goes out. */
export const FONT_ORIGIN = 'https://fonts.yearbook.invalid';

interface Bundled {
  family: string;
  pkg: string;
  /** The style sheets of the regular (400) and bold (700) faces. */
  css: [string, string];
  /** The weight the regular face's sheet declares, when it is not 400. */
  regularDeclared?: number;
}

/**
 * The bundled families and the @fontsource style sheets (regular and bold) they come from. LXGW
 * WenKai's index.css is its Light (300) file, which a weight of 400 resolves to; its Regular is the
 * file @fontsource files under 500 (named LXGWWenKai-Regular, OS/2 weight 400), declared here as 400.
 */
const BUNDLED: Bundled[] = [
  { family: 'Noto Serif SC', pkg: 'noto-serif-sc', css: ['400.css', '700.css'] },
  { family: 'Noto Sans SC', pkg: 'noto-sans-sc', css: ['400.css', '700.css'] },
  { family: 'LXGW WenKai', pkg: 'lxgw-wenkai', css: ['500.css', '700.css'], regularDeclared: 500 },
];

/** The families the program ships (the roles' defaults). */
export const BUNDLED_FAMILIES: readonly string[] = BUNDLED.map((b) => b.family);

const require = createRequire(import.meta.url);

function packageDir(pkg: string): string {
  return dirname(require.resolve(`@fontsource/${pkg}/package.json`));
}

const faceCache = new Map<string, string>();

/** @font-face rules for the bundled ones among the given families, pointing at the virtual font origin. */
export function fontFaceCss(families: Iterable<string>): string {
  const used = new Set(families);
  const out: string[] = [];
  for (const b of BUNDLED) {
    if (!used.has(b.family)) continue;
    for (const [i, css] of b.css.entries()) {
      const key = `${b.pkg}/${css}`;
      let text = faceCache.get(key);
      if (text === undefined) {
        const src = readFileSync(join(packageDir(b.pkg), css), 'utf8');
        text = src
          // the woff files (named right, see above), served from the virtual origin
          .replace(/url\(\.\/files\/[^)]+?\.woff2\) format\('woff2'\), url\(\.\/files\/([^)]+?\.woff)\) format\('woff'\)/g, (_all, f: string) => `url(${FONT_ORIGIN}/${b.pkg}/${f}) format('woff')`)
          .replace(/font-display: swap;/g, 'font-display: block;')
          .replace(/\/\*[^*]*\*\/\n/g, '');
        if (i === 0 && b.regularDeclared) text = text.replace(new RegExp(`font-weight: ${b.regularDeclared};`, 'g'), 'font-weight: 400;');
        if (!/format\('woff'\)/.test(text) || /woff2/.test(text)) throw new Error(`fonts: unexpected @font-face rules in @fontsource/${key}`);
        faceCache.set(key, text);
      }
      out.push(text);
    }
  }
  return out.join('\n');
}

/** The file behind a virtual font URL, or null when the URL is not one of ours. */
export function fontFile(url: string): string | null {
  if (!url.startsWith(FONT_ORIGIN + '/')) return null;
  const [pkg, file, ...rest] = url.slice(FONT_ORIGIN.length + 1).split('/');
  if (!pkg || !file || rest.length > 0 || !BUNDLED.some((b) => b.pkg === pkg)) return null;
  if (file !== basename(file) || !/^[\w.-]+\.woff2?$/.test(file)) return null;
  const path = join(packageDir(pkg), 'files', file);
  return existsSync(path) ? path : null;
}

/** One file of a bundled face and the code points the style sheet assigns it (null: all). */
export interface FacePiece {
  file: string;
  ranges: [number, number][] | null;
}

const pieceCache = new Map<string, FacePiece[]>();

/**
 * The .woff files of a bundled family's regular (400) or bold (700) face with their unicode-ranges,
 * as the style sheets the PDF uses declare them, in the order the browser tries them (the last rule
 * first); null when the family is not one of ours.
 */
export function facePieces(family: string, bold: boolean): FacePiece[] | null {
  const b = BUNDLED.find((x) => x.family === family);
  if (!b) return null;
  const css = b.css[bold ? 1 : 0];
  const key = `${b.pkg}/${css}`;
  let pieces = pieceCache.get(key);
  if (!pieces) {
    const dir = packageDir(b.pkg);
    const text = readFileSync(join(dir, css), 'utf8');
    pieces = [];
    for (const rule of text.split('@font-face').slice(1)) {
      const file = /url\(\.\/files\/([^)]+?\.woff)\) format\('woff'\)/.exec(rule)?.[1];
      if (!file) continue;
      const range = /unicode-range:\s*([^;]+);/.exec(rule)?.[1];
      const ranges = range
        ? range.split(',').map((part): [number, number] => {
            const [lo, hi] = part.trim().replace(/^U\+/i, '').split('-');
            return [parseInt(lo!, 16), parseInt(hi ?? lo!, 16)];
          })
        : null;
      pieces.push({ file: join(dir, 'files', file), ranges });
    }
    pieces.reverse();
    pieceCache.set(key, pieces);
  }
  return pieces;
}

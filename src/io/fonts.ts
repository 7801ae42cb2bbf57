/**
 * The bundled fonts on disk: @font-face rules for the @fontsource TrueType families (read from their
 * style sheets) and the map from the virtual font URLs in the HTML to the files in node_modules.
 * Reads font files; renders nothing.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, basename } from 'node:path';

/** The origin fonts are requested from; the browser module serves it from disk, nothing goes out. */
export const FONT_ORIGIN = 'https://fonts.yearbook.invalid';

interface Bundled {
  family: string;
  pkg: string;
  css: string[];
}

/** The bundled families and the @fontsource style sheets (regular and bold) they come from. */
const BUNDLED: Bundled[] = [
  { family: 'Noto Serif SC', pkg: 'noto-serif-sc', css: ['400.css', '700.css'] },
  { family: 'Noto Sans SC', pkg: 'noto-sans-sc', css: ['400.css', '700.css'] },
  { family: 'LXGW WenKai', pkg: 'lxgw-wenkai', css: ['index.css', '700.css'] },
];

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
    for (const css of b.css) {
      const key = `${b.pkg}/${css}`;
      let text = faceCache.get(key);
      if (text === undefined) {
        const src = readFileSync(join(packageDir(b.pkg), css), 'utf8');
        text = src
          // woff2 only, served from the virtual origin; the woff fallbacks are never needed by Chromium
          .replace(/url\(\.\/files\/([^)]+?\.woff2)\) format\('woff2'\), url\(\.\/files\/[^)]+?\.woff\) format\('woff'\)/g, (_all, f: string) => `url(${FONT_ORIGIN}/${b.pkg}/${f}) format('woff2')`)
          .replace(/font-display: swap;/g, 'font-display: block;')
          .replace(/\/\*[^*]*\*\/\n/g, '');
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
  if (file !== basename(file) || !/^[\w.-]+\.woff2$/.test(file)) return null;
  const path = join(packageDir(pkg), 'files', file);
  return existsSync(path) ? path : null;
}

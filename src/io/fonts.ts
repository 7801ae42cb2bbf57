/**
 * Fonts for printing: the font roles (宋体, 黑体, 楷体, 仿宋, 小标宋) mapped to families by
 * templates/fonts.yaml, @font-face rules for the bundled @fontsource TrueType fonts, and the map from
 * the virtual font URLs in the HTML to the files in node_modules. Reads font files; renders nothing.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, basename } from 'node:path';
import { parse } from 'yaml';

/** The origin fonts are requested from; the browser module serves it from disk, nothing goes out. */
export const FONT_ORIGIN = 'https://fonts.yearbook.invalid';

export const ROLES = ['song', 'hei', 'kai', 'fangsong', 'xiaobiaosong'] as const;
export type Role = (typeof ROLES)[number];
export type FontMap = Record<Role, string[]>;

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

export const DEFAULT_FONTS: FontMap = {
  song: ['Noto Serif SC'],
  hei: ['Noto Sans SC'],
  kai: ['LXGW WenKai'],
  fangsong: ['Noto Serif SC'],
  xiaobiaosong: ['Noto Serif SC'],
};

export class FontConfigError extends Error {}

/** Reads templates/fonts.yaml (missing file: the defaults). */
export function loadFontMap(templatesDir: string): FontMap {
  const file = join(templatesDir, 'fonts.yaml');
  if (!existsSync(file)) return { ...DEFAULT_FONTS };
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FontConfigError(`${file}:字体映射不是有效的YAML(${(e as Error).message.split('\n')[0]})`);
  }
  const map: FontMap = { ...DEFAULT_FONTS };
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (!(ROLES as readonly string[]).includes(k)) throw new FontConfigError(`${file}:未知的字体角色“${k}”;可用:${ROLES.join('、')}`);
      const list = Array.isArray(v) ? v.map(String) : [String(v)];
      if (list.length === 0) throw new FontConfigError(`${file}:“${k}”至少需要一个字体族`);
      map[k as Role] = list;
    }
  }
  return map;
}

/** CSS font-family value for a role, with a generic fallback. */
export function familyCss(map: FontMap, role: Role): string {
  const generic = role === 'hei' ? 'sans-serif' : 'serif';
  return [...map[role].map((f) => `"${f.replace(/"/g, '')}"`), generic].join(', ');
}

const faceCache = new Map<string, string>();

/** @font-face rules for the bundled families a font map uses, pointing at the virtual font origin. */
export function fontFaceCss(map: FontMap): string {
  const used = new Set(Object.values(map).flat());
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

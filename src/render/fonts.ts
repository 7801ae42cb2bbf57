/**
 * Font roles for printing (宋体 song, 黑体 hei, 楷体 kai, 仿宋 fangsong, 小标宋 xiaobiaosong) and the
 * families templates/fonts.yaml maps them to: parsing that file's text, CSS family lists. Pure: the
 * io layer reads fonts.yaml and the font files.
 */
import { parse } from 'yaml';

export const ROLES = ['song', 'hei', 'kai', 'fangsong', 'xiaobiaosong'] as const;
export type Role = (typeof ROLES)[number];
export type FontMap = Record<Role, string[]>;

export const DEFAULT_FONTS: FontMap = {
  song: ['Noto Serif SC'],
  hei: ['Noto Sans SC'],
  kai: ['LXGW WenKai'],
  fangsong: ['Noto Serif SC'],
  xiaobiaosong: ['Noto Serif SC'],
};

/** The families the program ships (io/fonts.ts serves and embeds them). */
export const SHIPPED_FAMILIES: readonly string[] = ['Noto Serif SC', 'Noto Sans SC', 'LXGW WenKai'];

/**
 * Whether titles set in 小标宋 take the bold face: yes for a shipped Song standing in for it (its
 * bold is the nearest to 小标宋's weight), no for a real 小标宋 (方正小标宋简体 has one face, heavy
 * already; asking it for bold gets a synthetic one).
 */
export function xiaobiaosongBold(map: FontMap): boolean {
  return SHIPPED_FAMILIES.includes(map.xiaobiaosong[0]!);
}

export class FontConfigError extends Error {}

/** The font map of a fonts.yaml text (null: no such file, the defaults); a bad file is a FontConfigError naming it. */
export function parseFontMap(text: string | null, file: string): FontMap {
  if (text === null) return { ...DEFAULT_FONTS };
  let raw: unknown;
  try {
    raw = parse(text);
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

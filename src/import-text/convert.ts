/** Traditional → simplified conversion (opencc-js t2cn) and removal of pinyin debris left by a bad conversion (發(fā)布 → 发布). Pure. */
import * as OpenCC from 'opencc-js/t2cn';

/** A Chinese character followed by tone-marked pinyin in parentheses: 發(fā)布, 機(jī)構(gòu) (as in src/checks/text.ts). */
const PINYIN = /([\u3400-\u9fff])[(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zü]*)[)）]/g;

let toSimplified: ((s: string) => string) | null = null;

/** Removes pinyin debris, keeping the character it annotates. */
export function removePinyinDebris(s: string): string {
  return s.replace(PINYIN, '$1');
}

/** Debris removed, then traditional characters converted to simplified; line ends normalised to \n. */
export function toSimplifiedClean(s: string): string {
  const conv = (toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  const text = removePinyinDebris(s.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  return /[\u3400-\u9fff]/.test(text) ? conv(text) : text;
}

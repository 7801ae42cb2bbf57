/** Chinese heading numbers of GB/T 9704 (一、 （一） 1. （1）, brackets full-width by GB/T 15834) and Chinese numerals. Pure. */
const NUMERALS = '零一二三四五六七八九';
/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 26 → 二十六. */
export function chineseNumber(n: number): string {
  if (n < 10) return NUMERALS[n]!;
  if (n < 20) return '十' + (n % 10 ? NUMERALS[n % 10] : '');
  if (n < 100) return NUMERALS[Math.floor(n / 10)] + '十' + (n % 10 ? NUMERALS[n % 10] : '');
  return String(n);
}

/** Heading numbers of GB/T 9704 by depth: 一、 （一） 1. （1）; the third level keeps the Arabic numeral's point, as the standard and the published plans print it. */
export function headingNumber(depth: number, n: number): string {
  switch (depth) {
    case 0:
      return `${chineseNumber(n)}、`;
    case 1:
      return `（${chineseNumber(n)}）`;
    case 2:
      return `${n}.`;
    default:
      return `（${n}）`;
  }
}

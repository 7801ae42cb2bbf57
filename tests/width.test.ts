/**
 * Terminal display width (src/report/width.ts): combining marks, zero-width characters, emoji,
 * CJK and full-width punctuation, and the caret padding of the text reporter's code frame.
 */
import { describe, expect, it } from 'vitest';
import { displayWidth, isWide, padLike } from '../src/report/width.js';
import { codeFrame } from '../src/report/text.js';
import type { Finding } from '../src/core/model/types.js';

describe('displayWidth', () => {
  it('counts combining marks and zero-width characters as nothing', () => {
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('\u200b')).toBe(0);
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(displayWidth('\ufeff')).toBe(0);
    expect(displayWidth('\u00ad')).toBe(0);
  });

  it('gives emoji two columns, a joined sequence or a flag counted once', () => {
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('🤔')).toBe(2);
    expect(displayWidth('👨‍👩‍👧')).toBe(2);
    expect(displayWidth('🇨🇳')).toBe(2);
  });

  it('gives CJK and full-width characters two columns each', () => {
    expect(displayWidth('中文')).toBe(4);
    expect(displayWidth('医疗保障局')).toBe(10);
    expect(displayWidth('，')).toBe(2);
    expect(displayWidth('（）。、')).toBe(8);
    expect(displayWidth('\u3000')).toBe(2);
    expect(displayWidth('𠀀')).toBe(2);
    expect(displayWidth('한')).toBe(2);
    expect(displayWidth('ｱ')).toBe(1);
    expect(displayWidth('61.90万人')).toBe(9);
  });

  it('keeps a tab one column and ambiguous punctuation narrow', () => {
    expect(displayWidth('\t')).toBe(1);
    expect(displayWidth('“…”')).toBe(3);
  });

  it('answers isWide for single code points', () => {
    expect(isWide(0x4e2d)).toBe(true);
    expect(isWide(0xff0c)).toBe(true);
    expect(isWide(0x1f680)).toBe(true);
    expect(isWide(0x61)).toBe(false);
    expect(isWide(0x200b)).toBe(false);
  });
});

describe('padLike', () => {
  it('takes the same room as the text, tabs kept', () => {
    expect(padLike('e\u0301x')).toBe('  ');
    expect(padLike('中\u200b，')).toBe('    ');
    expect(padLike('\t🚀a')).toBe('\t   ');
    expect(padLike('👨‍👩‍👧')).toBe('  ');
  });

  it('puts the code frame caret under the column after combining marks, emoji and zero-width spaces', () => {
    const line = '      text: "Cafe\u0301🚀全区\u200b参保，(刘雪峰"';
    const column = line.indexOf('(') + 1;
    const f = { severity: 'warning', line: 1, column, sourceLine: line } as unknown as Finding;
    const [src, caret] = codeFrame(f);
    const srcBody = src!.slice(src!.indexOf('| ') + 2);
    const caretBody = caret!.slice(caret!.indexOf('| ') + 2);
    expect(caretBody.endsWith('^')).toBe(true);
    expect(caretBody.length - 1).toBe(displayWidth(srcBody.slice(0, srcBody.indexOf('('))));
    expect(caretBody.length - 1).toBe('      text: "Cafe'.length + 2 + 4 + 4 + 2);
  });
});

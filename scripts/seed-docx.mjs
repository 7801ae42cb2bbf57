// Word versions of a pasted text (the seeds), made with the `docx` package as a Word user would
// lay it out: a paragraph a line; a leading 【title】 in bold; rows of cells split by | as a Word
// table; the closing credit ((刘雪峰), 记者:…) as its own right-aligned paragraph. With
// `numbering: 'word'` the 一、 and (一) headings lose their literal numbers and get Word's automatic
// numbering instead (two levels, Chinese counting), as a heading list made in Word would.
// Used by tests/import-docx.test.ts and scripts/import-text-recovery.mjs.
// Usage: node scripts/seed-docx.mjs SEED.txt OUT.docx [--word-numbering]
import { readFileSync, writeFileSync } from 'node:fs';
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';

const L1 = /^([一二三四五六七八九十]+)、\s*(.*)$/;
const L2 = /^[(（]([一二三四五六七八九十]+)[)）]\s*(.*)$/;
const headingLike = (body) => body.length > 0 && body.length <= 40 && !/[。！？!?]/.test(body.replace(/[。]+$/, ''));
const CREDIT_LINE = /^(?:记者|通讯员|作者|撰稿|供稿)[:：]/;
const CREDIT_TAIL = /\s*([(（][\u4e00-\u9fff·]{2,5}[)）]?)\s*$/;

/** The .docx bytes of a text. */
export async function textToDocx(text, { numbering = 'literal' } = {}) {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  // the closing credit, on its own right-aligned line
  let credit = null;
  const lastLine = lines[lines.length - 1] ?? '';
  if (CREDIT_LINE.test(lastLine.trim())) credit = lines.pop().trim();
  else {
    const m = CREDIT_TAIL.exec(lastLine);
    if (m && /[。.]\s*[(（]/.test(lastLine.slice(Math.max(0, m.index - 2)))) {
      credit = m[1].startsWith('(') || m[1].startsWith('（') ? `（${m[1].replace(/^[(（]|[)）]$/g, '')}）` : m[1];
      lines[lines.length - 1] = lastLine.slice(0, m.index);
    }
  }
  const children = [];
  let rows = [];
  const flush = () => {
    if (rows.length === 0) return;
    const width = Math.max(...rows.map((r) => r.length));
    children.push(
      new Table({
        rows: rows.map((r) => new TableRow({ children: Array.from({ length: width }, (_, i) => new TableCell({ children: [new Paragraph(r[i] ?? '')] })) })),
      }),
    );
    rows = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (/\|/.test(line) && line.split('|').length >= 3) {
      rows.push(line.replace(/\|\s*$/, '').split('|').map((c) => c.trim()));
      continue;
    }
    flush();
    const bracket = /^(【[^】]{1,30}】)(.*)$/.exec(line);
    if (bracket) {
      children.push(new Paragraph({ children: [new TextRun({ text: bracket[1], bold: true }), new TextRun(bracket[2])] }));
      continue;
    }
    if (numbering === 'word') {
      const m1 = L1.exec(line);
      const m2 = L2.exec(line);
      if (m1 && headingLike(m1[2])) {
        children.push(new Paragraph({ text: m1[2], numbering: { reference: 'headings', level: 0 } }));
        continue;
      }
      if (m2 && headingLike(m2[2])) {
        children.push(new Paragraph({ text: m2[2], numbering: { reference: 'headings', level: 1 } }));
        continue;
      }
    }
    children.push(new Paragraph({ text: line }));
  }
  flush();
  if (credit !== null) children.push(new Paragraph({ text: credit, alignment: AlignmentType.RIGHT }));
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'headings',
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.START },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '（%2）', alignment: AlignmentType.START },
          ],
        },
      ],
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [src, out] = process.argv.slice(2);
  if (!src || !out) {
    console.error('usage: node scripts/seed-docx.mjs SEED.txt OUT.docx [--word-numbering]');
    process.exit(2);
  }
  writeFileSync(out, await textToDocx(readFileSync(src, 'utf8'), { numbering: process.argv.includes('--word-numbering') ? 'word' : 'literal' }));
}

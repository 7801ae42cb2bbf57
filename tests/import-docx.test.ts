/**
 * `yearbook import-text FILE.docx`: Word files made with the `docx` package (bold 【】 titles, a
 * table headed by catalogue labels, a right-aligned credit, footnotes, Word's own heading numbering)
 * import through the real command line into a document that `yearbook check` passes; the Word
 * versions of the five seeds import exactly as their text does; every file that is neither text
 * nor Word is refused with exit 2, a message naming what it is, and nothing written.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AlignmentType, Document, FootnoteReferenceRun, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import JSZip from 'jszip';
import { importText, importWord, loadReference, creditName, type Reference } from '../src/import-text/index.js';
import { fileKind } from '../src/io/file-kind.js';
// a plain ES module script, shared with scripts/import-text-recovery.mjs
import { textToDocx } from '../scripts/seed-docx.mjs';

const BIN = 'bin/yearbook.js';
const yearbook = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

let tmp: string;
let ref: Reference;
/** A fresh data folder: data/'s regions.yaml and indicators.yaml, no documents. */
function dataFolder(): string {
  const dir = mkdtempSync(join(tmp, 'data-'));
  for (const f of ['regions.yaml', 'indicators.yaml']) copyFileSync(join('data', f), join(dir, f));
  return dir;
}
const listing = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).sort();

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'import-docx-test-'));
  ref = loadReference('data');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cell = (t: string) => new TableCell({ children: [new Paragraph(t)] });

/** A yearbook entry as an editor writes it in Word. */
async function entryDocx(): Promise<Buffer> {
  const doc = new Document({
    footnotes: {
      1: { children: [new Paragraph('含异地安置退休人员。')] },
      2: { children: [new Paragraph('资料来源：通辽市医疗保障局。')] },
    },
    sections: [
      {
        children: [
          new Paragraph({ text: '通辽市医疗保障', alignment: AlignmentType.CENTER }),
          new Paragraph({
            children: [
              new TextRun({ text: '【概况】', bold: true }),
              new TextRun(' 2023年，全市基本医疗保险参保人数265.87万人，其中城镇职工医疗保险参保43.35万人'),
              new FootnoteReferenceRun(1),
              new TextRun('，城乡居民参保222.52万人。'),
            ],
          }),
          new Paragraph({ children: [new TextRun({ text: '【基金运行】', bold: true }), new TextRun(' 全市医保基金运行平稳，收支情况见下表。'), new FootnoteReferenceRun(2)] }),
          new Table({
            rows: [
              new TableRow({ children: [cell('项目（亿元）'), cell('2022年'), cell('2023年')] }),
              new TableRow({ children: [cell('职工基本医疗保险基金总收入'), cell('21.04'), cell('22.36')] }),
              new TableRow({ children: [cell('职工基本医疗保险基金总支出'), cell('15.02'), cell('16.15')] }),
              new TableRow({ children: [cell('职工基本医疗保险基金累计结存'), cell('55.75'), cell('61.96')] }),
              new TableRow({ children: [cell('说明'), cell('—'), cell('快报数')] }),
            ],
          }),
          new Paragraph({ children: [new TextRun({ text: '【医保支付方式改革】', bold: true }), new TextRun(' 全面推行DIP付费，患者平均住院天数由7.53天下降至6.99天，降幅7.17%。')] }),
          new Paragraph({ text: '（王晓明）', alignment: AlignmentType.RIGHT }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

describe('a Word entry through the command line', () => {
  let dir: string;
  let docx: string;
  let r: ReturnType<typeof yearbook>;
  beforeAll(async () => {
    dir = dataFolder();
    docx = join(tmp, '通辽条目.docx');
    writeFileSync(docx, await entryDocx());
    r = yearbook('import-text', docx, '--region', '150500', '--year', '2023', '--into', dir);
  });

  it('writes DIR/2023/150500.yaml, which yearbook check passes', () => {
    expect(r.stderr).not.toMatch(/错误/);
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, '2023', '150500.yaml'))).toBe(true);
    const check = yearbook('check', dir, '--format', 'json');
    expect(check.status, check.stdout).toBe(0);
    expect(JSON.parse(check.stdout).summary.errors).toBe(0);
  });

  it('keeps the 【】 sections and the right-aligned credit as the author', () => {
    const doc = parse(readFileSync(join(dir, '2023', '150500.yaml'), 'utf8'));
    expect(doc.entry.author).toBe('王晓明');
    expect(doc.entry.sections.map((s: { title: string }) => s.title)).toEqual(['概况', '基金运行', '医保支付方式改革']);
    // the centred heading line before the first 【】 is not an entry section (reported)
    expect(r.stderr).toContain('第一个【】标题之前的文字未收入条目：通辽市医疗保障');
  });

  it('carries the figures of the prose and of the table, referred to from the text', () => {
    const doc = parse(readFileSync(join(dir, '2023', '150500.yaml'), 'utf8'));
    expect(doc.figures.insured).toEqual({ total: 265.87, employee: { value: 43.35, note: '含异地安置退休人员。' }, resident: 222.52 });
    // the table's 2023 column, in the head's unit (亿元); the 2022 column is another year's
    expect(doc.figures.fund.employee).toEqual({ income: 22.36, expenditure: 16.15, balance: 61.96 });
    expect(doc.figures.reform.stay_days).toEqual({ before: 7.53, after: 6.99, growth: '-7.17%' });
    const [gk, jj, gg] = doc.entry.sections.map((s: { text: string }) => s.text);
    expect(gk).toBe('2023年，全市基本医疗保险参保人数{{insured.total}}，其中城镇职工医疗保险参保{{insured.employee}}，城乡居民参保{{insured.resident}}。\n');
    // the table is one paragraph of the section it stands in, a sentence a row; footnote marks leave the text
    expect(jj).toBe('全市医保基金运行平稳，收支情况见下表。\n\n职工基本医疗保险基金总收入{{fund.employee.income}}。职工基本医疗保险基金总支出{{fund.employee.expenditure}}。职工基本医疗保险基金累计结存{{fund.employee.balance}}。\n');
    expect(gg).toContain('由{{reform.stay_days.before}}下降至{{reform.stay_days.after}}，降幅{{abs reform.stay_days.growth}}');
    expect(JSON.stringify(doc)).not.toMatch(/[\uE000\uE001]/);
    expect(JSON.stringify(doc)).not.toContain('21.04');
  });

  it('reports what was recovered from Word: tables, cells, footnotes, the author', () => {
    expect(r.stderr).toContain('yearbook import-text：entry，识别出 7 个数字');
    expect(r.stderr).toContain('Word：4 个段落，1 个表格（6 个数字单元格，3 个成为数字），2 个脚注（1 个成为数字的 note），署名：王晓明');
    expect(r.stderr).toContain('表格1中属于其他年份或地区的数字未导入：2022年：职工基本医疗保险基金总收入');
    expect(r.stderr).toContain('脚注2“资料来源：通辽市医疗保障局。”未收入正文');
    expect(r.stderr).toContain('脚注1“含异地安置退休人员。”成为 insured.employee 的 note');
  });

  it('with --out - prints the same document and writes nothing', () => {
    const other = dataFolder();
    const before = listing(other);
    const p = yearbook('import-text', docx, '--region', '150500', '--year', '2023', '--into', other, '--out', '-');
    expect(p.status).toBe(0);
    expect(p.stdout).toBe(readFileSync(join(dir, '2023', '150500.yaml'), 'utf8'));
    expect(listing(other)).toEqual(before);
  });
});

describe('Word structure', () => {
  it("reads Word's automatic heading numbering as 一、 and （一） levels", async () => {
    const doc = new Document({
      numbering: {
        config: [
          {
            reference: 'h',
            levels: [
              { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、' },
              { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '（%2）' },
            ],
          },
        ],
      },
      sections: [
        {
          children: [
            new Paragraph('现将2023年工作总结如下：'),
            new Paragraph({ text: '参保扩面', numbering: { reference: 'h', level: 0 } }),
            new Paragraph({ text: '抓实参保登记', numbering: { reference: 'h', level: 1 } }),
            new Paragraph('全市基本医疗保险参保人数265.87万人。'),
            new Paragraph({ text: '落实待遇保障', numbering: { reference: 'h', level: 1 } }),
            new Paragraph('正文二。'),
            new Paragraph({ text: '基金监管', numbering: { reference: 'h', level: 0 } }),
            new Paragraph('检查定点医药机构2400家。'),
          ],
        },
      ],
    });
    const r = await importWord(await Packer.toBuffer(doc), ref, { region: '150500', year: 2023 });
    const y = parse(r.yaml);
    expect(r.kind).toBe('summary');
    expect(r.word.numbered).toBe(4);
    expect(y.summary.intro).toBe('现将2023年工作总结如下：\n');
    expect(y.summary.sections.map((s: { title: string }) => s.title)).toEqual(['参保扩面', '基金监管']);
    expect(y.summary.sections[0].sections).toEqual([
      { title: '抓实参保登记', text: '全市基本医疗保险参保人数{{insured.total}}。\n' },
      { title: '落实待遇保障', text: '正文二。\n' },
    ]);
    expect(y.figures.insured.total).toBe(265.87);
  });

  it('reads Heading 1/2 styles as 一、 and （一） levels, a heading already numbered as it is', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: '基金运行', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ text: '职工医保', heading: HeadingLevel.HEADING_2 }),
            new Paragraph('职工基本医疗保险基金总收入22.36亿元。'),
            new Paragraph({ text: '二、存在的问题', heading: HeadingLevel.HEADING_1 }),
            new Paragraph('一是参保难。'),
          ],
        },
      ],
    });
    const r = await importWord(await Packer.toBuffer(doc), ref, { region: '150500', year: 2023 });
    const y = parse(r.yaml);
    expect(r.word.numbered).toBe(2);
    expect(y.summary.sections).toEqual([
      { title: '基金运行', sections: [{ title: '职工医保', text: '职工基本医疗保险基金总收入{{fund.employee.income}}。\n' }] },
      { title: '存在的问题', text: '一是参保难。\n' },
    ]);
  });

  it('a Word paragraph is a paragraph: short unnumbered heading paragraphs make sections as blank-line-separated lines of text do', async () => {
    const paras = ['通辽市医疗保障局关于2023年医疗保障工作的总结', '强化基金监管', '全市检查定点医药机构2400家。', '提升经办服务', '全面推行医保服务“一网通办”。'];
    const doc = new Document({ sections: [{ children: paras.map((t, i) => new Paragraph({ children: [new TextRun({ text: t, bold: i % 2 === 1 })] })) }] });
    const word = await importWord(await Packer.toBuffer(doc), ref, { region: '150500', year: 2023 });
    const text = importText(paras.join('\n\n'), ref, { region: '150500', year: 2023 });
    expect(word.yaml).toBe(text.yaml);
    const y = parse(word.yaml);
    expect(y.summary.title).toBe('通辽市医疗保障局关于2023年医疗保障工作的总结');
    expect(y.summary.sections.map((x: { title: string }) => x.title)).toEqual(['强化基金监管', '提升经办服务']);
  });

  it('reads a credit line in its usual forms, and not a date or a sentence', () => {
    expect(creditName('（刘雪峰）')).toBe('刘雪峰');
    expect(creditName('撰稿：刘雪峰')).toBe('刘雪峰');
    expect(creditName('刘雪峰 撰稿')).toBe('刘雪峰');
    expect(creditName('2023年3月17日')).toBeNull();
    expect(creditName('以上为本年工作情况。')).toBeNull();
  });

  it('a table of regions: only the imported region\'s row; a title row above the heads; a footnote in a cell becomes the note', async () => {
    const doc = new Document({
      footnotes: { 1: { children: [new Paragraph('截至11月末。')] } },
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun({ text: '【概况】', bold: true }), new TextRun(' 全市参保情况如下。')] }),
            new Table({
              rows: [
                new TableRow({ children: [new TableCell({ columnSpan: 3, children: [new Paragraph('2023年各旗县区参保情况（单位：万人）')] })] }),
                new TableRow({ children: [cell('地区'), cell('职工基本医疗保险参保人数'), cell('城乡居民基本医疗保险参保人数')] }),
                new TableRow({ children: [cell('通辽市'), cell('43.35'), new TableCell({ children: [new Paragraph({ children: [new TextRun('222.52'), new FootnoteReferenceRun(1)] })] })] }),
                new TableRow({ children: [cell('科尔沁区'), cell('20.01'), cell('60.12')] }),
              ],
            }),
            new Paragraph({ children: [new TextRun({ text: '【监管】', bold: true }), new TextRun(' 无。')] }),
          ],
        },
      ],
    });
    const r = await importWord(await Packer.toBuffer(doc), ref, { region: '150500', year: 2023 });
    const y = parse(r.yaml);
    expect(y.figures.insured).toEqual({ employee: 43.35, resident: { value: 222.52, note: '截至11月末。' } });
    expect(y.entry.sections[0].text).toBe('全市参保情况如下。\n\n职工基本医疗保险参保人数{{insured.employee}}；城乡居民基本医疗保险参保人数{{insured.resident}}。\n');
    expect(r.word).toMatchObject({ tables: 1, tableCells: 4, tableFigures: 2, footnotes: 1 });
    expect(r.notes).toContain('表格1中属于其他年份或地区的数字未导入：科尔沁区：职工基本医疗保险参保人数、科尔沁区：城乡居民基本医疗保险参保人数');
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a table with a merged row head (职工医保 over three rows) and the unit in the paragraph before', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun({ text: '【基金】', bold: true }), new TextRun(' 2023年基金收支（单位：亿元）：')] }),
            new Table({
              rows: [
                new TableRow({ children: [new TableCell({ columnSpan: 2, children: [new Paragraph('项目')] }), cell('2023年')] }),
                new TableRow({ children: [new TableCell({ rowSpan: 3, children: [new Paragraph('职工医保')] }), cell('基金收入'), cell('22.36')] }),
                new TableRow({ children: [cell('基金支出'), cell('16.15')] }),
                new TableRow({ children: [cell('累计结存'), cell('61.96')] }),
                new TableRow({ children: [new TableCell({ rowSpan: 2, children: [new Paragraph('居民医保')] }), cell('基金收入'), cell('18.06')] }),
                new TableRow({ children: [cell('基金支出'), cell('15.2')] }),
              ],
            }),
            new Paragraph({ children: [new TextRun({ text: '【其他】', bold: true }), new TextRun(' 无。')] }),
          ],
        },
      ],
    });
    const r = await importWord(await Packer.toBuffer(doc), ref, { region: '150500', year: 2023 });
    const y = parse(r.yaml);
    expect(y.figures.fund).toEqual({ employee: { income: 22.36, expenditure: 16.15, balance: 61.96 }, resident: { income: 18.06, expenditure: 15.2 } });
    expect(y.entry.sections[0].text).toContain('职工医保基金收入{{fund.employee.income}}。职工医保基金支出{{fund.employee.expenditure}}。职工医保累计结存{{fund.employee.balance}}。居民医保基金收入');
    expect(r.word).toMatchObject({ tables: 1, tableCells: 5, tableFigures: 5 });
  });

  it('a layout table of long text cells gives its text as paragraphs', async () => {
    const long = '全市持续推进医保支付方式改革，实现统筹区、医疗机构、病种、医保基金全覆盖，群众就医负担进一步减轻。';
    const doc = new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun({ text: '【概况】', bold: true }), new TextRun(' 全年工作平稳。')] }), new Table({ rows: [new TableRow({ children: [cell(long)] })] }), new Paragraph({ children: [new TextRun({ text: '【监管】', bold: true }), new TextRun(' 无。')] })] }] });
    const r = await importWord(await Packer.toBuffer(doc), ref, { region: '150500', year: 2023 });
    expect(parse(r.yaml).entry.sections[0].text).toBe(`全年工作平稳。\n\n${long}\n`);
    expect(r.notes).toContain('表格1（1行×1列）中没有指标数字，单元格的文字作为段落收入正文');
  });
});

const SEEDS: [string, string, number][] = [
  ['000', '150500', 2023],
  ['001', '330225', 2021],
  ['002', '150200', 2023],
  ['003', '530581', 2022],
  ['004', '150000', 2022],
];
const SEED_DIR = existsSync('/work/shared/seeds') ? '/work/shared/seeds' : 'tests/fixtures/seeds';

describe('the Word versions of the seeds', () => {
  for (const [seed, region, year] of SEEDS) {
    const file = existsSync(SEED_DIR) ? readdirSync(SEED_DIR).find((f) => f.startsWith(seed + '_')) : undefined;
    it.skipIf(file === undefined)(`seed ${seed} imports from Word as from its text, with Word's numbering too`, async () => {
      const raw = readFileSync(join(SEED_DIR, file!), 'utf8');
      const text = importText(raw, ref, { region, year });
      expect(text.findings.filter((f) => f.severity === 'error')).toEqual([]);
      for (const numbering of ['literal', 'word']) {
        const word = await importWord(await textToDocx(raw, { numbering }), ref, { region, year });
        // the same document, byte for byte: sections, author, figures and their references
        expect(word.yaml, numbering).toBe(text.yaml);
        expect([...word.figures.keys()]).toEqual([...text.figures.keys()]);
        expect(word.dropped).toEqual(text.dropped);
      }
    });
  }

  it('seed 004 from Word through the command line: 4 sections, 刘雪峰, clean', async () => {
    const dir = dataFolder();
    const raw = readFileSync(join(SEED_DIR, readdirSync(SEED_DIR).find((f) => f.startsWith('004_'))!), 'utf8');
    const docx = join(tmp, 'seed004.docx');
    writeFileSync(docx, await textToDocx(raw));
    const r = yearbook('import-text', docx, '--region', '150000', '--year', '2022', '--into', dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('署名：刘雪峰');
    const doc = parse(readFileSync(join(dir, '2022', '150000.yaml'), 'utf8'));
    expect(doc.entry.author).toBe('刘雪峰');
    expect(doc.entry.sections.map((s: { title: string }) => s.title)).toEqual(['概况', '医保支付方式改革', '医保经办服务', '医疗保障基金监管']);
    expect(doc.figures.insured.total).toBe(2169.94);
    expect(yearbook('check', dir).status).toBe(0);
  });
});

describe('files that are neither text nor Word', () => {
  let dir: string;
  const cases: [string, Uint8Array | string, RegExp][] = [];
  beforeAll(async () => {
    dir = dataFolder();
    const xlsx = new JSZip();
    xlsx.file('[Content_Types].xml', '<Types/>');
    xlsx.file('xl/workbook.xml', '<workbook/>');
    const zip = new JSZip();
    zip.file('a.txt', 'hello');
    const broken = new JSZip();
    broken.file('[Content_Types].xml', '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
    broken.file('word/document.xml', '<w:document><w:body><w:p>');
    const garbage = new Uint8Array(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    cases.push(
      ['总结.pdf', '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', /是PDF文件。import-text 读取 UTF-8 文字（\.txt）或 Word（\.docx）：请在 Word\/WPS 中打开后另存为 \.docx，或把文字复制到 \.txt 文件。未写入任何文件。/],
      ['扫描件.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /是PNG 图片文件，其中的文字无法读取。.*文字识别（OCR）/],
      ['照片.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]), /是JPEG 图片文件/],
      ['空.txt', '', /是空文件，没有可导入的文字/],
      ['只有空行.txt', '\uFEFF\n\n  \n', /是空文件/],
      ['旧版.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /是旧版 Word\/Excel（\.doc\/\.xls，OLE2）文件。.*另存为 \.docx/],
      ['参保.xlsx', await xlsx.generateAsync({ type: 'uint8array' }), /是Excel（\.xlsx）文件，是统计表：请用 yearbook import .*参保\.xlsx --into 目录 导入/],
      ['文字.txt.zip', await zip.generateAsync({ type: 'uint8array' }), /是ZIP 压缩文件/],
      ['乱码.txt', garbage, /不是文字文件（含二进制内容）/],
      ['gbk.txt', new Uint8Array([0xcd, 0xa8, 0xc1, 0xc9, 0xca, 0xd0, 0xd2, 0xbd, 0xb1, 0xa3, 0x0a]), /不是 UTF-8 编码的文字（可能是 GBK）.*另存为 UTF-8 编码的 \.txt/],
      ['损坏.docx', await broken.generateAsync({ type: 'uint8array' }), /看起来是 Word 文件，但已损坏，无法读取（其中的文档内容不是完整的 XML）。请在 Word\/WPS 中打开并重新另存为 \.docx/],
      ['空白.docx', await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(''), new Paragraph('  ')] }] })), /是 Word 文件，但其中没有文字，没有可导入的内容。未写入任何文件。/],
      ['截断.docx', (await entryDocx()).subarray(0, 2000), /看起来是 Word 文件，但已损坏，无法读取（压缩包结构损坏，可能没有下载或复制完整）/],
    );
  });

  it('tells them apart by their bytes', () => {
    expect(cases.map(([name, bytes]) => `${name} ${fileKind(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes)}`)).toEqual([
      '总结.pdf pdf',
      '扫描件.png png',
      '照片.jpg jpeg',
      '空.txt empty',
      '只有空行.txt empty',
      '旧版.doc doc',
      '参保.xlsx xlsx',
      '文字.txt.zip zip',
      '乱码.txt binary',
      'gbk.txt not-utf8',
      '损坏.docx docx',
      '空白.docx docx',
      '截断.docx docx',
    ]);
  });

  it('refuses each with exit 2 and a message naming what it is and what to do; nothing is written', () => {
    const before = listing(dir);
    for (const [name, bytes, message] of cases) {
      const f = join(tmp, name);
      writeFileSync(f, bytes);
      for (const out of [[], ['--out', '-']]) {
        const r = yearbook('import-text', f, '--region', '150500', '--year', '2023', '--into', dir, ...out);
        expect(r.status, `${name}: ${r.stderr}`).toBe(2);
        expect(r.stderr, name).toMatch(/^yearbook import-text：“/);
        expect(r.stderr, name).toMatch(message);
        expect(r.stderr, name).not.toMatch(/at .*\.js:\d+/);
        expect(r.stdout, name).toBe('');
      }
    }
    expect(listing(dir)).toEqual(before);
  });

  it('says it in English with --lang en', () => {
    const f = join(tmp, 'report.pdf');
    writeFileSync(f, '%PDF-1.4\n');
    const r = yearbook('import-text', f, '--region', '150500', '--year', '2023', '--into', dir, '--lang', 'en');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`yearbook import-text: “${f}” is a PDF file. import-text reads UTF-8 text (.txt) or Word (.docx): open it in Word or WPS and save it as .docx, or copy the text into a .txt file. Nothing was written.`);
  });

  it('a text file still imports as text, in UTF-8 or in UTF-16 with its byte order mark (Notepad’s “Unicode”)', () => {
    const text = '一、参保\n2023年全市基本医疗保险参保人数265.87万人。\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const [name, bytes] of [['短文.txt', Buffer.from(text)], ['短文-utf16le.txt', le], ['短文-utf16be.txt', be]] as const) {
      const f = join(tmp, name);
      writeFileSync(f, bytes);
      const r = yearbook('import-text', f, '--region', '150500', '--year', '2023', '--into', dataFolder(), '--out', '-');
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      expect(parse(r.stdout).figures.insured.total).toBe(265.87);
      expect(parse(r.stdout).summary.sections[0].title).toBe('参保');
    }
  });
});

describe('yearbook import (spreadsheets) on a file that is not one', () => {
  it('points a Word file to import-text and refuses a PDF named .xlsx, exit 2, nothing written', async () => {
    const dir = dataFolder();
    const before = listing(dir);
    const word = join(tmp, '条目.docx');
    writeFileSync(word, await entryDocx());
    const pdf = join(tmp, '参保.xlsx');
    writeFileSync(pdf, '%PDF-1.7\n');
    const w = yearbook('import', word, '--into', dir);
    expect(w.status).toBe(2);
    expect(w.stderr).toContain(`yearbook import：“${word}”是Word（.docx）文件，不是统计表。Word 文字稿请用 yearbook import-text ${word} --region 地区代码 --year 年份 导入`);
    const p = yearbook('import', pdf, '--into', dir);
    expect(p.status).toBe(2);
    expect(p.stderr).toContain(`“${pdf}”是PDF文件。yearbook import 读取 Excel（.xlsx）或 CSV 统计表：请在 Excel/WPS 中打开后另存为 .xlsx 或 .csv。未写入任何文件。`);
    expect(listing(dir)).toEqual(before);
  });
});

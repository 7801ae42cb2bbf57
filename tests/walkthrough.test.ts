/**
 * The README's walk-through, run as written in a fresh folder with the real command line: init a
 * folder for 通辽市 and its 旗县区, import figures from a real .xlsx (dry run, then for real), add an
 * entry by hand and a pasted work summary with import-text (merged into the document init made),
 * preview it with serve, check, then build the PDFs and the Word files — and read what they print.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve('bin/yearbook.js');
const work = mkdtempSync(join(tmpdir(), 'yearbook-walk-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `npx yearbook ARGS` in the walk-through's folder. */
function yearbook(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000' } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** `npx yearbook build ARGS` (Chromium: this file is a browser test). */
function build(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'build', ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000' } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function pdftext(file: string): string {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.replace(/\s+/g, '');
}

describe('the README walk-through, as written', () => {
  it('init → import xlsx → an entry and import-text → serve → check → build PDF and docx', async () => {
    // 1. the folder
    const init = yearbook('init', 'tongliao', '--region', '150500', '--with-children', '--year', '2023');
    expect(init.status, init.err).toBe(0);
    const regions = parse(readFileSync(join(work, 'tongliao/regions.yaml'), 'utf8')) as { regions: { code: string; name: string; children?: { code: string; name: string }[] }[] };
    const children = regions.regions.flatMap((r) => r.children ?? []).filter((c) => existsSync(join(work, 'tongliao/2023', `${c.code}.yaml`)));
    expect(children.map((c) => c.name)).toContain('科尔沁区');

    // 2. the figures from Excel: a row per 旗县区, columns headed by catalogue labels with units
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('2023');
    ws.addRow(['地区', '基本医疗保险参保人数(万人)', '职工基本医疗保险参保人数(万人)', '城乡居民基本医疗保险参保人数(万人)']);
    children.forEach((c, i) => {
      const employee = 5 + i;
      const resident = 30 + 2 * i;
      const row = ws.addRow([c.name, employee + resident + 0.25, employee + 0.1, resident + 0.15]);
      for (const col of [2, 3, 4]) row.getCell(col).numFmt = '0.00';
    });
    await wb.xlsx.writeFile(join(work, 'figures.xlsx'));
    const kerqin = join(work, 'tongliao/2023/150502.yaml');
    const before = readFileSync(kerqin, 'utf8');
    const dry = yearbook('import', 'figures.xlsx', '--into', 'tongliao', '--dry-run');
    expect(dry.status, dry.out + dry.err).toBe(0);
    expect(readFileSync(kerqin, 'utf8')).toBe(before);
    const imp = yearbook('import', 'figures.xlsx', '--into', 'tongliao');
    expect(imp.status, imp.out + imp.err).toBe(0);
    const imported = readFileSync(kerqin, 'utf8');
    expect(imported).toContain('total: 35.25');
    expect(imported.startsWith(before.slice(0, before.indexOf('figures:')))).toBe(true);

    // 3. the text: an entry added by hand, as the README shows it …
    appendFileSync(kerqin, 'entry:\n  author: 科尔沁区医疗保障局\n  sections:\n    - title: 概况\n      text: "{{year}}年，全区基本医疗保险参保{{insured.total}}，其中职工{{insured.employee}}。"\n');
    // … and a pasted work summary turned into the same document (merged: nothing lost)
    writeFileSync(join(work, '总结.txt'), '科尔沁区医疗保障局2023年工作总结\n\n一、参保扩面\n全区基本医疗保险参保35.25万人,其中城乡居民基本医疗保险参保30.15万人。\n');
    const text = yearbook('import-text', '总结.txt', '--region', '150502', '--year', '2023', '--into', 'tongliao');
    expect(text.status, text.err).toBe(0);
    const merged = readFileSync(kerqin, 'utf8');
    expect(merged).toContain('author: 科尔沁区医疗保障局');
    expect(merged).toContain('total: 35.25');
    expect(merged).toMatch(/^summary:/m);
    expect(merged).not.toMatch(/^source:/m);

    // 4. the preview
    const serve = spawn(process.execPath, [BIN, 'serve', 'tongliao', '--port', '0'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let seen = '';
        const timer = setTimeout(() => fail(new Error(`serve did not start: ${seen}`)), 20_000);
        serve.stdout.on('data', (d: Buffer) => {
          seen += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\/?/.exec(seen);
          if (m) {
            clearTimeout(timer);
            ok(m[0]);
          }
        });
      });
      const index = await (await fetch(url)).text();
      expect(index).toContain('科尔沁区');
      const page = await (await fetch(new URL('/render?kind=entry&file=2023%2F150502.yaml', url))).text();
      expect(page).toContain('data-yb="insured.total"');
      expect(page).toContain('35.25万人');
    } finally {
      serve.kill('SIGINT');
      await new Promise((r) => serve.once('exit', r));
    }

    // 5. check and print
    const check = yearbook('check', 'tongliao');
    expect(check.status, check.out).toBe(0);
    const pdf = build('tongliao', '--out', 'out');
    expect(pdf.status, pdf.err).toBe(0);
    const entry = pdftext(join(work, 'out/2023/150502/entry.pdf'));
    expect(entry).toContain('2023年，全区基本医疗保险参保35.25万人，其中职工5.10万人。'.replace(/\s+/g, ''));
    expect(entry).toContain('科尔沁区医疗保障局');
    expect(pdftext(join(work, 'out/2023/150502/summary.pdf'))).toContain('城乡居民基本医疗保险参保30.15万人');
    expect(pdftext(join(work, 'out/2023/chapter.pdf'))).toContain('科尔沁区');
    const docx = build('tongliao', '--out', 'out', '--format', 'docx');
    expect(docx.status, docx.err).toBe(0);
    expect(existsSync(join(work, 'out/2023/150502/entry.docx'))).toBe(true);
    expect(existsSync(join(work, 'out/2023/chapter.docx'))).toBe(true);
  }, 240_000);
});

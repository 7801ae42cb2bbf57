/** The folder walk and loader limits: symbolic-link loops, alias bombs inside figures, messages in the user's terms. */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkFolder } from '../src/app/check.js';
import { folderEntry, listFolder, readBuffer, readEntry, readInto } from '../src/io/folder.js';
import { render } from '../src/core/findings/messages.js';
import { REGIONS, removeFolder, writeFolder } from './helpers.js';

const INDICATORS = 'indicators:\n  insured.total: {label: 参保人数, unit: 万人}\n';
const DOC = 'region: "150000"\nyear: 2022\nfigures:\n  insured:\n    total: 3\n';
let dir = '';
afterEach(() => removeFolder(dir));

describe('folder walk', () => {
  it('does not follow a symbolic link back up the tree', () => {
    dir = writeFolder({ 'regions.yaml': REGIONS, 'indicators.yaml': INDICATORS, '2022/150000.yaml': DOC });
    symlinkSync('..', join(dir, '2022', 'up'));
    const r = checkFolder(dir);
    expect(r.summary.documents).toBe(1);
    expect(r.findings).toEqual([]);
  });

  it('an alias bomb inside figures gives one finding, not thousands', () => {
    const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    let bomb = 'region: "150000"\nyear: 2022\nfigures:\n';
    bomb += `  a: &a {x1: 1, x2: 1, x3: 1, x4: 1, x5: 1, x6: 1, x7: 1, x8: 1, x9: 1}\n`;
    for (let i = 1; i < levels.length; i++) {
      const p = levels[i - 1];
      bomb += `  ${levels[i]}: &${levels[i]} {y1: *${p}, y2: *${p}, y3: *${p}, y4: *${p}, y5: *${p}, y6: *${p}, y7: *${p}, y8: *${p}, y9: *${p}}\n`;
    }
    dir = writeFolder({ 'regions.yaml': REGIONS, 'indicators.yaml': INDICATORS, '2022/150000.yaml': DOC, '2022/bomb.yaml': bomb });
    const r = checkFolder(dir);
    const inBomb = r.findings.filter((f) => f.file.endsWith('bomb.yaml'));
    expect(inBomb.map((f) => [f.kind, f.line, f.column])).toEqual([['yaml', 1, 1]]);
    expect(render(inBomb[0]!.message)).toContain('别名炸弹');
    expect(r.summary.documents).toBe(1);
  });

  it('names a broken rule in Chinese', () => {
    dir = writeFolder({ 'regions.yaml': REGIONS, 'indicators.yaml': INDICATORS + 'rules:\n  - insured.total + = 3\n', '2022/150000.yaml': DOC });
    const f = checkFolder(dir).findings.find((x) => x.kind === 'schema')!;
    expect(render(f.message)).toBe('规则“insured.total + = 3”无法解析：此处不应出现“=”');
  });
});

describe('reading for the fast lane', () => {
  it('readInto gives each file\'s bytes, growing its buffer for a large one, and null where readEntry has a reason', () => {
    dir = writeFolder({ 'regions.yaml': REGIONS, 'indicators.yaml': INDICATORS, '2022/150000.yaml': DOC });
    const big = 'x'.repeat(200_000) + '\n';
    writeFileSync(join(dir, 'big.yaml'), big);
    writeFileSync(join(dir, 'empty.yaml'), '');
    mkdirSync(join(dir, 'folder.yaml'));
    const rb = readBuffer();
    const first = rb.buf.length;
    expect(Buffer.from(readInto(join(dir, '2022', '150000.yaml'), rb)!).toString('utf8')).toBe(DOC);
    expect(readInto(join(dir, 'big.yaml'), rb)!.length).toBe(big.length);
    expect(rb.buf.length).toBeGreaterThan(first);
    // the buffer is reused: the next file is read into it whole, not after the last one
    expect(Buffer.from(readInto(join(dir, 'indicators.yaml'), rb)!).toString('utf8')).toBe(readFileSync(join(dir, 'indicators.yaml'), 'utf8'));
    expect(readInto(join(dir, 'empty.yaml'), rb)!.length).toBe(0);
    expect(readInto(join(dir, 'missing.yaml'), rb)).toBeNull();
    expect(readInto(join(dir, 'folder.yaml'), rb)).toBeNull();
  });

  it('folderEntry rebuilds the entries listFolder gives from their paths, and they read the same', () => {
    for (const d of ['data', 'data/', './data']) {
      for (const e of listFolder(d)) {
        expect(folderEntry(d, e.rel, e.problem)).toEqual(e);
        expect(readEntry(folderEntry(d, e.rel, e.problem))).toEqual(readEntry(e));
      }
    }
  });
});

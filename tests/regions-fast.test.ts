// Differential test of the fast regions.yaml reader (core/parse/regions-fast.ts): wherever it
// accepts a text, it gives exactly the RegionTree the full reader (yaml package + loadRegions)
// gives, and the full reader reports nothing; on the project's own region files it does accept.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastRegions } from '../src/core/parse/regions-fast.js';
import { parseYaml } from '../src/core/parse/yaml-tree.js';
import { loadRegions } from '../src/core/parse/regions.js';
import { sourceFile } from '../src/core/parse/source-file.js';
import type { Finding, RegionTree } from '../src/core/model/types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function slow(text: string): { tree: RegionTree | null; findings: number } {
  const { tree, issues } = parseYaml(text);
  if (issues.length > 0 || !tree.root) return { tree: null, findings: issues.length || 1 };
  const out: Finding[] = [];
  const t = loadRegions(sourceFile('regions.yaml', 'regions.yaml', text, tree.lines), tree, out);
  return { tree: t, findings: out.length };
}

/** A tree as plain data, every field and every order. */
function plainTree(t: RegionTree): unknown {
  return {
    roots: t.roots,
    byCode: [...t.byCode.entries()].map(([k, r]) => [k, { ...r }]),
    byName: [...t.byName.entries()].map(([k, rs]) => [k, rs.map((r) => r.code)]),
  };
}

/** The fast reader either declines or agrees with the full reader, which then reports nothing. */
function agreeOrDecline(text: string): boolean {
  const fast = fastRegions(text);
  if (!fast) return false;
  const s = slow(text);
  expect(s.findings).toBe(0);
  expect(plainTree(fast)).toEqual(plainTree(s.tree!));
  return true;
}

function regionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? regionFiles(p) : /^regions\.ya?ml$/.test(n) ? [p] : [];
  });
}

describe('fast regions.yaml reader', () => {
  const own = [join(ROOT, 'data', 'regions.yaml'), ...regionFiles(join(ROOT, 'tests', 'fixtures'))];

  it('reads the example data and every fixture region tree as the full reader does', () => {
    let accepted = 0;
    for (const f of own) if (agreeOrDecline(readFileSync(f, 'utf8'))) accepted++;
    // data/regions.yaml at least is in the plain shape
    expect(fastRegions(readFileSync(join(ROOT, 'data', 'regions.yaml'), 'utf8'))).not.toBeNull();
    expect(accepted).toBeGreaterThan(0);
  });

  it('reads a national tree (3,340 regions) as the full reader does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yb-regions-'));
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-national.mjs'), dir, '--years', '1'], { stdio: 'ignore' });
      const text = readFileSync(join(dir, 'regions.yaml'), 'utf8');
      expect(agreeOrDecline(text)).toBe(true);
      expect(fastRegions(text)!.byCode.size).toBeGreaterThan(3000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('declines, or agrees, on every one-line change of a tree', () => {
    const base = readFileSync(join(ROOT, 'data', 'regions.yaml'), 'utf8');
    const lines = base.split('\n');
    const edits: ((l: string) => string)[] = [
      (l) => l + ' ',
      (l) => ' ' + l,
      (l) => l.slice(2),
      (l) => l + ' # note',
      (l) => l.replace(': ', ':'),
      (l) => l.replace(': ', ': "') + '"',
      (l) => l.replace(/"(\d+)"/, '$1'),
      (l) => l.replace(/"(\d+)"/, '"$1x"'),
      (l) => l.replace(/"(\d+)"/, "'$1'"),
      (l) => l.replace(/name: .*/, 'name:'),
      (l) => l.replace(/name: .*/, 'name: a: b'),
      (l) => l.replace(/name: .*/, 'name: [x]'),
      (l) => l.replace('name', 'nmae'),
      (l) => l.replace('short', 'colour'),
      (l) => l.replace('children:', 'children: []'),
      (l) => l.replace('- code', '-  code'),
      (l) => l.replace('- code', 'code'),
      (l) => '',
      (l) => `${l}\n${l}`,
      (l) => l.replace(/\S.*/, '# comment'),
      (l) => l + '\t',
      (l) => l + '\u3000',
    ];
    let declined = 0;
    let agreed = 0;
    for (let i = 0; i < lines.length; i++) {
      for (const edit of edits) {
        const changed = [...lines];
        changed[i] = edit(lines[i]!);
        if (agreeOrDecline(changed.join('\n'))) agreed++;
        else declined++;
      }
    }
    // two neighbouring lines swapped
    for (let i = 0; i + 1 < lines.length; i++) {
      const changed = [...lines];
      [changed[i], changed[i + 1]] = [lines[i + 1]!, lines[i]!];
      if (agreeOrDecline(changed.join('\n'))) agreed++;
      else declined++;
    }
    // both happen: the reader is no trivial "always decline" and no "always accept"
    expect(declined).toBeGreaterThan(lines.length);
    expect(agreed).toBeGreaterThan(0);
  });

  it('declines what the full reader reports: a duplicate code, a missing name, a folded duplicate key', () => {
    const dup = 'regions:\n  - code: "1"\n    name: 甲\n    children:\n      - code: "1"\n        name: 乙\n';
    expect(fastRegions(dup)).toBeNull();
    expect(slow(dup).findings).toBeGreaterThan(0);
    const noName = 'regions:\n  - code: "1"\n    short: 甲\n';
    expect(fastRegions(noName)).toBeNull();
    expect(slow(noName).findings).toBeGreaterThan(0);
    const twice = 'regions:\n  - code: "1"\n    name: 甲\n    name: 乙\n';
    expect(fastRegions(twice)).toBeNull();
    expect(slow(twice).findings).toBeGreaterThan(0);
    const ok = 'regions:\n  - code: "1"\n    name: 甲\n    short: 甲地\n    children:\n      - code: "11"\n        name: 乙\n      - code: 12\n        name: 丙\n  - code: "2"\n    name: 丁\n';
    expect(agreeOrDecline(ok)).toBe(true);
    expect(fastRegions(ok)!.byCode.get('1')!.children).toEqual(['11', '12']);
    expect(fastRegions(ok)!.roots).toEqual(['1', '2']);
  });
});

/**
 * Fixture-driven tests for every finding kind: each YAML file under tests/fixtures/kinds carries its
 * expected findings as `# expect: kind@column[:severity]` comments on the line they belong to. A
 * file without markers must produce no finding at all.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFolder } from '../src/app/check.js';
import { FINDING_KINDS } from '../src/core/model/types.js';

const DIR = 'tests/fixtures/kinds';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : n.endsWith('.yaml') ? [p] : [];
  });
}

interface Expected {
  file: string;
  line: number;
  column: number;
  kind: string;
  severity: string;
}

function markers(file: string): Expected[] {
  const out: Expected[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    const m = /# expect: (.*)$/.exec(text);
    if (!m) return;
    for (const part of m[1]!.split(',')) {
      const mm = /^\s*([a-z-]+)@(\d+)(?::(\w+))?\s*$/.exec(part);
      if (!mm) throw new Error(`bad marker in ${file}:${i + 1}: ${part}`);
      out.push({ file, line: i + 1, column: Number(mm[2]), kind: mm[1]!, severity: mm[3] ?? '' });
    }
  });
  return out;
}

const report = checkFolder(DIR);
const files = yamlFiles(DIR).sort();

describe('finding kinds (fixtures with # expect markers)', () => {
  for (const file of files) {
    it(relative(DIR, file), () => {
      const expected = markers(file);
      const actual = report.findings.filter((f) => f.file === file);
      const key = (e: { line: number; column: number; kind: string }): string => `${e.line}:${e.column} ${e.kind}`;
      expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
      for (const e of expected) {
        if (!e.severity) continue;
        const f = actual.find((a) => a.line === e.line && a.column === e.column && a.kind === e.kind)!;
        expect(f.severity).toBe(e.severity);
      }
    });
  }

  it('covers every finding kind with at least one expected finding', () => {
    const kinds = new Set(files.flatMap((f) => markers(f).map((m) => m.kind)));
    expect([...FINDING_KINDS].filter((k) => !kinds.has(k))).toEqual([]);
  });

  it('default severities follow FORMAT.md §7 unless a rule or accept says otherwise', () => {
    for (const f of report.findings) {
      if (['overdue', 'accept', 'text'].includes(f.kind)) expect(f.severity).toBe('warning');
      if (['yaml', 'schema', 'change', 'aggregate', 'range', 'duplicate-document', 'duplicate-task', 'reference'].includes(f.kind)) expect(f.severity).not.toBe('warning');
    }
  });
});

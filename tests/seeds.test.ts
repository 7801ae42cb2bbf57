/**
 * The example data transcribes the five seeds: `yearbook check data` exits 0 and lists the accepted
 * published inconsistency; the as-published transcription of seeds 003 and 004 yields exactly the
 * findings listed in tests/fixtures/as-published.expected.yaml.
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface JsonFinding {
  kind: string;
  severity: string;
  path: string | null;
  file: string;
  line: number;
  column: number;
  message: string;
  accepted: string | null;
}

function check(dir: string): { status: number; findings: JsonFinding[]; summary: Record<string, number> } {
  const r = spawnSync(process.execPath, ['bin/yearbook.js', 'check', dir, '--format', 'json'], { encoding: 'utf8' });
  const rep = JSON.parse(r.stdout);
  return { status: r.status!, findings: rep.findings, summary: rep.summary };
}

describe('data/: every seed transcribed', () => {
  const r = check('data');

  it('exits 0: no error', () => {
    expect(r.status).toBe(0);
    expect(r.summary.errors).toBe(0);
  });

  it('has a document for each seed', () => {
    expect(r.summary.documents).toBeGreaterThanOrEqual(5);
    for (const f of ['2022/150000.yaml', '2023/150500.yaml', '2022/530581.yaml', '2023/150200.yaml', '2021/330225.yaml']) {
      expect(() => readFileSync(`data/${f}`)).not.toThrow();
    }
  });

  it('lists the published 369.07 as accepted, with its reason', () => {
    const acc = r.findings.filter((f) => f.severity === 'info');
    expect(acc).toHaveLength(1);
    expect(acc[0]).toMatchObject({ kind: 'equation', path: 'fund.basic.expenditure', file: 'data/2022/150000.yaml' });
    expect(acc[0]!.message).toContain('369.07亿元');
    expect(acc[0]!.message).toContain('369.29亿元');
    expect(acc[0]!.accepted).toMatch(/原文/);
  });

  it('warns only about what is true of the seeds: months of payment and overdue Baotou tasks', () => {
    // data/ is punctuated (yearbook fix): no half-width punctuation warning is left
    const warnings = r.findings.filter((f) => f.severity === 'warning').map((f) => `${f.kind} ${f.file} ${f.path}`);
    expect(warnings.sort()).toEqual([
      'inequality data/2021/530581.yaml fund.resident.payable_months',
      'overdue data/2023/150200.yaml plan.tasks[1]',
      'overdue data/2023/150200.yaml plan.tasks[6]',
      'overdue data/2023/150200.yaml plan.tasks[8]',
    ]);
  });

  it('the Baotou plan has all 26 tasks', () => {
    const plan = parse(readFileSync('data/2023/150200.yaml', 'utf8')).plan;
    expect(plan.tasks).toHaveLength(26);
    expect(plan.tasks.map((t: { no: number }) => Number(t.no))).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
  });
});

describe('seeds 003 and 004 as published', () => {
  const dir = 'tests/fixtures/as-published';
  const r = check(dir);
  const expected = (parse(readFileSync('tests/fixtures/as-published.expected.yaml', 'utf8')) as { kind: string; path: string; file: string; line: number; column: number; severity: string }[]);
  const key = (f: { kind: string; path: string | null; file: string; line: number; column: number; severity: string }): string => `${f.file.replace(`${dir}/`, '')}:${f.line}:${f.column} ${f.kind} ${f.severity} ${f.path}`;

  it('exits 1', () => expect(r.status).toBe(1));

  it('reports exactly the expected findings at their positions', () => {
    expect(r.findings.map(key).sort()).toEqual(expected.map(key).sort());
  });

  it('includes the 369.07 equation, the duplicated sections, the unclosed parenthesis and the 180.83元 unit slip', () => {
    const kinds = r.findings.map((f) => `${f.kind} ${f.path}`);
    expect(kinds).toContain('equation fund.basic.expenditure');
    expect(r.findings.filter((f) => f.kind === 'duplicate-section')).toHaveLength(4);
    expect(r.findings.some((f) => f.kind === 'text' && /“\(”没有配对/.test(f.message))).toBe(true);
    const unit = r.findings.find((f) => f.kind === 'unit')!;
    expect(unit.path).toBe('maternity.medical');
    expect(unit.message).toContain('180.83元');
    expect(unit.message).toContain('万元');
  });
});

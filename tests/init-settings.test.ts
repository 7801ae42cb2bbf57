/**
 * `yearbook init` and the user's .vscode/settings.json and extensions.json (JSON with comments):
 * comments, other keys, their order and layout are kept byte for byte, only the keys init needs
 * are set; a file that is not JSON with comments is left untouched with a Chinese warning.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'jsonc-parser';
import { mergeSettings, scaffold, SCHEMA_GLOBS } from '../src/init/scaffold.js';
import { DEFAULT_SCHEMA_PATH } from '../src/schema/json-schema.js';

const KEY = `./${DEFAULT_SCHEMA_PATH}`;

const SETTINGS = `{
    // 编辑器:四格缩进
    "editor.tabSize": 4,
    /* 行尾
       统一为 LF */
    "files.eol": "\\n", // 不要改
    "workbench.colorTheme": "Default Light+",
}
`;

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** An empty data folder with the given files under .vscode/. */
function folder(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'yearbook-init-settings-')), 'data');
  temps.push(dirname(dir));
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, '.vscode', name), text);
  return dir;
}

function dirname(p: string): string {
  return p.slice(0, p.lastIndexOf('/'));
}

function values(text: string): Record<string, unknown> {
  const errors: unknown[] = [];
  const v = parse(text, errors as never, { allowTrailingComma: true }) as Record<string, unknown>;
  expect(errors).toEqual([]);
  return v;
}

describe('mergeSettings', () => {
  it('keeps comments, the trailing comma and unrelated keys byte for byte and adds yaml.schemas', () => {
    const out = mergeSettings(SETTINGS, KEY)!;
    // everything up to the last property is unchanged; the new key follows it in the file's indentation
    const head = SETTINGS.slice(0, SETTINGS.indexOf('    "workbench.colorTheme"'));
    expect(out.startsWith(head)).toBe(true);
    for (const kept of ['// 编辑器:四格缩进', '/* 行尾\n       统一为 LF */', '"files.eol": "\\n", // 不要改', '    "workbench.colorTheme": "Default Light+",']) expect(out).toContain(kept);
    expect(out).toContain(`\n    "yaml.schemas": {\n        "${KEY}": [\n            "**/*.yaml",`);
    expect(values(out)).toEqual({ 'editor.tabSize': 4, 'files.eol': '\n', 'workbench.colorTheme': 'Default Light+', 'yaml.schemas': { [KEY]: SCHEMA_GLOBS } });
    // a second run changes nothing
    expect(mergeSettings(out, KEY)).toBe(out);
  });

  it('adds to an existing yaml.schemas, its other schemas and comments kept', () => {
    const text = '{\n  "yaml.schemas": {\n    // 其他项目\n    "https://json.schemastore.org/github-workflow.json": ".github/workflows/*.yml"\n  }\n}\n';
    const out = mergeSettings(text, KEY)!;
    expect(out).toContain('    // 其他项目\n    "https://json.schemastore.org/github-workflow.json": ".github/workflows/*.yml",\n');
    expect(values(out)['yaml.schemas']).toEqual({ 'https://json.schemastore.org/github-workflow.json': '.github/workflows/*.yml', [KEY]: SCHEMA_GLOBS });
  });

  it('leaves a comment that ends the last line on that line', () => {
    const out = mergeSettings('{\n  "editor.tabSize": 2,\n  "files.eol": "\\n" // 不要改\n}\n', KEY)!;
    expect(out.startsWith('{\n  "editor.tabSize": 2,\n  "files.eol": "\\n", // 不要改\n  "yaml.schemas": {\n')).toBe(true);
    const trailing = mergeSettings('{\n  "yaml.schemas": {\n    "a.json": "*.yml", /* 旧 */\n  },\n}\n', KEY)!;
    expect(trailing).toContain('    "a.json": "*.yml", /* 旧 */\n    "./');
    expect(trailing.endsWith('    ],\n  },\n}\n')).toBe(true);
  });

  it('keeps tabs and CRLF line ends, and a file of comments only', () => {
    const out = mergeSettings('{\r\n\t"a": 1\r\n}\r\n', KEY)!;
    expect(out.startsWith('{\r\n\t"a": 1,\r\n\t"yaml.schemas": {\r\n\t\t')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const only = mergeSettings('// 还没有设置', KEY)!;
    expect(only.startsWith('// 还没有设置\n{\n  "yaml.schemas"')).toBe(true);
    expect(values(only)).toEqual({ 'yaml.schemas': { [KEY]: SCHEMA_GLOBS } });
  });

  it('refuses what is not JSON with comments', () => {
    for (const bad of ['not json', '{"a": 1 "b": 2}', '[1, 2]', '{"a": 1', '{"a": /* 未结束 }']) expect(mergeSettings(bad, KEY), bad).toBeNull();
  });
});

describe('yearbook init and .vscode', () => {
  it('merges into settings.json and extensions.json keeping the user comments', () => {
    const extensions = '{\n\t// See https://go.microsoft.com/fwlink/?LinkId=827846\n\t"recommendations": [\n\t\t"editorconfig.editorconfig"\n\t]\n}\n';
    const dir = folder({ 'settings.json': SETTINGS, 'extensions.json': extensions });
    const res = scaffold({ dir, region: '150500', year: 2023, depth: 0 });
    expect(res.warnings).toEqual([]);
    const settings = readFileSync(join(dir, '.vscode/settings.json'), 'utf8');
    expect(settings).toBe(mergeSettings(SETTINGS, KEY));
    expect(settings).toContain('/* 行尾\n       统一为 LF */');
    const ext = readFileSync(join(dir, '.vscode/extensions.json'), 'utf8');
    expect(ext).toBe('{\n\t// See https://go.microsoft.com/fwlink/?LinkId=827846\n\t"recommendations": [\n\t\t"editorconfig.editorconfig",\n\t\t"redhat.vscode-yaml"\n\t]\n}\n');
    expect(res.files).toContain('.vscode/settings.json');
  });

  it('keeps a byte order mark', () => {
    const dir = folder({ 'settings.json': '\ufeff{\n  "a": 1 // 注释\n}\n' });
    expect(scaffold({ dir, region: '150500', year: 2023, depth: 0 }).warnings).toEqual([]);
    const out = readFileSync(join(dir, '.vscode/settings.json'), 'utf8');
    expect(out.startsWith('\ufeff{\n  "a": 1, // 注释\n  "yaml.schemas"')).toBe(true);
  });

  it('leaves a settings.json that is not JSON untouched and says so in Chinese', () => {
    const broken = '{\n  "editor.tabSize": 4\n  "files.eol": "\\n"\n}\n';
    const dir = folder({ 'settings.json': broken });
    const res = scaffold({ dir, region: '150500', year: 2023, depth: 0 });
    expect(readFileSync(join(dir, '.vscode/settings.json'), 'utf8')).toBe(broken);
    expect(res.files).not.toContain('.vscode/settings.json');
    expect(res.warnings).toHaveLength(1);
    expect(res.warnings[0]).toMatch(/^\.vscode\/settings\.json 不是有效的 JSON\(第3行第3列:缺少逗号\),为免丢失其中的内容,未做改动;请修正后手工加入:"yaml\.schemas": \{/);
    expect(res.warnings[0]).toContain(`"${KEY}":["**/*.yaml"`);
    // the rest of the folder was written
    expect(res.files).toContain('regions.yaml');
  });
});

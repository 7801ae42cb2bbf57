/** `yearbook import-text FILE.txt --region CODE --year Y`: pasted text → a checked region-year document (src/import-text). */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from './io.js';

export const HELP = `yearbook import-text —— 把粘贴的文字稿(工作总结、年鉴条目、实施方案)转成地区年度数据文件

用法:
  yearbook import-text 文件.txt --region 地区代码 --year 年份 [选项]

做什么:
  - 繁体转简体(opencc-js),删去“發(fā)布”之类的拼音残留;
  - 编号标题变成嵌套的 sections:一、→ 第1层,(一)→ 第2层,1. / 1、→ 第3层,(1)→ 第4层;
    第一个标题之前的文字放在 summary.intro;【标题】变成 entry.sections,末尾的“(作者)”变成 entry.author;
  - 紧挨指标目录(indicators.yaml)标签或常见说法的数字变成 figures,正文中以 {{路径}} 引用;
    只取无歧义的数字,其余照原文保留;结果先用 yearbook check 核对,不通过的数字退回为文字。

选项:
  --region 代码              地区代码(或 regions.yaml 中的全称),必填
  --year 年份                数字所属年份,必填
  --into 目录                数据目录(默认 data):读取其中的 regions.yaml、indicators.yaml,
                             输出默认写到 目录/年份/地区代码.yaml
  --kind summary|entry|plan  文档类型(默认自动判断:有【】标题为 entry,实施方案为 plan,其余 summary)
  --out 文件                 输出文件;“-”表示打印到标准输出
  --force                    覆盖已存在的输出文件
  -h, --help                 显示本说明

退出状态:0 成功;1 结果仍有核对错误(文件照写,请人工处理);2 无法运行(选项有误、文件不存在、
输出文件已存在而未加 --force)

示例:
  yearbook import-text 腾冲.txt --region 530581 --year 2022 --out -
  yearbook import-text 通辽总结.txt --region 150500 --year 2023 --into data   # 写入 data/2023/150500.yaml
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
        into: { type: 'string', default: 'data' },
        kind: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
        lang: { type: 'string' },
        'no-color': { type: 'boolean' },
      },
    });
  } catch (e) {
    const err = e as { code?: string; message: string };
    const opt = /'(-[^']*)'/.exec(err.message)?.[1] ?? '';
    const why = err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `未知选项“${opt}”` : err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? `选项“${opt}”的值有误(需要一个值,或不接受值)` : err.message;
    io.err(`yearbook import-text: ${why}\n运行 yearbook import-text --help 查看用法。\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(HELP);
    return 0;
  }
  const fail = (m: string): number => {
    io.err(`yearbook import-text: ${m}\n运行 yearbook import-text --help 查看用法。\n`);
    return 2;
  };
  if (parsed.positionals.length !== 1) return fail(parsed.positionals.length === 0 ? '缺少要导入的文字文件' : `只能导入一个文件(收到:${parsed.positionals.join(' ')})`);
  const file = parsed.positionals[0]!;
  if (v.region === undefined || v.region.trim() === '') return fail('缺少 --region(地区代码)');
  if (v.year === undefined || !/^\d{4}$/.test(v.year)) return fail(v.year === undefined ? '缺少 --year(年份)' : `--year 需要四位年份,而不是“${v.year}”`);
  if (v.kind !== undefined && !['summary', 'entry', 'plan'].includes(v.kind)) return fail(`--kind 可为 summary、entry 或 plan,而不是“${v.kind}”`);
  const dir = v.into!;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return fail(`数据目录“${dir}”不存在`);
  if (!existsSync(join(dir, 'indicators.yaml'))) return fail(`数据目录“${dir}”中没有 indicators.yaml`);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return fail(`无法读取文件“${file}”`);
  }
  const lib = await import('../import-text/index.js');
  const ref = lib.loadReference(dir);
  let region = v.region.trim();
  if (!ref.regions.byCode.has(region)) {
    const byName = ref.regions.byName.get(region) ?? [];
    if (byName.length === 1) region = byName[0]!.code;
    else return fail(`“${region}”不是 ${join(dir, 'regions.yaml')} 中的地区`);
  }
  const year = Number(v.year);
  const out = v.out ?? join(dir, String(year), `${region}.yaml`);
  if (out !== '-' && existsSync(out) && !v.force) return fail(`“${out}”已存在;加 --force 覆盖,或用 --out 指定别的文件`);

  const r = lib.importText(raw, ref, { region, year, kind: v.kind as 'summary' | 'entry' | 'plan' | undefined, sourceName: basename(file) });
  if (out === '-') io.out(r.yaml);
  else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, r.yaml);
  }
  const errors = r.findings.filter((f) => f.severity === 'error');
  const warnings = r.findings.filter((f) => f.severity === 'warning');
  io.err(`yearbook import-text: ${r.kind},识别出 ${r.figures.size} 个数字${r.dropped.length ? `,${r.dropped.length} 个退回为文字` : ''}${out === '-' ? '' : `,已写入 ${out}`}\n`);
  for (const n of r.notes) io.err(`  注:${n}\n`);
  for (const d of r.dropped) io.err(`  退回 ${d.path}:${d.reason}\n`);
  for (const f of [...errors, ...warnings]) io.err(`  ${f.severity === 'error' ? '错误' : '警告'} [${f.kind}] ${f.path ?? ''} ${lib.renderMessage(f.message)}\n`);
  return errors.length > 0 ? 1 : 0;
}

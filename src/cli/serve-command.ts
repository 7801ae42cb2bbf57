/**
 * `yearbook serve [DIR] [--port 4321] [--host 127.0.0.1] [--templates DIR] [--lang zh|en]`: a live
 * preview of the data folder in the browser (src/serve/). Runs until SIGINT or SIGTERM, then closes
 * the server and returns 0; 2 for bad options (a --host that is not a loopback address, a bad port,
 * a missing data or templates folder) or when the port is taken.
 */
import { parseArgs } from 'node:util';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Io } from './io.js';
import { isLoopback, startServer, type RunningServer } from '../serve/server.js';
import { killAllBrowsers } from '../print/browser.js';
import { t } from '../core/findings/messages.js';
import { argError, langOf } from './args.js';

const HELP_ZH = `yearbook serve —— 在浏览器中预览数据目录：页面按印刷的样子显示，核对结果列在旁边，文件保存后自动刷新

用法：
  yearbook serve [目录] [选项]     目录默认 data

选项：
  --port N              端口（默认 4321；0 表示任选一个空闲端口）
  --host 地址           监听地址（默认 127.0.0.1；只允许本机地址 127.0.0.1、::1、localhost）
  --templates 目录      使用自己的模板副本（默认为程序自带的 templates）
  --lang zh|en          核对结果的语言（默认 zh）
  -h, --help            显示本说明

每个文件有两种看法：快速预览（默认，HTML，不分页）和分页预览（预览页顶部的按钮：用 Chromium 按
yearbook build 的排版打印成页，显示为页面图像，含分页、书眉、页码；需要 Chromium 和 pdftoppm）。

按 Ctrl-C 停止。

退出状态：0 已停止；2 无法运行（目录不存在、选项有误、端口已被占用）

示例：
  yearbook serve data                       # 打开 http://127.0.0.1:4321/
  yearbook serve data --port 8080
  yearbook serve data --templates 我的模板  # 修改模板时预览效果
`;

const HELP_EN = `yearbook serve — previews a data folder in the browser: the pages as they will print, the findings beside them, refreshed whenever a file is saved

Usage:
  yearbook serve [DIR] [options]   DIR defaults to data

Options:
  --port N              port (default 4321; 0 picks a free one)
  --host ADDRESS        address to listen on (default 127.0.0.1; only this machine: 127.0.0.1, ::1, localhost)
  --templates DIR       your own copy of the templates (default: the bundled templates)
  --lang zh|en          language of the findings (default zh)
  -h, --help            show this help

Each document has two views: the fast view (default, HTML, not paginated) and the paged view (the
button in the viewer's header: printed by Chromium as yearbook build prints it and shown as page images,
with page breaks, running heads and folios; needs Chromium and pdftoppm).

Ctrl-C stops it.

Exit status: 0 stopped; 2 could not run (no such folder, bad options, the port is taken)

Examples:
  yearbook serve data                       # open http://127.0.0.1:4321/
  yearbook serve data --port 8080 --lang en
`;

export interface ServeRunOptions {
  /** Resolves when the server should stop (tests); default: SIGINT or SIGTERM. */
  until?: Promise<unknown>;
  /** Called once listening (tests). */
  onListening?: (server: RunningServer) => void;
}

export async function run(argv: string[], io: Io, extra: ServeRunOptions = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', default: '4321' },
        host: { type: 'string', default: '127.0.0.1' },
        templates: { type: 'string' },
        lang: { type: 'string', default: 'zh' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    const lang = langOf(argv);
    io.err(`yearbook serve${lang === 'en' ? ': ' : '：'}${argError(e, { argv, lang })}\n${t('cli.see-help', { command: 'serve' }, lang)}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(v.lang === 'en' ? HELP_EN : HELP_ZH);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    io.err(`yearbook serve：只能指定一个数据目录（收到：${parsed.positionals.join(' ')}）\n`);
    return 2;
  }
  const host = String(v.host);
  if (!isLoopback(host)) {
    io.err(`yearbook serve：--host 只允许本机地址（127.0.0.1、::1、localhost），而不是“${host}”：预览会显示未发布的数据和文件路径，不对外提供\n`);
    return 2;
  }
  const portText = String(v.port);
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    io.err(`yearbook serve：--port 需要0到65535之间的整数，而不是“${portText}”\n`);
    return 2;
  }
  if (v.lang !== 'zh' && v.lang !== 'en') {
    io.err(`yearbook serve：不支持的语言“${String(v.lang)}”；可用：zh、en\n`);
    return 2;
  }
  const dir = parsed.positionals[0] ?? 'data';
  if (!isFolder(dir)) {
    io.err(`yearbook serve：数据目录“${dir}”不存在或不是目录\n`);
    return 2;
  }
  const templates = typeof v.templates === 'string' ? v.templates : fileURLToPath(new URL('../../templates', import.meta.url));
  if (!isFolder(templates)) {
    io.err(`yearbook serve${v.lang === 'en' ? ': ' : '：'}${t('cli.templates-missing', { dir: templates }, v.lang)}\n`);
    return 2;
  }

  let server: RunningServer;
  try {
    server = await startServer({
      dir,
      templates,
      port,
      host,
      lang: v.lang,
      env: io.env,
      onReload: (version, ms) => io.err(`yearbook serve：已重新核对（第${version}版，${ms.toFixed(0)} ms）\n`),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.err(`yearbook serve：无法启动：${err.code === 'EADDRINUSE' ? `端口 ${port} 已被占用；换一个端口（--port）或用 --port 0` : err.message}\n`);
    return 2;
  }
  const s = server.preview.report.summary;
  io.out(`yearbook serve：${server.url}（数据目录 ${server.preview.dir}；端口 ${server.port}；${s.errors}个错误，${s.warnings}个警告；按 Ctrl-C 停止）\n`);
  extra.onListening?.(server);

  let onSignal: (() => void) | null = null;
  const stopped =
    extra.until ??
    new Promise<void>((resolve) => {
      onSignal = () => resolve();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
  // the paged view's Chromium (started on first use) dies with the process even when it is killed midway
  process.once('exit', killAllBrowsers);
  await stopped;
  if (onSignal) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  // closes the server and the paged view's Chromium
  await server.close();
  process.off('exit', killAllBrowsers);
  io.err('yearbook serve：已停止\n');
  return 0;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `yearbook serve [DIR] [--port 4321] [--host 127.0.0.1] [--templates DIR] [--lang zh|en]`: a live
 * preview of the data folder in the browser (src/serve/). Runs until SIGINT or SIGTERM, then closes
 * the server and returns 0; 2 for bad options (a --host that is not a loopback address, a bad port,
 * a missing folder) or when the port is taken.
 */
import { parseArgs } from 'node:util';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Io } from './io.js';
import { isLoopback, startServer, type RunningServer } from '../serve/server.js';

const HELP = `用法:yearbook serve [目录] [选项]     在浏览器中预览数据目录(默认 data),文件保存后自动刷新

  --port N              端口(默认 4321;0 表示任选一个空闲端口)
  --host 地址           监听地址(默认 127.0.0.1;只允许本机地址 127.0.0.1、::1、localhost)
  --templates 目录      使用自己的模板副本(默认为程序自带的 templates)
  --lang zh|en          核对结果的语言(默认 zh)

按 Ctrl-C 停止。
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
    io.err(`yearbook serve: ${(e as Error).message}\n运行 yearbook serve --help 查看用法。\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(HELP);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    io.err(`yearbook serve: 只能指定一个数据目录(收到:${parsed.positionals.join(' ')})\n`);
    return 2;
  }
  const host = String(v.host);
  if (!isLoopback(host)) {
    io.err(`yearbook serve: --host 只允许本机地址(127.0.0.1、::1、localhost),而不是“${host}”:预览会显示未发布的数据和文件路径,不对外提供\n`);
    return 2;
  }
  const portText = String(v.port);
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    io.err(`yearbook serve: --port 需要0到65535之间的整数,而不是“${portText}”\n`);
    return 2;
  }
  if (v.lang !== 'zh' && v.lang !== 'en') {
    io.err(`yearbook serve: 不支持的语言“${String(v.lang)}”;可用:zh、en\n`);
    return 2;
  }
  const dir = parsed.positionals[0] ?? 'data';
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
  } catch {
    io.err(`yearbook serve: 数据目录“${dir}”不存在或不是目录\n`);
    return 2;
  }
  const templates = typeof v.templates === 'string' ? v.templates : fileURLToPath(new URL('../../templates', import.meta.url));

  let server: RunningServer;
  try {
    server = await startServer({
      dir,
      templates,
      port,
      host,
      lang: v.lang,
      onReload: (version, ms) => io.err(`yearbook serve: 已重新核对(第${version}版,${ms.toFixed(0)} ms)\n`),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.err(`yearbook serve: 无法启动:${err.code === 'EADDRINUSE' ? `端口 ${port} 已被占用;换一个端口(--port)或用 --port 0` : err.message}\n`);
    return 2;
  }
  const s = server.preview.report.summary;
  io.out(`yearbook serve: ${server.url}  (数据目录 ${server.preview.dir};端口 ${server.port};${s.errors}个错误,${s.warnings}个警告;按 Ctrl-C 停止)\n`);
  extra.onListening?.(server);

  let onSignal: (() => void) | null = null;
  const stopped =
    extra.until ??
    new Promise<void>((resolve) => {
      onSignal = () => resolve();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
  await stopped;
  if (onSignal) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  await server.close();
  io.err('yearbook serve: 已停止\n');
  return 0;
}

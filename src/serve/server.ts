/**
 * `yearbook serve`: a local HTTP server (node:http) for previewing a data folder while it is edited.
 *
 *   GET /                         every document by year and region, with finding counts
 *   GET /view?file=REL&kind=K     a document beside its findings (K: entry, summary, plan)
 *   GET /view?kind=chapter&year=Y a year's chapter
 *   GET /api/view?…               what the view shows, as JSON (findings rendered in Chinese; with
 *                                 paged=1 without rendering the HTML first)
 *   GET /render?…&v=N             the document's HTML exactly as the build prints it
 *   GET /api/pages?…              the paged view: the document printed to PDF as the build prints it
 *                                 (by one warm Chromium), its pages' sizes and the PDF's hash
 *   GET /api/marks?h=HASH         the page each highlighted figure of that print is on
 *   GET /page.png?h=HASH&n=N      page N of that print as an image (pdftoppm, 96 dpi)
 *   GET /page.pdf?h=HASH          that print's PDF
 *   GET /fonts/PKG/FILE.woff2     the bundled fonts (the build's https://fonts.yearbook.invalid/…)
 *   GET /assets/viewer.js|.css    the viewer (templates/serve/)
 *   GET /events                   Server-Sent Events: `update` after each reload, `pages` when a
 *                                 paged view was printed again after its measurements moved
 *
 * Everything else is 404. Nothing is read from the disk by a path from the request: documents are
 * looked up among the loaded ones, fonts through fontFile() (which admits only the bundled
 * packages' woff2 files), assets by a fixed name pattern in templates/serve/. Requests whose Host is
 * not a loopback name are refused (DNS rebinding), and the rendered pages run without scripts
 * (Content-Security-Policy), as the build's pages do.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { FONT_ORIGIN, fontFaceCss, fontFile } from '../io/fonts.js';
import { escapeHtml } from '../render/text.js';
import { KIND_NAMES, localFonts, NotFound, Preview, type Kind, type PreviewOptions, type ViewKey } from '../app/preview.js';
import { PagedPreview } from '../app/preview-pages.js';
import { watchFolder, type Watcher } from './watch.js';

export interface ServeOptions extends PreviewOptions {
  port: number;
  host: string;
  /** Debounce of file-system events, ms. */
  debounceMs?: number;
  /** Called after each reload (tests, logging). */
  onReload?: (version: number, ms: number) => void;
  /** The environment the paged view's Chromium is found with (PUPPETEER_EXECUTABLE_PATH, SOURCE_DATE_EPOCH). */
  env?: Record<string, string | undefined>;
}

export interface RunningServer {
  url: string;
  port: number;
  preview: Preview;
  /** The paged view's printer (its Chromium starts on the first paged view). */
  paged: PagedPreview;
  watcher: Watcher;
  /** Reloads now (what a file change triggers). */
  reload(): void;
  close(): Promise<void>;
}

/** Loopback addresses only: the preview shows unpublished data and file paths. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

const KINDS: readonly Kind[] = ['entry', 'summary', 'plan', 'progress', 'chapter'];

function viewKey(q: URLSearchParams): ViewKey | null {
  const kind = q.get('kind') ?? 'entry';
  if (!(KINDS as readonly string[]).includes(kind)) return null;
  if (kind === 'chapter') {
    const y = Number(q.get('year'));
    return Number.isInteger(y) ? { kind: 'chapter', year: y } : null;
  }
  const file = q.get('file');
  return file ? { kind: kind as Kind, file } : null;
}

const SECURITY = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...SECURITY, ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const notFound = (res: ServerResponse): void => send(res, 404, 'text/plain; charset=utf-8', '404 未找到\n');

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  if (!isLoopback(opts.host)) throw new Error(`只允许本机地址(127.0.0.1、::1、localhost),而不是“${opts.host}”`);
  const preview = new Preview(opts);
  const clients = new Set<ServerResponse>();
  const paged = new PagedPreview(preview, opts.env ?? {}, () => {
    const data = `data: ${JSON.stringify({ version: preview.version })}\n\n`;
    for (const c of clients) c.write(`event: pages\n${data}`);
  });
  const HASH = /^[0-9a-f]{64}$/;

  const reload = (): void => {
    const t = performance.now();
    preview.reload();
    // the paged views start printing now, while the viewers hear of the change
    paged.refresh();
    const data = `data: ${JSON.stringify({ version: preview.version })}\n\n`;
    for (const c of clients) c.write(`event: update\n${data}`);
    opts.onReload?.(preview.version, performance.now() - t);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!isLoopback(hostHeader)) return send(res, 403, 'text/plain; charset=utf-8', '403 只接受本机访问\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', '405\n', { Allow: 'GET, HEAD' });
    const raw = req.url ?? '/';
    // a path that tries to climb is refused before routing (routes are exact names anyway)
    if (/(^|[\\/])\.\.([\\/]|$)|%2e%2e|%2f|%5c|\\/i.test(raw.split('?')[0]!)) return notFound(res);
    const url = new URL(raw, 'http://localhost');
    const path = url.pathname;
    if (path === '/') return send(res, 200, 'text/html; charset=utf-8', indexPage(preview));
    if (path === '/view') return send(res, 200, 'text/html; charset=utf-8', viewerPage());
    if (path === '/api/view') {
      const key = viewKey(url.searchParams);
      if (!key) return send(res, 400, 'application/json', JSON.stringify({ error: 'bad view' }));
      const view = preview.view(key);
      // a document that cannot be rendered (a text reference to a figure that is gone) shows why; the
      // paged view (paged=1) learns it from its print instead, and does not wait for the HTML
      if (view.status === 'ok' && url.searchParams.get('paged') !== '1') {
        try {
          await preview.render(key);
        } catch (e) {
          const err = e as Error & { file?: string; line?: number; column?: number };
          view.status = 'error';
          view.html = null;
          view.error = preview.pseudoFinding(err.message, err.file && err.line ? { file: err.file, line: err.line, column: err.column ?? 1 } : undefined);
        }
      }
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(view));
    }
    if (path === '/render') {
      const key = viewKey(url.searchParams);
      if (!key) return notFound(res);
      try {
        const html = await preview.render(key);
        return send(res, 200, 'text/html; charset=utf-8', html, {
          // the printed pages run no scripts and load nothing but the fonts; the same holds here
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self' data:",
        });
      } catch (e) {
        if (e instanceof NotFound) return notFound(res);
        return send(res, 500, 'text/plain; charset=utf-8', (e as Error).message);
      }
    }
    if (path === '/api/pages') {
      const key = viewKey(url.searchParams);
      if (!key) return send(res, 400, 'application/json', JSON.stringify({ error: 'bad view' }));
      try {
        return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(await paged.pages(key)));
      } catch (e) {
        if (e instanceof NotFound) return send(res, 404, 'application/json; charset=utf-8', JSON.stringify({ error: '没有这个文档' }));
        return send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ error: (e as Error).message }));
      }
    }
    if (path === '/api/marks' || path === '/page.png' || path === '/page.pdf') {
      // a print is named by its hash and looked up among the last few prints in memory
      const hash = url.searchParams.get('h') ?? '';
      if (!HASH.test(hash)) return notFound(res);
      const immutable = { 'Cache-Control': 'private, max-age=3600, immutable' };
      if (path === '/api/marks') {
        const marks = paged.marks(hash);
        return marks ? send(res, 200, 'application/json; charset=utf-8', JSON.stringify(await marks)) : notFound(res);
      }
      if (path === '/page.pdf') {
        const pdf = paged.pdf(hash);
        return pdf ? send(res, 200, 'application/pdf', Buffer.from(pdf), immutable) : notFound(res);
      }
      const n = Number(url.searchParams.get('n'));
      const png = await paged.png(hash, n);
      return png ? send(res, 200, 'image/png', png, immutable) : notFound(res);
    }
    if (path.startsWith('/fonts/')) {
      const file = fontFile(FONT_ORIGIN + path.slice('/fonts'.length));
      if (!file) return notFound(res);
      return send(res, 200, 'font/woff2', readFileSync(file), { 'Cache-Control': 'max-age=86400' });
    }
    if (path === '/assets/fonts.css') {
      // the viewer's own text (panel, list) in the bundled Noto Sans SC, so it reads on machines without CJK fonts
      return send(res, 200, 'text/css; charset=utf-8', localFonts(fontFaceCss(['Noto Sans SC']), FONT_ORIGIN).replace(/font-display: block;/g, 'font-display: swap;'));
    }
    const asset = /^\/assets\/([\w-]+\.(js|css))$/.exec(path);
    if (asset) {
      const text = preview.asset(asset[1]!);
      if (text === null) return notFound(res);
      return send(res, 200, asset[2] === 'js' ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8', text);
    }
    if (path === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Content-Type-Options': 'nosniff' });
      res.write(`retry: 500\nevent: hello\ndata: ${JSON.stringify({ version: preview.version })}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    return notFound(res);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', String((e as Error).message ?? e));
      else res.end();
    });
  });
  // keep SSE connections alive past the default timeouts
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const heartbeat = setInterval(() => {
    for (const c of clients) c.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();
  const watcher = watchFolder(preview.dir, reload, opts.debounceMs ?? 150);
  const addr = server.address() as AddressInfo;
  const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${hostForUrl}:${addr.port}/`,
    port: addr.port,
    preview,
    paged,
    watcher,
    reload,
    close() {
      return (closing ??= new Promise<void>((resolve) => {
        watcher.close();
        clearInterval(heartbeat);
        for (const c of clients) c.end();
        clients.clear();
        const stopped = new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections();
        // the warm printer goes with the server
        void Promise.all([stopped, paged.close()]).then(() => resolve());
      }));
    },
  };
}

const PAGE_HEAD = (title: string): string => `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/fonts.css">
<link rel="stylesheet" href="/assets/viewer.css">
</head>
`;

/** The list of documents: by year, then region order; each document's printable outputs. */
export function indexPage(p: Preview): string {
  const s = p.report.summary;
  const parts: string[] = [PAGE_HEAD('yearbook 预览'), '<body class="index">\n<header><h1>yearbook 预览</h1>'];
  parts.push(`<p class="dir">数据目录:<code>${escapeHtml(p.dir)}</code></p>`);
  if (p.fatal) parts.push(`<p class="fatal">${escapeHtml(p.fatal)}</p>`);
  parts.push(`<p class="summary">${s.errors}个错误,${s.warnings}个警告,${s.accepted}个已接受(${s.documents}个文件、${s.figures}个数字、${s.checks}项核对)</p></header>\n<main>`);
  const counts = (rel: string): string => {
    const f = p.findingsOf(rel);
    const e = f.filter((x) => x.severity === 'error').length;
    const w = f.filter((x) => x.severity === 'warning').length;
    return `${e ? `<span class="count error">${e}个错误</span>` : ''}${w ? `<span class="count warning">${w}个警告</span>` : ''}`;
  };
  const docs = p.docs();
  const years = [...new Set(docs.map((d) => d.year!))];
  const chapters = new Set(p.years());
  for (const year of years) {
    parts.push(`<section class="year"><h2>${year}年</h2>`);
    if (chapters.has(year)) parts.push(`<p><a href="/view?kind=chapter&amp;year=${year}">${year}年分卷(全部年鉴条目)</a></p>`);
    parts.push('<ul class="docs">');
    for (const d of docs.filter((x) => x.year === year)) {
      const name = `${d.region?.name ?? d.regionCode}${d.edition ? `(${d.edition})` : ''}`;
      const links = p.kindsOf(d).map((k) => `<a href="/view?file=${encodeURIComponent(d.rel)}&amp;kind=${k}">${KIND_NAMES[k]}</a>`);
      if (links.length === 0) links.push('<span class="figures-only">只有数字,无正文</span>');
      parts.push(`<li><span class="region">${escapeHtml(name)}</span> <span class="code">${escapeHtml(d.regionCode ?? '')}</span> ${links.join(' ')} <span class="file">${escapeHtml(d.rel)}</span> ${counts(d.rel)}</li>`);
    }
    parts.push('</ul></section>');
  }
  const broken = p.brokenFiles();
  if (broken.length > 0) {
    parts.push('<section class="broken"><h2>无法显示的文件</h2><ul class="docs">');
    for (const rel of broken) parts.push(`<li><a href="/view?file=${encodeURIComponent(rel)}&amp;kind=entry">${escapeHtml(rel)}</a> ${counts(rel)}</li>`);
    parts.push('</ul></section>');
  }
  parts.push('</main>\n<script>new EventSource("/events").addEventListener("update", () => location.reload());</script>\n</body>\n</html>\n');
  return parts.join('\n');
}

/** The viewer shell: the page in an iframe, the findings beside it; filled in by viewer.js. */
export function viewerPage(): string {
  return `${PAGE_HEAD('yearbook 预览')}<body class="viewer">
<header><a href="/" class="home">← 全部文档</a> <h1 id="title">加载中…</h1> <span id="status" class="status"></span>
<span class="modes" role="group" aria-label="预览方式"><button type="button" id="mode-html" title="网页排版，最快">快速预览</button><button type="button" id="mode-paged" title="按印刷的样子分页：页眉、页码、分页与PDF相同">分页预览</button></span> <span id="paged-status" class="status"></span></header>
<div class="layout">
<div class="paper" id="paper"><iframe id="page" title="文档" sandbox="allow-same-origin"></iframe><div id="pages" class="pages" hidden></div><div id="notice" class="notice" hidden></div></div>
<aside class="panel"><h2>核对结果 <span id="counts"></span></h2><ol id="findings" class="findings"></ol></aside>
</div>
<script src="/assets/viewer.js"></script>
</body>
</html>
`;
}

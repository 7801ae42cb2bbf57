/**
 * Nothing leaves the browser (issue #8, items 9 and 10): a page whose template hints, prefetches,
 * preloads, preconnects, embeds or refreshes to a canary listening on 127.0.0.1 makes no connection
 * to it, and every such URL is reported as blocked; the build's fonts still load (request
 * interception answers them before any name is resolved); and — where strace is installed (Debian:
 * `apt-get install -y strace`; without it that test is skipped) — a whole `yearbook build` connects
 * to nothing but loopback and Unix sockets: no DNS query, no IPv6 probe, no sign-in or update request.
 * Where `unshare -rn` works, the traced build runs in a network namespace of its own (see ONLINE_NETNS),
 * so that even a regression sends nothing off the machine: the attempts are traced all the same.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app/build-pdf.js';
import { findBrowser, startBrowser, type BrowserSession, type Sandbox } from '../src/print/browser.js';
import { FONT_ORIGIN } from '../src/io/fonts.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/yearbook.js');

/** A TCP listener on 127.0.0.1 that counts the connections it gets and keeps what they send. */
interface Canary {
  port: number;
  connections: number;
  /** The first line each connection sent (an HTTP request line, for a GET). */
  lines: string[];
  close(): Promise<void>;
}
async function canary(): Promise<Canary> {
  const sockets = new Set<Socket>();
  const c: Canary = { port: 0, connections: 0, lines: [], close: async () => undefined };
  const server: Server = createServer((socket) => {
    c.connections++;
    sockets.add(socket);
    socket.once('data', (chunk) => c.lines.push(chunk.toString('latin1').split('\r\n')[0]!));
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  c.port = (server.address() as { port: number }).port;
  c.close = () => {
    for (const s of sockets) s.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return c;
}

/** What a hostile or careless template may put into its head and body, each aimed at the canary. */
function hostile(port: number, { stylesheet = true } = {}): { head: string; body: string; fetched: string[]; hinted: string[] } {
  const at = `http://127.0.0.1:${port}`;
  const css = stylesheet ? [`${at}/style.css`] : [];
  return {
    head:
      `<link rel="prefetch" href="${at}/prefetch">` +
      `<link rel="preload" as="image" href="${at}/preload.png">` +
      `<link rel="preconnect" href="${at}/preconnect">` +
      `<link rel="dns-prefetch" href="http://canary.localhost:${port}/dns-prefetch">` +
      `<link rel="prerender" href="${at}/prerender">` +
      css.map((u) => `<link rel="stylesheet" href="${u}">`).join('') +
      `<meta http-equiv="refresh" content="0;url=${at}/refresh">`,
    body: `<img src="${at}/img.png"><iframe src="${at}/frame"></iframe>`,
    // requests the page would make (the refresh: a navigation), each refused
    fetched: [`${at}/prefetch`, `${at}/preload.png`, ...css, `${at}/refresh`, `${at}/img.png`, `${at}/frame`],
    // hints that never become a request: not acted on, reported from the document
    hinted: [`${at}/preconnect`, `http://canary.localhost:${port}/dns-prefetch`, `${at}/prerender`],
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a page in the sandbox', () => {
  let session: BrowserSession;
  let spy: Canary;
  beforeAll(async () => {
    spy = await canary();
    session = await startBrowser(findBrowser(process.env), process.env);
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    await spy?.close();
  });

  it('reaches nothing on 127.0.0.1 through prefetch, preload, preconnect, dns-prefetch, images, frames or a refresh, and reports each', async () => {
    const { head, body, fetched, hinted } = hostile(spy.port);
    const sandbox: Sandbox = { blocked: [] };
    const page = await session.newPage(sandbox);
    try {
      await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body><p id="mark">年鉴正文</p>${body}</body></html>`, { waitUntil: 'load', timeout: 30_000 });
      // a preconnect or a refresh happens after the load, if at all: give them time
      await sleep(1500);
      expect(spy.connections, `connections to the canary: ${spy.lines.join(' | ')}`).toBe(0);
      // the refresh did not replace the document
      expect(await page.evaluate(() => [location.href, document.getElementById('mark')?.textContent])).toEqual(['about:blank', '年鉴正文']);
      for (const url of [...fetched, ...hinted]) expect(sandbox.blocked, url).toContain(url);
      // and it still prints
      const pdf = await page.pdf({ timeout: 30_000 });
      expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a refresh to about:blank or to itself leaves the document as it was', async () => {
    const sandbox: Sandbox = { blocked: [] };
    const page = await session.newPage(sandbox);
    try {
      for (const refresh of ['0', '0;url=about:blank']) {
        await page.setContent(`<!DOCTYPE html><html><head><meta http-equiv="refresh" content="${refresh}"></head><body><p id="mark">正文 ${refresh}</p></body></html>`, { waitUntil: 'load', timeout: 30_000 });
        await sleep(700);
        expect(await page.evaluate(() => document.getElementById('mark')?.textContent), refresh).toBe(`正文 ${refresh}`);
      }
      expect(sandbox.blocked).toContain('about:blank');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('still loads the build’s fonts from their virtual origin, with names unresolvable and the proxy dead', async () => {
    const sandbox: Sandbox = { blocked: [] };
    const page = await session.newPage(sandbox);
    try {
      const css = readFileSync(join(ROOT, 'node_modules/@fontsource/noto-serif-sc/400.css'), 'utf8');
      const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(css)![1]!;
      const face = `@font-face { font-family: T; src: url(${FONT_ORIGIN}/noto-serif-sc/${file}) format('woff2'); }`;
      await page.setContent(`<!DOCTYPE html><html><head><style>${face} p { font-family: T; }</style></head><body><p>年</p></body></html>`, { waitUntil: 'load', timeout: 30_000 });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const faces = await page.evaluate(() => [...document.fonts].map((f) => `${f.family}:${f.status}`));
      expect(faces).toContain('T:loaded');
      expect(sandbox.blocked).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe('a build with a template that reaches out', () => {
  it('makes no connection, finishes, and reports every URL it refused', async () => {
    const spy = await canary();
    const templates = mkdtempSync(join(tmpdir(), 'yearbook-sandbox-tpl-'));
    const out = mkdtempSync(join(tmpdir(), 'yearbook-sandbox-out-'));
    try {
      cpSync(join(ROOT, 'templates'), templates, { recursive: true });
      // (no style sheet here: build-pdf's font loading reads every sheet's rules, which a refused cross-origin sheet denies)
      const { head, body, fetched, hinted } = hostile(spy.port, { stylesheet: false });
      for (const name of ['entry.hbs', 'summary.hbs']) {
        const file = join(templates, name);
        const text = readFileSync(file, 'utf8');
        const changed = text.replace('</head>', `${head}</head>`).replace('<body>', `<body>${body}`);
        expect(changed, `${name} has </head> and <body>`).not.toBe(text);
        writeFileSync(file, changed);
      }
      const r = await build({ dir: join(ROOT, 'tests/fixtures/build'), out, templates, draft: false, rounding: 'half-up', chapter: '医疗保障', concurrency: 2, env: { ...process.env, SOURCE_DATE_EPOCH: undefined } });
      await sleep(500);
      expect(spy.connections, `connections to the canary: ${spy.lines.join(' | ')}`).toBe(0);
      expect(r.outputs.filter((f) => f.endsWith('.pdf')).length).toBeGreaterThan(0);
      for (const url of [...fetched, ...hinted]) expect(r.blocked, url).toContain(url);
    } finally {
      await spy.close();
      rmSync(templates, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});

const hasStrace = spawnSync('strace', ['-V'], { encoding: 'utf8' }).status === 0;

/**
 * A network namespace of the traced build's own (`unshare -rn`), that looks online — an address and
 * default routes for IPv4 and IPv6, as Chromium sends some of its requests only when online — but
 * whose one link is a veth pair with both ends inside it, connected to nothing: whatever is sent
 * there goes unanswered and never leaves the machine. Else one with loopback only; else none.
 */
const ONLINE_NETNS = [
  'ip link set lo up',
  'ip link add v0 type veth peer name v1',
  'ip link set v1 up',
  'ip addr add 10.99.0.2/24 dev v0',
  'ip -6 addr add fd00:99::2/64 dev v0 nodad',
  'ip link set v0 up',
  'ip route add default via 10.99.0.1',
  'ip -6 route add default via fd00:99::1',
].join(' && ');
const netns = [ONLINE_NETNS, 'ip link set lo up'].find((setup) => spawnSync('unshare', ['-rn', 'sh', '-c', setup], { encoding: 'utf8' }).status === 0);

/** The addresses of connect() and sendto() calls in strace's output that are neither loopback nor Unix sockets. */
function remoteAddresses(trace: string): string[] {
  const found: string[] = [];
  for (const line of trace.split('\n')) {
    if (!/\b(connect|sendto|sendmsg|sendmmsg)\(/.test(line)) continue;
    if (!/sa_family=AF_INET6?\b/.test(line)) continue;
    const v4 = /inet_addr\("([^"]+)"\)/.exec(line)?.[1];
    const v6 = /inet_pton\(AF_INET6, "([^"]+)"/.exec(line)?.[1];
    const addr = v4 ?? v6 ?? line;
    if (v4 && v4.startsWith('127.')) continue;
    if (v6 && (v6 === '::1' || /^::ffff:127\./.test(v6))) continue;
    found.push(`${addr}  (${line.trim().slice(0, 160)})`);
  }
  return found;
}

/**
 * `yearbook build DATA` under `strace -f` (in the namespace above, where there is one), with the
 * bundled templates or, given `reaching`, a copy whose entry template has it in its head and an
 * image in its body; returns the trace. The build must succeed.
 */
function tracedBuild(data: string, reaching?: string): string {
  const work = mkdtempSync(join(tmpdir(), 'yearbook-strace-'));
  try {
    let templates = join(ROOT, 'templates');
    if (reaching !== undefined) {
      templates = join(work, 'templates');
      cpSync(join(ROOT, 'templates'), templates, { recursive: true });
      const entry = join(templates, 'entry.hbs');
      writeFileSync(entry, readFileSync(entry, 'utf8').replace('</head>', `${reaching}</head>`).replace('<body>', '<body><img src="https://img-canary.yearbook.invalid/x.png">'));
    }
    const trace = join(work, 'trace');
    const tmp = join(work, 'tmp');
    mkdirSync(tmp);
    const command = ['strace', '-f', '-qq', '--seccomp-bpf', '-e', 'trace=connect,sendto,sendmsg,sendmmsg', '-o', trace, process.execPath, BIN, 'build', data, '--out', join(work, 'out'), '--templates', templates];
    const options = { cwd: ROOT, encoding: 'utf8' as const, env: { ...process.env, TMPDIR: tmp }, timeout: 90_000 };
    const r = netns ? spawnSync('unshare', ['-rn', 'sh', '-c', `${netns} && exec "$@"`, 'sh', ...command], options) : spawnSync(command[0]!, command.slice(1), options);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(work, 'out'), { recursive: true }).map(String).some((f) => f.endsWith('.pdf'))).toBe(true);
    const text = readFileSync(trace, 'utf8');
    // the trace saw the build's own traffic (Chromium's pipe, its IPC): it is not empty for another reason
    expect(text).toMatch(/sendmsg\(|sendto\(/);
    return text;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Debian's strace: `apt-get install -y strace`. Without it this part is skipped (the canary tests above still run).
describe.skipIf(!hasStrace)('a traced build', () => {
  it('of the example data connects to nothing but loopback and Unix sockets: no DNS query, no probe, no sign-in or update', () => {
    expect(remoteAddresses(tracedBuild('data'))).toEqual([]);
  }, 120_000);

  it('whose template hints, prefetches, embeds and refreshes to names only a resolver could answer, neither', () => {
    // a DNS query for them would show as a connect() or sendto() to port 53; a resolution even attempted, as the IPv6 probe
    const reaching =
      '<link rel="dns-prefetch" href="//dns-canary.yearbook.invalid"><link rel="preconnect" href="https://preconnect-canary.yearbook.invalid">' +
      '<link rel="prefetch" href="https://prefetch-canary.yearbook.invalid/x"><meta http-equiv="refresh" content="0;url=https://refresh-canary.yearbook.invalid/">';
    expect(remoteAddresses(tracedBuild('tests/fixtures/build', reaching))).toEqual([]);
  }, 120_000);
});

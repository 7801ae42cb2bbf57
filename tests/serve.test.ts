/**
 * `yearbook serve` in a real browser (Debian's Chromium through puppeteer-core): a document shown as
 * printed beside its findings; editing the YAML updates the page and the panel through Server-Sent
 * Events; a broken YAML shows its finding, fixing it brings the document back. Also: only loopback
 * hosts, 404 for unknown paths, nothing outside the folder and the fonts is served.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { run } from '../src/cli/serve-command.js';
import type { Io } from '../src/cli/io.js';

const CHROMIUM = '/usr/bin/chromium';

function memoryIo(): Io & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', colorOut: false, env: {} as Record<string, string | undefined>, out: (s: string) => void (io.stdout += s), err: (s: string) => void (io.stderr += s) };
  return io;
}

/** A raw GET (no URL normalisation, unlike fetch and browsers): status and body. */
function rawGet(port: number, path: string, host = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: `${host}:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('yearbook serve in Chromium', () => {
  let dir = '';
  let profile = '';
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  let page: Page;
  const file = (): string => join(dir, '2023', '150500.yaml');
  let original = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yearbook-serve-'));
    cpSync('tests/fixtures/build', dir, { recursive: true });
    original = readFileSync(file(), 'utf8');
    profile = mkdtempSync(join(tmpdir(), 'yearbook-serve-profile-'));
    server = await startServer({ dir, templates: 'templates', port: 0, host: '127.0.0.1' });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: profile,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    // even when a test failed: browser, server and temporary folders go
    await browser?.close().catch(() => undefined);
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const docFrame = (): Frame | undefined => page.frames().find((f) => f.url().includes('/render?'));
  const pageText = async (): Promise<string> => (await docFrame()?.evaluate(() => document.body.innerText).catch(() => '')) ?? '';
  const panel = (): Promise<{ kind: string; text: string }[]> =>
    page.$$eval('#findings li', (lis) => lis.map((li) => ({ kind: (li as HTMLElement).dataset.kind ?? '', text: li.textContent ?? '' })));

  it('chooses a free port and lists every document by year and region', async () => {
    expect(server!.port).toBeGreaterThan(0);
    expect(server!.url).toBe(`http://127.0.0.1:${server!.port}/`);
    await page.goto(server!.url, { waitUntil: 'load' });
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('2023年');
    expect(text).toContain('通辽市');
    expect(text).toContain('包头市');
    const links = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain('/view?file=2023%2F150500.yaml&kind=entry');
    expect(links).toContain('/view?file=2023%2F150200.yaml&kind=plan');
  });

  it('shows a document as printed, with the bundled fonts, and highlights a finding’s figure', async () => {
    await page.goto(`${server!.url}view?file=2023%2F150500.yaml&kind=entry`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.shown !== undefined, { timeout: 15_000 });
    expect(await pageText()).toContain('265.87万人');
    const frame = docFrame()!;
    // the same fonts as the PDF: the build's @font-face rules, served by this server
    const fonts = await frame.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family);
    });
    expect(fonts.some((f) => f.includes('Noto Serif SC'))).toBe(true);
    // the chart is there, as an SVG
    expect(await frame.$$eval('figure.chart svg', (s) => s.length)).toBeGreaterThan(0);
    expect(await panel()).toEqual([]);
  });

  it('follows edits: a changed figure shows within seconds with its new equation finding', async () => {
    writeFileSync(file(), original.replace('total: 265.87', 'total: 300.00'));
    await page.waitForFunction(
      () => {
        const f = document.querySelector('iframe')?.contentDocument;
        return f?.body?.innerText.includes('300.00万人') && [...document.querySelectorAll('#findings li')].some((li) => (li as HTMLElement).dataset.kind === 'equation');
      },
      { timeout: 5_000, polling: 50 },
    );
    const findings = await panel();
    const eq = findings.find((f) => f.kind === 'equation')!;
    expect(eq.text).toContain('2023/150500.yaml:6:');
    expect(eq.text).toMatch(/分项之和/);
    const link = await page.$eval('#findings li[data-kind="equation"] a.where', (a) => a.getAttribute('href'));
    expect(link).toMatch(new RegExp(`^vscode://file${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/2023/150500\\.yaml:6:\\d+$`));
    // clicking it highlights the figure in the page
    await page.click('#findings li[data-kind="equation"]');
    const marked = await docFrame()!.$$eval('.yb-hl', (els) => els.map((e) => e.textContent));
    expect(marked).toContain('300.00万人');
  });

  it('shows a broken YAML’s finding instead of the document, and the document again once fixed', async () => {
    writeFileSync(file(), original.replace('total: 265.87', 'total: {value: 265.87'));
    await page.waitForFunction(() => document.body.dataset.status === 'broken' && [...document.querySelectorAll('#findings li')].some((li) => (li as HTMLElement).dataset.kind === 'yaml'), { timeout: 5_000, polling: 50 });
    expect(await page.$eval('#notice', (n) => (n as HTMLElement).hidden)).toBe(false);
    expect((await panel()).find((f) => f.kind === 'yaml')!.text).toMatch(/YAML语法错误/);

    writeFileSync(file(), original);
    await page.waitForFunction(
      () => document.body.dataset.status === 'ok' && document.querySelector('iframe')?.contentDocument?.body?.innerText.includes('265.87万人') && document.querySelectorAll('#findings li').length === 0,
      { timeout: 5_000, polling: 50 },
    );
  });

  it('answers 404 for unknown paths and serves nothing outside the folder but the fonts', async () => {
    const port = server!.port;
    expect((await rawGet(port, '/nope')).status).toBe(404);
    for (const p of ['/../../../../etc/passwd', '/fonts/../../package.json', '/fonts/noto-sans-sc/..%2F..%2Fpackage.json', '/assets/../../package.json', '/assets/..%2F..%2Fpackage.json', '/render?kind=entry&file=..%2F..%2F..%2Fetc%2Fpasswd', '/render?kind=entry&file=regions.yaml', '/fonts/noto-sans-sc/package.json']) {
      const r = await rawGet(port, p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toMatch(/root:|"name": "yearbook"/);
    }
    const view = JSON.parse((await rawGet(port, '/api/view?kind=entry&file=..%2F..%2Fetc%2Fpasswd')).body) as { status: string; html: string | null };
    expect(view).toMatchObject({ status: 'missing', html: null });
    // a real font file of the page is served
    const html = (await rawGet(port, '/render?kind=entry&file=2023%2F150500.yaml')).body;
    const font = /url\((\/fonts\/[^)]+\.woff2?)\)/.exec(html)![1]!;
    expect((await rawGet(port, font)).status).toBe(200);
    // another Host (DNS rebinding) is refused
    expect((await rawGet(port, '/', 'attacker.example')).status).toBe(403);
  });
});

describe('yearbook serve on the command line', () => {
  it('refuses a host that is not a loopback address (exit 2)', async () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'example.com']) {
      const io = memoryIo();
      expect(await run(['tests/fixtures/build', '--host', host], io)).toBe(2);
      expect(io.stderr).toMatch(/只允许本机地址/);
    }
  });

  it('refuses a bad port and a missing folder (exit 2)', async () => {
    expect(await run(['tests/fixtures/build', '--port', 'x'], memoryIo())).toBe(2);
    expect(await run(['tests/fixtures/build', '--port', '70000'], memoryIo())).toBe(2);
    expect(await run(['no/such/folder', '--port', '0'], memoryIo())).toBe(2);
  });

  it('runs until told to stop, then closes and returns 0', async () => {
    const io = memoryIo();
    let stop!: () => void;
    const until = new Promise<void>((r) => (stop = r));
    let port = 0;
    const done = run(['tests/fixtures/build', '--port', '0'], io, { until, onListening: (s) => (port = s.port) });
    await expect.poll(() => port, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(io.stdout).toContain(`http://127.0.0.1:${port}/`);
    expect((await rawGet(port, '/')).status).toBe(200);
    stop();
    expect(await done).toBe(0);
    await expect(rawGet(port, '/')).rejects.toThrow();
  });
});

/**
 * The browser: finds Chromium, starts one per build with a throw-away profile, opens sandboxed
 * pages that may load only the build's fonts (every other request is blocked and recorded).
 * closeAllBrowsers() and killAllBrowsers() are for the command line's Ctrl-C and exit handlers:
 * this module installs no handler and never exits. No knowledge of documents or templates.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { fontFile } from '../io/fonts.js';

/** Where Chromium or Chrome usually lives, per platform, after PUPPETEER_EXECUTABLE_PATH. */
const CANDIDATES: Record<string, string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/usr/lib/chromium/chromium'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files\\Chromium\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
};

export class BrowserNotFound extends Error {
  constructor(readonly tried: string[]) {
    super(
      `找不到 Chromium 浏览器(已查找:${tried.join('、')})。\n` +
        `Debian/Ubuntu:apt-get install -y chromium;或用环境变量 PUPPETEER_EXECUTABLE_PATH 指定浏览器路径。`,
    );
  }
}

export function findBrowser(env: Record<string, string | undefined>, platform: string = defaultPlatform()): string {
  const tried: string[] = [];
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    tried.push(`PUPPETEER_EXECUTABLE_PATH=${fromEnv}`);
  }
  const list = [...(CANDIDATES[platform] ?? [])];
  if (platform === 'win32' && env.LOCALAPPDATA) list.push(join(env.LOCALAPPDATA, 'Google', 'Chrome', 'Application', 'chrome.exe'));
  for (const p of list) {
    if (existsSync(p)) return p;
    tried.push(p);
  }
  throw new BrowserNotFound(tried);
}

export interface Sandbox {
  /** Requests that were refused, as URLs. */
  blocked: string[];
}

export interface BrowserSession {
  browser: Browser;
  /** A page that may load nothing but the build's fonts; JavaScript off. */
  newPage(sandbox: Sandbox): Promise<Page>;
  close(): Promise<void>;
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions', '--font-render-hinting=none'];

/** Font files read once per process: every page of a build asks for the same few dozen. */
const FONT_BODIES = new Map<string, Buffer>();
function fontBody(file: string): Buffer {
  let body = FONT_BODIES.get(file);
  if (!body) FONT_BODIES.set(file, (body = readFileSync(file)));
  return body;
}

/** The platform this runs on, for the list of places Chromium usually lives. */
function defaultPlatform(): string {
  return platform();
}

interface Open {
  session: BrowserSession;
  /** Kills the browser process and removes its profile, synchronously (for the process's exit). */
  kill(): void;
}
const open = new Set<Open>();
const closing = new WeakMap<BrowserSession, Open>();

/** Closes every browser this process started (Ctrl-C: the command line calls this, then exits). */
export async function closeAllBrowsers(): Promise<void> {
  await Promise.allSettled([...open].map((o) => o.session.close()));
}

/** Last resort at the process's exit: kills every browser still running and removes its profile. */
export function killAllBrowsers(): void {
  for (const o of open) o.kill();
}

export async function startBrowser(executablePath: string): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'yearbook-chromium-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({ executablePath, headless: true, args: [...ARGS, `--user-data-dir=${profile}`], userDataDir: profile, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  let closed = false;
  const session: BrowserSession = {
    browser,
    async newPage(sandbox) {
      // its own window: a hidden tab prints transformed elements into other bytes than the visible one
      const page = await browser.newPage({ type: 'window' });
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        const url = req.url();
        if (url.startsWith('data:') || url === 'about:blank') return void req.continue();
        const file = fontFile(url);
        if (file) return void req.respond({ status: 200, contentType: 'font/woff2', headers: { 'Access-Control-Allow-Origin': '*' }, body: fontBody(file) });
        sandbox.blocked.push(url);
        void req.abort('blockedbyclient');
      });
      return page;
    },
    async close() {
      if (closed) return;
      closed = true;
      const entry = closing.get(session);
      if (entry) open.delete(entry);
      try {
        await browser.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
  const entry: Open = {
    session,
    kill() {
      try {
        browser.process()?.kill('SIGKILL');
      } catch {
        // already gone
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
  open.add(entry);
  closing.set(session, entry);
  return session;
}

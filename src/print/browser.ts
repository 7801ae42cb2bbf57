/**
 * The browser: finds Chromium, starts one per build with a throw-away profile, opens sandboxed
 * pages that may load only the build's fonts (every other request, and every navigation, is blocked
 * and recorded); Chromium resolves no name and reaches no network. A browser dies with its process
 * (it is driven through a pipe), and a profile whose process died anyway is removed at the next start.
 * closeAllBrowsers() and killAllBrowsers() are for the command line's Ctrl-C and exit handlers:
 * this module installs no handler and never exits. No knowledge of documents or templates.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FONT_ORIGIN, fontFile } from '../io/fonts.js';

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
  /** Requests and navigations that were refused, and the connection hints (preconnect, dns-prefetch) that were ignored, as URLs. */
  blocked: string[];
  /** Font files served to the pages (counted when present): a subset already in a page's memory cache is not asked for again. */
  served?: number;
}

export interface BrowserSession {
  browser: Browser;
  /** A page that may load nothing but the build's fonts and cannot be navigated away; JavaScript off. */
  newPage(sandbox: Sandbox): Promise<Page>;
  /**
   * The address under the font origin at which every page of the session is served `css` (a style sheet of
   * @font-face rules the pages share: each page then parses it once and keeps it, instead of once a document).
   */
  shareStyleSheet(css: string): string;
  close(): Promise<void>;
}

/**
 * Chromium's switches. Nothing may leave the machine: every host name and address fails to resolve,
 * and what would connect anyway goes to a dead proxy on loopback (loopback included: `<-loopback>`);
 * Chromium's own services (updates, sign-in, safe browsing, metrics, translation, media router …) are
 * off. Even a name that fails to resolve costs a probe of the network (a connect() to Google's
 * 2001:4860:4860::8888, Chromium's IPv6 check), so nothing may even try: the component updater asks a
 * data: URL, network prediction is off (PREFERENCES: no preconnect, dns-prefetch or prerender), and a
 * page refuses its requests itself (newPage). The build's fonts still load: request interception
 * answers them before any name is resolved.
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-extensions',
  '--font-render-hinting=none',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--proxy-server=127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-pings',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-breakpad',
  '--metrics-recording-only',
  // the component updater asks for the on-device model at every start: it may ask, and gets nothing, locally
  '--component-updater=url-source=data:text/plain,',
  // and, where the machine is online, sign-in asks Google which accounts the (empty) cookie jar holds: an invalid address
  '--gaia-config-contents={"urls":{"list_accounts_url":{"url":"data:text/plain,"}}}',
  // puppeteer adds these to its own list of disabled features
  '--disable-features=OptimizationHints,MediaRouter,DialMediaRouteProvider,Translate,AutofillServerCommunication,CertificateTransparencyComponentUpdater,NetworkTimeServiceQuerying',
];

/** The profile's preferences, written before the start: network prediction off (2: never), so no hint is acted on. */
const PREFERENCES = { net: { network_prediction_options: 2 } };

/** The profiles' folder names in the temporary folder, and the file in each that names the process it belongs to. */
const PROFILE_PREFIX = 'yearbook-chromium-';
const OWNER_FILE = 'yearbook-owner';

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

/** A browser of this process, starting or open: what Ctrl-C and the process's exit must end. */
interface Live {
  /** Closes the browser (a browser still starting is killed) and removes its profile. */
  close(): Promise<void>;
  /** Kills the browser's processes and removes its profile, synchronously (for the process's exit). */
  kill(): void;
}
const live = new Set<Live>();

/** Closes every browser this process started or is starting (Ctrl-C: the command line calls this, then exits). */
export async function closeAllBrowsers(): Promise<void> {
  await Promise.allSettled([...live].map((l) => l.close()));
}

/** Last resort at the process's exit: kills every browser still running or starting and removes its profile. */
export function killAllBrowsers(): void {
  for (const l of live) l.kill();
}

/** A browser's start-up cut short by closeAllBrowsers() (Ctrl-C). */
export class BrowserStopped extends Error {
  constructor() {
    super('浏览器启动时被中断。');
  }
}

/**
 * A process as Linux's /proc tells it: its id and its start time (which tells a reused id apart),
 * or null where there is no /proc.
 */
function processIdentity(pid: string): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …: the name may hold spaces and parentheses; the start time is field 22
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `${stat.slice(0, stat.indexOf(' '))} ${fields[19]}`;
  } catch {
    return null;
  }
}

/** The processes of user `uid` whose command line names `profile` (Chromium's, through --user-data-dir), on Linux. */
function processesUsing(profile: string, uid: number): string[] {
  const pids: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (statSync(`/proc/${pid}`).uid !== uid) continue;
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => (a + '/').includes(profile + '/'))) pids.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The folders in `dir` of the Chromium singleton sockets that the processes `pids` listen on, on Linux (their descriptors, /proc/net/unix). */
function socketDirsOf(pids: string[], dir: string): string[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode) inodes.add(inode);
      }
    } catch {
      // gone meanwhile, or not ours
    }
  }
  if (inodes.size === 0) return [];
  let table: string;
  try {
    table = readFileSync('/proc/net/unix', 'utf8');
  } catch {
    return [];
  }
  const dirs = new Set<string>();
  // Num RefCount Protocol Flags Type St Inode Path
  for (const line of table.split('\n').slice(1)) {
    const [, , , , , , inode, path] = line.trim().split(/\s+/);
    if (inode && path && inodes.has(inode) && basename(path) === 'SingletonSocket' && isSocketDir(dirname(path), dir)) dirs.add(dirname(path));
  }
  return [...dirs];
}

/** This process's user, from /proc (null where there is no /proc: nothing here can tell processes apart then). */
function ownUid(): number | null {
  try {
    return statSync('/proc/self').uid;
  } catch {
    return null;
  }
}

/**
 * Profiles that outlived their process (killed with SIGKILL, or by the machine's out-of-memory
 * killer): the Chromium processes still using one are killed, and the profile removed. A profile
 * belongs to the process its owner file names; one without that file is left alone (a build that
 * has just made it, or one of an older version). Linux only: elsewhere nothing tells a live owner
 * from a dead one.
 */
function removeLeftovers(dir: string): void {
  const uid = ownUid();
  if (uid === null) return;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(PROFILE_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const profile = join(dir, name);
    let owner: string;
    try {
      // this user's folders only (the temporary folder may be shared), and no link to elsewhere
      const stat = lstatSync(profile);
      if (!stat.isDirectory() || stat.uid !== uid) continue;
      owner = readFileSync(join(profile, OWNER_FILE), 'utf8').trim();
    } catch {
      continue;
    }
    const pid = owner.split(' ')[0] ?? '';
    if (/^\d+$/.test(pid) && processIdentity(pid) === owner) continue;
    const pids = processesUsing(profile, uid);
    // a Chromium still closing has removed its link to the socket's folder already: the folder its processes listen in
    const socketDirs = [singletonDir(profile), ...socketDirsOf(pids, dir)].filter((d): d is string => d !== null);
    // `kill`, as this layer does not signal processes itself; Chromium would exit on its own, seconds later
    // again while any is left: a Chromium killed in its start-up may have started a child meanwhile
    for (let round = 0, left = pids; left.length > 0 && round < 5; round++, left = processesUsing(profile, uid)) spawnSync('kill', ['-KILL', ...left], { stdio: 'ignore' });
    try {
      for (const socketDir of socketDirs) rmSync(socketDir, { recursive: true, force: true });
      removeProfile(profile, null);
    } catch {
      // another user's, or still being written: the next start tries again
    }
  }
}

/** The relation types of the `<link>`s that only open connections, resolve names or prerender: no request shows them. */
const HINTS = /(?:^|\s)(?:preconnect|dns-prefetch|prerender)(?:\s|$)/i;

/** In the page (through the DevTools protocol): the URLs of the document's links of the relation types `source` matches. */
function linkHints(source: string): string[] {
  const re = new RegExp(source, 'i');
  return [...document.querySelectorAll('link[href]')].filter((l) => re.test(l.getAttribute('rel') ?? '')).map((l) => (l as HTMLLinkElement).href || (l.getAttribute('href') ?? ''));
}

/**
 * In the page: `html` without its `<meta http-equiv=refresh>` elements, parsed as an inert document
 * (nothing loads, nothing refreshes) and serialized again, and where each would have gone (the
 * document itself, about:blank, when it names no URL).
 */
function withoutRefresh(html: string): { html: string; refreshes: string[] } {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const metas = [...doc.querySelectorAll('meta[http-equiv]')].filter((m) => (m.getAttribute('http-equiv') ?? '').trim().toLowerCase() === 'refresh');
  const refreshes = metas.map((m) => {
    const url = /^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(['"]?)(.*?)\1\s*$/i.exec(m.getAttribute('content') ?? '')?.[2] ?? '';
    return url === '' ? 'about:blank' : url;
  });
  for (const m of metas) m.remove();
  const doctype = doc.doctype ? new XMLSerializer().serializeToString(doc.doctype) : '';
  return { html: doctype + doc.documentElement.outerHTML, refreshes };
}

/**
 * Removes a profile, and the folder Chromium keeps its singleton socket in (beside the profile, in the
 * temporary folder), which it removes itself only when it closes normally.
 */
function removeProfile(profile: string, socketDir: string | null = singletonDir(profile)): void {
  if (socketDir) rmSync(socketDir, { recursive: true, force: true });
  // the owner file last: a removal that fails half-way (a dying Chromium still writing) leaves a
  // profile the next start still knows as a leftover, not one without an owner, left alone for good
  let names: string[] = [];
  try {
    names = readdirSync(profile);
  } catch {
    // gone already, or not listable: the removal below says which
  }
  for (const name of names) if (name !== OWNER_FILE) rmSync(join(profile, name), { recursive: true, force: true, maxRetries: 5 });
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
}

/** Kills (SIGKILL, through `kill`) this user's processes whose command line names the profile. */
function killUsers(profile: string): void {
  const uid = ownUid();
  if (uid === null) return;
  const pids = processesUsing(profile, uid);
  if (pids.length > 0) spawnSync('kill', ['-KILL', ...pids], { stdio: 'ignore' });
}

/** The folder of a profile's singleton socket, as its link in the profile names it (null: no link yet, or no longer). */
function singletonDir(profile: string): string | null {
  try {
    const dir = dirname(readlinkSync(join(profile, 'SingletonSocket')));
    return isSocketDir(dir, dirname(profile)) ? dir : null;
  } catch {
    return null;
  }
}

/** Whether `dir` is a folder Chromium makes for its singleton socket, in the temporary folder `tmp` (beside the profile). */
function isSocketDir(dir: string, tmp: string): boolean {
  return resolve(dirname(dir)) === resolve(tmp) && basename(dir).startsWith('org.chromium.');
}

/** How long a browser may take to close before it is killed. */
const CLOSE_TIMEOUT_MS = 5000;

/**
 * The longest path of a Unix socket (sun_path, less its closing NUL), and what Chromium adds to its
 * temporary folder for its singleton socket: `/org.chromium.Chromium.XXXXXX/SingletonSocket`.
 */
const SOCKET_PATH_MAX = 107;
const SOCKET_SUFFIX = '/org.chromium.Chromium.XXXXXX/SingletonSocket'.length;

/**
 * Starts Chromium with a profile of its own in the temporary folder. `env` is the environment it
 * runs in (the command's); its TMPDIR is set to a folder inside the profile, so that the folder of
 * Chromium's singleton socket, and any temporary file it makes, go with the profile when that is
 * removed — even when Chromium was killed between making that folder and linking it into the profile
 * (where the old layout left an `org.chromium.*` folder in TMPDIR). Where that path would be too long
 * for a socket, Chromium keeps the command's TMPDIR and the socket folder is removed by its link.
 */
export async function startBrowser(executablePath: string, env: Record<string, string | undefined>): Promise<BrowserSession> {
  const dir = tmpdir();
  removeLeftovers(dir);
  const profile = mkdtempSync(join(dir, PROFILE_PREFIX));
  const owner = processIdentity('self');
  if (owner) writeFileSync(join(profile, OWNER_FILE), owner + '\n');
  const ownTmp = join(profile, 't');
  const tmpInside = ownTmp.length + SOCKET_SUFFIX <= SOCKET_PATH_MAX;
  if (tmpInside) mkdirSync(ownTmp);
  const childEnv: Record<string, string | undefined> = tmpInside ? { ...env, TMPDIR: ownTmp } : { ...env };
  // no network prediction: a page's preconnect and dns-prefetch are not even tried (each would wake the resolver)
  mkdirSync(join(profile, 'Default'));
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify(PREFERENCES));
  // aborting kills Chromium's whole process group at once, starting or started (puppeteer's own kill)
  const abort = new AbortController();
  // a pipe, not a port: Chromium closes when its end of the pipe does, so it dies with this process whatever kills it
  const launching = puppeteer.launch({ executablePath, headless: true, pipe: true, args: [...ARGS, `--user-data-dir=${profile}`], userDataDir: profile, env: childEnv, signal: abort.signal, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  let session: BrowserSession | null = null;
  let stopped = false;
  const entry: Live = {
    async close() {
      if (session) return session.close();
      // still starting: killed at once, without waiting for the start to fail (Ctrl-C exits right after this)
      stopped = true;
      entry.kill();
    },
    kill() {
      abort.abort();
      live.delete(entry);
      try {
        removeProfile(profile);
      } catch {
        // a process of this browser still writing into the profile (a child the group kill has not ended
        // yet): it is killed by its command line, and the removal tried once more; what still fails
        // keeps its owner file and is a leftover the next start removes
        killUsers(profile);
        try {
          removeProfile(profile);
        } catch {
          // left to the next start
        }
      }
    },
  };
  live.add(entry);
  let browser: Browser;
  try {
    browser = await launching;
    if (stopped) throw new BrowserStopped();
  } catch (e) {
    entry.kill();
    throw stopped ? new BrowserStopped() : e;
  }
  let closing: Promise<void> | null = null;
  // the shared style sheets, by address
  const sheets = new Map<string, Buffer>();
  session = {
    browser,
    shareStyleSheet(css) {
      const url = `${FONT_ORIGIN}/shared/${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
      if (!sheets.has(url)) sheets.set(url, Buffer.from(css, 'utf8'));
      return url;
    },
    async newPage(sandbox) {
      const block = (url: string): void => void (sandbox.blocked.includes(url) || sandbox.blocked.push(url));
      // its own window: a hidden tab prints transformed elements into other bytes than the visible one
      const page = await browser.newPage({ type: 'window' });
      await page.setJavaScriptEnabled(false);
      // First gate, in the page itself: every http(s) and ws(s) URL but the fonts' is refused before it is requested,
      // what request interception sees (images, style sheets, frames) and what it does not (<link rel=prefetch>)
      const cdp = await page.createCDPSession();
      const requested = new Map<string, string>();
      cdp.on('Network.requestWillBeSent', (e) => void requested.set(e.requestId, e.request.url));
      cdp.on('Network.loadingFinished', (e) => void requested.delete(e.requestId));
      cdp.on('Network.loadingFailed', (e) => {
        const url = requested.get(e.requestId);
        requested.delete(e.requestId);
        if (url !== undefined && e.blockedReason === 'inspector') block(url);
      });
      await cdp.send('Network.enable');
      try {
        await cdp.send('Network.setBlockedURLs', { urlPatterns: [{ urlPattern: `${FONT_ORIGIN}/*`, block: false }, { urlPattern: '*://*:*/*', block: true }] });
      } catch {
        // an older Chromium without allow patterns: the interception below and the network switches still hold
      }
      // second gate, request interception: serves the fonts, refuses the rest
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        const url = req.url();
        // the page itself navigating: it stays what setContent wrote (aborted, not blocked: a blocked
        // navigation would replace it with an error page)
        if (req.isNavigationRequest() && !req.frame()?.parentFrame()) {
          block(url);
          return void req.abort('aborted');
        }
        if (url.startsWith('data:') || url === 'about:blank') return void req.continue();
        const sheet = sheets.get(url);
        if (sheet) return void req.respond({ status: 200, contentType: 'text/css; charset=utf-8', headers: { 'Access-Control-Allow-Origin': '*' }, body: sheet });
        const file = fontFile(url);
        if (file && sandbox.served !== undefined) sandbox.served++;
        if (file) return void req.respond({ status: 200, contentType: 'font/woff2', headers: { 'Access-Control-Allow-Origin': '*' }, body: fontBody(file) });
        block(url);
        void req.abort('blockedbyclient');
      });
      const setContent = page.setContent.bind(page);
      page.setContent = async (html, options) => {
        // a <meta http-equiv=refresh> would navigate the page away after loading, even to itself (about:blank,
        // which no interception sees): such elements are taken out of the document first, and reported
        if (/http-equiv/i.test(html)) {
          const cleaned = await page.evaluate(withoutRefresh, html);
          for (const url of cleaned.refreshes) block(url);
          if (cleaned.refreshes.length > 0) html = cleaned.html;
        }
        await setContent(html, options);
        // preconnect, dns-prefetch and prerender make no request to refuse (network prediction is off): reported from the document
        for (const url of await page.evaluate(linkHints, HINTS.source)) block(url);
      };
      return page;
    },
    close() {
      closing ??= (async () => {
        const timer = setTimeout(() => abort.abort(), CLOSE_TIMEOUT_MS);
        try {
          await browser.close();
        } catch {
          abort.abort();
        } finally {
          clearTimeout(timer);
          entry.kill();
          // a second sweep: a Chromium killed in its start-up may write into its profile for a moment
          // after the sweep at this start removed it (seen once in CI); its owner is dead by now
          removeLeftovers(dir);
        }
      })();
      return closing;
    },
  };
  return session;
}

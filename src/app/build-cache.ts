/**
 * The build cache of `yearbook build` (issue #11): which pages of the render plan can keep the files a
 * previous build wrote, so that only what changed is rendered, printed and written. Prints nothing and
 * never exits; an output is kept only when a key of its inputs and the digests of its files on disk
 * both match the manifest (OUT/.yearbook-cache/manifest.json), else it is built again.
 *
 *   global key: the tool (its code, templates, dependencies' versions), the templates folder, the
 *     options, the folder as named, the files that are not documents (regions.yaml, indicators.yaml,
 *     broken files), Chromium's version, SOURCE_DATE_EPOCH, a draft's number of errors (its stamp)
 *   input key (before rendering): global + the page's kind, path, title, author, its documents and
 *     every document of the same regions (all years) and of their children, as bytes; in a draft the
 *     findings on those documents; for a chapter, what its 勘误表 is made of (--errata: OLD's files
 *     as read and the --errata-index file, or none)
 *   HTML key (a cheap render, when the input key missed): global + the page's first HTML (a chapter's
 *     body and its front) and its chart SVGs — a page whose inputs changed but whose HTML did not (the
 *     全区 entry when only a city's prose changed) is not printed again
 */
import { join } from 'node:path';
import type { Report } from '../core/check.js';
import type { Dataset } from '../core/parse/dataset.js';
import type { Source } from '../core/parse/source.js';
import type { Doc, Finding } from '../core/model/types.js';
import { pageHtml, tocLines, type PageOptions, type Templates } from '../render/html.js';
import type { Page } from '../render/plan.js';
import { TextError } from '../render/text.js';
import { fileDigest, readManifestText, sha256, sourceDigest, toolFingerprint, treeDigest, writeManifestText } from '../io/cache-files.js';
import type { RenderSettings } from './prepare.js';

export { CACHE_DIR } from '../io/cache-files.js';

/** What the manifest keeps of one page of the plan. */
export interface CacheEntry {
  input: string;
  html: string;
  /** Each output file (path relative to the output folder, with '/') and the sha256 of its bytes. */
  files: Record<string, string>;
  /** The placeholders a draft printed as 〔缺：…〕, said again when the page is kept. */
  problems: { message: string; file: string; line: number; column: number; missing: string | null }[];
  /** Requests the page made that were refused. */
  blocked: string[];
  /** A chapter's contents as printed: the page each of its headings starts on (a hint for its next build, checked there). */
  contents?: number[];
  /** The Chromium that drew its chart PNGs (`browser.version()`): a PNG is kept only for the same SVG drawn by the same browser. */
  browser?: string;
}

const FORMAT = 'yearbook-build-cache/1';

type Outputs = Record<string, CacheEntry>;

const isEntry = (e: unknown): e is CacheEntry => {
  const x = e as CacheEntry | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.input === 'string' &&
    typeof x.html === 'string' &&
    typeof x.files === 'object' &&
    x.files !== null &&
    Object.values(x.files).every((v) => typeof v === 'string') &&
    Array.isArray(x.problems) &&
    x.problems.every((p) => typeof p?.message === 'string' && typeof p.file === 'string' && typeof p.line === 'number' && typeof p.column === 'number') &&
    Array.isArray(x.blocked) &&
    x.blocked.every((b) => typeof b === 'string')
  );
};

/** The manifest's outputs; anything unreadable, of another format or garbage is no cache (the next build is a full one). */
function readOutputs(out: string): Outputs {
  const text = readManifestText(out);
  if (text === null) return {};
  try {
    const m = JSON.parse(text) as { format?: unknown; outputs?: unknown };
    if (m?.format !== FORMAT || typeof m.outputs !== 'object' || m.outputs === null) return {};
    const outputs: Outputs = {};
    for (const [path, e] of Object.entries(m.outputs)) if (isEntry(e)) outputs[path] = e;
    return outputs;
  } catch {
    return {};
  }
}

export interface CacheInputs {
  out: string;
  /** Ignore the manifest: every page is built and its entry written anew. */
  force: boolean;
  dir: string;
  settings: RenderSettings;
  draft: boolean;
  sources: readonly Source[];
  data: Dataset;
  report: Report;
  /** Chromium's version (`browser.version()`): another Chromium prints other bytes. */
  browser: string;
  env: Record<string, string | undefined>;
  templates: Templates;
  page: PageOptions;
  /** With --errata, the digest of OLD's files and the index file (prepare's errataKey); what a chapter's 勘误表 is made of. */
  errata?: string | null;
}

/** The files a page wrote and what it met, kept for its manifest entry. */
interface Pending {
  input: string;
  /** A promise while it is being made beside the printing (a page its last build did not make). */
  html: string | Promise<string>;
  files: Record<string, string>;
}

export class BuildCache {
  /** Output files left as they were: their page's inputs did not change (or it made the same bytes again). */
  readonly unchanged: string[] = [];
  /** Placeholders and refused requests of the pages kept, as their build met them. */
  readonly problems: TextError[] = [];
  readonly blocked: string[] = [];
  private readonly previous: Outputs;
  private readonly updates = new Map<string, CacheEntry>();
  private readonly pending = new Map<Page, Pending>();
  /** HTML keys still being made for entries of pages already built. */
  private readonly waits: Promise<void>[] = [];
  private readonly global: string;
  private readonly digests: Map<string, string>;

  constructor(private readonly c: CacheInputs) {
    this.previous = c.force ? {} : readOutputs(c.out);
    this.digests = new Map(c.sources.map((s) => [s.rel, sourceDigest(s)]));
    const docRels = new Set(c.data.docs.map((d) => d.rel));
    const s = c.settings;
    this.global = sha256(
      JSON.stringify({
        format: FORMAT,
        tool: toolFingerprint(),
        templates: treeDigest(s.templates),
        settings: { rounding: s.rounding, chapter: s.chapter, chapterPage: s.chapterPage === true, tables: s.tables ?? 'after', charts: s.charts !== false, draft: c.draft },
        dir: c.dir,
        // regions.yaml, indicators.yaml and every file that gave no document
        others: c.sources.filter((x) => !docRels.has(x.rel)).map((x) => [x.rel, x.file ?? null, this.digests.get(x.rel)]),
        browser: c.browser,
        epoch: c.env['SOURCE_DATE_EPOCH'] ?? null,
        stamp: c.page.draft,
        fonts: sha256(c.page.fontFaces),
      }),
    );
  }

  /** The documents a page reads: its own, and every document of their regions (any year) and of their children. */
  private dependencies(page: Page): Doc[] {
    const codes = new Set<string>();
    for (const d of page.docs) {
      if (d.regionCode !== null) codes.add(d.regionCode);
      for (const child of d.region?.children ?? []) codes.add(child);
    }
    return this.c.data.docs.filter((d) => d.regionCode !== null && codes.has(d.regionCode));
  }

  private inputKey(page: Page): string {
    const deps = this.dependencies(page);
    const files = new Set(deps.map((d) => d.file));
    const findings = this.c.draft ? this.c.report.findings.filter((f) => files.has(f.file)).map(({ sourceLine: _, ...f }: Finding) => f) : null;
    return sha256(
      JSON.stringify({
        global: this.global,
        page: [page.kind, page.path, page.year, page.title, page.author],
        docs: page.docs.map((d) => d.rel),
        deps: deps.map((d) => [d.rel, d.file, this.digests.get(d.rel) ?? sha256(d.text)]),
        findings,
        // only a chapter prints the 勘误表
        errata: page.kind === 'chapter' ? (this.c.errata ?? null) : null,
      }),
    );
  }

  /** The page's first HTML (a chapter's body and its front) and chart SVGs, as one key; `onProblem` gets what that render meets. */
  private async htmlKey(page: Page, onProblem: ((p: TextError) => void) | undefined): Promise<string> {
    const { templates, data } = this.c;
    const o: PageOptions = { ...this.c.page, onProblem };
    const htmls = page.kind === 'chapter' ? [await pageHtml(page, templates, data, o, 'none'), await pageHtml(page, templates, data, o, tocLines(page, data, o, null))] : [await pageHtml(page, templates, data, o)];
    const svgs = (await page.chartFiles()).map((f) => [f.path, sha256(f.svg)]);
    return sha256(JSON.stringify({ global: this.global, page: [page.kind, page.path, page.year, page.title, page.author], htmls: htmls.map(sha256), svgs }));
  }

  /** Whether every file of an entry is on disk with the bytes it had. */
  private intact(entry: CacheEntry): boolean {
    return Object.entries(entry.files).every(([rel, digest]) => fileDigest(join(this.c.out, rel)) === digest);
  }

  private keep(entry: CacheEntry, problems: TextError[] | null): void {
    this.unchanged.push(...Object.keys(entry.files).map((rel) => join(this.c.out, rel)));
    if (problems) this.problems.push(...problems);
    else
      for (const p of entry.problems) {
        const e = new TextError('', p.file, p.line, p.column);
        e.message = p.message;
        e.missing = p.missing;
        this.problems.push(e);
      }
    this.blocked.push(...entry.blocked);
  }

  /**
   * The pages to build, in plan order; the others are kept, their files untouched: the input key
   * matches (nothing is rendered), or the HTML key does (nothing is printed). Either way the files
   * on disk must be those the manifest names, byte for byte.
   */
  async select(plan: readonly Page[]): Promise<Page[]> {
    const todo: Page[] = [];
    for (const page of plan) {
      const input = this.inputKey(page);
      const before = this.previous[page.path];
      if (before && before.input === input && this.intact(before)) {
        this.keep(before, null);
        continue;
      }
      if (!before) {
        // nothing to compare it with: printed at once, its HTML key (for the next build) made meanwhile
        const html = this.htmlKey(page, undefined);
        void html.catch(() => undefined);
        this.pending.set(page, { input, html, files: {} });
        todo.push(page);
        continue;
      }
      const met: TextError[] = [];
      const html = await this.htmlKey(page, this.c.page.onProblem ? (p) => void met.push(p) : undefined);
      if (before && before.html === html && this.intact(before)) {
        this.keep(before, met);
        // the inputs this HTML came from: the next build keeps the page without rendering it
        this.updates.set(page.path, { ...before, input, problems: stored(met) });
        continue;
      }
      this.pending.set(page, { input, html, files: {} });
      todo.push(page);
    }
    return todo;
  }

  /**
   * A file a page being built makes: false when the file on disk, as the manifest names it, has
   * these very bytes (it is left as it is, listed as unchanged), true when it is to be written.
   */
  wrote(page: Page, path: string, bytes: string | Uint8Array): boolean {
    const p = this.pending.get(page);
    if (!p) return true;
    const rel = relativeTo(this.c.out, path);
    const digest = sha256(bytes);
    p.files[rel] = digest;
    if (this.previous[page.path]?.files[rel] === digest && fileDigest(path) === digest) {
      this.unchanged.push(path);
      return false;
    }
    return true;
  }

  /**
   * A chart PNG a page being built would draw from `svg`: true when its last build drew that PNG from
   * these very SVG bytes with this Chromium and the file on disk is still the one it wrote (it is left
   * as it is, listed as unchanged); false when it is to be drawn.
   */
  keepsPng(page: Page, png: string, svg: string): boolean {
    const p = this.pending.get(page);
    const before = this.previous[page.path];
    if (!p || !before || before.browser !== this.c.browser) return false;
    const rel = relativeTo(this.c.out, png);
    const digest = before.files[rel];
    if (!digest || before.files[rel.replace(/\.png$/, '.svg')] !== sha256(svg) || fileDigest(png) !== digest) return false;
    p.files[rel] = digest;
    this.unchanged.push(png);
    return true;
  }

  /** A page built in full: its entry, with what it met. */
  built(page: Page, problems: readonly TextError[], blocked: readonly string[], contents?: readonly number[]): void {
    const p = this.pending.get(page);
    if (!p) return;
    this.pending.delete(page);
    const entry: CacheEntry = { input: p.input, html: '', files: p.files, problems: stored(problems), blocked: [...new Set(blocked)], ...(contents ? { contents: [...contents] } : {}), browser: this.c.browser };
    this.updates.set(page.path, entry);
    if (typeof p.html === 'string') entry.html = p.html;
    // a key that could not be made leaves no entry (the page is built again next time)
    else this.waits.push(p.html.then((h) => void (entry.html = h), () => void this.updates.delete(page.path)));
  }

  /** The pages a chapter's headings started on when it was last built (none under --force): to be checked, not trusted. */
  contentsOf(page: Page): number[] | null {
    const c = this.previous[page.path]?.contents;
    return Array.isArray(c) && c.every((n) => Number.isSafeInteger(n) && n > 0) ? c : null;
  }

  /** Writes the entries of this run into the manifest (read again first: another build may have added its own meanwhile). */
  async save(): Promise<void> {
    await Promise.all(this.waits.splice(0));
    if (this.updates.size === 0) return;
    const merged: Outputs = { ...readOutputs(this.c.out), ...Object.fromEntries(this.updates) };
    // in path order, each entry's files too (chart files and pages are written side by side, in any order)
    const sorted = (files: Record<string, string>): Record<string, string> => Object.fromEntries(Object.keys(files).sort().map((f) => [f, files[f]!]));
    const outputs = Object.fromEntries(Object.keys(merged).sort().map((k) => [k, { ...merged[k]!, files: sorted(merged[k]!.files) }]));
    writeManifestText(this.c.out, JSON.stringify({ format: FORMAT, outputs }));
    this.updates.clear();
  }
}

function stored(problems: readonly TextError[]): CacheEntry['problems'] {
  const seen = new Set<string>();
  const out: CacheEntry['problems'] = [];
  for (const p of problems) {
    if (seen.has(p.message)) continue;
    seen.add(p.message);
    out.push({ message: p.message, file: p.file, line: p.line, column: p.column, missing: p.missing });
  }
  return out;
}

function relativeTo(out: string, path: string): string {
  const base = join(out, '/');
  return (path.startsWith(base) ? path.slice(base.length) : path).split('\\').join('/');
}

/**
 * Sources → Dataset (FORMAT.md §1): regions.yaml and indicators.yaml first, then every region-year
 * document read against them. One broken file yields findings and does not stop the others. Pure:
 * reads no file (the io layer supplies the Sources), never throws on bad input.
 */
import type { Catalogue, Doc, Finding, RegionTree } from '../model/types.js';
import { msg, type Message, type MessageId } from '../findings/messages.js';
import { makeFinding } from '../findings/finding.js';
import { decode, encodingName, formatBytes, MAX_FILE_BYTES, type Encoding, type Source } from './source.js';
import { sourceFile, type SourceFile } from './source-file.js';
import { AliasBudgetExceeded, parseYaml, type Tree } from './yaml-tree.js';
import { emptyTree, loadRegions } from './regions.js';
import { fastRegions } from './regions-fast.js';
import { emptyCatalogue, loadCatalogue } from './catalogue.js';
import { loadDocument } from './document.js';

export interface Dataset {
  /** The folder as the user named it ('' when the Sources came from memory). */
  dir: string;
  regions: RegionTree;
  catalogue: Catalogue;
  docs: Doc[];
  /** Files that were looked at, including broken ones. */
  files: number;
  findings: Finding[];
}

const isYaml = (rel: string): boolean => /\.ya?ml$/i.test(rel);

/** An operating-system error code in the user's terms. */
export function ioReason(code: string): Message {
  const id = KNOWN_CODES[code];
  return id ? msg(id, { code }) : msg('io.other', { code: code || '?' });
}
const KNOWN_CODES: Record<string, MessageId | undefined> = { ENOENT: 'io.enoent', EACCES: 'io.eacces', EPERM: 'io.eperm', ELOOP: 'io.eloop', EISDIR: 'io.eisdir', EMFILE: 'io.emfile' };

interface Parsed {
  src: SourceFile;
  tree: Tree | null;
}

/** Decodes and parses one source, reporting encoding and syntax problems; tree is null when unusable. */
function parseSource(s: Source, out: Finding[]): Parsed {
  const display = s.file ?? s.rel;
  const fail = (m: Message): Parsed => {
    const src = sourceFile(display, s.rel, '');
    out.push(makeFinding(src, 0, { kind: 'yaml', message: m }));
    return { src, tree: null };
  };
  if (s.problem) {
    const p = s.problem;
    if (p.reason === 'too-large') return fail(msg('yaml.too-large', { size: formatBytes(p.bytes), max: formatBytes(MAX_FILE_BYTES) }));
    if (p.reason === 'unreadable' || p.reason === 'unlistable') return fail(msg('yaml.unreadable', { detail: ioReason(p.code) }));
    return fail(msg('yaml.directory', { name: s.rel }));
  }
  let text: string;
  let encoding: Encoding = 'utf-8';
  if (s.text !== undefined) text = s.text.charCodeAt(0) === 0xfeff ? s.text.slice(1) : s.text;
  else {
    const bytes = s.bytes ?? new Uint8Array();
    if (bytes.length > MAX_FILE_BYTES) return fail(msg('yaml.too-large', { size: formatBytes(bytes.length), max: formatBytes(MAX_FILE_BYTES) }));
    const d = decode(bytes);
    if (!d.ok) return fail(msg('yaml.binary'));
    text = d.text;
    encoding = d.encoding;
  }
  const { tree, issues } = parseYaml(text);
  const src = sourceFile(display, s.rel, text, tree.lines);
  if (encoding !== 'utf-8') out.push(makeFinding(src, 0, { kind: 'yaml', message: msg('yaml.encoding', { encoding: encodingName(encoding) }) }));
  for (const issue of issues) out.push(makeFinding(src, issue.offset, { kind: 'yaml', message: issue.message }));
  return { src, tree: issues.some((i) => !i.recovered) ? null : tree };
}

/** regions.yaml read by the fast reader when it is plain UTF-8 in the shape that reader takes (it then has no finding); else null. */
function fastRegionsOf(s: Source): RegionTree | null {
  if (s.problem) return null;
  let text = s.text;
  if (text === undefined) {
    const bytes = s.bytes;
    if (!bytes || bytes.length > MAX_FILE_BYTES) return null;
    const d = decode(bytes);
    if (!d.ok || d.encoding !== 'utf-8') return null;
    text = d.text;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return fastRegions(text);
}

/** Runs a loader, turning an alias bomb into one finding; what was read before it is dropped. */
function guarded<T>(p: Parsed, out: Finding[], load: () => T): T | null {
  const before = out.length;
  try {
    return load();
  } catch (e) {
    if (!(e instanceof AliasBudgetExceeded)) throw e;
    out.length = before;
    out.push(makeFinding(p.src, 0, { kind: 'yaml', message: msg('yaml.alias-budget') }));
    return null;
  }
}

export interface ParseOptions {
  /** The folder as the user named it, for Dataset.dir and the paths of findings on missing files. */
  dir?: string;
  /**
   * regions.yaml as already read from these same Sources (the file's path, the tree, the findings
   * about it): taken instead of reading the file again. The threads of a parallel check share one
   * reading of a national region tree, which takes the `yaml` package most of a second.
   */
  regions?: PreloadedRegions;
}

export interface PreloadedRegions {
  rel: string;
  tree: RegionTree;
  findings: Finding[];
}

/** Reads a folder's Sources into a Dataset, in the order of their paths. */
export function parseSources(input: readonly Source[], opts: ParseOptions = {}): Dataset {
  const dir = opts.dir ?? '';
  const display = (rel: string): string => (dir === '' || dir === '.' ? rel : dir.replace(/[\\/]+$/, '') + '/' + rel);
  const findings: Finding[] = [];
  const sources = [...input].sort((a, b) => comparePaths(a.rel, b.rel));
  const files: Source[] = [];
  for (const s of sources) {
    const p = s.problem;
    if (p?.reason === 'unlistable') {
      findings.push(makeFinding(sourceFile(s.file ?? s.rel, s.rel, ''), 0, { kind: 'yaml', message: msg('yaml.unreadable', { detail: ioReason(p.code) }) }));
    } else if (p?.reason === 'directory') {
      const name = s.rel.split('/').pop() ?? s.rel;
      findings.push(makeFinding(sourceFile(s.file ?? s.rel, s.rel, ''), 0, { kind: 'yaml', severity: 'warning', message: msg('yaml.directory', { name }) }));
    } else if (isYaml(s.rel)) files.push(s);
  }
  const special = (name: string): Source | undefined => files.find((s) => s.rel === `${name}.yaml` || s.rel === `${name}.yml`);

  // The regions and the catalogue first: every document is read against them.
  let regions = emptyTree();
  let haveRegions = false;
  const regionsFile = special('regions');
  if (regionsFile && opts.regions?.rel === regionsFile.rel) {
    regions = opts.regions.tree;
    findings.push(...opts.regions.findings);
    haveRegions = regions.byCode.size > 0;
  } else if (regionsFile && (regions = fastRegionsOf(regionsFile) ?? emptyTree()).byCode.size > 0) {
    haveRegions = true;
  } else if (regionsFile) {
    const p = parseSource(regionsFile, findings);
    const tree = p.tree;
    if (tree) {
      regions = guarded(p, findings, () => loadRegions(p.src, tree, findings)) ?? emptyTree();
      haveRegions = regions.byCode.size > 0;
    }
  } else {
    findings.push(makeFinding(sourceFile(display('regions.yaml'), 'regions.yaml', ''), 0, { kind: 'schema', message: msg('schema.missing-file', { name: 'regions.yaml', what: msg('missing.regions') }) }));
  }
  let catalogue = emptyCatalogue();
  let haveCatalogue = false;
  const catFile = special('indicators');
  if (catFile) {
    const p = parseSource(catFile, findings);
    const tree = p.tree;
    if (tree) {
      catalogue = guarded(p, findings, () => loadCatalogue(p.src, tree, findings)) ?? emptyCatalogue();
      haveCatalogue = catalogue.indicators.size + catalogue.wildcards.length > 0;
    }
  } else {
    findings.push(makeFinding(sourceFile(display('indicators.yaml'), 'indicators.yaml', ''), 0, { kind: 'schema', message: msg('schema.missing-file', { name: 'indicators.yaml', what: msg('missing.indicators') }) }));
  }

  const docs: Doc[] = [];
  for (const s of files) {
    if (s === regionsFile || s === catFile) continue;
    const p = parseSource(s, findings);
    const tree = p.tree;
    if (!tree) continue;
    const doc = guarded(p, findings, () => loadDocument(p.src, tree, { regions, catalogue, haveRegions, haveCatalogue }, findings));
    if (doc) docs.push(doc);
  }
  return { dir, regions, catalogue, docs, files: files.length, findings };
}

/** Folder-walk order: segment by segment, so `2022/x.yaml` comes before `2022-old/x.yaml`. */
function comparePaths(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

export function docKey(region: string, year: number, edition: string | null): string {
  return `${region}|${year}|${edition ?? ''}`;
}

const INDEXES = new WeakMap<Dataset, Map<string, Doc>>();

/** The document of a region, year and edition (the first, when duplicated); one index per dataset. */
export function findDoc(data: Dataset, region: string, year: number, edition: string | null): Doc | undefined {
  let index = INDEXES.get(data);
  if (!index) {
    index = new Map();
    for (const d of data.docs) {
      if (d.regionCode === null || d.year === null) continue;
      const k = docKey(d.regionCode, d.year, d.edition);
      if (!index.has(k)) index.set(k, d);
    }
    INDEXES.set(data, index);
  }
  return index.get(docKey(region, year, edition));
}

/** The same region's document one year earlier in the same edition (what prev() means). */
export function previousDoc(data: Dataset, doc: Doc): Doc | undefined {
  return doc.regionCode === null || doc.year === null ? undefined : findDoc(data, doc.regionCode, doc.year - 1, doc.edition);
}

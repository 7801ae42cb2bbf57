/**
 * Loads a data folder (FORMAT.md §1): walks it, reads regions.yaml, indicators.yaml and every
 * region-year document. The only module of the checker that touches the file system. One broken
 * file yields findings and does not stop the others.
 */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Catalogue, Doc, Finding, RegionTree } from '../core/model/types.js';
import { msg } from '../core/findings/messages.js';
import { makeFinding } from '../core/findings/finding.js';
import { MAX_FILE_BYTES, readSource } from './read.js';
import { sourceFile, type SourceFile } from '../core/parse/source-file.js';
import { AliasBudgetExceeded, parseYaml, type Tree } from '../core/parse/yaml-tree.js';
import { emptyTree, loadRegions } from '../core/parse/regions.js';
import { emptyCatalogue, loadCatalogue } from '../core/parse/catalogue.js';
import { loadDocument } from '../core/parse/document.js';

export interface Dataset {
  dir: string;
  regions: RegionTree;
  catalogue: Catalogue;
  docs: Doc[];
  /** Files that were looked at, including broken ones. */
  files: number;
  findings: Finding[];
}

export class FolderError extends Error {}

/** Lists the YAML files below `dir` (sorted, hidden folders and node_modules skipped). */
function walk(dir: string, out: Finding[], root: string, displayRoot: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (d: string): void => {
    // a symbolic link back up the tree must not be walked again
    let real: string;
    try {
      real = realpathSync(d);
    } catch {
      real = d;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      const rel = relative(root, d).split(sep).join('/');
      const src = sourceFile(joinDisplay(displayRoot, rel), rel, '');
      out.push(makeFinding(src, 0, { kind: 'yaml', message: msg('yaml.unreadable', { detail: ioReason(e) }) }));
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const abs = join(d, name);
      let isDir = false;
      try {
        isDir = statSync(abs).isDirectory();
      } catch {
        // a dangling link: reported when read
        isDir = false;
        try {
          lstatSync(abs);
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (/\.ya?ml$/i.test(name)) {
          const rel = relative(root, abs).split(sep).join('/');
          const src = sourceFile(joinDisplay(displayRoot, rel), rel, '');
          out.push(makeFinding(src, 0, { kind: 'yaml', severity: 'warning', message: msg('yaml.directory', { name }) }));
        }
        visit(abs);
      } else if (/\.ya?ml$/i.test(name)) found.push(abs);
    }
  };
  visit(dir);
  return found;
}

function joinDisplay(displayRoot: string, rel: string): string {
  if (displayRoot === '' || displayRoot === '.') return rel;
  return displayRoot.replace(/[\\/]+$/, '') + '/' + rel;
}

interface Parsed {
  src: SourceFile;
  tree: Tree | null;
}

/** Reads and parses one file, reporting encoding and syntax problems; tree is null when unusable. */
function readParsed(abs: string, rel: string, display: string, out: Finding[]): Parsed {
  const res = readSource(abs);
  if (!res.ok) {
    const src = sourceFile(display, rel, '');
    const m =
      res.reason === 'too-large'
        ? msg('yaml.too-large', { size: formatBytes(res.bytes), max: formatBytes(MAX_FILE_BYTES) })
        : res.reason === 'binary'
          ? msg('yaml.binary')
          : res.reason === 'directory'
            ? msg('yaml.directory', { name: rel })
            : msg('yaml.unreadable', { detail: ioReason({ code: res.detail }) });
    out.push(makeFinding(src, 0, { kind: 'yaml', message: m }));
    return { src, tree: null };
  }
  const { tree, issues } = parseYaml(res.text);
  const src = sourceFile(display, rel, res.text, tree.lines);
  if (res.encoding !== 'utf-8') {
    out.push(makeFinding(src, 0, { kind: 'yaml', message: msg('yaml.encoding', { encoding: 'GB18030/GBK' }) }));
  }
  for (const issue of issues) out.push(makeFinding(src, issue.offset, { kind: 'yaml', message: issue.message }));
  return { src, tree: issues.length > 0 ? null : tree };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

export function loadFolder(dir: string): Dataset {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new FolderError(`数据目录“${dir}”不存在`);
  }
  if (!st.isDirectory()) throw new FolderError(`“${dir}”不是目录`);
  const findings: Finding[] = [];
  const files = walk(dir, findings, dir, dir);
  const relOf = (abs: string): string => relative(dir, abs).split(sep).join('/');
  const isSpecial = (rel: string, name: string): boolean => rel === `${name}.yaml` || rel === `${name}.yml`;

  // The regions and the catalogue first: every document is read against them.
  let regions = emptyTree();
  let haveRegions = false;
  const regionsFile = files.find((f) => isSpecial(relOf(f), 'regions'));
  if (regionsFile) {
    const p = readParsed(regionsFile, relOf(regionsFile), joinDisplay(dir, relOf(regionsFile)), findings);
    if (p.tree) {
      try {
        regions = loadRegions(p.src, p.tree, findings);
        haveRegions = regions.byCode.size > 0;
      } catch (e) {
        if (!(e instanceof AliasBudgetExceeded)) throw e;
        findings.push(makeFinding(p.src, 0, { kind: 'yaml', message: msg('yaml.alias-budget') }));
      }
    }
  } else {
    findings.push(makeFinding(sourceFile(joinDisplay(dir, 'regions.yaml'), 'regions.yaml', ''), 0, { kind: 'schema', message: msg('schema.missing-file', { name: 'regions.yaml', what: msg('missing.regions') }) }));
  }
  let catalogue = emptyCatalogue();
  let haveCatalogue = false;
  const catFile = files.find((f) => isSpecial(relOf(f), 'indicators'));
  if (catFile) {
    const p = readParsed(catFile, relOf(catFile), joinDisplay(dir, relOf(catFile)), findings);
    if (p.tree) {
      try {
        catalogue = loadCatalogue(p.src, p.tree, findings);
        haveCatalogue = catalogue.indicators.size + catalogue.wildcards.length > 0;
      } catch (e) {
        if (!(e instanceof AliasBudgetExceeded)) throw e;
        findings.push(makeFinding(p.src, 0, { kind: 'yaml', message: msg('yaml.alias-budget') }));
      }
    }
  } else {
    findings.push(makeFinding(sourceFile(joinDisplay(dir, 'indicators.yaml'), 'indicators.yaml', ''), 0, { kind: 'schema', message: msg('schema.missing-file', { name: 'indicators.yaml', what: msg('missing.indicators') }) }));
  }

  const docs: Doc[] = [];
  for (const abs of files) {
    if (abs === regionsFile || abs === catFile) continue;
    const rel = relOf(abs);
    const p = readParsed(abs, rel, joinDisplay(dir, rel), findings);
    if (!p.tree) continue;
    const before = findings.length;
    try {
      const doc = loadDocument(p.src, p.tree, { regions, catalogue, haveRegions, haveCatalogue }, findings);
      if (doc) docs.push(doc);
    } catch (e) {
      if (!(e instanceof AliasBudgetExceeded)) throw e;
      // what was read before the aliases blew up is not worth reporting
      findings.length = before;
      findings.push(makeFinding(p.src, 0, { kind: 'yaml', message: msg('yaml.alias-budget') }));
    }
  }
  return { dir, regions, catalogue, docs, files: files.length, findings };
}

/** An operating-system error in the user's terms. */
export function ioReason(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  const zh: Record<string, string> = {
    ENOENT: '文件不存在,或是指向不存在文件的链接',
    EACCES: '没有读取权限',
    EPERM: '没有读取权限',
    ELOOP: '符号链接循环',
    EISDIR: '这是一个目录',
    EMFILE: '同时打开的文件过多',
  };
  return zh[code] ? `${zh[code]},${code}` : code || String(e);
}

/** The same region's document one year earlier in the same edition (what prev() means). */
export function previousDoc(data: Dataset, doc: Doc): Doc | undefined {
  return data.docs.find((d) => d.regionCode === doc.regionCode && d.year === doc.year! - 1 && d.edition === doc.edition);
}

/** The YAML files a check of `dir` would read, as paths inside it (what counts as "has data"). */
export function yamlFilesIn(dir: string): string[] {
  return walk(dir, [], dir, dir).map((abs) => relative(dir, abs).split(sep).join('/'));
}

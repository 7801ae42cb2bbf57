/** The files of the build cache (OUT/.yearbook-cache/manifest.json) and the digests its keys are made of: files, folder trees, the tool itself. Reads and hashes; decides nothing about what is fresh. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Source } from '../core/parse/source.js';
import { writeAtomic } from './atomic.js';

/** The cache's folder inside the output folder: not an output; deleting it is always safe. */
export const CACHE_DIR = '.yearbook-cache';
const MANIFEST = 'manifest.json';

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** A Source's bytes (or text, or why it could not be read) as a digest. */
export function sourceDigest(s: Source): string {
  if (s.problem) return `problem ${JSON.stringify(s.problem)}`;
  if (s.bytes) return sha256(s.bytes);
  return `text ${sha256(s.text ?? '')}`;
}

/** The manifest's text, or null when there is none or it cannot be read. */
export function readManifestText(out: string): string | null {
  try {
    return readFileSync(join(out, CACHE_DIR, MANIFEST), 'utf8');
  } catch {
    return null;
  }
}

/** Writes the manifest atomically (a crash leaves the old one or the new one, never half). */
export function writeManifestText(out: string, text: string): void {
  writeAtomic(join(out, CACHE_DIR, MANIFEST), text);
}

/** The sha256 of a file's bytes, or null when it is missing or not a readable file. */
export function fileDigest(path: string): string | null {
  try {
    return sha256(readFileSync(path));
  } catch {
    return null;
  }
}

/** One digest of every file below `dir` (paths and bytes, in sorted order); '' for a folder that is not there. */
export function treeDigest(dir: string): string {
  if (!existsSync(dir)) return '';
  const h = createHash('sha256');
  const visit = (d: string, rel: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      h.update(`!unreadable ${rel}\n`);
      return;
    }
    for (const name of names) {
      const abs = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      let st;
      try {
        st = statSync(abs);
      } catch {
        h.update(`!missing ${r}\n`);
        continue;
      }
      if (st.isDirectory()) {
        if (depth < 16) visit(abs, r, depth + 1);
      } else if (st.isFile()) {
        h.update(`${r}\n`);
        try {
          h.update(readFileSync(abs));
        } catch {
          h.update('!unreadable');
        }
        h.update('\n');
      }
    }
  };
  visit(dir, '', 0);
  return h.digest('hex');
}

/** The tool's own folder (where package.json, templates/ and the compiled code lie). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The code this module was loaded from (dist/, or src/ when run from the sources). */
const CODE = fileURLToPath(new URL('../', import.meta.url));

let fingerprint: string | null = null;

/**
 * What identifies the tool that makes the outputs: its package.json, every file of its code and of
 * its bundled templates, and the package.json of each package it depends on (their versions: the
 * fonts, puppeteer, vega …). Any change to any of them makes every cache key new. Computed once.
 */
export function toolFingerprint(): string {
  if (fingerprint !== null) return fingerprint;
  const h = createHash('sha256');
  const pkgFile = join(ROOT, 'package.json');
  let deps: string[] = [];
  try {
    const text = readFileSync(pkgFile, 'utf8');
    h.update(text);
    deps = Object.keys((JSON.parse(text) as { dependencies?: Record<string, string> }).dependencies ?? {}).sort();
  } catch {
    h.update('!no package.json');
  }
  h.update(`\ncode ${treeDigest(CODE)}\ntemplates ${treeDigest(join(ROOT, 'templates'))}\n`);
  const require = createRequire(pkgFile);
  for (const dep of deps) h.update(`${dep} ${dependencyManifest(require, dep)}\n`);
  fingerprint = h.digest('hex');
  return fingerprint;
}

/** The package.json of an installed dependency (found beside its entry point when its exports hide it), as a digest. */
function dependencyManifest(require: NodeJS.Require, name: string): string {
  try {
    return sha256(readFileSync(require.resolve(`${name}/package.json`)));
  } catch {
    // a package whose "exports" do not list package.json: walk up from its entry point
  }
  try {
    for (let d = dirname(require.resolve(name)); d !== dirname(d); d = dirname(d)) {
      const file = join(d, 'package.json');
      if (existsSync(file)) {
        const text = readFileSync(file, 'utf8');
        if ((JSON.parse(text) as { name?: string }).name === name) return sha256(text);
      }
    }
  } catch {
    // not resolvable at all
  }
  return 'missing';
}

/** The chart SVG cache's folder inside the build's cache folder (OUT/.yearbook-cache/charts/KEY.chart, not .svg: a glob for outputs must not take them): deleting it is always safe. */
const CHARTS = 'charts';
const chartFile = (out: string, key: string): string => join(out, CACHE_DIR, CHARTS, `${key}.chart`);

/**
 * A cached chart SVG by its key, or null when there is none, it cannot be read or it is corrupt
 * (each entry begins with a comment holding the digest of the SVG after it; one that does not match is a miss).
 */
export function readChartSvg(out: string, key: string): string | null {
  if (!/^[0-9a-f]{64}$/.test(key)) return null;
  let text: string;
  try {
    text = readFileSync(chartFile(out, key), 'utf8');
  } catch {
    return null;
  }
  const m = /^<!-- yearbook chart ([0-9a-f]{64}) -->\n/.exec(text);
  if (!m) return null;
  const svg = text.slice(m[0].length);
  return sha256(svg) === m[1] ? svg : null;
}

/** Stores a chart SVG under its key, atomically; a cache that cannot be written is no error (the chart is drawn again next time). */
export function writeChartSvg(out: string, key: string, svg: string): void {
  if (!/^[0-9a-f]{64}$/.test(key)) return;
  try {
    writeAtomic(chartFile(out, key), `<!-- yearbook chart ${sha256(svg)} -->\n${svg}`);
  } catch {
    // a read-only or full disk: the build goes on without this entry
  }
}

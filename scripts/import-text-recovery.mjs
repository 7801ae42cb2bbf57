#!/usr/bin/env node
// How much of the hand-made data/ does `yearbook import-text` recover from the five seeds?
// Reads dist/ (run `npx tsc -p .` first). Prints a table: data/ figures (path + value) recovered,
// figures produced that data/ does not have (or has with another value), and whether the result checks clean.
// With --docx, each seed is also made into Word twice (scripts/seed-docx.mjs: as pasted, and with
// Word's automatic heading numbering) and imported from the .docx: one row per seed and way.
// Usage: node scripts/import-text-recovery.mjs [--json] [--docx]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { importText, importWord, loadReference } from '../dist/import-text/index.js';
import { textToDocx } from './seed-docx.mjs';
import { lookupIndicator } from '../dist/core/parse/catalogue.js';
import { parseQuantity, isQuantityError, normaliseFigureText } from '../dist/core/model/quantity.js';
import { unitInfo, conversion } from '../dist/core/model/units.js';

const SEEDS = process.env.SEEDS_DIR ?? '/work/shared/seeds';
const DATA = 'data';
const CASES = [
  ['000', '150500', 2023],
  ['001', '330225', 2021],
  ['002', '150200', 2023],
  ['003', '530581', 2022],
  ['004', '150000', 2022],
];

const ref = loadReference(DATA);

/** A written scalar as qualifier + exact number in the catalogue unit ("2.22万家" and "22200" agree). */
function canon(text, path) {
  const ind = lookupIndicator(ref.catalogue, path);
  const q = parseQuantity(normaliseFigureText(String(text)).replace(/\s+/g, ''));
  if (isQuantityError(q) || !ind) return `?${text}`;
  const u = q.unit ? unitInfo(q.unit) : ind.unit;
  return `${q.qualifier}${q.number.times(conversion(u, ind.unit)).toString()}`;
}

/** path → canonical value ("v" or "before→after") of every figure in a parsed figures map. */
function flatten(node, prefix, out) {
  for (const [k, v] of Object.entries(node ?? {})) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if ('value' in v) out.set(path, canon(v.value, path));
      else if ('before' in v || 'after' in v) out.set(path, `${canon(v.before, path)}→${canon(v.after, path)}`);
      else flatten(v, path, out);
    } else if (v !== null && v !== undefined) out.set(path, canon(v, path));
  }
  return out;
}

const rows = [];
const WAYS = process.argv.includes('--docx') ? ['text', 'docx', 'docx+numbering'] : ['text'];
for (const [seed, region, year] of CASES) {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(seed + '_'));
  const raw = readFileSync(join(SEEDS, file), 'utf8');
  for (const way of WAYS) {
    const r =
      way === 'text'
        ? importText(raw, ref, { region, year, sourceName: file })
        : await importWord(await textToDocx(raw, { numbering: way === 'docx' ? 'literal' : 'word' }), ref, { region, year, sourceName: file.replace(/\.txt$/, '.docx') });
    const ours = flatten(parse(r.yaml).figures, '', new Map());
    const theirs = flatten(parse(readFileSync(join(DATA, String(year), `${region}.yaml`), 'utf8')).figures, '', new Map());
    const recovered = [...theirs].filter(([p, v]) => ours.get(p) === v).length;
    const extra = [...ours].filter(([p, v]) => theirs.get(p) !== v).map(([p, v]) => `${p}=${v}${theirs.has(p) ? ` (data: ${theirs.get(p)})` : ''}`);
    const errors = r.findings.filter((f) => f.severity === 'error').length;
    const warnings = r.findings.filter((f) => f.severity === 'warning').length;
    const doc = parse(r.yaml);
    const sections = JSON.stringify(doc[r.kind]?.sections ?? []).split('"title"').length - 1;
    const tasks = doc.plan?.tasks?.length ?? 0;
    const author = doc[r.kind]?.author ?? null;
    rows.push({ seed: WAYS.length > 1 ? `${seed} ${way}` : seed, region, year, kind: r.kind, data: theirs.size, recovered, produced: ours.size, extra, dropped: r.dropped.length, errors, warnings, sections, tasks, author, figures: [...ours].map(([p, v]) => `${p}=${v}`).sort() });
  }
}

if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else {
  console.log('| seed | region/year | kind | data/ figures | recovered | produced | not in data/ | dropped | check | sections | tasks | author |');
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |');
  for (const x of rows) {
    const check = x.errors === 0 ? `clean${x.warnings ? ` (${x.warnings} warning${x.warnings > 1 ? 's' : ''})` : ''}` : `${x.errors} errors`;
    console.log(`| ${x.seed} | ${x.region}/${x.year} | ${x.kind} | ${x.data} | ${x.recovered} (${x.data ? Math.round((100 * x.recovered) / x.data) : 0}%) | ${x.produced} | ${x.extra.length} | ${x.dropped} | ${check} | ${x.sections} | ${x.tasks} | ${x.author ?? '—'} |`);
  }
  const tot = rows.reduce((a, x) => ({ data: a.data + x.data, rec: a.rec + x.recovered, extra: a.extra + x.extra.length }), { data: 0, rec: 0, extra: 0 });
  console.log(`\nTotal: ${tot.rec}/${tot.data} recovered (${Math.round((100 * tot.rec) / tot.data)}%), ${tot.extra} not in data/.`);
  for (const x of rows) if (x.extra.length) console.log(`  ${x.seed} not in data/: ${x.extra.join('; ')}`);
}

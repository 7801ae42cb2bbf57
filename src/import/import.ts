/**
 * `yearbook import`: reads tables (rows = regions, columns = indicators) into figures of the
 * region-year documents of a data folder. planImport() maps cells to figures against the folder's
 * regions and catalogue (hidden sheets only when asked for); applyImport() edits the documents'
 * text (see yaml-edit.ts) and returns the new texts without writing them, refusing a region-year
 * whose file exists but does not load as a document. No printing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../core/parse/dataset.js';
import { lookupIndicator } from '../core/parse/catalogue.js';
import { readBytes } from '../io/folder.js';
import { decode } from '../core/parse/source.js';
import { isQuantityError, parseQuantity } from '../core/model/quantity.js';
import { compatible, unitInfo, type UnitInfo } from '../core/model/units.js';
import type { Finding, Indicator, Region, RegionTree } from '../core/model/types.js';
import { render } from '../core/findings/messages.js';
import type { Table, TableCell } from './table.js';
import { newDocumentText, setFigure } from './yaml-edit.js';

export interface Problem {
  /** `2022!C5`, or a sheet name for a problem of a whole sheet. */
  where: string;
  message: string;
}

export interface CellValue {
  where: string;
  region: Region;
  year: number;
  path: string;
  /** The figure text to write: "61.90", "586.83 万人". */
  text: string;
}

export interface Change {
  /** Path shown to the user (DIR joined with the path inside it). */
  file: string;
  abs: string;
  path: string;
  old: string | null;
  value: string;
  created: boolean;
}

export interface Plan {
  values: CellValue[];
  problems: Problem[];
  /** Placeholder cells (—, …) that were passed over. */
  skipped: number;
  /** Hidden and very hidden sheets that were not read (no --include-hidden, not named by --sheet). */
  hiddenSheets: { name: string; state: 'hidden' | 'veryHidden' }[];
}

const REGION_HEADERS = new Set(['地区', '地区代码', '代码', '区划代码', '行政区划代码', '行政区划', '地区名称', '名称', '统筹区', '统筹地区', 'region', 'code', 'name']);
const YEAR_HEADERS = new Set(['年份', '年度', '年', 'year']);
const PATH = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
const PLACEHOLDER = /^(?:[-—–－…·/\\]+|\.\.\.|无|空)$/;

/** Header text compared loosely: full-width forms folded, white space removed. */
function normHeader(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

export function sheetYear(name: string): number | null {
  const m = /^\s*(\d{4})\s*年?\s*$/.exec(name.normalize('NFKC'));
  return m ? Number(m[1]) : null;
}

type Column =
  | { kind: 'region' }
  | { kind: 'year' }
  | { kind: 'figure'; path: string; indicator: Indicator; unit: UnitInfo | null }
  | { kind: 'bad' }
  | { kind: 'empty' };

function labelIndex(ds: Dataset): Map<string, Indicator[]> {
  const byLabel = new Map<string, Indicator[]>();
  for (const ind of [...ds.catalogue.indicators.values(), ...ds.catalogue.wildcards]) {
    const k = normHeader(ind.label);
    const list = byLabel.get(k);
    if (list) list.push(ind);
    else byLabel.set(k, [ind]);
  }
  return byLabel;
}

function readHeader(cell: TableCell, ds: Dataset, byLabel: Map<string, Indicator[]>, sheet: string, problems: Problem[]): Column {
  const raw = cell.text;
  const h = normHeader(raw);
  if (h === '') return { kind: 'empty' };
  const lower = h.toLowerCase();
  if (REGION_HEADERS.has(lower)) return { kind: 'region' };
  if (YEAR_HEADERS.has(lower)) return { kind: 'year' };
  const where = `${sheet}!${cell.address}`;
  // `label(unit)`; NFKC has already turned （） into ()
  const m = /^(.*?)\((.*)\)$/.exec(h);
  const name = m ? m[1]! : h;
  const unitText = m ? m[2]! : null;
  let path: string | null = null;
  let indicator: Indicator | null = null;
  if (PATH.test(name)) {
    indicator = lookupIndicator(ds.catalogue, name);
    if (indicator) path = name;
  }
  if (!indicator) {
    const found = byLabel.get(name) ?? [];
    const concrete = found.filter((i) => !i.key.includes('*'));
    if (concrete.length === 1) {
      indicator = concrete[0]!;
      path = indicator.key;
    } else if (concrete.length > 1) {
      problems.push({ where, message: `表头“${raw}”对应多个指标(${concrete.map((i) => i.key).join('、')}),请改用指标路径作表头` });
      return { kind: 'bad' };
    } else if (found.length > 0) {
      problems.push({ where, message: `表头“${raw}”是通配指标“${found[0]!.key}”的名称,请改用具体的指标路径作表头(如 ${found[0]!.key.replace('*', 'basic')})` });
      return { kind: 'bad' };
    }
  }
  if (!indicator || !path) {
    problems.push({ where, message: `表头“${raw}”不是 indicators.yaml 中的指标路径或指标名称,该列未导入` });
    return { kind: 'bad' };
  }
  let unit: UnitInfo | null = null;
  if (unitText !== null && unitText !== '') {
    const u = unitInfo(unitText);
    if (!u) {
      problems.push({ where, message: `表头“${raw}”中的单位“${unitText}”无法识别,该列未导入` });
      return { kind: 'bad' };
    }
    if (!compatible(u, indicator.unit)) {
      problems.push({ where, message: `表头“${raw}”中的单位“${unitText}”与指标 ${path} 的单位“${indicator.unit.unit}”不是同一类,该列未导入` });
      return { kind: 'bad' };
    }
    if (u.unit !== indicator.unit.unit) unit = u;
  }
  return { kind: 'figure', path, indicator, unit };
}

function regionIndex(ds: Dataset): { find(text: string): Region | string } {
  const byShort = new Map<string, Region[]>();
  const byNameLoose = new Map<string, Region[]>();
  for (const r of ds.regions.byCode.values()) {
    const add = (m: Map<string, Region[]>, k: string): void => {
      const l = m.get(k);
      if (l) l.push(r);
      else m.set(k, [r]);
    };
    add(byNameLoose, normHeader(r.name));
    if (r.short) add(byShort, normHeader(r.short));
  }
  return {
    find(text: string): Region | string {
      const t = normHeader(text);
      const code = ds.regions.byCode.get(t);
      if (code) return code;
      for (const [m, what] of [[byNameLoose, '名称'], [byShort, '简称']] as const) {
        const list = m.get(t);
        if (list && list.length === 1) return list[0]!;
        if (list && list.length > 1) return `地区${what}“${text}”对应多个地区(${list.map((r) => r.code).join('、')}),请改用地区代码`;
      }
      return `地区“${text}”不在 regions.yaml 中`;
    },
  };
}

export interface PlanOptions {
  year: number | null;
  sheets: string[] | null;
  /** Read hidden and very hidden sheets too (a sheet named in `sheets` is read either way). */
  includeHidden?: boolean;
}

/** The line that says a hidden sheet was passed over. */
export function hiddenSheetNote(sheet: { name: string; state: 'hidden' | 'veryHidden' }): string {
  const how = sheet.state === 'veryHidden' ? '深度隐藏的（veryHidden）' : '隐藏的';
  return `工作表“${sheet.name}”是${how}，未导入（要导入隐藏的工作表，请加 --include-hidden）`;
}

export function planImport(tables: Table[], ds: Dataset, opts: PlanOptions): Plan {
  const problems: Problem[] = [];
  const values: CellValue[] = [];
  let skipped = 0;
  const byLabel = labelIndex(ds);
  const regions = regionIndex(ds);
  const seen = new Map<string, CellValue>();
  let chosen = tables;
  if (opts.sheets) {
    const wanted = opts.sheets;
    for (const w of wanted) if (!tables.some((t) => t.name === w)) problems.push({ where: w, message: `没有名为“${w}”的工作表(有:${tables.map((t) => t.name).join('、')})` });
    chosen = tables.filter((t) => wanted.includes(t.name));
  }
  // a hidden sheet is a draft, an old year or a lookup table: read only when asked for
  const hiddenSheets: Plan['hiddenSheets'] = [];
  if (!opts.includeHidden && !opts.sheets) {
    for (const t of chosen) if (t.state === 'hidden' || t.state === 'veryHidden') hiddenSheets.push({ name: t.name, state: t.state });
    chosen = chosen.filter((t) => t.state !== 'hidden' && t.state !== 'veryHidden');
  }
  for (const table of chosen) {
    const sheet = table.name;
    const headerRow = table.rows.findIndex((r) => r.some((c) => c.text !== ''));
    if (headerRow < 0) continue; // an empty sheet
    const header = table.rows[headerRow]!;
    const columns = header.map((c) => readHeader(c, ds, byLabel, sheet, problems));
    let regionCol = columns.findIndex((c) => c.kind === 'region');
    // several region columns (代码 and 名称): the first one decides, the others are not figures
    if (regionCol < 0) {
      // no named region column: the first column holds the regions; undo a complaint about its header
      regionCol = 0;
      if (columns[0]?.kind === 'bad') {
        const where = `${sheet}!${header[0]!.address}`;
        const i = problems.findIndex((p) => p.where === where);
        if (i >= 0) problems.splice(i, 1);
      }
      if (columns[0]?.kind === 'figure') {
        problems.push({ where: `${sheet}!${header[0]!.address}`, message: '找不到地区列:第一列应为地区代码或名称(表头如“地区”“代码”)' });
        continue;
      }
      columns[0] = { kind: 'region' };
    }
    const yearCol = columns.findIndex((c) => c.kind === 'year');
    const fromSheet = sheetYear(sheet);
    const fallbackYear = fromSheet ?? opts.year;
    if (yearCol < 0 && fallbackYear === null) {
      problems.push({ where: sheet, message: `工作表“${sheet}”无法确定年份:请将工作表命名为年份(如“2022”或“2022年”),或加一列“年份”,或使用 --year` });
      continue;
    }
    for (let r = headerRow + 1; r < table.rows.length; r++) {
      const row = table.rows[r]!;
      if (row.every((c) => c.text === '' && c.problem === null)) continue;
      const regionCell = row[regionCol];
      const hasData = row.some((c, i) => i !== regionCol && columns[i]?.kind === 'figure' && (c.text !== '' || c.problem !== null));
      if (!hasData) continue;
      if (!regionCell || regionCell.text === '') {
        problems.push({ where: `${sheet}!${regionCell?.address ?? `A${r + 1}`}`, message: '这一行没有地区,整行未导入' });
        continue;
      }
      const region = regions.find(regionCell.text);
      if (typeof region === 'string') {
        problems.push({ where: `${sheet}!${regionCell.address}`, message: `${region},整行未导入` });
        continue;
      }
      let year = fallbackYear;
      if (yearCol >= 0) {
        const yc = row[yearCol];
        const yt = (yc?.text ?? '').normalize('NFKC');
        if (yt !== '') {
          const y = /^\s*(\d{4})\s*年?\s*$/.exec(yt);
          if (!y) {
            problems.push({ where: `${sheet}!${yc!.address}`, message: `年份“${yc!.text}”无法识别,整行未导入` });
            continue;
          }
          year = Number(y[1]);
        }
      }
      if (year === null) {
        problems.push({ where: `${sheet}!${row[yearCol]?.address ?? regionCell.address}`, message: '这一行没有年份,整行未导入' });
        continue;
      }
      row.forEach((cell, c) => {
        const col = columns[c];
        if (!col || col.kind !== 'figure') {
          if (col?.kind === 'empty' && cell.text !== '') problems.push({ where: `${sheet}!${cell.address}`, message: `这一列没有表头,单元格“${cell.text}”未导入` });
          return;
        }
        const where = `${sheet}!${cell.address}`;
        if (cell.problem !== null) {
          problems.push({ where, message: `无法读取:${cell.problem}${cell.text ? `(“${cell.text}”)` : ''}` });
          return;
        }
        if (cell.text === '') return;
        if (PLACEHOLDER.test(cell.text)) {
          skipped++;
          return;
        }
        const v = cellFigure(cell.text, col.indicator, col.unit, col.path);
        if (typeof v !== 'string' || v.startsWith('!')) {
          problems.push({ where, message: (v as string).slice(1) });
          return;
        }
        const key = `${region.code}|${year}|${col.path}`;
        const prev = seen.get(key);
        if (prev) {
          if (prev.text !== v) problems.push({ where, message: `与 ${prev.where} 给出的同一数字(${region.name} ${year}年 ${col.path})不同:“${prev.text}”与“${v}”,未导入` });
          return;
        }
        const value: CellValue = { where, region, year: year!, path: col.path, text: v };
        seen.set(key, value);
        values.push(value);
      });
    }
  }
  return { values, problems, skipped, hiddenSheets };
}

/** The figure text for a cell, or `!message` when it cannot be read. */
export function cellFigure(raw: string, indicator: Indicator, headerUnit: UnitInfo | null, path: string): string {
  // thousands separators (12,345.6): the checker reads plain numbers
  const text = raw.replace(/(\d)[,，](?=\d{3}(?:\D|$))/g, '$1').trim();
  const q = parseQuantity(text);
  if (isQuantityError(q)) {
    if (q.code === 'unknown-unit') return `!单位“${q.unit}”无法识别(“${raw}”)`;
    return `!不是数字:“${raw}”`;
  }
  if (q.unit !== null) {
    const u = unitInfo(q.unit)!;
    if (!compatible(u, indicator.unit)) return `!单位“${q.unit}”与指标 ${path} 的单位“${indicator.unit.unit}”不是同一类(“${raw}”)`;
    return text;
  }
  return headerUnit ? `${text} ${headerUnit.unit}` : text;
}

/** A region-year whose file exists but cannot be read as a document: nothing imported for it. */
export interface Refused {
  /** The file as shown (DIR joined with its path inside). */
  file: string;
  /** 包头市 2022年 */
  what: string;
  /** The file's errors, each at `file:line:column`. */
  findings: Problem[];
  /** The cells meant for it (`2022!B3`). */
  cells: string[];
}

export interface Applied {
  changes: Change[];
  /** Cells that could not be imported, one each. */
  problems: Problem[];
  /** Region-years refused because their file is broken (cells not in `problems`). */
  refused: Refused[];
  /** New text of every changed file, by absolute path. */
  files: Map<string, string>;
  /** Files whose layout had to be rewritten by the YAML library (comments kept, spacing not). */
  reformatted: string[];
  notes: string[];
}

export interface ApplyOptions {
  edition: string | null;
}

/** A top-level `key: value` line of a YAML text, read without a parser (the text may not parse). */
function topLine(text: string, key: string): string | null {
  const m = new RegExp(`^${key}[ \\t]*:[ \\t]*(.*)$`, 'm').exec(text);
  if (!m) return null;
  const v = m[1]!.replace(/(^|\s)#.*$/, '').trim();
  const q = /^(["'])(.*)\1$/.exec(v);
  return (q ? q[2]! : v).trim() || null;
}

/**
 * The region-year a file that does not load as a document is meant for: from its `region:` and
 * `year:` lines, else from its path (DIR/2022/150200.yaml, 150200-编辑部.yaml). Null when unknown.
 */
function intendedKey(text: string | null, rel: string, regions: RegionTree): { code: string; year: number; edition: string | null } | null {
  const byText = (v: string | null): Region | undefined => {
    if (v === null) return undefined;
    const byName = regions.byName.get(v);
    return regions.byCode.get(v) ?? (byName && byName.length === 1 ? byName[0] : undefined);
  };
  const parts = rel.split('/');
  const stem = parts[parts.length - 1]!.replace(/\.ya?ml$/i, '');
  let pathRegion = regions.byCode.get(stem);
  let pathEdition: string | null = null;
  const dash = /^(.+?)-([^-]+)$/.exec(stem);
  if (!pathRegion && dash && regions.byCode.has(dash[1]!)) {
    pathRegion = regions.byCode.get(dash[1]!);
    // 150200-2.yaml is a second file, not an edition
    if (!/^\d+$/.test(dash[2]!)) pathEdition = dash[2]!;
  }
  const folderYear = parts
    .slice(0, -1)
    .reverse()
    .map((p) => /^(\d{4})年?$/.exec(p.normalize('NFKC')))
    .find((m) => m !== null);
  const yearText = text === null ? null : topLine(text, 'year');
  const region = byText(text === null ? null : topLine(text, 'region')) ?? pathRegion;
  const year = yearText !== null && /^\d{4}$/.test(yearText) ? Number(yearText) : folderYear ? Number(folderYear[1]) : null;
  if (!region || year === null) return null;
  return { code: region.code, year, edition: (text === null ? null : topLine(text, 'edition')) ?? pathEdition };
}

interface Unreadable {
  rel: string;
  file: string;
  findings: Finding[];
}

/**
 * The YAML files that hold no usable document (a YAML error, a schema error that loses the region
 * or the year, a file that cannot be read), by the region-year they are meant for (region|year|edition):
 * importing into such a region-year would make a second file for it.
 */
function unreadableFiles(ds: Dataset): Map<string, Unreadable> {
  const root = ds.dir === '' || ds.dir === '.' ? '' : ds.dir.replace(/[\\/]+$/, '') + '/';
  const relOf = (file: string): string => (root !== '' && file.startsWith(root) ? file.slice(root.length) : file);
  const readable = new Set(ds.docs.filter((d) => d.region !== undefined && d.region !== null).map((d) => d.file));
  const errors = new Map<string, Finding[]>();
  for (const f of ds.findings) {
    if (f.severity !== 'error' || readable.has(f.file)) continue;
    const list = errors.get(f.file);
    if (list) list.push(f);
    else errors.set(f.file, [f]);
  }
  const byKey = new Map<string, Unreadable>();
  for (const [file, findings] of errors) {
    const rel = relOf(file);
    if (!/\.ya?ml$/i.test(rel) || /^(regions|indicators)\.ya?ml$/i.test(rel)) continue;
    const loaded = ds.docs.find((d) => d.file === file);
    let text: string | null = loaded ? loaded.text : null;
    if (text === null) {
      const read = readBytes(join(ds.dir, rel));
      const res = 'bytes' in read ? decode(read.bytes) : null;
      text = res && res.ok ? res.text : null;
    }
    const u: Unreadable = { rel, file, findings };
    const key = intendedKey(text, rel, ds.regions);
    if (key) {
      const k = `${key.code}|${key.year}|${key.edition ?? ''}`;
      if (!byKey.has(k)) byKey.set(k, u);
    }
  }
  return byKey;
}

export function applyImport(plan: Plan, ds: Dataset, opts: ApplyOptions): Applied {
  const display = (rel: string): string => (ds.dir === '' || ds.dir === '.' ? rel : ds.dir.replace(/[\\/]+$/, '') + '/' + rel);
  const notes: string[] = [];
  const byKey = new Map<string, { abs: string; rel: string }>();
  for (const d of ds.docs) {
    const k = `${d.regionCode}|${d.year}|${d.edition ?? ''}`;
    if (byKey.has(k)) {
      notes.push(`${d.file} 与 ${display(byKey.get(k)!.rel)} 是同一地区、年份和版本的文件;导入只改动后者`);
      continue;
    }
    byKey.set(k, { abs: join(ds.dir, d.rel), rel: d.rel });
  }
  const problems: Problem[] = [];
  const changes: Change[] = [];
  const files = new Map<string, string>();
  const created = new Set<string>();
  const taken = new Set<string>();
  const reformatted = new Set<string>();
  const unreadable = unreadableFiles(ds);
  const refused = new Map<Unreadable, Refused>();
  const target = (v: CellValue): { abs: string; rel: string; text: string } | Problem | Unreadable => {
    const k = `${v.region.code}|${v.year}|${opts.edition ?? ''}`;
    let t = byKey.get(k);
    if (!t) {
      const base = `${v.year}/${v.region.code}`;
      const names = [`${base}.yaml`, ...(opts.edition ? [`${base}-${opts.edition}.yaml`] : []), ...Array.from({ length: 20 }, (_, i) => `${base}-${i + 2}.yaml`)];
      // the region-year's own file is there but broken: a new file beside it would be a duplicate once it is fixed
      const broken = unreadable.get(k);
      if (broken) return broken;
      const rel = names.find((n) => !taken.has(n) && !existsSync(join(ds.dir, n)));
      if (!rel) return { where: v.where, message: `无法为 ${v.region.name} ${v.year}年 新建文件` };
      t = { abs: join(ds.dir, rel), rel };
      byKey.set(k, t);
      taken.add(rel);
      created.add(t.abs);
      files.set(t.abs, newDocumentText(v.region.code, v.year, opts.edition));
    }
    let text = files.get(t.abs);
    if (text === undefined) {
      const read = readBytes(t.abs);
      const res = 'bytes' in read ? decode(read.bytes) : null;
      if (!res || !res.ok) return { where: v.where, message: `无法读取 ${display(t.rel)},未导入` };
      if (res.encoding !== 'utf-8') notes.push(`${display(t.rel)} 原为 GB18030/GBK 编码,写回时改为 UTF-8`);
      text = res.text;
      files.set(t.abs, text);
    }
    return { ...t, text };
  };
  const original = new Map<string, string>();
  for (const v of plan.values) {
    const t = target(v);
    if ('message' in t) {
      problems.push(t);
      continue;
    }
    if ('findings' in t) {
      const r = refused.get(t);
      if (r) r.cells.push(v.where);
      else {
        const what = `${v.region.name} ${v.year}年${opts.edition ? `（${opts.edition}）` : ''}`;
        const findings = t.findings.map((f) => ({ where: `${f.file}:${f.line}:${f.column}`, message: render(f.message, 'zh') }));
        refused.set(t, { file: t.file, what, findings, cells: [v.where] });
      }
      continue;
    }
    if (!original.has(t.abs)) original.set(t.abs, t.text);
    const res = setFigure(t.text, v.path.split('.'), v.text);
    if (!res.ok) {
      problems.push({ where: v.where, message: `${display(t.rel)}:${res.reason}` });
      continue;
    }
    if (!res.changed) continue;
    if (res.reformatted) reformatted.add(display(t.rel));
    files.set(t.abs, res.text);
    changes.push({ file: display(t.rel), abs: t.abs, path: v.path, old: res.old, value: v.text, created: created.has(t.abs) });
  }
  // keep only files that changed
  for (const [abs, text] of [...files]) if (original.get(abs) === text && !created.has(abs)) files.delete(abs);
  for (const abs of created) if (!changes.some((c) => c.abs === abs)) files.delete(abs);
  return { changes, problems, refused: [...refused.values()], files, reformatted: [...reformatted], notes };
}

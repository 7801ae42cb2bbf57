/** Reads regions.yaml (FORMAT.md §2) into a RegionTree, reporting problems as findings. No I/O. */
import type { Finding, Region, RegionTree } from '../model/types.js';
import { msg } from '../findings/messages.js';
import { makeFinding } from '../findings/finding.js';
import type { SourceFile } from './source-file.js';
import { asMap, asSeq, entries, items, scalarText, type Tree, type YNode as Node } from './yaml-tree.js';
import { didYouMean } from '../model/suggest.js';

const REGION_FIELDS = ['code', 'name', 'short', 'children'];

export function emptyTree(): RegionTree {
  return { byCode: new Map(), byName: new Map(), roots: [] };
}

export function loadRegions(src: SourceFile, tree: Tree, out: Finding[]): RegionTree {
  const result = emptyTree();
  const top = asMap(tree.root);
  const list = top ? entries(tree, top).find((e) => e.key === 'regions') : undefined;
  if (!top || !list) {
    out.push(makeFinding(src, 0, { kind: 'schema', message: msg('schema.missing-field', { field: 'regions' }) }));
    return result;
  }
  let order = 0;
  const walk = (node: Node | null, at: number, parent: string | null): void => {
    const seq = asSeq(node);
    if (!seq) {
      out.push(makeFinding(src, at, { kind: 'schema', message: msg('schema.write-as', { field: 'regions', expected: msg('type.list') }) }));
      return;
    }
    for (const item of items(tree, seq)) {
      const map = asMap(item.node);
      if (!map) {
        out.push(makeFinding(src, item.offset, { kind: 'schema', message: msg('schema.write-as', { field: 'region', expected: msg('type.region-entry') }) }));
        continue;
      }
      const fields = new Map(entries(tree, map).map((e) => [e.key, e]));
      for (const e of fields.values()) {
        if (!REGION_FIELDS.includes(e.key)) {
          out.push(makeFinding(src, e.keyOffset, { kind: 'schema', message: msg('schema.unknown-field', { field: e.key, hint: didYouMean(e.key, REGION_FIELDS) }) }));
        }
      }
      const codeE = fields.get('code');
      const nameE = fields.get('name');
      const code = codeE ? scalarText(codeE.value) : null;
      const name = nameE ? scalarText(nameE.value) : null;
      if (!codeE || !code) {
        out.push(makeFinding(src, item.offset, { kind: 'schema', message: msg('schema.missing-field', { field: 'code' }) }));
        continue;
      }
      if (!/^\d+$/.test(code)) {
        out.push(makeFinding(src, codeE.valueOffset, { kind: 'schema', message: msg('schema.bad-code', { code }) }));
        continue;
      }
      if (!nameE || !name) {
        out.push(makeFinding(src, item.offset, { kind: 'schema', message: msg('schema.missing-field', { field: 'name' }) }));
        continue;
      }
      if (result.byCode.has(code)) {
        out.push(makeFinding(src, codeE.valueOffset, { kind: 'schema', message: msg('schema.duplicate-region', { code }) }));
        continue;
      }
      const shortE = fields.get('short');
      const region: Region = { code, name, short: shortE ? scalarText(shortE.value) || null : null, parent, children: [], order: order++ };
      result.byCode.set(code, region);
      const same = result.byName.get(name);
      if (same) same.push(region);
      else result.byName.set(name, [region]);
      if (parent === null) result.roots.push(code);
      else result.byCode.get(parent)!.children.push(code);
      src.pos.set(`region:${code}`, codeE.valueOffset);
      const kids = fields.get('children');
      if (kids && kids.value) walk(kids.value, kids.valueOffset, code);
    }
  };
  walk(list.value, list.valueOffset, null);
  return result;
}

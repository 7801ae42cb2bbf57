/**
 * Test helper: a PDF's bookmarks (/Outlines) as a tree of titles with the page each points at, and the
 * catalogue's /PageMode, read with the build's own PDF syntax reader (classic xref, as Chromium writes).
 */
import { decodeText, dictGet, readLayout, readObject, type PdfLayout, type PdfValue } from '../src/print/pdf-syntax.js';

export interface Bookmark {
  title: string;
  /** 1-based page the bookmark goes to (0 when it cannot be resolved). */
  page: number;
  children: Bookmark[];
}

function deref(layout: PdfLayout, v: PdfValue | undefined): PdfValue | undefined {
  return v?.t === 'ref' ? readObject(layout, v.num).value : v;
}

/** Object numbers of the pages in order. */
function pageNums(layout: PdfLayout, node: PdfValue | undefined, out: number[] = []): number[] {
  const kids = deref(layout, dictGet(node, 'Kids'));
  if (kids?.t !== 'array') return out;
  for (const k of kids.items) {
    if (k.t !== 'ref') continue;
    const kid = readObject(layout, k.num).value;
    const type = dictGet(kid, 'Type');
    if (type?.t === 'name' && type.v === 'Pages') pageNums(layout, kid, out);
    else out.push(k.num);
  }
  return out;
}

export function pdfCatalog(pdf: Uint8Array): { layout: PdfLayout; catalog: PdfValue } {
  const layout = readLayout(pdf);
  const root = dictGet(layout.trailer, 'Root');
  if (root?.t !== 'ref') throw new Error('no /Root');
  return { layout, catalog: readObject(layout, root.num).value };
}

/** The /PageMode name of the catalogue (undefined when none). */
export function pageMode(pdf: Uint8Array): string | undefined {
  const v = dictGet(pdfCatalog(pdf).catalog, 'PageMode');
  return v?.t === 'name' ? v.v : undefined;
}

/** The bookmarks of a PDF, nested as they are. */
export function outline(pdf: Uint8Array): Bookmark[] {
  const { layout, catalog } = pdfCatalog(pdf);
  const pages = pageNums(layout, deref(layout, dictGet(catalog, 'Pages')));
  const root = deref(layout, dictGet(catalog, 'Outlines'));
  const walk = (first: PdfValue | undefined): Bookmark[] => {
    const out: Bookmark[] = [];
    let cur = first;
    for (let guard = 0; cur?.t === 'ref' && guard < 100000; guard++) {
      const item = readObject(layout, cur.num).value;
      let dest = deref(layout, dictGet(item, 'Dest')) ?? deref(layout, dictGet(deref(layout, dictGet(item, 'A')), 'D'));
      const target = dest?.t === 'array' ? dest.items[0] : undefined;
      out.push({ title: decodeText(dictGet(item, 'Title')) ?? '', page: target?.t === 'ref' ? pages.indexOf(target.num) + 1 : 0, children: walk(dictGet(item, 'First')) });
      cur = dictGet(item, 'Next');
    }
    return out;
  };
  return root ? walk(dictGet(root, 'First')) : [];
}

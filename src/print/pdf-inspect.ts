/** Reads back what `finishPdf` and Chromium put in a PDF: Info strings, /Lang, tagging, outline. */
import { type PdfValue, decodeText, dictGet, readLayout, readObject, resolve } from './pdf-syntax.js';

export interface OutlineItem {
  title: string;
  /** 1 for top-level items. */
  level: number;
}

export interface PdfFacts {
  info: Record<string, string>;
  lang?: string;
  /** Catalog /MarkInfo /Marked true and a /StructTreeRoot. */
  tagged: boolean;
  /** Trailer /ID as hex strings. */
  id?: [string, string];
  outline: OutlineItem[];
}

export function inspectPdf(pdf: Uint8Array): PdfFacts {
  const layout = readLayout(pdf);
  const info: Record<string, string> = {};
  const infoDict = resolve(layout, dictGet(layout.trailer, 'Info'));
  if (infoDict?.t === 'dict') {
    for (const e of infoDict.entries) {
      const text = decodeText(e.value);
      if (text !== undefined) info[e.key] = text;
    }
  }
  const rootRef = dictGet(layout.trailer, 'Root');
  const catalog = resolve(layout, rootRef);
  const marked = dictGet(resolve(layout, dictGet(catalog, 'MarkInfo')), 'Marked');
  const tagged = marked?.t === 'bool' && marked.v && dictGet(catalog, 'StructTreeRoot') !== undefined;
  const idv = dictGet(layout.trailer, 'ID');
  let id: [string, string] | undefined;
  if (idv?.t === 'array' && idv.items[0]?.t === 'str' && idv.items[1]?.t === 'str') {
    id = [Buffer.from(idv.items[0].bytes).toString('hex'), Buffer.from(idv.items[1].bytes).toString('hex')];
  }
  const outline: OutlineItem[] = [];
  const seen = new Set<number>();
  const walk = (first: PdfValue | undefined, level: number): void => {
    let ref = first;
    while (ref?.t === 'ref' && !seen.has(ref.num)) {
      seen.add(ref.num);
      const item = readObject(layout, ref.num).value;
      outline.push({ title: decodeText(dictGet(item, 'Title')) ?? '', level });
      walk(dictGet(item, 'First'), level + 1);
      ref = dictGet(item, 'Next');
    }
  };
  walk(dictGet(resolve(layout, dictGet(catalog, 'Outlines')), 'First'), 1);
  const lang = decodeText(dictGet(catalog, 'Lang'));
  return { info, ...(lang !== undefined ? { lang } : {}), tagged, ...(id ? { id } : {}), outline };
}

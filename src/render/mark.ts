/**
 * Marks the figures in a document's printed HTML so the preview can highlight them: the renderer
 * (src/build/text.ts) prints figures as plain text, so this post-processes the HTML it produced.
 * Text outside tags in <body> (never inside <style>, <title> or attributes) is searched for the
 * exact strings the renderer prints for each figure (figureText of value/before/after, the
 * magnitude of growth/increase/pp) and each hit is wrapped in <span data-yb="path …">; rows of the
 * figure table get data-yb by their indicator label; chart <text> elements whose content is a
 * figure's literal get data-yb too. The spans carry no style, so the page looks exactly as printed.
 * Pure.
 */
import type { Doc } from '../core/model/types.js';
import { figureText, magnitudeText } from './figure-text.js';
import { escapeHtml } from './text.js';

/** What each printed string stands for: escaped text → figure paths. */
export function figureStrings(docs: Doc[]): { texts: Map<string, Set<string>>; labels: Map<string, Set<string>>; literals: Map<string, Set<string>> } {
  const texts = new Map<string, Set<string>>();
  const labels = new Map<string, Set<string>>();
  const literals = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, k: string, path: string): void => {
    if (k.trim() === '') return;
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    s.add(path);
  };
  for (const doc of docs) {
    for (const fig of doc.figures.values()) {
      for (const kind of ['value', 'before', 'after'] as const) {
        const fv = fig[kind];
        if (!fv) continue;
        add(texts, escapeHtml(figureText(fv)), fig.path);
        add(literals, fv.q.literal, fig.path);
      }
      for (const kind of ['growth', 'increase', 'pp'] as const) {
        const fv = fig[kind];
        if (fv) add(texts, escapeHtml(magnitudeText(fv, kind)), fig.path);
      }
      if (fig.indicator) add(labels, escapeHtml(fig.indicator.label), fig.path);
    }
  }
  return { texts, labels, literals };
}

const reEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const attr = (paths: Set<string>): string => escapeHtml([...paths].join(' '));

export function markFigures(html: string, docs: Doc[]): string {
  const { texts, labels, literals } = figureStrings(docs);
  const bodyAt = html.search(/<body[\s>]/i);
  if (bodyAt < 0 || texts.size === 0) return html;
  const head = html.slice(0, bodyAt);
  let body = html.slice(bodyAt);

  // figure-table rows: <tr><td>LABEL</td>
  body = body.replace(/<tr><td>([^<]*)<\/td>/g, (all, label: string) => {
    const paths = labels.get(label);
    return paths ? `<tr data-yb="${attr(paths)}"><td>${label}</td>` : all;
  });

  const alternatives = [...texts.keys()].sort((a, b) => b.length - a.length).map(reEscape);
  // a number is not matched inside a longer number (7.17% inside 27.17%)
  const textRe = new RegExp(`(?<![\\d.])(?:${alternatives.join('|')})(?![\\d])`, 'g');
  const out: string[] = [];
  // tags and text in order; skip the insides of style/script/title/svg for prose matching
  const tagRe = /<!--[\s\S]*?-->|<\/?([a-zA-Z][\w-]*)[^>]*>/g;
  let last = 0;
  let skip: string | null = null;
  let inSvg = 0;
  let m: RegExpExecArray | null;
  const pushText = (text: string): void => {
    if (text === '') return;
    if (skip) return void out.push(text);
    if (inSvg > 0) return void out.push(text);
    out.push(text.replace(textRe, (hit) => `<span class="yb-fig" data-yb="${attr(texts.get(hit)!)}">${hit}</span>`));
  };
  while ((m = tagRe.exec(body))) {
    pushText(body.slice(last, m.index));
    let tag = m[0];
    const name = (m[1] ?? '').toLowerCase();
    const closing = tag.startsWith('</');
    if (skip) {
      if (closing && name === skip) skip = null;
    } else if (!closing && (name === 'style' || name === 'script' || name === 'title' || name === 'textarea')) {
      skip = name;
    } else if (name === 'svg') {
      inSvg += closing ? -1 : tag.endsWith('/>') ? 0 : 1;
    } else if (inSvg > 0 && name === 'text' && !closing) {
      // a chart label: mark it when its whole content is a figure's literal
      const end = body.indexOf('</text>', tagRe.lastIndex);
      const content = end >= 0 ? body.slice(tagRe.lastIndex, end).trim() : '';
      const paths = literals.get(content);
      if (paths) tag = tag.replace(/^<text/, `<text data-yb="${attr(paths)}"`);
    }
    out.push(tag);
    last = tagRe.lastIndex;
  }
  pushText(body.slice(last));
  return head + out.join('');
}

/** The preview's font URLs: the virtual origin the build prints with → this server's /fonts/. */
export function localFonts(html: string, origin: string): string {
  return html.split(origin + '/').join('/fonts/');
}

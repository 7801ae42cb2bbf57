/**
 * Reads a templates folder (the bundled templates/ or the user's --templates copy): the page
 * templates (*.hbs), the style sheets (css/*.css) and fonts.yaml, as text. A missing page template
 * or style sheet is a TemplateFilesError naming it. Compiles nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PAGE_TEMPLATES = ['entry', 'summary', 'head', 'figure-table', 'stat-table', 'section'] as const;
export const STYLE_SHEETS = ['base', 'entry', 'summary'] as const;

export interface TemplateFiles {
  dir: string;
  hbs: Record<(typeof PAGE_TEMPLATES)[number], string>;
  css: Record<(typeof STYLE_SHEETS)[number], string>;
  /** templates/fonts.yaml, or null when the folder has none (the default fonts). */
  fonts: string | null;
}

export class TemplateFilesError extends Error {}

export function readTemplateFiles(dir: string): TemplateFiles {
  const read = (file: string, what: string): string => {
    if (!existsSync(file)) throw new TemplateFilesError(`缺少${what} ${file}`);
    return readFileSync(file, 'utf8');
  };
  const hbs = Object.fromEntries(PAGE_TEMPLATES.map((n) => [n, read(join(dir, `${n}.hbs`), '模板')])) as TemplateFiles['hbs'];
  const css = Object.fromEntries(STYLE_SHEETS.map((n) => [n, read(join(dir, 'css', `${n}.css`), '样式表')])) as TemplateFiles['css'];
  return { dir, hbs, css, fonts: readFontsYaml(dir) };
}

/** templates/fonts.yaml alone (the Word build needs nothing else), or null when there is none. */
export function readFontsYaml(dir: string): string | null {
  const file = join(dir, 'fonts.yaml');
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

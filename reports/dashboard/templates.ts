// The Handlebars templates of the dashboard, read from the source tree (tsc does not copy .hbs files to dist/).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { ROOT } from '../../runners/paths.js';

export const TEMPLATES_DIR = join(ROOT, 'reports', 'dashboard', 'templates');
export const STYLE_FILE = join(TEMPLATES_DIR, 'style.css');

export type PageName = 'index' | 'sdk' | 'requirements';
export type Render = (page: PageName, view: object) => string;

/**
 * Strict: a field the view lacks is a bug in the view, and should fail the build rather than print
 * nothing. Escaping stays on (noEscape is never set); the templates use only {{ }}. preventIndent:
 * a partial on an indented line would otherwise indent every line it prints, <pre> content included.
 */
const OPTIONS = { strict: true, preventIndent: true } as const;

export function loadTemplates(dir = TEMPLATES_DIR): Render {
  // An environment of its own, so that no helper or partial registered elsewhere leaks in.
  const hb = Handlebars.create();
  const partials = join(dir, 'partials');
  for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
    // Without its final newline, an inline partial adds no stray whitespace (inside a link, say).
    hb.registerPartial(basename(file, '.hbs'), hb.compile(readFileSync(join(partials, file), 'utf8').trimEnd(), OPTIONS));
  }
  const pages = new Map<PageName, HandlebarsTemplateDelegate>();
  for (const page of ['index', 'sdk', 'requirements'] as const) {
    pages.set(page, hb.compile(readFileSync(join(dir, `${page}.hbs`), 'utf8'), OPTIONS));
  }
  return (page, view) => {
    const template = pages.get(page);
    if (!template) throw new Error(`no template for page '${page}'`);
    return template(view);
  };
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AUDIENCES, type Audience } from '../../../workflows/index.js';
import type { Channel } from './notification.entity.js';

/**
 * Message templates and the rules of who gets which, kept as files beside this one
 * (`templates/<template>.<en|ja>.txt` and `templates/rules.json`):
 *
 * - a template file is `Subject: ...`, a blank line, and the plain-text body; the HTML part is
 *   made from the text. Placeholders are `{{recipient.name}}`, `{{subject.title}}`,
 *   `{{subject.kind}}`, `{{subject.state}}`, `{{call.title}}`, `{{agency}}`, `{{link}}` and
 *   `{{data.<name>}}` (ids and plain facts the effect carried).
 * - a rule names the channels (`email`, `inbox`, `webhook`) and, optionally, the audience: when
 *   given it replaces the audience the workflow definition emitted, so who is told can change
 *   without a new definition version. Users named by the effect (`recipients`) are always told.
 */
export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Rule {
  channels: Channel[];
  audience?: Audience[];
  description: string;
}

export interface RenderVars {
  recipient: { name: string };
  subject: { kind: string; title: string; state: string };
  call: { title: string };
  agency: string;
  link: string;
  data: Record<string, unknown>;
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_.-]+)\s*\}\}/g;
const KNOWN = new Set([
  'recipient.name',
  'subject.title',
  'subject.kind',
  'subject.state',
  'call.title',
  'agency',
  'link',
]);
const CHANNELS: Channel[] = ['email', 'inbox', 'webhook'];

export const TEMPLATE_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

export const localeOf = (value: string | null | undefined): Locale =>
  value && value.toLowerCase().startsWith('ja') ? 'ja' : 'en';

export class TemplateCatalog {
  private readonly templates = new Map<string, { subject: string; body: string }>();
  readonly rules: Record<string, Rule>;

  /** Loads and checks every template and rule; throws naming what is wrong. */
  constructor(dir: string = TEMPLATE_DIR) {
    this.rules = JSON.parse(readFileSync(`${dir}/rules.json`, 'utf8')) as Record<string, Rule>;
    const problems: string[] = [];
    for (const file of readdirSync(dir)) {
      const match = file.match(/^([a-z0-9-]+)\.(en|ja)\.txt$/);
      if (!match) continue;
      const raw = readFileSync(`${dir}/${file}`, 'utf8').replace(/\r\n/g, '\n');
      const head = raw.match(/^Subject: (.+)\n\n([\s\S]+)$/);
      if (!head) {
        problems.push(`${file}: must start with "Subject: ..." and a blank line`);
        continue;
      }
      for (const [, name] of raw.matchAll(PLACEHOLDER)) {
        if (!KNOWN.has(name) && !name.startsWith('data.')) problems.push(`${file}: unknown placeholder {{${name}}}`);
      }
      this.templates.set(`${match[1]}.${match[2]}`, { subject: head[1].trim(), body: head[2].trimEnd() + '\n' });
    }
    for (const [template, rule] of Object.entries(this.rules)) {
      for (const locale of LOCALES)
        if (!this.templates.has(`${template}.${locale}`)) problems.push(`${template}: no ${template}.${locale}.txt`);
      if (!Array.isArray(rule.channels) || rule.channels.some((c) => !CHANNELS.includes(c)))
        problems.push(`${template}: channels must be among ${CHANNELS.join(', ')}`);
      for (const a of rule.audience ?? [])
        if (!AUDIENCES.includes(a)) problems.push(`${template}: unknown audience ${a}`);
    }
    for (const key of this.templates.keys()) {
      const template = key.slice(0, key.lastIndexOf('.'));
      if (!this.rules[template]) problems.push(`${template}: a template without a rule in rules.json`);
    }
    if (problems.length) throw new Error(`notification templates are not valid:\n  ${problems.join('\n  ')}`);
  }

  rule(template: string): Rule | undefined {
    return Object.prototype.hasOwnProperty.call(this.rules, template) ? this.rules[template] : undefined;
  }

  render(template: string, locale: Locale, vars: RenderVars): Rendered {
    const t = this.templates.get(`${template}.${locale}`) ?? this.templates.get(`${template}.en`);
    if (!t) throw new Error(`no template ${template}`);
    const fill = (s: string) => s.replace(PLACEHOLDER, (_, name: string) => lookup(vars, name));
    const text = fill(t.body);
    return {
      subject: fill(t.subject)
        .replace(/[\r\n]+/g, ' ')
        .slice(0, 300),
      text,
      html: toHtml(text),
    };
  }
}

function lookup(vars: RenderVars, path: string): string {
  let value: unknown = vars;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return '';
    value = (value as Record<string, unknown>)[key];
  }
  return value === null || value === undefined ? '' : String(value);
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Paragraphs from blank lines, links from URLs; everything else escaped. */
function toHtml(text: string): string {
  const paragraphs = text
    .trim()
    .split(/\n{2,}/)
    .map(
      (p) =>
        `<p>${escapeHtml(p)
          .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
          .replace(/\n/g, '<br>')}</p>`,
    );
  return `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">${paragraphs.join('\n')}</body></html>\n`;
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AUDIENCES, type Audience } from '../../../workflows/index.js';
import type { Channel } from './notification.entity.js';

/**
 * Message templates and the rules of who gets which, kept as files beside this one
 * (`templates/<template>.<en|ja>.txt` and `templates/rules.json`):
 *
 * - a template file is `Subject: ...`, a blank line, and the plain-text body; the HTML part is
 *   made from the text. Placeholders are the variables the message context (message-context.ts)
 *   fills for the kinds of subject the template is about (VARIABLES): an unknown one is refused
 *   when the catalog loads (and so by `npm run workflows:check`), and one that would render empty
 *   makes `render` throw rather than send a message with a blank field. Every template has `{{link}}`.
 * - a rule names the kinds of subject (`subjects`: `call`, `proposal`, `assignment`), the channels
 *   (`email`, `inbox`, `webhook`) and, optionally, the audience: when given it replaces the
 *   audience the workflow definition emitted, so who is told can change without a new definition
 *   version. Users named by the effect (`recipients`) are always told.
 */
export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

export const SUBJECT_KINDS = ['call', 'proposal', 'assignment'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * The variables the message context fills for each kind of subject: `subject.title` is the title of
 * the thing itself (a call's, or a proposal's for a proposal and a review assignment), `agency` the
 * agency the event was for (a review's agency), `decision` what was decided (the effect's
 * `decision`, else the state the transition reached, in words), `review.dueDate` a review's due
 * date in the reader's language, `link` the console page of the subject. `call.title` is the
 * reader's version of the call's title (the authoritative one when there is none), and
 * `call.authoritativeClause` says which version of the call governs (decision and result letters).
 * `reason` is why a review assignment ended without its reviewer's act, as the event gave it.
 */
export const VARIABLES: Record<SubjectKind, readonly string[]> = {
  call: ['recipient.name', 'subject.title', 'call.title', 'call.authoritativeClause', 'decision', 'link'],
  proposal: [
    'recipient.name',
    'subject.title',
    'proposal.title',
    'call.title',
    'call.authoritativeClause',
    'agency',
    'decision',
    'dueDate',
    'link',
  ],
  assignment: [
    'recipient.name',
    'subject.title',
    'proposal.title',
    'call.title',
    'agency',
    'review.dueDate',
    'reason',
    'link',
  ],
};

export interface Rule {
  subjects: SubjectKind[];
  channels: Channel[];
  audience?: Audience[];
  description: string;
}

/** The values of a message's placeholders, by name. */
export type RenderVars = Readonly<Record<string, string | null | undefined>>;

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

/** A message that cannot be rendered as it stands (a placeholder without a value): never sent blank. */
export class MessageRenderError extends Error {}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_.-]+)\s*\}\}/g;
const CHANNELS: Channel[] = ['email', 'inbox', 'webhook'];
/** What a value must not read as: a missing value printed. */
const BLANKISH = /^(?:undefined|null|NaN|Invalid Date)$/;

export const TEMPLATE_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

export const localeOf = (value: string | null | undefined): Locale =>
  value && value.toLowerCase().startsWith('ja') ? 'ja' : 'en';

export class TemplateCatalog {
  private readonly templates = new Map<string, { subject: string; body: string; placeholders: string[] }>();
  readonly rules: Record<string, Rule>;

  /** Loads and checks every template and rule; throws naming what is wrong. */
  constructor(dir: string = TEMPLATE_DIR) {
    this.rules = JSON.parse(readFileSync(`${dir}/rules.json`, 'utf8')) as Record<string, Rule>;
    const problems: string[] = [];
    for (const [template, rule] of Object.entries(this.rules)) {
      if (
        !Array.isArray(rule.subjects) ||
        rule.subjects.length === 0 ||
        rule.subjects.some((k) => !(SUBJECT_KINDS as readonly string[]).includes(k))
      )
        problems.push(`${template}: subjects must be among ${SUBJECT_KINDS.join(', ')}`);
    }
    for (const file of readdirSync(dir)) {
      const match = file.match(/^([a-z0-9-]+)\.(en|ja)\.txt$/);
      if (!match) continue;
      const raw = readFileSync(`${dir}/${file}`, 'utf8').replace(/\r\n/g, '\n');
      const head = raw.match(/^Subject: (.+)\n\n([\s\S]+)$/);
      if (!head) {
        problems.push(`${file}: must start with "Subject: ..." and a blank line`);
        continue;
      }
      const placeholders = [...new Set([...raw.matchAll(PLACEHOLDER)].map((m) => m[1]))];
      const subjects = this.rules[match[1]]?.subjects;
      const known = new Set((Array.isArray(subjects) ? subjects : []).flatMap((k) => VARIABLES[k] ?? []));
      for (const name of placeholders)
        if (!known.has(name))
          problems.push(
            `${file}: unknown placeholder {{${name}}} (a message about ${(subjects ?? []).join(' or ') || '?'} has ${[...known].join(', ')})`,
          );
      if (!placeholders.includes('link')) problems.push(`${file}: no {{link}} to the page of its subject`);
      if (/\{\{|\}\}/.test(raw.replace(PLACEHOLDER, ''))) problems.push(`${file}: a placeholder that is not {{name}}`);
      this.templates.set(`${match[1]}.${match[2]}`, {
        subject: head[1].trim(),
        body: head[2].trimEnd() + '\n',
        placeholders,
      });
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

  /** The placeholders a template uses (in either language). */
  placeholders(template: string): string[] {
    return [...new Set(LOCALES.flatMap((locale) => this.templates.get(`${template}.${locale}`)?.placeholders ?? []))];
  }

  /** The message; throws a MessageRenderError naming each placeholder without a value. */
  render(template: string, locale: Locale, vars: RenderVars): Rendered {
    const t = this.templates.get(`${template}.${locale}`);
    if (!t) throw new MessageRenderError(`no template ${template}.${locale}`);
    const missing = t.placeholders.filter((name) => {
      const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
      return typeof value !== 'string' || value.trim() === '' || BLANKISH.test(value.trim());
    });
    if (missing.length)
      throw new MessageRenderError(
        `${template}.${locale}: no value for ${missing.map((name) => `{{${name}}}`).join(', ')}`,
      );
    const fill = (s: string) => s.replace(PLACEHOLDER, (_, name: string) => vars[name]!);
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

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKFLOWS } from '../../../../workflows/index.js';
import { MessageRenderError, TemplateCatalog, VARIABLES, localeOf, type RenderVars } from '../template-catalog.js';

/** Every `notify` action's template in a machine config. */
function emittedTemplates(config: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(config)) config.forEach((c) => emittedTemplates(c, found));
  else if (config && typeof config === 'object') {
    const o = config as Record<string, unknown>;
    if (o.type === 'notify' && o.params && typeof (o.params as { template?: unknown }).template === 'string')
      found.add((o.params as { template: string }).template);
    Object.values(o).forEach((v) => emittedTemplates(v, found));
  }
  return found;
}

const vars = (over: Record<string, string | undefined> = {}): RenderVars => ({
  'recipient.name': 'Hanako Sato',
  'subject.title': 'Quakes <& landslides>',
  'proposal.title': 'Quakes <& landslides>',
  'call.title': 'Japan-US call',
  'call.authoritativeClause': 'The English version of this call is authoritative.',
  agency: 'Japan Science and Technology Agency (JST)',
  decision: 'approved',
  'review.dueDate': '1 March 2027 at 09:00 UTC',
  link: 'https://tandem.example/console/reviews/1',
  ...over,
});

describe('notification templates and rules', () => {
  const sut = new TemplateCatalog();

  it('has a rule and English and Japanese text for every template a released workflow emits', () => {
    const emitted = new Set(WORKFLOWS.flatMap((w) => [...emittedTemplates(w.machine.config)]));

    expect(emitted.size).toBeGreaterThan(10);
    for (const template of emitted) {
      expect(sut.rule(template)).toBeDefined();
      expect(sut.render(template, 'ja', vars()).subject).not.toBe(sut.render(template, 'en', vars()).subject);
    }
  });

  it('has the templates the joint-review workflow will emit', () => {
    for (const template of [
      'reviewer-invitation',
      'review-reminder',
      'review-overdue-escalation',
      'review-submitted',
      'agency-review-sent-back',
      'panel-sign-off-needed',
      'selection-ready-for-board',
      'board-decision',
      'results-to-pi',
      'redress-received',
      'redress-decided',
    ]) {
      expect(sut.rule(template)?.channels).toContain('email');
    }
  });

  it('renders the text part and an HTML part with the values escaped', () => {
    const message = sut.render('review-reminder', 'en', vars());

    expect(message.subject).toBe('Reminder: your review of Quakes <& landslides>');
    expect(message.text).toContain('Dear Hanako Sato,');
    expect(message.text).toContain(
      'for Japan Science and Technology Agency (JST) is due on 1 March 2027 at 09:00 UTC.',
    );
    expect(message.html).toContain('Quakes &lt;&amp; landslides&gt;');
    expect(message.html).toContain('<a href="https://tandem.example/console/reviews/1">');
  });

  it('reads Japanese for ja locales and English for anything else', () => {
    expect(localeOf('ja-JP')).toBe('ja');
    expect(localeOf('fr')).toBe('en');
    expect(localeOf(null)).toBe('en');
    expect(sut.render('call-opened', localeOf('ja'), vars()).text).toContain('Hanako Sato 様');
  });

  it('refuses to load a template with an unknown placeholder or without its Japanese text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    writeFileSync(
      join(dir, 'rules.json'),
      JSON.stringify({ 'x-sent': { subjects: ['call'], channels: ['email'], description: 'x' } }),
    );
    writeFileSync(join(dir, 'x-sent.en.txt'), 'Subject: Hi {{recipient.email}}\n\nBody {{link}}\n');

    expect(() => new TemplateCatalog(dir)).toThrow(
      /x-sent.en.txt: unknown placeholder \{\{recipient.email\}\}[\s\S]*x-sent: no x-sent.ja.txt/,
    );
  });

  it("refuses a placeholder the template's subjects do not fill, and a template without a link", () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    writeFileSync(
      join(dir, 'rules.json'),
      JSON.stringify({ 'x-sent': { subjects: ['call'], channels: ['email'], description: 'x' } }),
    );
    // A message about a call has no proposal, nor data the effect may or may not carry.
    writeFileSync(join(dir, 'x-sent.en.txt'), 'Subject: {{proposal.title}}\n\nDue {{data.dueDate}} {{link}}\n');
    writeFileSync(join(dir, 'x-sent.ja.txt'), 'Subject: {{call.title}}\n\nリンクなし\n');

    expect(() => new TemplateCatalog(dir)).toThrow(
      /x-sent.en.txt: unknown placeholder \{\{proposal.title\}\}[\s\S]*unknown placeholder \{\{data.dueDate\}\}[\s\S]*x-sent.ja.txt: no \{\{link\}\}/,
    );
  });

  it('refuses to render a placeholder without a value instead of leaving it blank', () => {
    for (const blank of [undefined, '', '  ', 'undefined', 'null', 'NaN'])
      expect(() => sut.render('reviewer-invitation', 'ja', vars({ 'call.title': blank }))).toThrow(
        new MessageRenderError('reviewer-invitation.ja: no value for {{call.title}}'),
      );
    expect(() => sut.render('review-reminder', 'en', vars({ 'review.dueDate': undefined, agency: '' }))).toThrow(
      /no value for \{\{agency\}\}, \{\{review.dueDate\}\}|no value for \{\{review.dueDate\}\}, \{\{agency\}\}/,
    );
  });

  it('names for each template the subjects it is written for, and uses only their variables', () => {
    for (const template of Object.keys(sut.rules)) {
      const known = new Set(sut.rule(template)!.subjects.flatMap((k) => VARIABLES[k]));
      expect(sut.placeholders(template).filter((p) => !known.has(p))).toEqual([]);
      expect(sut.placeholders(template)).toContain('link');
    }
  });
});

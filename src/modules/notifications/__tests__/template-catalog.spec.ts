import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKFLOWS } from '../../../../workflows/index.js';
import { TemplateCatalog, localeOf, type RenderVars } from '../template-catalog.js';

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

const vars = (over: Partial<RenderVars> = {}): RenderVars => ({
  recipient: { name: 'Hanako Sato' },
  subject: { kind: 'proposal', title: 'Quakes <& landslides>', state: 'submitted' },
  call: { title: 'Japan-US call' },
  agency: 'JST',
  link: 'https://tandem.example/api/v1/proposals/1',
  data: { dueDate: '2027-03-01' },
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
    expect(message.text).toContain('due on 2027-03-01');
    expect(message.html).toContain('Quakes &lt;&amp; landslides&gt;');
    expect(message.html).toContain('<a href="https://tandem.example/api/v1/proposals/1">');
  });

  it('reads Japanese for ja locales and English for anything else', () => {
    expect(localeOf('ja-JP')).toBe('ja');
    expect(localeOf('fr')).toBe('en');
    expect(localeOf(null)).toBe('en');
    expect(sut.render('call-opened', localeOf('ja'), vars()).text).toContain('Hanako Sato 様');
  });

  it('refuses to load a template with an unknown placeholder or without its Japanese text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify({ 'x-sent': { channels: ['email'], description: 'x' } }));
    writeFileSync(join(dir, 'x-sent.en.txt'), 'Subject: Hi {{recipient.email}}\n\nBody\n');

    expect(() => new TemplateCatalog(dir)).toThrow(
      /x-sent.en.txt: unknown placeholder \{\{recipient.email\}\}[\s\S]*x-sent: no x-sent.ja.txt/,
    );
  });
});

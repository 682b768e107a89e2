import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dashboardPage, renderedStyles } from '../queues-dashboard.js';

const ui = join(dirname(createRequire(import.meta.url).resolve('@bull-board/ui/package.json')), 'dist');

describe('the queue dashboard page and its policy', () => {
  const template = readFileSync(join(ui, 'index.ejs'), 'utf8');
  const sut = dashboardPage(template, renderedStyles(join(ui, 'static', 'js')));
  const directive = (name: string) =>
    sut.csp
      .split('; ')
      .find((d) => d.startsWith(`${name} `))
      ?.split(' ')
      .slice(1) ?? [];

  it('loads the fonts from the service instead of Google Fonts', () => {
    const page = sut.selfHosted(template);

    expect(template).toContain('fonts.googleapis.com');
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).toContain('<link href="fonts/ibm-plex-sans/400.css" rel="stylesheet">');
  });

  it('allows its inline styles by hash only, and scripts from the service only', () => {
    const hashes = directive('style-src').filter((v) => v.startsWith("'sha256-"));

    expect(directive('script-src')).toEqual(["'self'"]);
    expect(sut.csp).not.toContain('unsafe-inline');
    expect(sut.csp).not.toMatch(/https?:/);
    // The placeholder's <style>, its distinct style attributes, and the Redis logo's <style>.
    expect(hashes.length).toBeGreaterThanOrEqual(3);
    expect(directive('base-uri')).toEqual(["'self'"]);
  });
});

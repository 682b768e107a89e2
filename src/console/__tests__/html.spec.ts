import { consoleReturnPath, escapeHtml, href, html, raw } from '../html.js';

describe('html templates', () => {
  it('escapes interpolated text and attribute values', () => {
    const name = `<script>alert("x")</script>' onmouseover='`;

    const sut = html`<p title="${name}">${name}</p>`;

    expect(sut.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;</p>',
    );
  });

  it('keeps nested templates and raw markup, joins arrays and drops empty values', () => {
    const items = ['a&b', html`<b>${'<i>'}</b>`];

    const sut = html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>${null}${undefined}${false}${raw('<hr>')}${0}`;

    expect(sut.value).toBe('<ul><li>a&amp;b</li><li><b>&lt;i&gt;</b></li></ul><hr>0');
  });

  it('escapes backticks too', () => {
    expect(escapeHtml('`')).toBe('&#96;');
  });
});

describe('console URLs', () => {
  it('builds a path with encoded query parameters and leaves out empty ones', () => {
    expect(href('/console/calls/1', { q: 'a&b c', state: '', page: 2, agency: undefined })).toBe(
      '/console/calls/1?q=a%26b+c&page=2',
    );
  });

  it('never builds a URL to another site', () => {
    expect(href('//evil.example/x')).toBe('/console');
    expect(href('javascript:alert(1)')).toBe('/console');
  });

  it('returns only to console paths', () => {
    expect(consoleReturnPath('/console/proposals/1?x=1')).toBe('/console/proposals/1?x=1');
    expect(consoleReturnPath('/console')).toBe('/console');
    for (const bad of [
      '//evil.example',
      'https://evil.example/console',
      '/consolex',
      '/console\\@evil',
      '/api/v1/calls',
      42,
      undefined,
      '/console/\n',
    ]) {
      expect(consoleReturnPath(bad)).toBe('/console');
    }
  });
});

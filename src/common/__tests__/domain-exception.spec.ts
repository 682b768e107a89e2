import { DomainException } from '../domain.exception.js';

describe('a 404 quoting what the client sent', () => {
  it.each([
    ['agency \u0000', 'agency \\u0000 was not found'],
    ['proposal a\nb\tc', 'proposal a\\u000ab\\u0009c was not found'],
    ['call 42', 'call 42 was not found'],
  ])('writes control characters as escapes: %j', (what, detail) => {
    expect(DomainException.notFound(what).message).toBe(detail);
  });

  it('quotes at most 120 characters of it', () => {
    const detail = DomainException.notFound(`resource ${'x'.repeat(5000)}`).message;
    expect(detail.length).toBeLessThan(140);
    expect(detail).toMatch(/^resource x+… was not found$/);
  });
});

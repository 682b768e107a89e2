import { formNumber } from '../views/form-fields.js';

describe('formNumber', () => {
  it.each([
    ['12', 12],
    ['-3', -3],
    ['4.5', 4.5],
    ['0', 0],
    [' 7 ', 7],
  ])('reads %p, written in decimal digits, as %p', (text, n) => {
    expect(formNumber(text)).toBe(n);
  });

  // Outside tester: a budget typed as 0x10 was saved as 16. Each goes on as text, for the schema to name the field.
  it.each(['0x10', '0b11', '0o7', '1e3', '+5', '1_000', 'Infinity', '1.', '.5', '12abc', '1,000'])(
    'passes %p on as typed',
    (text) => {
      expect(formNumber(text)).toBe(text);
    },
  );

  it('is undefined for an empty field', () => {
    expect(formNumber('')).toBeUndefined();
    expect(formNumber('  ')).toBeUndefined();
  });
});

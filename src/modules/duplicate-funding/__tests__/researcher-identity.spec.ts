import { isOrcid, isResearcherNumber, orcidCheckDigit } from '../researcher-identity.js';

describe('researcher identities', () => {
  it("accepts ORCID's own examples, an X check digit included", () => {
    expect(isOrcid('0000-0002-1825-0097')).toBe(true);
    expect(isOrcid('0000-0001-5109-3700')).toBe(true);
    expect(isOrcid('0000-0002-1694-233X')).toBe(true);
  });

  it('refuses an iD whose check digit does not match, or in another format', () => {
    expect(isOrcid('0000-0002-1825-0098')).toBe(false);
    expect(isOrcid('0000-0002-1694-2330')).toBe(false);
    expect(isOrcid('0000000218250097')).toBe(false);
    expect(isOrcid('0000-0002-1825-009x')).toBe(false);
    expect(isOrcid(12345)).toBe(false);
  });

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(orcidCheckDigit('000000021825009')).toBe('7');
    expect(orcidCheckDigit('000000021694233')).toBe('X');
  });

  it('takes a national researcher number of exactly 8 digits', () => {
    expect(isResearcherNumber('12345678')).toBe(true);
    expect(isResearcherNumber('1234567')).toBe(false);
    expect(isResearcherNumber('1234567a')).toBe(false);
  });
});

import { randomInt } from 'node:crypto';
import { orcidCheckDigit } from '../../src/modules/duplicate-funding/researcher-identity.js';

/**
 * A valid ORCID iD no other test file uses: the test files of one run share a database, and the
 * duplicate-funding check adds up a researcher's effort over every proposal that names the iD.
 * `endingInX`: one whose check character is X.
 */
export function uniqueOrcid({ endingInX = false }: { endingInX?: boolean } = {}): string {
  for (;;) {
    const digits = `0009${String(randomInt(0, 1e11)).padStart(11, '0')}`;
    const check = orcidCheckDigit(digits);
    if (endingInX && check !== 'X') continue;
    return (digits + check).match(/.{4}/g)!.join('-');
  }
}

import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * A researcher's identities, so that one person is the same person across proposals and calls
 * (DOMAIN.md, "Duplicate funding"): an ORCID iD, 16 characters in four groups of four whose last
 * character is an ISO 7064 MOD 11-2 check digit (0-9 or X), and the national researcher number that
 * e-Rad gives every researcher in Japan (8 digits).
 */

const ORCID_FORMAT = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;
const RESEARCHER_NUMBER_FORMAT = /^\d{8}$/;

/** The ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD. */
export function orcidCheckDigit(digits: string): string {
  let total = 0;
  for (const d of digits) total = (total + Number(d)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}

/** Whether `value` is an ORCID iD (format 0000-0000-0000-000X) whose check character matches. */
export function isOrcid(value: unknown): value is string {
  if (typeof value !== 'string' || !ORCID_FORMAT.test(value)) return false;
  const digits = value.replace(/-/g, '');
  return orcidCheckDigit(digits.slice(0, 15)) === digits[15];
}

/** Whether `value` is a national researcher number (e-Rad): 8 digits. */
export const isResearcherNumber = (value: unknown): value is string =>
  typeof value === 'string' && RESEARCHER_NUMBER_FORMAT.test(value);

/** The field is an ORCID iD with a valid check digit. */
export const IsOrcid = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isOrcid',
      validator: {
        validate: (value) => isOrcid(value),
        defaultMessage: (args) =>
          typeof args?.value === 'string' && ORCID_FORMAT.test(args.value)
            ? `${args.property} must be an ORCID iD whose last character is its check digit (ISO 7064 MOD 11-2): ${String(args.value)} fails the check`
            : `${args?.property} must be an ORCID iD: four groups of four digits, 0000-0000-0000-000X (the last may be X)`,
      },
    },
    options,
  );

/** The field is a national researcher number (e-Rad): 8 digits. */
export const IsResearcherNumber = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isResearcherNumber',
      validator: {
        validate: (value) => isResearcherNumber(value),
        defaultMessage: (args) => `${args?.property} must be a national researcher number (e-Rad): 8 digits`,
      },
    },
    options,
  );

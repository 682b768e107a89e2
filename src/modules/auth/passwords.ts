import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane); the parameters travel in
 * the PHC string, so raising them later still verifies older hashes.
 */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const PASSWORD_MIN_LENGTH = 10;
/** Longer inputs only cost hashing time; nobody types more. */
export const PASSWORD_MAX_LENGTH = 256;

/** What is wrong with a new password, if anything (the field errors name `password`). */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim().length === 0) return 'must not be blank';
  return null;
}

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  try {
    return await verify(stored, password);
  } catch {
    // A malformed stored hash verifies nothing.
    return false;
  }
}

let decoy: Promise<string> | undefined;
/**
 * Spends the time of one verification when there is no user or no password, so the answer's
 * timing does not tell whether an e-mail address has an account.
 */
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password that matches nothing');
  await verifyPassword(await decoy, password);
  return false;
}

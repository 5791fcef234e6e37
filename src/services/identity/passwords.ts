// Passwords. Threats: guessable passwords (length, username, common-password rules), offline
// cracking of a leaked store (bcrypt, a slow salted hash) and account enumeration by timing:
// verifyPassword always runs exactly one bcrypt compare, against a dummy hash when the account does
// not exist or has no password, so an unknown user costs as much as a wrong password.
// Note: bcrypt reads only the first 72 UTF-8 bytes of a password.
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 72;
/** Cost of the dummy hash when the caller does not say; pass the configured cost instead. */
export const DEFAULT_BCRYPT_COST = 12;

/** A well-formed bcrypt hash ($2a$/$2b$/$2y$, two-digit cost, 53 characters of salt and digest). */
const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

/** Returns null when the password is acceptable, else a reason to show to the user. */
export function checkPasswordPolicy(username: string, password: string): string | null {
  const length = [...password].length; // code points, not UTF-16 units
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters`;
  // bcrypt reads only the first 72 bytes: a longer password would be silently cut.
  if (Buffer.byteLength(password, 'utf8') > 72) return 'Use at most 72 bytes (bcrypt ignores the rest)';
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name.length > 0 && lower.includes(name)) return 'The password must not contain the username';
  if (COMMON_PASSWORDS.has(lower)) return 'This password is too common; choose another';
  return null;
}

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

/**
 * True when `password` matches `hash`. Always performs one bcrypt compare: against a dummy hash
 * (made once per cost, at `dummyCost`) when `hash` is null or malformed, and then answers false.
 */
export async function verifyPassword(password: string, hash: string | null, dummyCost = DEFAULT_BCRYPT_COST): Promise<boolean> {
  const usable = typeof hash === 'string' && BCRYPT_HASH.test(hash);
  const against = usable ? hash : await dummyHash(dummyCost);
  const matches = await bcrypt.compare(password, against);
  return usable && matches;
}

const dummyHashes = new Map<number, Promise<string>>();

function dummyHash(cost: number): Promise<string> {
  let pending = dummyHashes.get(cost);
  if (!pending) {
    pending = bcrypt.hash(randomBytes(32).toString('base64url'), cost);
    pending.catch(() => dummyHashes.delete(cost));
    dummyHashes.set(cost, pending);
  }
  return pending;
}

// Keyed hashes for high-entropy secrets stored server-side (API key secrets, refresh tokens,
// recovery codes). Threat: a leaked database. With HMAC-SHA-256 under a pepper kept outside the
// database, leaked hashes cannot be checked against guesses; compare in constant time so a
// lookup does not leak, byte by byte, how much of a hash matched.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MIN_PEPPER_BYTES = 32;

/** HMAC-SHA-256 of `value` (UTF-8) under `pepper`, as 64 lower-case hex characters. */
export function keyedHash(pepper: Buffer, value: string): string {
  if (!Buffer.isBuffer(pepper) || pepper.length < MIN_PEPPER_BYTES) throw new Error(`The pepper must be at least ${MIN_PEPPER_BYTES} bytes`);
  return createHmac('sha256', pepper).update(value, 'utf8').digest('hex');
}

/** Constant-time equality of two hashes; false (not an exception) when the lengths differ. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

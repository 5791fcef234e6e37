// Formats of random credentials. Threat: guessable or malformed credentials. Every value comes
// from crypto.randomBytes; API keys are `fg_<prefix>.<secret>`, where the prefix (public, for
// lookup and display) and the secret (32 random bytes, stored only as a keyed hash) are parsed
// strictly, with a bounded length, before anything else looks at them.
import { randomBytes } from 'node:crypto';

const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648 base32, lower case
/** Crockford base32: no i, l, o, u, so 1/l/i and 0/o cannot be confused. */
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const PREFIX_LENGTH = 12;
const SECRET_LENGTH = 43; // 32 bytes in unpadded base64url
const API_KEY = /^fg_([a-z2-7]{12})\.([A-Za-z0-9_-]{43})$/;
const API_KEY_LENGTH = 3 + PREFIX_LENGTH + 1 + SECRET_LENGTH;

/** `length` characters of a 32-character alphabet; 256 is a multiple of 32, so no bias. */
function randomFrom(alphabet: string, length: number): string {
  if (alphabet.length !== 32) throw new Error('The alphabet must have 32 characters');
  return [...randomBytes(length)].map((byte) => alphabet[byte & 31]).join('');
}

/** 32 random bytes, base64url: refresh tokens, 2FA challenge tokens, API key secrets. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function newApiKeySecret(): { prefix: string; secret: string; full: string } {
  const prefix = randomFrom(PREFIX_ALPHABET, PREFIX_LENGTH);
  const secret = newOpaqueToken();
  return { prefix, secret, full: `fg_${prefix}.${secret}` };
}

/** The parts of a well-formed API key, or null for anything else. */
export function parseApiKey(full: string): { prefix: string; secret: string } | null {
  if (typeof full !== 'string' || full.length !== API_KEY_LENGTH) return null;
  const match = API_KEY.exec(full);
  return match ? { prefix: match[1], secret: match[2] } : null;
}

/** Single-use recovery codes, `xxxx-xxxx-xxxx` (60 random bits each), all distinct. */
export function newRecoveryCodes(count = 10): string[] {
  if (!Number.isSafeInteger(count) || count < 1 || count > 100) throw new Error('count must be 1 to 100');
  const codes = new Set<string>();
  while (codes.size < count) {
    const raw = randomFrom(RECOVERY_ALPHABET, 12);
    codes.add(`${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`);
  }
  return [...codes];
}

/**
 * The form that is hashed and compared: trimmed, lower case, without spaces or hyphens, with the
 * look-alikes the alphabet leaves out read as Crockford does (o → 0, i and l → 1).
 * Apply it to the issued code and to the typed one alike.
 */
export function normaliseRecoveryCode(input: string): string {
  return input.trim().toLowerCase().replace(/[\s-]+/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
}

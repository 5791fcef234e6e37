// Identity settings: signing keys, encryption key and pepper. Secrets have no defaults: production
// refuses to start without them; elsewhere a random one is made per process (with a warning), so a
// forgotten variable can never leave a guessable key in place.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ParsedVariables } from './variables';

export interface IdentityConfig {
  jwt: { algorithm: 'HS256' | 'RS256'; signingKey: string; verifyKey: string; issuer: string; audience: string; ttlSeconds: number };
  refreshTokenTtlSeconds: number;
  /** AES-256-GCM key for TOTP secrets at rest (32 bytes). */
  totpEncryptionKey: Buffer;
  /** HMAC key for API key secrets, refresh tokens, challenges and recovery codes. */
  pepper: Buffer;
  apiKeyRotationGraceSeconds: number;
  twoFactor: { challengeTtlSeconds: number; maxAttempts: number };
  login: { failuresPerAccountAndAddress: number; failuresPerAddress: number; windowSeconds: number };
}

type Report = { problems: string[]; warnings: string[] };

export function identityConfig(v: ParsedVariables, isProduction: boolean, report: Report): IdentityConfig {
  return {
    jwt: { algorithm: v.jwtAlgorithm, ...jwtKeys(v, isProduction, report), issuer: v.jwtIssuer ?? 'flowguard', audience: v.jwtAudience ?? 'flowguard-api', ttlSeconds: v.accessTokenTtlSeconds },
    refreshTokenTtlSeconds: v.refreshTokenTtlSeconds,
    totpEncryptionKey: requiredSecret('TOTP_ENCRYPTION_KEY', v.totpEncryptionKey, parseAesKey, isProduction, report),
    pepper: requiredSecret('API_KEY_PEPPER', v.apiKeyPepper, parseLongSecret, isProduction, report),
    apiKeyRotationGraceSeconds: v.apiKeyRotationGraceSeconds,
    twoFactor: { challengeTtlSeconds: v.twoFactorChallengeTtlSeconds, maxAttempts: v.twoFactorMaxAttempts },
    login: { failuresPerAccountAndAddress: v.loginFailuresPerAccountAndAddress, failuresPerAddress: v.loginFailuresPerAddress, windowSeconds: v.loginFailureWindowSeconds },
  };
}

function jwtKeys(v: ParsedVariables, isProduction: boolean, report: Report): { signingKey: string; verifyKey: string } {
  if (v.jwtAlgorithm === 'RS256') {
    const signingKey = readPem('JWT_PRIVATE_KEY_FILE', v.jwtPrivateKeyFile, report);
    const verifyKey = readPem('JWT_PUBLIC_KEY_FILE', v.jwtPublicKeyFile, report);
    return { signingKey, verifyKey };
  }
  const key = requiredSecret('JWT_SECRET', v.jwtSecret, parseLongSecret, isProduction, report);
  // A configured secret is used as written; a random fallback is printable (base64url).
  const secret = v.jwtSecret ?? key.toString('base64url');
  return { signingKey: secret, verifyKey: secret };
}

function requiredSecret(name: string, raw: string | undefined, parse: (raw: string) => Buffer | string, isProduction: boolean, report: Report): Buffer {
  if (raw === undefined) {
    if (isProduction) report.problems.push(`${name} is required in production`);
    else report.warnings.push(`${name} is unset: using a random key for this process only`);
    return randomBytes(32);
  }
  const parsed = parse(raw);
  if (typeof parsed === 'string') {
    report.problems.push(`${name} ${parsed}`);
    return randomBytes(32);
  }
  return parsed;
}

/** At least 32 bytes of text (used as an HMAC or HS256 key as-is). */
function parseLongSecret(raw: string): Buffer | string {
  return Buffer.byteLength(raw) >= 32 ? Buffer.from(raw, 'utf8') : 'must be at least 32 bytes';
}

/** A 32-byte key from 64 hex characters or base64 (standard, padded or not) of 32 bytes. */
export function parseKey(text: string): Buffer {
  const raw = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(raw)) {
    const key = Buffer.from(raw, 'base64');
    if (key.length === 32 && key.toString('base64').replace(/=+$/, '') === raw.replace(/=+$/, '')) return key;
  }
  throw new Error('The key must be 64 hex characters or base64 of 32 bytes');
}

function parseAesKey(raw: string): Buffer | string {
  try {
    return parseKey(raw);
  } catch {
    return 'must be 64 hex characters or base64 of 32 bytes';
  }
}

function readPem(name: string, file: string | undefined, report: Report): string {
  if (!file) {
    report.problems.push(`${name} is required when JWT_ALGORITHM is RS256`);
    return '';
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    report.problems.push(`${name} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${file}`);
    return '';
  }
}

// TOTP second factor (RFC 6238 with the authenticator-app defaults: SHA-1, 6 digits, 30 s).
// Threats: a stolen password alone signing in, and a phished or shoulder-surfed code being replayed:
// matchTotp returns the time step that matched so the caller can accept each step once.
// The verification window is ±1 step (clock drift), no wider, to keep brute force odds low.
import { generateSecret, generateURI, verifySync } from 'otplib';
import { toDataURL } from 'qrcode';

const PERIOD_SECONDS = 30;
const DIGITS = 6;
const ALGORITHM = 'sha1';

/** A new random secret: 20 bytes (160 bits, RFC 4226's recommendation), Base32 as apps expect. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/**
 * The otpauth:// URI for the authenticator app. otplib leaves out parameters at their defaults;
 * they are written explicitly so the URI states what the server checks.
 */
export function otpauthUri(input: { secret: string; accountName: string; issuer: string }): string {
  if (input.issuer.includes(':') || input.accountName.includes(':')) throw new Error('The issuer and account name must not contain ":"');
  const uri = generateURI({ issuer: input.issuer, label: input.accountName, secret: input.secret, algorithm: ALGORITHM, digits: DIGITS, period: PERIOD_SECONDS });
  return withParam(withParam(withParam(uri, 'algorithm', 'SHA1'), 'digits', String(DIGITS)), 'period', String(PERIOD_SECONDS));
}

function withParam(uri: string, name: string, value: string): string {
  return new RegExp(`[?&]${name}=`).test(uri) ? uri : `${uri}${uri.includes('?') ? '&' : '?'}${name}=${value}`;
}

/** A PNG data URL of the URI, for enrolment screens. */
export function qrCodeDataUrl(uri: string): Promise<string> {
  return toDataURL(uri, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2, width: 256 });
}

/**
 * The time step (floor(epochSeconds / 30)) whose code equals `code`, looking at the previous,
 * current and next step of `now` (milliseconds); null when none matches or `code` is not 6 digits.
 */
export function matchTotp(secret: string, code: string, now: number = Date.now()): number | null {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code)) return null;
  const result = verifySync({
    secret,
    token: code,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    epoch: Math.floor(now / 1000),
    epochTolerance: PERIOD_SECONDS,
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

// Access tokens (JWT). Threats: forged tokens ("alg": "none", HS/RS key confusion where the RSA
// public key is used as an HMAC secret, brute-forced short HMAC secrets), tokens minted for another
// service or purpose (iss/aud), and tokens used outside their lifetime (exp/nbf). Verification pins
// the single configured algorithm and turns every failure into one error class.
// EdDSA is not offered: jsonwebtoken 9 signs only HS/RS/PS/ES (sign.js SUPPORTED_ALGS) and has no
// key type for Ed25519 keys (lib/validateAsymmetricKey.js).
import { createPrivateKey, createPublicKey, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { sign, verify, TokenExpiredError, type JwtPayload } from 'jsonwebtoken';

export type AccessTokenAlgorithm = 'HS256' | 'RS256';

export interface AccessTokenOptions {
  algorithm: AccessTokenAlgorithm;
  /** HS256: the secret (≥ 32 bytes). RS256: PEM private key (≥ 2048 bits). */
  signingKey: string;
  /** HS256: the same secret. RS256: PEM public key. */
  verifyKey: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** Milliseconds since the epoch; defaults to Date.now (tests move it). */
  now?: () => number;
}

export interface AccessTokenClaims { sub: string; roles: string[]; jti: string; exp: number }

export interface AccessTokenIssuer {
  issue(claims: { sub: string; roles: string[] }): { token: string; expiresAt: Date; jti: string };
  /** Throws InvalidAccessTokenError for anything but a valid, current token of this issuer. */
  verify(token: string): AccessTokenClaims;
}

export class InvalidAccessTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'The access token has expired' : 'The access token is not valid');
    this.name = 'InvalidAccessTokenError';
  }
}

const MAX_TOKEN_LENGTH = 8192;

export function createAccessTokenIssuer(options: AccessTokenOptions): AccessTokenIssuer {
  if (!Number.isSafeInteger(options.ttlSeconds) || options.ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive integer');
  const keys = keysFor(options);
  const now = options.now ?? Date.now;
  const issuer: AccessTokenIssuer = {
    issue: (claims) => issueToken(options, keys.signing, Math.floor(now() / 1000), claims),
    verify: (token) => verifyToken(options, keys.verifying, Math.floor(now() / 1000), token),
  };
  assertKeysMatch(issuer);
  return issuer;
}

function keysFor(options: AccessTokenOptions): { signing: KeyObject; verifying: KeyObject } {
  if (options.algorithm === 'HS256') {
    if (Buffer.byteLength(options.signingKey, 'utf8') < 32) throw new Error('HS256 needs a secret of at least 32 bytes');
    if (options.verifyKey !== options.signingKey) throw new Error('HS256 signs and verifies with the same secret');
    const key = createSecretKey(Buffer.from(options.signingKey, 'utf8'));
    return { signing: key, verifying: key };
  }
  if (options.algorithm === 'RS256') {
    const signing = createPrivateKey(options.signingKey);
    const verifying = createPublicKey(options.verifyKey);
    for (const key of [signing, verifying]) {
      if (key.asymmetricKeyType !== 'rsa') throw new Error('RS256 needs RSA keys');
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new Error('RS256 needs an RSA key of at least 2048 bits');
    }
    return { signing, verifying };
  }
  throw new Error(`Unsupported access token algorithm: ${String(options.algorithm)}`);
}

/** Fails at start-up, not at the first sign-in, when the private and public keys are not a pair. */
function assertKeysMatch(issuer: AccessTokenIssuer): void {
  try {
    issuer.verify(issuer.issue({ sub: 'key-check', roles: [] }).token);
  } catch {
    throw new Error('The access token signing key and verify key do not match');
  }
}

function issueToken(options: AccessTokenOptions, key: KeyObject, nowSeconds: number, claims: { sub: string; roles: string[] }) {
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw new Error('An access token needs a subject');
  const jti = randomUUID();
  const exp = nowSeconds + options.ttlSeconds;
  const payload = { sub: claims.sub, roles: [...claims.roles], iat: nowSeconds, nbf: nowSeconds, exp, iss: options.issuer, aud: options.audience, jti };
  const token = sign(payload, key, { algorithm: options.algorithm });
  return { token, expiresAt: new Date(exp * 1000), jti };
}

function verifyToken(options: AccessTokenOptions, key: KeyObject, nowSeconds: number, token: string): AccessTokenClaims {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new InvalidAccessTokenError('invalid');
  let payload: string | JwtPayload;
  try {
    payload = verify(token, key, { algorithms: [options.algorithm], issuer: options.issuer, audience: options.audience, clockTimestamp: nowSeconds });
  } catch (error) {
    throw new InvalidAccessTokenError(error instanceof TokenExpiredError ? 'expired' : 'invalid');
  }
  return claimsOf(payload);
}

/** jsonwebtoken skips exp/nbf checks when the claims are absent: require every claim we issue. */
function claimsOf(payload: string | JwtPayload): AccessTokenClaims {
  if (typeof payload !== 'object' || payload === null) throw new InvalidAccessTokenError('invalid');
  const { sub, roles, jti, exp, iat, nbf } = payload as Record<string, unknown>;
  const wellFormed =
    typeof sub === 'string' && sub.length > 0 && typeof jti === 'string' && jti.length > 0 &&
    Number.isSafeInteger(exp) && Number.isSafeInteger(iat) && Number.isSafeInteger(nbf) &&
    Array.isArray(roles) && roles.every((role) => typeof role === 'string');
  if (!wellFormed) throw new InvalidAccessTokenError('invalid');
  return { sub, roles: [...roles], jti, exp: exp as number };
}

import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { sign } from 'jsonwebtoken';
import { createAccessTokenIssuer, InvalidAccessTokenError, type AccessTokenOptions } from '../../../src/services/identity/access-tokens';

const SECRET = 'an-hs256-secret-of-at-least-32-bytes!';
const HS: AccessTokenOptions = { algorithm: 'HS256', signingKey: SECRET, verifyKey: SECRET, issuer: 'flowguard', audience: 'flowguard-api', ttlSeconds: 900 };

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (segment: string): Record<string, unknown> => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
const segments = (token: string): [string, string, string] => token.split('.') as [string, string, string];

const rsaPair = (modulusLength = 2048): { privateKey: string; publicKey: string } =>
  generateKeyPairSync('rsa', { modulusLength, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const rs256 = (pair: { privateKey: string; publicKey: string }): AccessTokenOptions => ({ ...HS, algorithm: 'RS256', signingKey: pair.privateKey, verifyKey: pair.publicKey });

/** verify(token) must throw InvalidAccessTokenError with this reason. */
function assertRefused(verify: (token: string) => unknown, token: string, reason: 'expired' | 'invalid' = 'invalid'): void {
  assert.throws(() => verify(token), (error: unknown) => error instanceof InvalidAccessTokenError && error.reason === reason, token.slice(0, 60));
}

/** A token signed with the right secret by hand, for claims our issuer would never produce. */
function handSigned(payload: Record<string, unknown>): string {
  return sign(payload, SECRET, { algorithm: 'HS256' }); // keeps payload.iat (sign.js uses it as the timestamp)
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('access tokens', () => {
  const tokens = createAccessTokenIssuer(HS);

  it('round-trips subject, roles, jti and expiry', () => {
    const issued = tokens.issue({ sub: 'user-1', roles: ['USER', 'ADMIN'] });
    const claims = tokens.verify(issued.token);
    assert.deepEqual(claims, { sub: 'user-1', roles: ['USER', 'ADMIN'], jti: issued.jti, exp: issued.expiresAt.getTime() / 1000 });
  });

  it('carries every registered claim, times in seconds, with exp − iat = ttl', () => {
    const before = nowSeconds();
    const issued = tokens.issue({ sub: 'user-1', roles: [] });
    const [header, payload] = segments(issued.token).slice(0, 2).map(decode);
    assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
    assert.deepEqual([payload.sub, payload.iss, payload.aud, payload.jti], ['user-1', 'flowguard', 'flowguard-api', issued.jti]);
    assert.ok(Number.isInteger(payload.iat) && (payload.iat as number) >= before && (payload.iat as number) <= nowSeconds());
    assert.equal(payload.nbf, payload.iat);
    assert.equal((payload.exp as number) - (payload.iat as number), 900);
    assert.equal(issued.expiresAt.getTime(), (payload.exp as number) * 1000);
  });

  it('gives every token a distinct jti', () => {
    assert.equal(new Set(Array.from({ length: 50 }, () => tokens.issue({ sub: 'user-1', roles: [] }).jti)).size, 50);
  });

  it('refuses an unsigned token ("alg": "none")', () => {
    const [, payload] = segments(tokens.issue({ sub: 'user-1', roles: ['ADMIN'] }).token);
    assertRefused(tokens.verify, `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`);
    assertRefused(tokens.verify, `${b64({ alg: 'none', typ: 'JWT' })}.${payload}`);
  });

  it('refuses a token signed with another secret', () => {
    const other = createAccessTokenIssuer({ ...HS, signingKey: 'another-secret-of-at-least-32-bytes!', verifyKey: 'another-secret-of-at-least-32-bytes!' });
    assertRefused(tokens.verify, other.issue({ sub: 'user-1', roles: [] }).token);
  });

  it('refuses an expired token with the reason "expired"', () => {
    const past = createAccessTokenIssuer({ ...HS, now: () => Date.now() - 901_000 });
    assertRefused(tokens.verify, past.issue({ sub: 'user-1', roles: [] }).token, 'expired');
  });

  it('refuses a token that is not valid yet', () => {
    const future = createAccessTokenIssuer({ ...HS, now: () => Date.now() + 60_000 });
    assertRefused(tokens.verify, future.issue({ sub: 'user-1', roles: [] }).token);
  });

  it('refuses a tampered payload', () => {
    const [header, payload, signature] = segments(tokens.issue({ sub: 'user-1', roles: ['USER'] }).token);
    const escalated = b64({ ...decode(payload), roles: ['USER', 'ADMIN'] });
    assertRefused(tokens.verify, `${header}.${escalated}.${signature}`);
    const [, otherPayload] = segments(tokens.issue({ sub: 'user-2', roles: ['USER'] }).token);
    assertRefused(tokens.verify, `${header}.${otherPayload}.${signature}`);
  });

  it('refuses garbage', () => {
    for (const garbage of ['', 'garbage', 'a.b.c', '...', 'e30.e30.e30', `${'a'.repeat(9000)}.b.c`]) assertRefused(tokens.verify, garbage);
  });

  it('refuses a token for another audience or from another issuer', () => {
    const challenges = createAccessTokenIssuer({ ...HS, audience: 'flowguard-api:2fa-challenge' });
    assertRefused(tokens.verify, challenges.issue({ sub: 'user-1', roles: [] }).token);
    const stranger = createAccessTokenIssuer({ ...HS, issuer: 'someone-else' });
    assertRefused(tokens.verify, stranger.issue({ sub: 'user-1', roles: [] }).token);
  });

  it('refuses correctly signed tokens missing sub, exp, nbf, roles or jti', () => {
    const now = nowSeconds();
    const full = { sub: 'user-1', roles: [], iat: now, nbf: now, exp: now + 60, iss: 'flowguard', aud: 'flowguard-api', jti: 'j-1' };
    assert.equal(tokens.verify(handSigned(full)).sub, 'user-1', 'the control token is accepted');
    for (const claim of ['sub', 'exp', 'nbf', 'roles', 'jti']) {
      const partial: Record<string, unknown> = { ...full };
      delete partial[claim];
      assertRefused(tokens.verify, handSigned(partial));
    }
    assertRefused(tokens.verify, handSigned({ ...full, sub: '' }));
    assertRefused(tokens.verify, handSigned({ ...full, roles: 'ADMIN' }));
  });

  it('refuses to issue a token without a subject', () => {
    assert.throws(() => tokens.issue({ sub: '', roles: [] }), /subject/);
  });
});

describe('access token keys', () => {
  it('refuses an HS256 secret shorter than 32 bytes', () => {
    const short = 'x'.repeat(31);
    assert.throws(() => createAccessTokenIssuer({ ...HS, signingKey: short, verifyKey: short }), /at least 32 bytes/);
  });

  it('refuses algorithms it does not support (EdDSA, none)', () => {
    for (const algorithm of ['EdDSA', 'none', 'HS512']) {
      assert.throws(() => createAccessTokenIssuer({ ...HS, algorithm } as unknown as AccessTokenOptions), /Unsupported/);
    }
  });

  it('round-trips with RS256', () => {
    const tokens = createAccessTokenIssuer(rs256(rsaPair()));
    const issued = tokens.issue({ sub: 'user-9', roles: ['USER'] });
    assert.equal(decode(segments(issued.token)[0]).alg, 'RS256');
    assert.equal(tokens.verify(issued.token).sub, 'user-9');
  });

  it('refuses, on an RS256 verifier, an HS256 token keyed with the public key (key confusion)', () => {
    const pair = rsaPair();
    const tokens = createAccessTokenIssuer(rs256(pair));
    const now = nowSeconds();
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'user-1', roles: ['ADMIN'], iat: now, nbf: now, exp: now + 60, iss: 'flowguard', aud: 'flowguard-api', jti: 'j' })}`;
    const forged = `${head}.${createHmac('sha256', pair.publicKey).update(head).digest('base64url')}`;
    assertRefused(tokens.verify, forged);
    assertRefused(tokens.verify, createAccessTokenIssuer(HS).issue({ sub: 'user-1', roles: [] }).token);
  });

  it('refuses, at creation, a private key and public key that are not a pair', () => {
    const pair = { privateKey: rsaPair().privateKey, publicKey: rsaPair().publicKey };
    assert.throws(() => createAccessTokenIssuer(rs256(pair)), /do not match/);
  });

  it('refuses an RSA key shorter than 2048 bits', () => {
    assert.throws(() => createAccessTokenIssuer(rs256(rsaPair(1024))), /2048/);
  });
});

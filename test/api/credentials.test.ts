// Every way a credential can be bad ends as UNAUTHENTICATED (HTTP 401), never as anonymous.
import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { after, before, describe, it } from 'node:test';
import { LogoutDocument, MeDocument, RefreshTokenDocument, RegisterDocument } from '../generated/graphql';
import { onlyError, TEST_PASSWORD } from '../helpers/client';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

const JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access and refresh tokens over HTTP', () => {
  let t: TestApp;
  let user: { id: string; accessToken: string; refreshToken: string };
  before(async () => {
    t = await startTestApp({ env: { JWT_SECRET } });
    const registered = await t.client.request(RegisterDocument, { input: { username: uniqueUser(), password: TEST_PASSWORD } });
    const session = registered.data!.register;
    user = { id: session.user.id, accessToken: session.accessToken, refreshToken: session.refreshToken };
  });
  after(() => t.stop());

  const meWith = (authorization: string) => t.client.request(MeDocument, {}, { headers: { authorization } });
  const claims = () => ({ sub: user.id, roles: ['USER', 'ADMIN'], iss: 'flowguard', aud: 'flowguard-api', jti: 'x' });

  it('a valid access token identifies the user', async () => {
    const me = await meWith(`Bearer ${user.accessToken}`);
    assert.equal(me.data!.me!.id, user.id);
  });

  const forged: Record<string, () => string> = {
    'alg none': () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims(), exp: Math.floor(Date.now() / 1000) + 600 })}.`,
    'signed with another secret': () => jwt.sign(claims(), 'another-secret-that-is-also-32-bytes-long', { algorithm: 'HS256', expiresIn: 600 }),
    'expired': () => jwt.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 60 }, JWT_SECRET, { algorithm: 'HS256' }),
    'tampered payload': () => {
      const [header, , signature] = user.accessToken.split('.');
      return `${header}.${b64({ ...claims(), exp: Math.floor(Date.now() / 1000) + 600 })}.${signature}`;
    },
    'wrong audience': () => jwt.sign({ ...claims(), aud: 'someone-else' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 }),
    garbage: () => 'not.a.jwt',
  };
  for (const [name, token] of Object.entries(forged)) {
    it(`a token ${name} → HTTP 401 UNAUTHENTICATED, not anonymous`, async () => {
      const result = await meWith(`Bearer ${token()}`);
      assert.equal(result.status, 401);
      assert.equal(onlyError(result).extensions?.code, 'UNAUTHENTICATED');
      assert.equal(result.data, undefined);
    });
  }

  it('a malformed Authorization header and two credentials at once are refused', async () => {
    assert.equal(onlyError(await meWith(`Basic ${user.accessToken}`)).extensions?.code, 'UNAUTHENTICATED');
    const both = await t.client.request(MeDocument, {}, { headers: { authorization: `Bearer ${user.accessToken}`, 'x-api-key': 'fg_x.y' } });
    assert.equal(onlyError(both).extensions?.code, 'UNAUTHENTICATED');
  });

  it('a refresh token works once; its reuse revokes the whole family', async () => {
    const login = await t.client.request(RegisterDocument, { input: { username: uniqueUser(), password: TEST_PASSWORD } });
    const first = login.data!.register.refreshToken;
    const second = await t.client.request(RefreshTokenDocument, { refreshToken: first });
    assert.equal(second.errors, undefined);
    const next = second.data!.refreshToken.refreshToken;
    assert.equal(onlyError(await t.client.request(RefreshTokenDocument, { refreshToken: first })).extensions?.code, 'UNAUTHENTICATED');
    // The reuse above revoked the family: the token issued in between is dead too.
    assert.equal(onlyError(await t.client.request(RefreshTokenDocument, { refreshToken: next })).extensions?.code, 'UNAUTHENTICATED');
  });

  it('logout ends the session: its refresh token is refused afterwards', async () => {
    const login = await t.client.request(RegisterDocument, { input: { username: uniqueUser(), password: TEST_PASSWORD } });
    const { refreshToken } = login.data!.register;
    assert.equal((await t.client.request(LogoutDocument, { refreshToken })).data!.logout, true);
    assert.equal(onlyError(await t.client.request(RefreshTokenDocument, { refreshToken })).extensions?.code, 'UNAUTHENTICATED');
  });
});

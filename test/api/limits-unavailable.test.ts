// When the shared limits store (Redis) cannot be reached, sign-in fails CLOSED: an unthrottled login
// or 2FA check would let a guesser through, so they answer 503 SERVICE_UNAVAILABLE instead. Reads
// that need no limit keep working, and so do the mutations that only shut access off (revoking an
// API key, signing out): a leaked key can still read, so its owner must be able to revoke it.
// Nothing crashes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfirmTwoFactorDocument, CreateApiKeyDocument, EnrollTwoFactorDocument, EventsDocument, LoginDocument, LogoutDocument, MeDocument, RefreshTokenDocument, RegisterDocument, RevokeApiKeyDocument, VerifyTwoFactorDocument } from '../generated/graphql';
import { onlyError, TEST_PASSWORD } from '../helpers/client';
import { manualClock } from '../helpers/clock';
import { deleteKeys, testRedisTarget, uniquePrefix } from '../helpers/redis';
import { TcpProxy } from '../helpers/tcp-proxy';
import { ADMIN, startTestApp, uniqueUser } from '../helpers/test-app';
import { secretFromOtpauthUri, totpAt } from '../helpers/totp';

const messages = (logs: string[], text: string) => logs.filter((line) => (JSON.parse(line) as { message: string }).message === text);

describe('when the limits store (Redis) is unreachable', () => {
  it('then login answers 503 SERVICE_UNAVAILABLE with retryAfter, and reads still work', async () => {
    const closed = await new TcpProxy(testRedisTarget()).start();
    await closed.cut(); // a port where nothing listens
    const t = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${closed.port}` } });
    try {
      const result = await t.client.request(LoginDocument, { input: ADMIN });
      const error = onlyError(result);
      assert.equal(result.status, 503);
      assert.equal(error.extensions?.code, 'SERVICE_UNAVAILABLE');
      assert.ok(Number(error.extensions?.retryAfter) >= 1);
      assert.equal(result.data ?? null, null, 'no session was handed out');

      const events = await t.client.request(EventsDocument, { first: 1 });
      assert.deepEqual([events.status, events.errors], [200, undefined]);
      assert.equal(messages(t.logs, 'redis unavailable').length, 1);
      // The first guard that needs the store refuses it (the cost budget, before execution), and says so once.
      assert.equal(messages(t.logs, 'limits store unavailable').length, 1);
    } finally {
      await t.stop();
    }
  });

  it('then a leaked API key can still read, so its owner can still revoke it and sign out; every other mutation is refused', async () => {
    const proxy = await new TcpProxy(testRedisTarget()).start();
    const prefix = uniquePrefix();
    const t = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: prefix } });
    try {
      const username = uniqueUser('outage');
      const session = (await t.client.request(RegisterDocument, { input: { username, password: TEST_PASSWORD } })).data!.register;
      const bearer = { headers: { authorization: `Bearer ${session.accessToken}` } };
      const created = (await t.client.request(CreateApiKeyDocument, { input: { name: 'leaked', scopes: ['READ'] } }, bearer)).data!.createApiKey;
      const withKey = { headers: { 'x-api-key': created.secret } };

      await proxy.cut();
      const read = await t.client.request(MeDocument, {}, withKey);
      assert.deepEqual([read.status, read.data?.me?.username], [200, username], 'reads fail open, the leaked key included');

      const another = await t.client.request(CreateApiKeyDocument, { input: { name: 'more', scopes: ['READ'] } }, bearer);
      assert.deepEqual([another.status, onlyError(another).extensions?.code], [503, 'SERVICE_UNAVAILABLE']);
      const mixed = await t.client.post({ query: `mutation { revokeApiKey(id: "${created.apiKey.id}") { id } createApiKey(input: { name: "x", scopes: [READ] }) { secret } }` }, bearer);
      assert.deepEqual([mixed.status, onlyError(mixed).extensions?.code], [503, 'SERVICE_UNAVAILABLE'], 'a shut-off does not carry another mutation through');

      const revoked = await t.client.request(RevokeApiKeyDocument, { id: created.apiKey.id }, bearer);
      assert.deepEqual([revoked.status, revoked.errors, revoked.data?.revokeApiKey.revokedAt !== null], [200, undefined, true]);
      const refused = await t.client.request(MeDocument, {}, withKey);
      assert.equal(onlyError(refused).extensions?.code, 'UNAUTHENTICATED', 'the revoked key is refused at once');

      const loggedOut = await t.client.request(LogoutDocument, { refreshToken: session.refreshToken }, bearer);
      assert.deepEqual([loggedOut.status, loggedOut.errors, loggedOut.data?.logout], [200, undefined, true]);
      const refresh = await t.client.request(RefreshTokenDocument, { refreshToken: session.refreshToken });
      assert.equal(refresh.status, 503, 'refreshing is not a shut-off: it fails closed (and the token is gone anyway)');
    } finally {
      await t.stop();
      await proxy.cut();
      await deleteKeys(prefix);
    }
  });

  it('then verifyTwoFactor answers SERVICE_UNAVAILABLE too, and works again once Redis is back', async () => {
    const clock = manualClock();
    const proxy = await new TcpProxy(testRedisTarget()).start();
    const prefix = uniquePrefix();
    const t = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: prefix }, overrides: { clock } });
    try {
      const username = uniqueUser('2fa');
      const enrolment = await t.client.request(EnrollTwoFactorDocument, {}, { as: username });
      const secret = secretFromOtpauthUri(enrolment.data!.enrollTwoFactor.otpauthUri);
      await t.client.request(ConfirmTwoFactorDocument, { code: totpAt(secret, clock.ms()) }, { as: username });
      clock.advance(30_000);
      const login = await t.client.request(LoginDocument, { input: { username, password: TEST_PASSWORD } });
      const { challengeToken } = login.data!.login as { challengeToken: string };

      await proxy.cut();
      const verify = () => t.client.request(VerifyTwoFactorDocument, { input: { challengeToken, code: totpAt(secret, clock.ms()) } });
      const refused = await verify();
      assert.deepEqual([refused.status, onlyError(refused).extensions?.code], [503, 'SERVICE_UNAVAILABLE']);

      await proxy.restore();
      let session = await verify();
      for (let i = 0; i < 100 && session.status === 503; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        session = await verify(); // the client reconnects by itself (backoff of at most 2 s)
      }
      assert.equal(session.errors, undefined, JSON.stringify(session.errors));
      assert.equal(session.data!.verifyTwoFactor.user.username, username);
    } finally {
      await t.stop();
      await proxy.cut();
      await deleteKeys(prefix);
    }
  });
});

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { ApiKeysDocument, BuyTicketDocument, CreateApiKeyDocument, MeDocument, MyPurchasesDocument, PostCommentDocument, RevokeApiKeyDocument, RotateApiKeyDocument, type ApiKeyScope } from '../generated/graphql';
import { onlyError } from '../helpers/client';
import { createEvent, newKey } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';
import { manualClock } from '../helpers/clock';

describe('API keys over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  const createKey = async (owner: string, scopes: ApiKeyScope[]) => {
    const result = await t.client.request(CreateApiKeyDocument, { input: { name: 'integration', scopes } }, { as: owner });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!.createApiKey;
  };
  const withKey = (secret: string) => ({ headers: { 'x-api-key': secret } });
  const comment = (eventId: string, secret: string) => t.client.request(PostCommentDocument, { input: { eventId, body: 'via key' } }, withKey(secret));

  it('a key with COMMENTS_WRITE can post but not buy (FORBIDDEN), and cannot manage keys', async () => {
    const event = await createEvent(t.client);
    const { secret } = await createKey(uniqueUser(), ['COMMENTS_WRITE']);
    assert.equal((await comment(event.id, secret)).errors, undefined);
    const buy = await t.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 1, idempotencyKey: newKey() } }, withKey(secret));
    assert.equal(onlyError(buy).extensions?.code, 'FORBIDDEN');
    assert.equal(onlyError(await t.client.request(ApiKeysDocument, {}, withKey(secret))).extensions?.code, 'FORBIDDEN');
  });

  it('the secret is returned once; listings show only the prefix and the owner\'s own keys', async () => {
    const [owner, other] = [uniqueUser(), uniqueUser()];
    const created = await createKey(owner, ['READ']);
    await createKey(other, ['READ']);
    const listed = await t.client.request(ApiKeysDocument, {}, { as: owner });
    assert.deepEqual(listed.data!.apiKeys.map((key) => key.id), [created.apiKey.id]);
    assert.ok(created.secret.includes(created.apiKey.prefix));
    assert.ok(!JSON.stringify(listed).includes(created.secret.split('.')[1]));
  });

  it('me through a key: its owner with READ, FORBIDDEN without', async () => {
    const owner = uniqueUser();
    const reader = await createKey(owner, ['READ']);
    const writer = await createKey(owner, ['COMMENTS_WRITE']);
    assert.equal((await t.client.request(MeDocument, {}, withKey(reader.secret))).data!.me!.username, owner);
    assert.equal(onlyError(await t.client.request(MeDocument, {}, withKey(writer.secret))).extensions?.code, 'FORBIDDEN');
  });

  it('a key with READ sees its owner\'s purchases and nobody else\'s', async () => {
    const owner = uniqueUser();
    const { secret } = await createKey(owner, ['READ']);
    const purchases = await t.client.request(MyPurchasesDocument, {}, withKey(secret));
    assert.deepEqual(purchases.data!.myPurchases.edges, []);
  });

  it('a revoked key is UNAUTHENTICATED from the next request on', async () => {
    const event = await createEvent(t.client);
    const owner = uniqueUser();
    const { secret, apiKey } = await createKey(owner, ['COMMENTS_WRITE']);
    const revoked = await t.client.request(RevokeApiKeyDocument, { id: apiKey.id }, { as: owner });
    assert.ok(revoked.data!.revokeApiKey.revokedAt);
    const refused = await comment(event.id, secret);
    assert.deepEqual([refused.status, onlyError(refused).extensions?.code], [401, 'UNAUTHENTICATED']);
  });

  it('rotation issues a new secret and the old one stops working (no grace by default)', async () => {
    const event = await createEvent(t.client);
    const owner = uniqueUser();
    const { secret: old, apiKey } = await createKey(owner, ['COMMENTS_WRITE']);
    const rotated = await t.client.request(RotateApiKeyDocument, { id: apiKey.id }, { as: owner });
    const fresh = rotated.data!.rotateApiKey.secret;
    assert.notEqual(fresh, old);
    assert.equal(rotated.data!.rotateApiKey.apiKey.prefix, apiKey.prefix);
    assert.equal(onlyError(await comment(event.id, old)).extensions?.code, 'UNAUTHENTICATED');
    assert.equal((await comment(event.id, fresh)).errors, undefined);
  });

  it('another user cannot rotate or revoke my key (NOT_FOUND), and the key keeps working', async () => {
    const event = await createEvent(t.client);
    const owner = uniqueUser();
    const { secret, apiKey } = await createKey(owner, ['COMMENTS_WRITE']);
    const thief = uniqueUser();
    assert.equal(onlyError(await t.client.request(RotateApiKeyDocument, { id: apiKey.id }, { as: thief })).extensions?.code, 'NOT_FOUND');
    assert.equal(onlyError(await t.client.request(RevokeApiKeyDocument, { id: apiKey.id }, { as: thief })).extensions?.code, 'NOT_FOUND');
    assert.equal((await comment(event.id, secret)).errors, undefined);
  });

  it('forged, malformed and unknown keys are UNAUTHENTICATED', async () => {
    const event = await createEvent(t.client);
    const { secret } = await createKey(uniqueUser(), ['COMMENTS_WRITE']);
    const [prefix] = secret.split('.');
    for (const bad of [`${prefix}.${'A'.repeat(43)}`, 'fg_nope', 'garbage', `${secret}x`]) {
      assert.equal(onlyError(await comment(event.id, bad)).extensions?.code, 'UNAUTHENTICATED', bad);
    }
  });

  it('bad input: no scopes, a blank name, an expiry in the past → BAD_USER_INPUT', async () => {
    const owner = uniqueUser();
    const cases = [{ name: 'x', scopes: [] }, { name: '   ', scopes: ['READ' as const] }, { name: 'x', scopes: ['READ' as const], expiresAt: '2001-01-01T00:00:00Z' }];
    for (const input of cases) {
      const error = onlyError(await t.client.request(CreateApiKeyDocument, { input }, { as: owner }));
      assert.equal(error.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(input));
    }
    assert.deepEqual((await t.client.request(ApiKeysDocument, {}, { as: owner })).data!.apiKeys, []);
  });
});

describe('API key rotation with a grace period', () => {
  it("a rotated key's old secret works during the grace period and is refused after it", async () => {
    const t = await startTestApp({ env: { API_KEY_ROTATION_GRACE_SECONDS: '1' } });
    try {
      const event = await createEvent(t.client);
      const owner = uniqueUser();
      const created = await t.client.request(CreateApiKeyDocument, { input: { name: 'ci', scopes: ['COMMENTS_WRITE'] } }, { as: owner });
      const { secret: old, apiKey } = created.data!.createApiKey;
      await t.client.request(RotateApiKeyDocument, { id: apiKey.id }, { as: owner });
      const post = () => t.client.request(PostCommentDocument, { input: { eventId: event.id, body: 'old key' } }, { headers: { 'x-api-key': old } });
      assert.equal((await post()).errors, undefined);
      await sleep(1200);
      assert.equal(onlyError(await post()).extensions?.code, 'UNAUTHENTICATED');
    } finally {
      await t.stop();
    }
  });
});

describe('API key expiry and last use', () => {
  it('a key works until its expiresAt, then is UNAUTHENTICATED; its use is recorded in lastUsedAt', async () => {
    const clock = manualClock();
    const t = await startTestApp({ overrides: { clock } });
    try {
      const event = await createEvent(t.client);
      const owner = uniqueUser();
      const expiresAt = new Date(clock.ms() + 60_000).toISOString();
      const created = await t.client.request(CreateApiKeyDocument, { input: { name: 'short-lived', scopes: ['COMMENTS_WRITE'], expiresAt } }, { as: owner });
      const { secret, apiKey } = created.data!.createApiKey;
      assert.equal(apiKey.lastUsedAt, null);
      const post = () => t.client.request(PostCommentDocument, { input: { eventId: event.id, body: 'before expiry' } }, { headers: { 'x-api-key': secret } });
      assert.equal((await post()).errors, undefined);
      await sleep(50); // lastUsedAt is recorded without delaying the request
      const listed = await t.client.request(ApiKeysDocument, {}, { as: owner });
      assert.equal(listed.data!.apiKeys[0].lastUsedAt, new Date(clock.ms()).toISOString());
      clock.advance(61_000);
      assert.equal(onlyError(await post()).extensions?.code, 'UNAUTHENTICATED');
    } finally {
      await t.stop();
    }
  });
});

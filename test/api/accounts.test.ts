import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateEventDocument, LoginDocument, MeDocument, RegisterDocument } from '../generated/graphql';
import { onlyError, TEST_PASSWORD } from '../helpers/client';
import { ADMIN, startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

describe('accounts over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  const register = (username: string, password: string) => t.client.request(RegisterDocument, { input: { username, password } });
  const login = (username: string, password: string, address?: string) =>
    t.client.request(LoginDocument, { input: { username, password } }, address ? { headers: { 'x-forwarded-for': address } } : {});

  it('register signs the new user in; me answers with the account, anonymous me is null', async () => {
    const username = uniqueUser();
    const session = await register(username, TEST_PASSWORD);
    assert.equal(session.data!.register.user.username, username);
    assert.deepEqual(session.data!.register.user.roles, ['USER']);
    const me = await t.client.request(MeDocument, {}, { headers: { authorization: `Bearer ${session.data!.register.accessToken}` } });
    assert.equal(me.data!.me!.username, username);
    assert.equal((await t.client.request(MeDocument, {})).data!.me, null);
  });

  const weak: Record<string, (username: string) => string> = {
    'a short password': () => 'short-pw',
    'the username as password': (username) => `${username}${username}`.slice(0, 20),
    'a common password': () => 'password1234',
  };
  for (const [name, password] of Object.entries(weak)) {
    it(`${name} is refused with BAD_USER_INPUT on password and no account is made`, async () => {
      const username = uniqueUser();
      const error = onlyError(await register(username, password(username)));
      assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'password']);
      assert.equal(onlyError(await login(username, password(username))).extensions?.code, 'UNAUTHENTICATED');
    });
  }

  it('a taken username (in any case) and an invalid one are refused on username', async () => {
    const username = uniqueUser();
    await register(username, TEST_PASSWORD);
    for (const name of [username.toUpperCase(), 'no spaces allowed', 'ab']) {
      const error = onlyError(await register(name, TEST_PASSWORD));
      assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'username'], name);
    }
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const username = uniqueUser();
    await register(username, TEST_PASSWORD);
    const wrong = onlyError(await login(username, 'wrong-password-but-long'));
    const unknown = onlyError(await login(uniqueUser(), 'wrong-password-but-long'));
    assert.deepEqual(wrong, unknown);
    assert.equal(wrong.extensions?.code, 'UNAUTHENTICATED');
  });

  it('X-Forwarded-For from an untrusted client does not reset the throttle', async () => {
    const username = uniqueUser();
    await register(username, TEST_PASSWORD);
    for (let i = 0; i < 5; i += 1) await login(username, 'wrong-password-but-long', `10.0.0.${i}`);
    assert.equal(onlyError(await login(username, TEST_PASSWORD, '10.0.0.99')).extensions?.code, 'RATE_LIMITED');
  });

  it('sign-ins and their failures are audit events with request id and address, and no secrets', async () => {
    const username = uniqueUser();
    const registered = await register(username, TEST_PASSWORD);
    const userId = registered.data!.register.user.id;
    const failed = await t.client.request(LoginDocument, { input: { username, password: 'wrong-password-but-long' } }, { headers: { 'x-request-id': 'audit-test-0001' } });
    assert.equal(onlyError(failed).extensions?.code, 'UNAUTHENTICATED');
    const { items } = await t.app.store.audit.list({ userId }, { first: 10 });
    assert.deepEqual(items.map((e) => [e.action, e.outcome]), [['login', 'failure'], ['register', 'success']]);
    assert.equal(items[0].requestId, 'audit-test-0001');
    assert.equal(items[0].code, 'UNAUTHENTICATED');
    assert.ok(items[0].clientAddress);
    assert.ok(!JSON.stringify(items).includes('wrong-password-but-long'));
  });

  it('a successful sign-in does not count against the limit', async () => {
    const username = uniqueUser();
    await register(username, TEST_PASSWORD);
    for (let i = 0; i < 8; i += 1) assert.equal((await login(username, TEST_PASSWORD)).data?.login.__typename, 'AuthPayload');
  });

  it('only ADMIN may create events: a signed-in USER is FORBIDDEN, before input is even validated', async () => {
    const error = onlyError(await t.client.request(CreateEventDocument, { input: { name: '', venue: '', startsAt: new Date().toISOString(), capacity: 0, priceCents: -1 } }, { as: uniqueUser() }));
    assert.equal(error.extensions?.code, 'FORBIDDEN');
    const anonymous = onlyError(await t.client.request(CreateEventDocument, { input: { name: '', venue: '', startsAt: new Date().toISOString(), capacity: 0, priceCents: -1 } }));
    assert.equal(anonymous.extensions?.code, 'UNAUTHENTICATED');
    const admin = await login(ADMIN.username, ADMIN.password);
    assert.equal(admin.data?.login.__typename, 'AuthPayload');
  });
});

describe('login throttling over HTTP', () => {
  const wrong = { input: { username: '', password: 'wrong-password-but-long' } };
  const attempt = (t: TestApp, username: string, address: string) =>
    t.client.request(LoginDocument, { input: { ...wrong.input, username } }, { headers: { 'x-forwarded-for': address } });

  it('40 parallel wrong passwords for one account from one address: exactly 5 reach the password check', async () => {
    const t = await startTestApp({ env: { TRUST_PROXY: '1', LOGIN_FAILURES_PER_ADDRESS: '1000' } });
    try {
      const username = uniqueUser();
      await t.client.request(RegisterDocument, { input: { username, password: TEST_PASSWORD } });
      const results = await Promise.all(Array.from({ length: 40 }, () => attempt(t, username, '203.0.113.7')));
      const codes = results.map((r) => onlyError(r).extensions?.code);
      assert.equal(codes.filter((c) => c === 'UNAUTHENTICATED').length, 5);
      assert.equal(codes.filter((c) => c === 'RATE_LIMITED').length, 35);
      // The lock is per (account, address): the owner signing in from elsewhere is not locked out.
      const elsewhere = await t.client.request(LoginDocument, { input: { username, password: TEST_PASSWORD } }, { headers: { 'x-forwarded-for': '198.51.100.1' } });
      assert.equal(elsewhere.data?.login.__typename, 'AuthPayload');
    } finally {
      await t.stop();
    }
  });

  it('one address guessing across many accounts is cut off by the per-address limit', async () => {
    const t = await startTestApp({ env: { TRUST_PROXY: '1', LOGIN_FAILURES_PER_ADDRESS: '8' } });
    try {
      const codes: unknown[] = [];
      for (let i = 0; i < 12; i += 1) codes.push(onlyError(await attempt(t, uniqueUser(), '203.0.113.9')).extensions?.code);
      assert.deepEqual(codes.slice(0, 8), Array(8).fill('UNAUTHENTICATED'));
      assert.deepEqual(codes.slice(8), Array(4).fill('RATE_LIMITED'));
    } finally {
      await t.stop();
    }
  });

  it('an IPv6 client is its /64: rotating the low bits makes no new address, for one account or across accounts', async () => {
    const t = await startTestApp({ env: { TRUST_PROXY: '1', LOGIN_FAILURES_PER_ADDRESS: '8', RATE_LIMITS: 'login.perAddress=1000/60s' } });
    try {
      const username = uniqueUser();
      const oneAccount: unknown[] = [];
      for (let i = 1; i <= 7; i += 1) oneAccount.push(onlyError(await attempt(t, username, `2001:db8:77:1::${i.toString(16)}`)).extensions?.code);
      assert.deepEqual(oneAccount, [...Array(5).fill('UNAUTHENTICATED'), 'RATE_LIMITED', 'RATE_LIMITED'], 'per account and address');
      const accounts: unknown[] = [];
      for (let i = 1; i <= 5; i += 1) accounts.push(onlyError(await attempt(t, uniqueUser(), `2001:db8:77:1:${i}::1`)).extensions?.code);
      assert.deepEqual(accounts, [...Array(3).fill('UNAUTHENTICATED'), 'RATE_LIMITED', 'RATE_LIMITED'], 'per address: the 8 failures are shared by the /64');
      assert.equal(onlyError(await attempt(t, uniqueUser(), '2001:db8:77:2::1')).extensions?.code, 'UNAUTHENTICATED', 'the next /64 is another client');
    } finally {
      await t.stop();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfirmTwoFactorDocument, DisableTwoFactorDocument, EnrollTwoFactorDocument, LoginDocument, MeDocument, VerifyTwoFactorDocument } from '../generated/graphql';
import { onlyError, TEST_PASSWORD } from '../helpers/client';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';
import { manualClock } from '../helpers/clock';
import { secretFromOtpauthUri, totpAt } from '../helpers/totp';

describe('two-factor sign-in over HTTP', () => {
  const clock = manualClock();
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ overrides: { clock } });
  });
  after(() => t.stop());

  const login = (username: string) => t.client.request(LoginDocument, { input: { username, password: TEST_PASSWORD } });
  const verify = (challengeToken: string, code: string) => t.client.request(VerifyTwoFactorDocument, { input: { challengeToken, code } });
  const challengeOf = async (username: string) => {
    const result = await login(username);
    assert.equal(result.data?.login.__typename, 'TwoFactorChallenge', JSON.stringify(result));
    return (result.data!.login as { challengeToken: string }).challengeToken;
  };

  /** Registers a user, enrols and confirms 2FA; returns the TOTP secret and recovery codes. */
  async function userWithTwoFactor() {
    const username = uniqueUser('2fa');
    const enrolment = await t.client.request(EnrollTwoFactorDocument, {}, { as: username });
    const { otpauthUri, qrCodeDataUrl } = enrolment.data!.enrollTwoFactor;
    assert.match(qrCodeDataUrl, /^data:image\/png;base64,/);
    const secret = secretFromOtpauthUri(otpauthUri);
    const confirmed = await t.client.request(ConfirmTwoFactorDocument, { code: totpAt(secret, clock.ms()) }, { as: username });
    assert.equal(confirmed.errors, undefined, JSON.stringify(confirmed.errors));
    clock.advance(30_000); // the confirming code's step is spent; move to a fresh one
    return { username, secret, recoveryCodes: confirmed.data!.confirmTwoFactor.codes };
  }

  it('the whole story: enrol, confirm, sign in with a challenge and a fresh code', async () => {
    const { username, secret, recoveryCodes } = await userWithTwoFactor();
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    const me = await t.client.request(MeDocument, {}, { as: username });
    assert.equal(me.data!.me!.twoFactorEnabled, true);

    const session = await verify(await challengeOf(username), totpAt(secret, clock.ms()));
    assert.equal(session.errors, undefined, JSON.stringify(session.errors));
    assert.equal(session.data!.verifyTwoFactor.user.username, username);
  });

  it('a TOTP code is refused the second time (replay), even with a new challenge', async () => {
    const { username, secret } = await userWithTwoFactor();
    const code = totpAt(secret, clock.ms());
    assert.equal((await verify(await challengeOf(username), code)).errors, undefined);
    assert.equal(onlyError(await verify(await challengeOf(username), code)).extensions?.code, 'UNAUTHENTICATED');
  });

  it('a challenge signs in once: replayed with a fresh code or a recovery code, it is UNAUTHENTICATED, gives no tokens and spends no code', async () => {
    const { username, secret, recoveryCodes } = await userWithTwoFactor();
    const challenge = await challengeOf(username);
    assert.equal((await verify(challenge, totpAt(secret, clock.ms()))).errors, undefined);
    clock.advance(30_000); // a fresh TOTP step, so only the challenge is replayed
    for (const code of [totpAt(secret, clock.ms()), recoveryCodes[0]]) {
      const replay = await verify(challenge, code);
      assert.deepEqual([onlyError(replay).extensions?.code, onlyError(replay).message], ['UNAUTHENTICATED', 'This challenge has already been used; sign in again']);
      assert.equal(replay.data?.verifyTwoFactor ?? null, null);
    }
    // The replays spent neither code: both still sign in on new challenges.
    assert.equal((await verify(await challengeOf(username), recoveryCodes[0])).errors, undefined);
    assert.equal((await verify(await challengeOf(username), totpAt(secret, clock.ms()))).errors, undefined);
  });

  it('a wrong code does not cost the challenge: the right code still signs in on it', async () => {
    const { username, secret } = await userWithTwoFactor();
    const challenge = await challengeOf(username);
    assert.equal(onlyError(await verify(challenge, '000000')).message, 'Wrong or already used code');
    assert.equal((await verify(challenge, totpAt(secret, clock.ms()))).errors, undefined);
  });

  it('two right codes on one challenge at once (a TOTP and a recovery code) give exactly one session, and the other code stays unspent', async () => {
    const { username, secret, recoveryCodes } = await userWithTwoFactor();
    const challenge = await challengeOf(username);
    const codes = [totpAt(secret, clock.ms()), recoveryCodes[0]];
    const results = await Promise.all(codes.map((code) => verify(challenge, code)));
    const won = results.map((result) => Boolean(result.data?.verifyTwoFactor));
    assert.equal(won.filter(Boolean).length, 1, JSON.stringify(results));
    const loser = won.indexOf(false);
    assert.equal(onlyError(results[loser]).extensions?.code, 'UNAUTHENTICATED');
    assert.equal((await verify(await challengeOf(username), codes[loser])).errors, undefined);
  });

  it('a recovery code works once', async () => {
    const { username, recoveryCodes } = await userWithTwoFactor();
    assert.equal((await verify(await challengeOf(username), recoveryCodes[0])).errors, undefined);
    assert.equal(onlyError(await verify(await challengeOf(username), recoveryCodes[0])).extensions?.code, 'UNAUTHENTICATED');
    assert.equal((await verify(await challengeOf(username), recoveryCodes[1].toUpperCase())).errors, undefined);
  });

  it('a wrong code, a code two steps old and a forged challenge are refused', async () => {
    const { username, secret } = await userWithTwoFactor();
    const challenge = await challengeOf(username);
    assert.equal(onlyError(await verify(challenge, '000000')).extensions?.code, 'UNAUTHENTICATED');
    assert.equal(onlyError(await verify(challenge, totpAt(secret, clock.ms() - 60_000))).extensions?.code, 'UNAUTHENTICATED');
    assert.equal(onlyError(await verify(`${challenge}x`, totpAt(secret, clock.ms()))).extensions?.code, 'UNAUTHENTICATED');
  });

  it('wrong codes on one challenge are cut off with RATE_LIMITED, then even the right code is refused', async () => {
    const { username, secret } = await userWithTwoFactor();
    const challenge = await challengeOf(username);
    for (let i = 0; i < 5; i += 1) assert.equal(onlyError(await verify(challenge, '111111')).extensions?.code, 'UNAUTHENTICATED');
    const limited = onlyError(await verify(challenge, totpAt(secret, clock.ms())));
    assert.equal(limited.extensions?.code, 'RATE_LIMITED');
    assert.ok(Number(limited.extensions?.retryAfter) > 0);
  });

  it('disabling needs a current code; afterwards login returns tokens directly', async () => {
    const { username, secret } = await userWithTwoFactor();
    const wrong = onlyError(await t.client.request(DisableTwoFactorDocument, { code: '123456' }, { as: username }));
    assert.deepEqual([wrong.extensions?.code, wrong.extensions?.field], ['BAD_USER_INPUT', 'code']);
    const disabled = await t.client.request(DisableTwoFactorDocument, { code: totpAt(secret, clock.ms()) }, { as: username });
    assert.equal(disabled.data?.disableTwoFactor, true, JSON.stringify(disabled.errors));
    assert.equal((await login(username)).data?.login.__typename, 'AuthPayload');
  });

  it('enrolling again while 2FA is on is FORBIDDEN', async () => {
    const { username } = await userWithTwoFactor();
    assert.equal(onlyError(await t.client.request(EnrollTwoFactorDocument, {}, { as: username })).extensions?.code, 'FORBIDDEN');
  });
});

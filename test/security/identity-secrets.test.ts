// Secrets appear only in the response that creates them: never in a log line, never in the store.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ApiKeysDocument, ConfirmTwoFactorDocument, CreateApiKeyDocument, EnrollTwoFactorDocument, LoginDocument,
  MeDocument, RefreshTokenDocument, RegisterDocument, RotateApiKeyDocument, VerifyTwoFactorDocument,
} from '../generated/graphql';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';
import { manualClock } from '../helpers/clock';
import { secretFromOtpauthUri, totpAt } from '../helpers/totp';

describe('secrets of a full identity session', () => {
  const clock = manualClock();
  const password = 'a very private passphrase 77';
  const secrets: Record<string, string> = { password };
  const laterResponses: string[] = [];
  let t: TestApp;

  before(async () => {
    t = await startTestApp({ overrides: { clock } });
    const username = uniqueUser('secret');
    const registered = (await t.client.request(RegisterDocument, { input: { username, password } })).data!.register;
    Object.assign(secrets, { accessToken: registered.accessToken, refreshToken: registered.refreshToken });
    const bearer = { headers: { authorization: `Bearer ${registered.accessToken}` } };
    const refreshed = (await t.client.request(RefreshTokenDocument, { refreshToken: registered.refreshToken })).data!.refreshToken;
    secrets.refreshedToken = refreshed.refreshToken;

    const enrolment = (await t.client.request(EnrollTwoFactorDocument, {}, bearer)).data!.enrollTwoFactor;
    secrets.totpSecret = secretFromOtpauthUri(enrolment.otpauthUri);
    const codes = (await t.client.request(ConfirmTwoFactorDocument, { code: totpAt(secrets.totpSecret, clock.ms()) }, bearer)).data!.confirmTwoFactor.codes;
    secrets.recoveryCode = codes[3];
    clock.advance(30_000);
    const login = (await t.client.request(LoginDocument, { input: { username, password } })).data!.login as { challengeToken: string };
    const verified = await t.client.request(VerifyTwoFactorDocument, { input: { challengeToken: login.challengeToken, code: totpAt(secrets.totpSecret, clock.ms()) } });
    assert.equal(verified.errors, undefined);

    const created = (await t.client.request(CreateApiKeyDocument, { input: { name: 'ci', scopes: ['READ'] } }, bearer)).data!.createApiKey;
    secrets.apiKey = created.secret;
    secrets.rotatedKey = (await t.client.request(RotateApiKeyDocument, { id: created.apiKey.id }, bearer)).data!.rotateApiKey.secret;
    for (const response of [await t.client.request(ApiKeysDocument, {}, bearer), await t.client.request(MeDocument, {}, bearer), await t.client.request(MeDocument, {}, { headers: { 'x-api-key': secrets.rotatedKey } })]) {
      laterResponses.push(JSON.stringify(response));
    }
  });
  after(() => t.stop());

  const secretParts = (value: string) => [value, ...value.split('.').filter((part) => part.length >= 16)];

  it('no log line contains a password, token, TOTP secret, recovery code or API key secret', () => {
    assert.ok(t.logs.length > 10);
    for (const [name, value] of Object.entries(secrets)) {
      for (const part of secretParts(value)) assert.ok(!t.logs.some((line) => line.includes(part)), `${name} found in the logs`);
    }
  });

  it('later responses (key listing, me) carry no secret', () => {
    for (const [name, value] of Object.entries(secrets)) {
      for (const part of secretParts(value)) assert.ok(!laterResponses.some((text) => text.includes(part)), `${name} found in a later response`);
    }
  });

  it('the store holds no secret in plain text (only hashes and ciphertexts)', async () => {
    await t.app.store.close(); // flush the datafiles (the app is stopped afterwards anyway)
    const files = await readdir(t.dataDir);
    const contents = await Promise.all(files.map((file) => readFile(path.join(t.dataDir, file), 'utf8')));
    for (const [name, value] of Object.entries(secrets)) {
      if (name === 'accessToken') continue; // access tokens are never stored anyway
      for (const part of secretParts(value)) assert.ok(!contents.some((text) => text.includes(part)), `${name} stored in plain text`);
    }
  });
});

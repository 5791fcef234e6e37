// Operators who prefer asymmetric keys: RS256 with a PEM key pair; verification pins RS256, so the
// classic key-confusion forgery (an HS256 token "signed" with the public key) is refused.
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MeDocument, RegisterDocument } from '../generated/graphql';
import { onlyError, TEST_PASSWORD } from '../helpers/client';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('RS256 access tokens over HTTP', () => {
  let t: TestApp;
  let keysDir: string;
  let publicPem: string;
  before(async () => {
    keysDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-keys-'));
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await writeFile(path.join(keysDir, 'private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(path.join(keysDir, 'public.pem'), publicPem);
    t = await startTestApp({ env: { JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY_FILE: path.join(keysDir, 'private.pem'), JWT_PUBLIC_KEY_FILE: path.join(keysDir, 'public.pem') } });
  });
  after(async () => {
    await t.stop();
    await rm(keysDir, { recursive: true, force: true });
  });

  it('issues RS256 tokens that identify the user', async () => {
    const session = (await t.client.request(RegisterDocument, { input: { username: uniqueUser(), password: TEST_PASSWORD } })).data!.register;
    assert.equal(JSON.parse(Buffer.from(session.accessToken.split('.')[0], 'base64url').toString()).alg, 'RS256');
    const me = await t.client.request(MeDocument, {}, { headers: { authorization: `Bearer ${session.accessToken}` } });
    assert.equal(me.data!.me!.id, session.user.id);
  });

  it('an HS256 token signed with the public key (key confusion) is UNAUTHENTICATED', async () => {
    const session = (await t.client.request(RegisterDocument, { input: { username: uniqueUser(), password: TEST_PASSWORD } })).data!.register;
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: session.user.id, roles: ['USER', 'ADMIN'], iss: 'flowguard', aud: 'flowguard-api', jti: 'forged', iat: now, nbf: now, exp: now + 600 })}`;
    const forged = `${unsigned}.${createHmac('sha256', publicPem).update(unsigned).digest('base64url')}`;
    const result = await t.client.request(MeDocument, {}, { headers: { authorization: `Bearer ${forged}` } });
    assert.deepEqual([result.status, onlyError(result).extensions?.code], [401, 'UNAUTHENTICATED']);
  });
});

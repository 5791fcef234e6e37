import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseKey } from '../../../src/config/identity';
import { createSecretBox } from '../../../src/services/identity/secret-box';

const box = createSecretBox(randomBytes(32));
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** Flips one bit of the decoded part `index` (1 = IV, 2 = tag, 3 = ciphertext). */
function flipBit(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 1;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('secret box', () => {
  it('round-trips text, including empty and non-ASCII text', () => {
    for (const plaintext of [TOTP_SECRET, '', 'grüße, 秘密 😀']) assert.equal(box.open(box.seal(plaintext)), plaintext);
  });

  it('seals in the v1.<iv>.<tag>.<ciphertext> format with a 12-byte IV and 16-byte tag', () => {
    const [version, iv, tag, ciphertext] = box.seal(TOTP_SECRET).split('.');
    assert.equal(version, 'v1');
    assert.equal(Buffer.from(iv, 'base64url').length, 12);
    assert.equal(Buffer.from(tag, 'base64url').length, 16);
    assert.equal(Buffer.from(ciphertext, 'base64url').length, TOTP_SECRET.length);
    assert.ok(!box.seal(TOTP_SECRET).includes(TOTP_SECRET));
  });

  it('uses a fresh IV for every seal', () => {
    const ivs = new Set(Array.from({ length: 200 }, () => box.seal(TOTP_SECRET).split('.')[1]));
    assert.equal(ivs.size, 200);
  });

  it('refuses to open anything tampered with', () => {
    const sealed = box.seal(TOTP_SECRET);
    for (const index of [1, 2, 3]) assert.throws(() => box.open(flipBit(sealed, index)), /cannot be opened/, `part ${index}`);
    const [, iv, tag, ciphertext] = sealed.split('.');
    assert.throws(() => box.open(['v2', iv, tag, ciphertext].join('.')), /malformed/);
    assert.throws(() => box.open(['v1', iv, tag.slice(0, 6), ciphertext].join('.')), /malformed/, 'a truncated tag');
    assert.throws(() => box.open(['v1', iv, tag, ciphertext.slice(0, -2)].join('.')), /cannot be opened|malformed/);
    assert.throws(() => box.open(`${sealed}!`), /malformed/);
  });

  it('refuses malformed input', () => {
    for (const bad of ['', 'v1', 'v1...', 'v1.a.b.c.d', 'not sealed at all']) assert.throws(() => box.open(bad), /malformed|cannot be opened/, bad);
  });

  it('refuses to open with another key', () => {
    const other = createSecretBox(randomBytes(32));
    assert.throws(() => other.open(box.seal(TOTP_SECRET)), /cannot be opened/);
  });

  it('binds the optional context: a value sealed for one owner does not open for another', () => {
    const sealed = box.seal(TOTP_SECRET, 'user-1');
    assert.equal(box.open(sealed, 'user-1'), TOTP_SECRET);
    assert.throws(() => box.open(sealed, 'user-2'), /cannot be opened/);
    assert.throws(() => box.open(sealed), /cannot be opened/);
  });

  it('refuses a key that is not 32 bytes', () => {
    for (const key of [randomBytes(16), randomBytes(31), randomBytes(33)]) assert.throws(() => createSecretBox(key), /32 bytes/);
  });

  it('is not affected by later changes to the caller\'s key buffer', () => {
    const key = randomBytes(32);
    const own = createSecretBox(key);
    const sealed = own.seal(TOTP_SECRET);
    key.fill(0);
    assert.equal(own.open(sealed), TOTP_SECRET);
  });
});

describe('secret box keys', () => {
  const key = randomBytes(32);

  it('parses 64 hex characters and base64 of 32 bytes', () => {
    assert.deepEqual(parseKey(key.toString('hex')), key);
    assert.deepEqual(parseKey(key.toString('hex').toUpperCase()), key);
    assert.deepEqual(parseKey(key.toString('base64')), key);
    assert.deepEqual(parseKey(` ${key.toString('base64')}\n`), key);
  });

  it('refuses anything else', () => {
    for (const bad of ['', key.toString('hex').slice(2), `${key.toString('hex')}00`, randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), 'z'.repeat(64), key.toString('base64').replace(/.$/, '*')]) {
      assert.throws(() => parseKey(bad), /64 hex characters or base64/, bad);
    }
  });
});

import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { keyedHash, sameHash } from '../../../src/services/identity/keyed-hash';

const pepper = randomBytes(32);

describe('keyed hash', () => {
  it('is HMAC-SHA-256 under the pepper, as hex', () => {
    const expected = createHmac('sha256', pepper).update('refresh-token-value').digest('hex');
    assert.equal(keyedHash(pepper, 'refresh-token-value'), expected);
    assert.match(expected, /^[0-9a-f]{64}$/);
  });

  it('is deterministic for one pepper', () => {
    assert.equal(keyedHash(pepper, 'abc'), keyedHash(Buffer.from(pepper), 'abc'));
  });

  it('differs across peppers and across values', () => {
    assert.notEqual(keyedHash(pepper, 'abc'), keyedHash(randomBytes(32), 'abc'));
    assert.notEqual(keyedHash(pepper, 'abc'), keyedHash(pepper, 'abd'));
  });

  it('refuses a pepper shorter than 32 bytes', () => {
    assert.throws(() => keyedHash(randomBytes(31), 'abc'), /at least 32 bytes/);
  });
});

describe('sameHash', () => {
  const hash = keyedHash(pepper, 'abc');

  it('is true for equal hashes', () => {
    assert.equal(sameHash(hash, `${hash}`), true);
  });

  it('is false for different hashes of the same length', () => {
    const last = hash.at(-1) === '0' ? '1' : '0';
    assert.equal(sameHash(hash, `${hash.slice(0, -1)}${last}`), false);
    assert.equal(sameHash(hash, keyedHash(pepper, 'abd')), false);
  });

  it('is false, without throwing, when the lengths differ', () => {
    assert.equal(sameHash(hash, hash.slice(0, -1)), false);
    assert.equal(sameHash(hash, ''), false);
    assert.equal(sameHash('', hash), false);
    assert.equal(sameHash('é', 'ee'), false, 'same UTF-16 length, different byte length');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  newApiKeySecret,
  newOpaqueToken,
  newRecoveryCodes,
  normaliseRecoveryCode,
  parseApiKey,
} from '../../../src/services/identity/api-key-format';

describe('API keys', () => {
  it('are fg_<12-character base32 prefix>.<32 random bytes in base64url>', () => {
    const key = newApiKeySecret();
    assert.match(key.prefix, /^[a-z2-7]{12}$/);
    assert.match(key.secret, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(key.secret, 'base64url').length, 32);
    assert.equal(key.full, `fg_${key.prefix}.${key.secret}`);
  });

  it('are random', () => {
    const keys = Array.from({ length: 100 }, () => newApiKeySecret());
    assert.equal(new Set(keys.map((k) => k.prefix)).size, 100);
    assert.equal(new Set(keys.map((k) => k.secret)).size, 100);
  });

  it('parse back into their prefix and secret', () => {
    for (let i = 0; i < 50; i += 1) {
      const key = newApiKeySecret();
      assert.deepEqual(parseApiKey(key.full), { prefix: key.prefix, secret: key.secret });
    }
  });

  it('accept a rotated secret (an opaque token) under the same prefix', () => {
    const { prefix } = newApiKeySecret();
    const secret = newOpaqueToken();
    assert.deepEqual(parseApiKey(`fg_${prefix}.${secret}`), { prefix, secret });
  });

  it('refuse malformed variants', () => {
    const { full, prefix, secret } = newApiKeySecret();
    const variants = [
      '', 'fg_', 'garbage', full.slice(0, -1), `${full}A`, ` ${full}`, `${full} `, `${full}\n`,
      full.replace('fg_', 'FG_'), full.replace('fg_', 'gf_'), full.replace('fg_', 'fg-'), full.replace('.', '_'), full.replace('.', '..').slice(0, -1),
      `fg_${prefix.toUpperCase()}.${secret}`, `fg_${prefix.slice(0, 11)}1.${secret}`, `fg_${prefix.slice(0, 11)}.${secret}A`,
      `fg_${prefix}.${secret.slice(0, 42)}=`, `fg_${prefix}.${secret.slice(0, 42)}+`, `fg_${prefix}.${secret.slice(0, 42)}/`,
      `fg_${prefix}.${secret}.${secret}`, `${full}${'A'.repeat(10_000)}`,
    ];
    for (const variant of variants) assert.equal(parseApiKey(variant), null, JSON.stringify(variant.slice(0, 80)));
    assert.equal(parseApiKey(undefined as unknown as string), null);
  });
});

describe('opaque tokens', () => {
  it('are 32 random bytes in base64url', () => {
    const token = newOpaqueToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.equal(new Set(Array.from({ length: 100 }, newOpaqueToken)).size, 100);
  });
});

describe('recovery codes', () => {
  it('are ten xxxx-xxxx-xxxx codes of an unambiguous alphabet by default', () => {
    const codes = newRecoveryCodes();
    assert.equal(codes.length, 10);
    for (const code of codes) assert.match(code, /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  });

  it('are unique and random', () => {
    const codes = newRecoveryCodes(100);
    assert.equal(codes.length, 100);
    assert.equal(new Set(codes).size, 100);
    assert.notDeepEqual(newRecoveryCodes(3), newRecoveryCodes(3));
  });

  it('use every character of the alphabet over many draws', () => {
    const seen = new Set(newRecoveryCodes(100).join('').replace(/-/g, ''));
    assert.equal(seen.size, 32);
  });

  it('refuse a silly count', () => {
    for (const count of [0, -1, 1.5, 101]) assert.throws(() => newRecoveryCodes(count), /count/);
  });

  it('normalise to the same form whatever the case, spacing or hyphens', () => {
    const [code] = newRecoveryCodes(1);
    const canonical = normaliseRecoveryCode(code);
    assert.match(canonical, /^[0-9a-hjkmnp-tv-z]{12}$/);
    for (const typed of [code, code.toUpperCase(), `  ${code}\n`, code.replace(/-/g, ''), code.replace(/-/g, ' '), code.split('').join(' ')]) {
      assert.equal(normaliseRecoveryCode(typed), canonical, JSON.stringify(typed));
    }
  });

  it('read the look-alikes the alphabet leaves out as 0 and 1', () => {
    assert.equal(normaliseRecoveryCode('O0oI-1iLl-abcd'), '00011111abcd');
  });

  it('normalise different codes differently', () => {
    assert.notEqual(normaliseRecoveryCode('abcd-efgh-jkmn'), normaliseRecoveryCode('abcd-efgh-jkmp'));
  });
});

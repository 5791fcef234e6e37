import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import bcrypt from 'bcryptjs';
import { COMMON_PASSWORDS } from '../../../src/services/identity/common-passwords';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../../src/services/identity/passwords';

const COST = 4; // the minimum, to keep the suite fast

afterEach(() => mock.restoreAll());

describe('password policy', () => {
  it('accepts a long, uncommon password unrelated to the username', () => {
    assert.equal(checkPasswordPolicy('alice', 'violet-harbour-kettle-42'), null);
  });

  it('refuses a password shorter than 12 characters', () => {
    assert.match(checkPasswordPolicy('alice', 'short-pw-11') ?? '', /at least 12/);
    assert.equal(checkPasswordPolicy('alice', 'exactly12chr'), null);
  });

  it('counts characters, not UTF-16 units', () => {
    assert.match(checkPasswordPolicy('alice', '😀😀😀😀😀😀😀😀😀😀😀') ?? '', /at least 12/, '11 emoji are 22 UTF-16 units');
  });

  it('refuses a password longer than 72 characters, and one over 72 bytes (bcrypt would ignore the rest)', () => {
    assert.match(checkPasswordPolicy('alice', 'x'.repeat(73)) ?? '', /at most 72 characters/);
    assert.match(checkPasswordPolicy('alice', 'é'.repeat(40)) ?? '', /at most 72 bytes/);
    assert.equal(checkPasswordPolicy('alice', 'correct horse '.repeat(5).slice(0, 72)), null);
    assert.equal(checkPasswordPolicy('alice', 'xy'.repeat(36)), null);
  });

  it('refuses the username itself, and passwords containing it in any case', () => {
    assert.match(checkPasswordPolicy('charlotte.brown', 'charlotte.brown') ?? '', /username/);
    assert.match(checkPasswordPolicy('charlotte.brown', 'Charlotte.Brown1') ?? '', /username/);
    assert.match(checkPasswordPolicy('bob', 'my-BOB-is-the-best') ?? '', /username/);
  });

  it('refuses common passwords, case-insensitively', () => {
    assert.match(checkPasswordPolicy('alice', 'password1234') ?? '', /too common/);
    assert.match(checkPasswordPolicy('alice', 'PassWord1234') ?? '', /too common/);
    assert.match(checkPasswordPolicy('alice', 'QWERTYUIOPAS') ?? '', /too common/);
  });

  it('keeps a list of about a hundred lower-case entries of at least 12 characters', () => {
    assert.ok(COMMON_PASSWORDS.size >= 90, `${COMMON_PASSWORDS.size} entries`);
    for (const entry of COMMON_PASSWORDS) {
      assert.ok([...entry].length >= 12, `${entry} is shorter than 12`);
      assert.equal(entry, entry.toLowerCase());
    }
  });
});

describe('password hashing', () => {
  it('hashes with bcrypt at the given cost and a fresh salt', async () => {
    const [a, b] = await Promise.all([hashPassword('violet-harbour-kettle', COST), hashPassword('violet-harbour-kettle', COST)]);
    assert.match(a, /^\$2b\$04\$/);
    assert.notEqual(a, b);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('violet-harbour-kettle', COST);
    assert.equal(await verifyPassword('violet-harbour-kettle', hash, COST), true);
    assert.equal(await verifyPassword('violet-harbour-kettlf', hash, COST), false);
  });

  it('refuses when there is no hash, yet still runs one bcrypt compare at the given cost', async () => {
    const compare = mock.method(bcrypt, 'compare');
    assert.equal(await verifyPassword('violet-harbour-kettle', null, COST), false);
    assert.equal(compare.mock.callCount(), 1);
    const against = compare.mock.calls[0].arguments[1] as string;
    assert.equal(bcrypt.getRounds(against), COST);
  });

  it('refuses a malformed stored hash after one compare against the dummy hash', async () => {
    const compare = mock.method(bcrypt, 'compare');
    assert.equal(await verifyPassword('anything-at-all', 'not-a-bcrypt-hash', COST), false);
    assert.equal(compare.mock.callCount(), 1);
    assert.notEqual(compare.mock.calls[0].arguments[1], 'not-a-bcrypt-hash');
  });

  it('never accepts a password against the dummy hash, even the empty one', async () => {
    assert.equal(await verifyPassword('', null, COST), false);
  });

  it('makes the dummy hash once per cost and reuses it', async () => {
    await verifyPassword('first-call-warms-up', null, 5);
    const hash = mock.method(bcrypt, 'hash');
    const compare = mock.method(bcrypt, 'compare');
    await verifyPassword('second-call', null, 5);
    await verifyPassword('third-call', null, 5);
    assert.equal(hash.mock.callCount(), 0);
    assert.equal(compare.mock.callCount(), 2);
    assert.equal(compare.mock.calls[0].arguments[1], compare.mock.calls[1].arguments[1]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestIdFrom } from '../../src/context/request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it('keeps a well-formed id from the caller or a proxy', () => {
    for (const id of [
      'abcdefgh',
      '0f8fad5b-d9cb-469f-a165-70867728950e',
      'req_2024.01.01:node-7',
      `a${'b'.repeat(127)}`, // 128 characters, the maximum
    ]) {
      assert.equal(requestIdFrom(id), id, id);
    }
  });

  it('takes the first value when the header was sent twice', () => {
    assert.equal(requestIdFrom(['first-id-123', 'second-id-456']), 'first-id-123');
  });

  it('generates a UUID when there is no header', () => {
    assert.match(requestIdFrom(undefined), UUID);
    assert.match(requestIdFrom([]), UUID);
  });

  it('generates a fresh id each time', () => {
    assert.notEqual(requestIdFrom(undefined), requestIdFrom(undefined));
  });

  for (const [name, value] of [
    ['empty', ''],
    ['too short (7 characters)', 'abcdefg'],
    ['too long (129 characters)', `a${'b'.repeat(128)}`],
    ['500 characters', 'x'.repeat(500)],
    ['with spaces', 'has spaces in it'],
    ['with a newline (log forging)', 'abcdefgh\n{"level":"error","message":"forged"}'],
    ['with a carriage return', 'abcdefgh\r\nset-cookie: x=1'],
    ['with quotes and braces', 'abcdefgh"},"admin":true'],
    ['with markup', '<script>alert(1)</script>'],
    ['starting with punctuation', '-abcdefgh'],
    ['with non-ASCII', 'abcdefgh\u00e9\u202e'],
    ['with a NUL', 'abcdefgh\u0000'],
  ] as const) {
    it(`replaces a malformed id (${name}) with a generated UUID`, () => {
      const id = requestIdFrom(value);
      assert.notEqual(id, value);
      assert.match(id, UUID);
    });
  }

  it('checks only the first value of a repeated header', () => {
    assert.match(requestIdFrom(['bad id', 'good-id-123']), UUID);
  });
});

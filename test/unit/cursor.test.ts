import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../src/errors/app-error';
import { decodeCursor, encodeCursor } from '../../src/resolvers/common/cursor';

// ---- helpers -------------------------------------------------------------------------------

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** decodeCursor(text, field) must throw BAD_USER_INPUT naming the field. */
function assertRefused(text: string, field = 'after'): void {
  assert.throws(
    () => decodeCursor(text, field),
    (error: unknown) => {
      assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
      assert.equal(error.code, 'BAD_USER_INPUT');
      assert.equal(error.extensions.code, 'BAD_USER_INPUT');
      assert.equal(error.extensions.field, field);
      assert.ok(!error.message.includes(text) || text.length === 0, 'the message does not echo the cursor');
      return true;
    },
    text,
  );
}

// ---- tests ----------------------------------------------------------------------------------

describe('cursors', () => {
  it('round-trips a position', () => {
    for (const cursor of [
      { at: 0, id: '0f8fad5b-d9cb-469f-a165-70867728950e' },
      { at: Date.UTC(2031, 0, 1), id: 'abc' },
      { at: -86_400_000, id: '' },
      { at: Number.MAX_SAFE_INTEGER, id: 'x'.repeat(64) },
    ]) {
      assert.deepEqual(decodeCursor(encodeCursor(cursor)), cursor);
    }
  });

  it('is opaque URL-safe text', () => {
    assert.match(encodeCursor({ at: 1_700_000_000_000, id: '0f8fad5b-d9cb-469f-a165-70867728950e' }), /^[A-Za-z0-9_-]+$/);
  });

  describe('refuses anything it did not produce with BAD_USER_INPUT on the field', () => {
    const cases: [string, string][] = [
      ['the empty string', ''],
      ['garbage', 'not-a-cursor!!'],
      ['base64 of non-JSON', b64('hello world')],
      ['over 200 characters', 'A'.repeat(201)],
      ['a valid-looking cursor padded past 200 characters', encodeCursor({ at: 1, id: 'x'.repeat(64) }) + 'A'.repeat(200)],
      ['a decodable pair over 200 characters (JSON whitespace padding)', b64(`[1, "x"${' '.repeat(300)}]`)],
      ['an object instead of a pair', b64({ at: 1, id: 'x' })],
      ['a pair in the wrong order', b64(['x', 1])],
      ['three items', b64([1, 'x', 'y'])],
      ['one item', b64([1])],
      ['a fractional time', b64([1.5, 'x'])],
      ['an unsafe integer', b64([2 ** 60, 'x'])],
      ['a time as a string', b64(['1700000000000', 'x'])],
      ['a null id', b64([1, null])],
      ['an id of 65 characters', b64([1, 'x'.repeat(65)])],
      ['an operator object as id', b64([1, { $gt: '' }])],
      ['JSON null', b64('null')],
    ];
    for (const [name, text] of cases) {
      it(name, () => assertRefused(text));
    }

    it('names the field it was given', () => assertRefused('garbage', 'before'));
  });
});

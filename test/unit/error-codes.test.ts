import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ValidationError } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { AppError } from '../../src/errors/app-error';
import { errorCodes, protocolErrorCodes } from '../../src/errors/codes';
import { createErrorFormatter } from '../../src/errors/format-error';

// ---- helpers -------------------------------------------------------------------------------

// Tests run from dist/test/unit/; sources and README are at the repo root.
const ROOT = path.resolve(__dirname, '../../..');
const README = path.join(ROOT, 'README.md');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every code src/ throws or answers: `new AppError('X'` and `code: 'X'`, with where it was found. */
function codesUsedInSrc(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/new AppError\(\s*'([A-Z_]+)'|\bcode: '([A-Z_]+)'/g)) {
      const code = match[1] ?? match[2];
      found.set(code, [...(found.get(code) ?? []), path.relative(ROOT, file)]);
    }
  }
  return found;
}

/** The codes of README's "Error codes" table (rows starting with | `CODE` |). */
function readmeErrorCodes(text: string): string[] {
  const section = text.split(/^#{2,3} Error codes\s*$/m)[1]?.split(/^#{1,3} /m)[0] ?? '';
  return [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
}

const known = new Set<string>(Object.keys(errorCodes));
const protocol = new Set<string>(protocolErrorCodes);

function validationError(property: string, init: Partial<ValidationError>): ValidationError {
  return Object.assign(new ValidationError(), { property, children: [], ...init });
}

// ---- tests ----------------------------------------------------------------------------------

describe('the list of error codes', () => {
  it('every code thrown or answered in src/ is in errorCodes (or is one of Apollo\'s protocol codes)', () => {
    const used = codesUsedInSrc();
    for (const code of ['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'SOLD_OUT', 'DOCUMENT_LIMIT_EXCEEDED']) {
      assert.ok(used.has(code), `the scan found ${code} (it scans what it should)`);
    }
    for (const [code, files] of used) {
      assert.ok(known.has(code) || protocol.has(code), `${code} (used in ${files.join(', ')}) is not in src/errors/codes.ts`);
    }
  });

  it('README\'s error code table lists exactly the codes of errorCodes', (t) => {
    if (!existsSync(README)) {
      t.skip('README.md is not written yet');
      return;
    }
    const table = readmeErrorCodes(readFileSync(README, 'utf8'));
    assert.ok(table.length > 0, 'README.md has an "Error codes" table');
    for (const code of known) assert.ok(table.includes(code), `${code} is missing from README's error code table`);
    for (const code of table) assert.ok(known.has(code), `README lists ${code}, which is not in src/errors/codes.ts`);
    assert.equal(new Set(table).size, table.length, 'no code is listed twice');
  });

  it('README mentions the protocol codes that src/ answers itself', (t) => {
    if (!existsSync(README)) {
      t.skip('README.md is not written yet');
      return;
    }
    const text = readFileSync(README, 'utf8');
    for (const code of codesUsedInSrc().keys()) {
      if (protocol.has(code)) assert.ok(text.includes(`\`${code}\``), `${code} is answered by src/ but not mentioned in README`);
    }
  });
});

describe('createErrorFormatter', () => {
  const production = createErrorFormatter({ isProduction: true });
  const development = createErrorFormatter({ isProduction: false });
  const internalFormatted: GraphQLFormattedError = {
    message: 'connect ECONNREFUSED 10.0.0.7:27017 password=hunter2',
    path: ['comments'],
    locations: [{ line: 1, column: 3 }],
    extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: connect ECONNREFUSED', '    at secret.js:1:1'] },
  };

  it('never throws, whatever it is fed', () => {
    const hostile = new Proxy({}, {
      get() {
        throw new Error('boom');
      },
    });
    const throwingExtensions = { message: 'x', get extensions(): Record<string, unknown> { throw new Error('boom'); } };
    const inputs: [unknown, unknown][] = [
      [{}, undefined],
      [{ message: 'x' }, null],
      [{ message: 'x' }, 42],
      [{ message: 'x' }, 'a string'],
      [{ message: 'x' }, Symbol('s')],
      [hostile, hostile],
      [{ message: 'x' }, hostile],
      [throwingExtensions, new Error('x')],
      [null, new Error('x')],
      [undefined, undefined],
      [{ message: 'x', extensions: { code: 'BAD_USER_INPUT' } }, new ArgumentValidationError(undefined as unknown as ValidationError[])],
      [{ message: 'x', extensions: { code: 42 } }, new GraphQLError('x')],
    ];
    for (const [formatted, error] of inputs) {
      const masked = production(formatted as GraphQLFormattedError, error);
      assert.equal(typeof masked.message, 'string');
      assert.equal(typeof masked.extensions?.code, 'string');
      // Outside production the message is passed through, so garbage in may be garbage out, but no throw.
      assert.equal(typeof development(formatted as GraphQLFormattedError, error).extensions?.code, 'string');
    }
  });

  it('masks an unknown error in production: generic message, INTERNAL_SERVER_ERROR, no stack', () => {
    const result = production(internalFormatted, new Error('connect ECONNREFUSED 10.0.0.7:27017 password=hunter2'));
    assert.equal(result.message, 'Internal server error');
    assert.deepEqual(result.extensions, { code: 'INTERNAL_SERVER_ERROR' });
    assert.ok(!JSON.stringify(result).includes('hunter2'));
  });

  it('outside production keeps the message of an unknown error, but never the stack', () => {
    const result = development(internalFormatted, new Error('x'));
    assert.equal(result.message, internalFormatted.message);
    assert.deepEqual(result.extensions, { code: 'INTERNAL_SERVER_ERROR' });
  });

  it('masks a GraphQLError that is not an AppError and carries an undocumented code', () => {
    const error = new GraphQLError('upstream said: token=abc', { extensions: { code: 'UPSTREAM_FAILED', token: 'abc' } });
    const result = production({ message: error.message, extensions: error.extensions }, error);
    assert.equal(result.message, 'Internal server error');
    assert.deepEqual(result.extensions, { code: 'INTERNAL_SERVER_ERROR' });
  });

  it('keeps an AppError\'s message and documented extensions, dropping the HTTP status', () => {
    const error = new AppError('UNAUTHENTICATED', 'You must be signed in', { httpStatus: 401 });
    const result = production({ message: error.message, extensions: error.extensions, path: ['buyTicket'] }, error);
    assert.equal(result.message, 'You must be signed in');
    assert.deepEqual(result.extensions, { code: 'UNAUTHENTICATED' });
    assert.deepEqual(result.path, ['buyTicket']);
  });

  it('strips class-validator validationErrors to { code, field }, never the input values', () => {
    const input = { eventId: 'e', password: 'hunter2-input', idempotencyKey: 'short' };
    const error = new ArgumentValidationError([
      validationError('input', {
        target: { input },
        value: input,
        children: [validationError('idempotencyKey', { target: input, value: 'short', constraints: { isLength: 'idempotencyKey must be longer than or equal to 8 characters' } })],
      }),
    ]);
    const result = production({ message: error.message, extensions: error.extensions }, error);
    assert.deepEqual(result.extensions, { code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
    assert.equal(result.message, 'idempotencyKey must be longer than or equal to 8 characters');
    assert.ok(!JSON.stringify(result).includes('hunter2-input'));
    assert.ok(!JSON.stringify(result).includes('validationErrors'));
  });

  it('names the field of Apollo\'s variable-coercion errors', () => {
    const cases: [string, string][] = [
      ['Variable "$input" got invalid value "two" at "input.quantity"; Int cannot represent non-integer value: "two"', 'quantity'],
      ['Variable "$id" of required type "ID!" was not provided.', 'id'],
      ['Variable "$first" got invalid value "x"; Int cannot represent non-integer value: "x"', 'first'],
    ];
    for (const [message, field] of cases) {
      const result = production({ message, extensions: { code: 'BAD_USER_INPUT' } }, new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } }));
      assert.deepEqual(result.extensions, { code: 'BAD_USER_INPUT', field }, message);
    }
  });

  it('answers BAD_REQUEST with Apollo\'s message for its uncoded 4xx request errors (a persisted-query hash mismatch)', () => {
    const error = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    const result = production({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    assert.deepEqual(result, { message: 'provided sha does not match query', locations: undefined, path: undefined, extensions: { code: 'BAD_REQUEST' } });
  });

  it('still masks an uncoded error with a 4xx status when it comes from a field (it has a path)', () => {
    const error = new GraphQLError('db said: password=hunter2', { path: ['comments'], extensions: { http: { status: 400 } } });
    const result = production({ message: error.message, path: ['comments'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    assert.deepEqual([result.message, result.extensions], ['Internal server error', { code: 'INTERNAL_SERVER_ERROR' }]);
  });

  it('passes Apollo\'s protocol codes through with only the code', () => {
    for (const code of protocolErrorCodes) {
      const result = production({ message: 'Syntax Error: Expected Name', extensions: { code, exception: { stacktrace: ['x'] } } }, new GraphQLError('Syntax Error'));
      assert.equal(result.message, 'Syntax Error: Expected Name');
      assert.deepEqual(result.extensions, { code });
    }
  });
});

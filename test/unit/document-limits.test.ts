// Document limits as rules: each one walks the same scenarios against the real schema — allowed at
// the default, refused just over it with the exact code and `extensions.limit`, fragments counted as
// if inlined, cyclic fragments neither crash nor bypass, no `__schema` exemption, numbers hidden when
// limits are not exposed — and the parser's token abort becomes the same refusal.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { GraphQLError, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { AppError } from '../../src/errors/app-error';
import { createErrorFormatter } from '../../src/errors/format-error';
import { buildAppSchema } from '../../src/graphql/schema';
import { DEFAULT_DOCUMENT_LIMITS, documentLimitGuards, resolveDocumentLimits, tokenLimitError, type DocumentLimits } from '../../src/guards/document-limits';

// ---- helpers -------------------------------------------------------------------------------

let schema: GraphQLSchema;
before(async () => {
  schema = await buildAppSchema();
});

/** The document-limit refusals (their `extensions`) that validation reports for a document. */
function refusals(source: string, limits: DocumentLimits = {}): Record<string, unknown>[] {
  const errors = validate(schema, parse(source), [...specifiedRules, ...documentLimitGuards(limits).validationRules]);
  return errors.filter((error) => error.extensions.code === 'DOCUMENT_LIMIT_EXCEEDED').map((error) => error.extensions);
}

const limitsRefused = (source: string, limits?: DocumentLimits) => refusals(source, limits).map((ext) => ext.limit);
const times = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');
/** Introspection nested `levels` deep: __schema › types › fields › type › ofType … › name. */
const introspectionDepth = (levels: number) => `__schema { types { fields { type { ${'ofType { '.repeat(levels - 5)}name${' }'.repeat(levels - 5)} } } } }`;
/** Aliases below the root (inside `me`), so that only the alias limit is at stake. */
const aliases = (n: number) => times(n, (i) => `a${i}: __typename`);
const directives = (n: number) => `__typename ${'@skip(if: false) '.repeat(n)}`;

// ---- tests ----------------------------------------------------------------------------------

describe('document limits: defaults', () => {
  it('start from GraphQL Armor\'s published ones (plus 10 root fields), applied in one place', () => {
    assert.deepEqual({ ...DEFAULT_DOCUMENT_LIMITS }, { depth: 6, aliases: 15, directives: 50, tokens: 1000, rootFields: 10, exposeLimits: true, introspectionEnabled: false });
    assert.deepEqual(resolveDocumentLimits({ depth: 3, aliases: undefined }), { ...DEFAULT_DOCUMENT_LIMITS, depth: 3 });
  });
});

describe('document limits: depth', () => {
  it('a document at the default depth passes; one level deeper is refused', () => {
    assert.deepEqual(limitsRefused(`{ ${introspectionDepth(6)} }`), []);
    const [refusal] = refusals(`{ ${introspectionDepth(7)} }`);
    assert.deepEqual(refusal, { code: 'DOCUMENT_LIMIT_EXCEEDED', limit: 'depth', max: 6, http: { status: 400 } });
  });

  it('fragments are measured as if inlined: a spread adds no level of its own', () => {
    const typeRef = (levels: number) => `fragment T on __Type { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} }`;
    assert.deepEqual(limitsRefused(`{ __schema { types { fields { type { ...T } } } } } ${typeRef(1)}`), []);
    assert.deepEqual(limitsRefused(`{ __schema { types { fields { type { ...T } } } } } ${typeRef(2)}`), ['depth']);
    assert.deepEqual(limitsRefused(`{ __schema { types { fields { type { ... on __Type { ofType { ofType { name } } } } } } } }`), ['depth']);
  });

  it('the __schema field, and operations or fragments named __schema, get no exemption', () => {
    assert.deepEqual(limitsRefused(`query __schema { ${introspectionDepth(7)} }`), ['depth']);
    assert.deepEqual(limitsRefused(`{ ...__schema } fragment __schema on Query { ${introspectionDepth(7)} }`), ['depth']);
  });

  it('only while introspection is enabled is the __schema field exempt — never a name, never a real field', () => {
    const open = { introspectionEnabled: true };
    assert.deepEqual(limitsRefused(`{ ${introspectionDepth(12)} }`, open), []);
    assert.deepEqual(limitsRefused(`{ ${introspectionDepth(12)} }`), ['depth']);
    assert.deepEqual(limitsRefused('query __schema { events { edges { node { id } } } }', { ...open, depth: 3 }), ['depth']);
  });
});

describe('document limits: aliases', () => {
  it('15 aliases pass; 16 are refused', () => {
    assert.deepEqual(limitsRefused(`{ me { ${aliases(15)} } }`), []);
    assert.deepEqual(refusals(`{ me { ${aliases(16)} } }`)[0], { code: 'DOCUMENT_LIMIT_EXCEEDED', limit: 'aliases', max: 15, http: { status: 400 } });
  });

  it('__typename aliases count (GraphQL Armor allow-lists them by default)', () => {
    assert.deepEqual(limitsRefused(`{ me { ${times(16, (i) => `t${i}: __typename`)} } }`), ['aliases']);
  });

  it('a fragment spread twice counts its aliases twice, as if inlined', () => {
    assert.deepEqual(limitsRefused(`{ me { ...F ...F } } fragment F on User { ${aliases(8)} }`), ['aliases']);
    assert.deepEqual(limitsRefused(`{ me { ... on User { ${aliases(16)} } } }`), ['aliases']);
  });

  it('a fragment bomb (each fragment spreading the previous twice) is counted, not expanded', () => {
    const bomb = times(30, (i) => `fragment F${i + 1} on User { ...F${i} ...F${i} }`);
    assert.deepEqual(limitsRefused(`{ me { ...F30 } } fragment F0 on User { a: __typename } ${bomb}`), ['aliases']);
  });

  it('cyclic fragments neither crash nor bypass: the document is still refused', () => {
    const source = `{ me { ...A } } fragment A on User { ...B ${aliases(20)} } fragment B on User { ...A }`;
    const errors = validate(schema, parse(source), [...specifiedRules, ...documentLimitGuards().validationRules]);
    assert.ok(errors.some((error) => /cannot spread fragment/i.test(error.message)), 'NoFragmentCycles refuses it');
    assert.ok(errors.some((error) => error.extensions.limit === 'aliases'), 'the aliases in the cycle still count');
  });
});

describe('document limits: directives', () => {
  it('50 directives pass; 51 are refused, also when they hide in a fragment', () => {
    assert.deepEqual(limitsRefused(`{ ${directives(50)} }`), []);
    assert.deepEqual(refusals(`{ ${directives(51)} }`)[0], { code: 'DOCUMENT_LIMIT_EXCEEDED', limit: 'directives', max: 50, http: { status: 400 } });
    assert.deepEqual(limitsRefused(`{ ...F ...F } fragment F on Query { ${directives(26)} }`), ['directives']);
  });
});

describe('document limits: root fields', () => {
  const roots = (n: number) => times(n, (i) => `r${i}: me { id }`);

  it('10 root fields pass; 11 are refused', () => {
    assert.deepEqual(limitsRefused(`{ ${roots(10)} }`), []);
    assert.deepEqual(refusals(`{ ${roots(11)} }`)[0], { code: 'DOCUMENT_LIMIT_EXCEEDED', limit: 'rootFields', max: 10, http: { status: 400 } });
  });

  it('root fields in fragments and inline fragments count as if inlined; cycles do not loop', () => {
    assert.deepEqual(limitsRefused(`{ ...F ... on Query { ${roots(5)} } } fragment F on Query { ${times(6, (i) => `f${i}: me { id }`)} }`), ['rootFields']);
    assert.doesNotThrow(() => refusals('{ ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }'));
  });

  it('with exposeLimits off the message names the limit but not its number, and `max` is absent', () => {
    const errors = validate(schema, parse(`{ me { ${aliases(16)} } }`), documentLimitGuards({ exposeLimits: false }).validationRules);
    assert.equal(errors[0].message, 'Document exceeds the alias limit');
    assert.deepEqual(errors[0].extensions, { code: 'DOCUMENT_LIMIT_EXCEEDED', limit: 'aliases', http: { status: 400 } });
  });
});

describe('document limits: tokens', () => {
  const { parseOptions } = documentLimitGuards();
  const parseFailure = (message: string) => ({ message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } });

  it('the parser takes 1,000 tokens and stops past them', () => {
    assert.doesNotThrow(() => parse(`{ ${'__typename '.repeat(998)} }`, parseOptions));
    assert.throws(() => parse(`{ ${'__typename '.repeat(999)} }`, parseOptions), /Document contains more th(at|an) 1000 tokens/);
  });

  it('the parser\'s token abort, and only it, is mapped to DOCUMENT_LIMIT_EXCEEDED with limit tokens', () => {
    const error = tokenLimitError(parseFailure('Syntax Error: Document contains more that 1000 tokens. Parsing aborted.'), true);
    assert.ok(error instanceof AppError);
    assert.deepEqual(error.extensions, { code: 'DOCUMENT_LIMIT_EXCEEDED', limit: 'tokens', max: 1000, http: { status: 400 } });
    // Other parse failures stay GRAPHQL_PARSE_FAILED; so does the text without that code.
    assert.equal(tokenLimitError(parseFailure('Syntax Error: Expected Name, found "}".'), true), undefined);
    assert.equal(tokenLimitError({ message: 'Syntax Error: Document contains more than 5 tokens. Parsing aborted.' }, true), undefined);
  });
});

describe('document limits: the error formatter', () => {
  const format = createErrorFormatter({ isProduction: true });

  it('turns the token abort into the refusal, without the number in production', () => {
    const formatted = format({ message: 'Syntax Error: Document contains more that 1000 tokens. Parsing aborted.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, new GraphQLError('x'));
    assert.deepEqual(formatted, { message: 'Document exceeds the token limit', locations: undefined, path: undefined, extensions: { code: 'DOCUMENT_LIMIT_EXCEEDED', limit: 'tokens' } });
  });

  it('keeps a rule\'s AppError that Apollo wrapped as GRAPHQL_VALIDATION_FAILED', () => {
    const appError = new AppError('DOCUMENT_LIMIT_EXCEEDED', 'Document exceeds the depth limit', { limit: 'depth', httpStatus: 400 });
    const wrapped = new GraphQLError(appError.message, { originalError: appError, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const formatted = format({ message: appError.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, wrapped);
    assert.deepEqual(formatted.extensions, { code: 'DOCUMENT_LIMIT_EXCEEDED', limit: 'depth' });
  });
});

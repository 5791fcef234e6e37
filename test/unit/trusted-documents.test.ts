// The trusted-documents manifest: how it is loaded and checked at start-up, and that the committed
// schema/trusted-documents.json is the one generated from test/operations/.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { print } from 'graphql';
import { ConfigError, loadConfig } from '../../src/config';
import { ManifestError, parseTrustedDocuments, readTrustedDocuments, sha256Hex } from '../../src/config/trusted-documents';
import { MANIFEST_FILE, renderTrustedDocuments } from '../../scripts/trusted-documents';
import * as generated from '../generated/graphql';

// ---- helpers -------------------------------------------------------------------------------

const EVENTS = '{ events(first: 1) { edges { cursor } } }';
const ME = '{ me { id } }';
const manifestOf = (entries: Record<string, unknown>) => JSON.stringify(entries);

/** The ManifestError message parseTrustedDocuments(json) throws (fails when it does not throw). */
function refusalOf(json: string): string {
  try {
    parseTrustedDocuments(json);
  } catch (error) {
    assert.ok(error instanceof ManifestError, `expected a ManifestError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
    return error.message;
  }
  assert.fail(`expected ${json} to be refused`);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowguard-manifest-'));
function fileWith(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

// ---- tests ----------------------------------------------------------------------------------

after(() => rmSync(dir, { recursive: true, force: true }));

describe('loading a trusted-documents manifest', () => {
  it('a manifest of sha256 → text loads, and each text is found by its hash (either case)', () => {
    const manifest = parseTrustedDocuments(manifestOf({ [sha256Hex(EVENTS)]: EVENTS, [sha256Hex(ME)]: ME }));
    assert.equal(manifest.size, 2);
    assert.equal(manifest.textFor(sha256Hex(EVENTS)), EVENTS);
    assert.equal(manifest.textFor(sha256Hex(ME).toUpperCase()), ME);
    assert.equal(manifest.textFor(sha256Hex('{ __typename }')), undefined);
  });

  it('when a key is not the sha256 of its text (a document edited after hashing), it is refused', () => {
    const message = refusalOf(manifestOf({ [sha256Hex(EVENTS)]: EVENTS, [sha256Hex(ME)]: '{ me { id username } }' }));
    assert.match(message, /is not the sha256 of its document/);
  });

  it('when the keys are sha1 (the client preset\'s default hash), it is refused with the fix named', () => {
    const sha1 = createHash('sha1').update(EVENTS).digest('hex');
    assert.match(refusalOf(manifestOf({ [sha1]: EVENTS })), /not a sha256 hex digest.*hashAlgorithm: 'sha256'/);
  });

  for (const [name, json, reason] of [
    ['not JSON', '{ "abc": ', /is not valid JSON/],
    ['a JSON array', '[]', /must be a JSON object/],
    ['JSON null', 'null', /must be a JSON object/],
    ['an empty object', '{}', /has no documents/],
    ['an entry whose value is not a string', manifestOf({ [sha256Hex(EVENTS)]: { query: EVENTS } }), /is not a document text/],
    ['an entry whose value is blank', manifestOf({ [sha256Hex('  ')]: '  ' }), /is not a document text/],
  ] as const) {
    it(`when the file is ${name}, it is refused`, () => {
      assert.match(refusalOf(json), reason);
    });
  }

  it('an unreadable file is refused naming the path and the reason', () => {
    const missing = path.join(dir, 'missing.json');
    assert.throws(() => readTrustedDocuments(missing), (error: Error) => error instanceof ManifestError && error.message === `cannot be read: ENOENT ${missing}`);
  });
});

describe('TRUSTED_DOCUMENTS_FILE in the configuration', () => {
  const problemsOf = (file: string): string[] => {
    try {
      loadConfig({ TRUSTED_DOCUMENTS_FILE: file });
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.problems;
    }
    assert.fail('expected a ConfigError');
  };

  it('a bad manifest is one problem line naming the variable', () => {
    for (const file of [path.join(dir, 'nope.json'), fileWith('bad.json', '{ "x": "{ me { id } }" }')]) {
      const problems = problemsOf(file);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0], /^TRUSTED_DOCUMENTS_FILE /);
    }
  });

  it('a good manifest turns trusted mode on and automatic persisted queries off', () => {
    const config = loadConfig({ TRUSTED_DOCUMENTS_FILE: fileWith('good.json', manifestOf({ [sha256Hex(EVENTS)]: EVENTS })) });
    assert.equal(config.trustedDocuments?.textFor(sha256Hex(EVENTS)), EVENTS);
    assert.equal(config.persistedQueries.enabled, false);
  });

  it('without it, automatic persisted queries are on with the documented bounds', () => {
    const config = loadConfig({});
    assert.equal(config.trustedDocuments, undefined);
    assert.deepEqual(config.persistedQueries, { enabled: true, maxBytes: 5_242_880, ttlSeconds: 3600 });
  });
});

describe('schema/trusted-documents.json', () => {
  const committed = readFileSync(MANIFEST_FILE, 'utf8');

  it('is the one generated from test/operations/ (`npm run trusted-documents`)', () => {
    assert.equal(committed, renderTrustedDocuments(), 'schema/trusted-documents.json is stale: run `npm run trusted-documents` and commit it');
  });

  it('holds exactly the text our typed client sends for every generated operation, so full text and sha256(print(doc)) both work', () => {
    const manifest = parseTrustedDocuments(committed);
    const documents = Object.entries(generated).filter(([name]) => name.endsWith('Document'));
    assert.ok(documents.length >= 10, `found ${documents.length} generated documents`);
    for (const [name, document] of documents) {
      const text = print(document as Parameters<typeof print>[0]);
      assert.equal(manifest.textFor(sha256Hex(text)), text, `${name} is in the manifest under sha256(print(${name}))`);
    }
    assert.equal(manifest.size, documents.length, 'one entry per operation, nothing else');
  });
});

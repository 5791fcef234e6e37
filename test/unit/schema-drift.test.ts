import 'reflect-metadata';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { it } from 'node:test';
import { buildAppSchema, printSortedSchema, SDL_HEADER } from '../../src/graphql/schema';

// Tests run from dist/test/unit/; the committed SDL is at the repo root.
const COMMITTED_SDL = path.resolve(__dirname, '../../../schema/schema.graphql');

it('the schema built from the code equals the committed schema/schema.graphql byte for byte', async () => {
  const built = printSortedSchema(await buildAppSchema());
  const committed = await readFile(COMMITTED_SDL, 'utf8');
  assert.ok(committed.startsWith(SDL_HEADER), 'schema/schema.graphql lost its generated-file header: run `npm run schema:emit`');
  assert.equal(
    committed,
    built,
    'schema/schema.graphql differs from the schema the code builds: run `npm run schema:emit` and commit the result',
  );
});

it('printing is deterministic: two builds print the same SDL', async () => {
  assert.equal(printSortedSchema(await buildAppSchema()), printSortedSchema(await buildAppSchema()));
});

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { it } from 'node:test';
import { renderEnvExample } from '../../scripts/write-env-example';

it('.env.example is the one generated from the configuration table', async () => {
  const committed = await readFile(path.resolve(__dirname, '../../../.env.example'), 'utf8');
  assert.equal(committed, renderEnvExample(), '.env.example is stale: run `npm run env:example` and commit it');
});

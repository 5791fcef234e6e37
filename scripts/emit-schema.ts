// Writes schema/schema.graphql from the code. A test fails when the committed file drifts.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildAppSchema, printSortedSchema } from '../src/graphql/schema';

export const SCHEMA_FILE = path.resolve(__dirname, '../../schema/schema.graphql');

async function main(): Promise<void> {
  await writeFile(SCHEMA_FILE, printSortedSchema(await buildAppSchema()));
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

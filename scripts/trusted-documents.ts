// Writes schema/trusted-documents.json, the manifest for TRUSTED_DOCUMENTS_FILE, from the operations
// in test/operations/*.graphql. Run: `npm run trusted-documents`. A test fails when it is stale.
//
// Format: `{ "<sha256 hex>": "<document text>" }`, as GraphQL Code Generator's client preset writes
// `persisted-documents.json`. Each text is graphql-js `print` of the operation followed by the
// fragments it uses (depth-first, in order of first use): byte for byte what our generated typed
// client sends (`print(XDocument)`) and what Apollo Client's persisted-query link hashes, so such a
// client may send the full text or just `sha256(print(document))`. (The client preset prints with
// its own normaliser instead; either manifest works, because the server checks each key against its
// own text.)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { sha256Hex } from '../src/config/trusted-documents';

const ROOT = path.resolve(__dirname, '../..');
export const OPERATIONS_DIR = path.join(ROOT, 'test/operations');
export const MANIFEST_FILE = path.join(ROOT, 'schema/trusted-documents.json');

/** The manifest text for every operation of the .graphql files in `dir` (sorted by file name). */
export function renderTrustedDocuments(dir = OPERATIONS_DIR): string {
  const files = readdirSync(dir).filter((name) => name.endsWith('.graphql')).sort();
  const definitions = files.flatMap((name) => parse(readFileSync(path.join(dir, name), 'utf8')).definitions);
  const fragments = new Map(definitions.filter(isFragment).map((fragment) => [fragment.name.value, fragment]));
  const manifest: Record<string, string> = {};
  for (const operation of definitions.filter(isOperation)) {
    const text = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsUsedBy(operation, fragments)] });
    manifest[sha256Hex(text)] = text;
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The fragments a definition spreads, transitively, each once, depth-first in order of first use. */
function fragmentsUsedBy(node: DefinitionNode, all: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): FragmentDefinitionNode[] {
  const used: FragmentDefinitionNode[] = [];
  visit(node, {
    FragmentSpread(spread) {
      const fragment = all.get(spread.name.value);
      if (!fragment) throw new Error(`unknown fragment ${spread.name.value}`);
      if (seen.has(fragment.name.value)) return;
      seen.add(fragment.name.value);
      used.push(fragment, ...fragmentsUsedBy(fragment, all, seen));
    },
  });
  return used;
}

const isFragment = (node: DefinitionNode): node is FragmentDefinitionNode => node.kind === Kind.FRAGMENT_DEFINITION;
const isOperation = (node: DefinitionNode): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION;

if (require.main === module) {
  writeFileSync(MANIFEST_FILE, renderTrustedDocuments());
  console.log(`wrote ${path.relative(process.cwd(), MANIFEST_FILE)}`);
}

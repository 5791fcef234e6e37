// The trusted-documents manifest (TRUSTED_DOCUMENTS_FILE): the only documents the server runs when
// it is set. Threat: with arbitrary documents a scraper or attacker writes whatever query suits them
// (probing for the most expensive shape under every limit, walking the schema); a manifest reduces
// the API to the operations our own clients were built with.
//
// Format: `{ "<sha256 hex>": "<document text>" }`, the `persisted-documents.json` that GraphQL Code
// Generator's client preset writes with `persistedDocuments: { hashAlgorithm: 'sha256' }` (its
// default, sha1, is refused here) and that `npm run trusted-documents` writes. Each key must be the
// sha256 of exactly its text, checked at start-up, so no document can hide under another's id.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A lowercase hex sha256, as manifests and APQ clients write it. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Lowercase hex sha256 of the UTF-8 text (what the manifest keys and APQ hashes are). */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The manifest, read-only: a document's text by its sha256. */
export class TrustedDocuments {
  readonly #byHash: ReadonlyMap<string, string>;

  constructor(byHash: ReadonlyMap<string, string>) {
    this.#byHash = byHash;
  }

  get size(): number {
    return this.#byHash.size;
  }

  /** The trusted text for a sha256 hex id (either case), or undefined. */
  textFor(hash: string): string | undefined {
    return this.#byHash.get(hash.toLowerCase());
  }
}

/** A manifest that cannot be used; the message completes "TRUSTED_DOCUMENTS_FILE …" in one line. */
export class ManifestError extends Error {}

export function parseTrustedDocuments(json: string): TrustedDocuments {
  let manifest: unknown;
  try {
    manifest = JSON.parse(json);
  } catch (error) {
    throw new ManifestError(`is not valid JSON (${oneLine((error as Error).message)})`);
  }
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new ManifestError('must be a JSON object of { "<sha256 hex>": "<document>" }');
  }
  const byHash = new Map<string, string>();
  for (const [key, text] of Object.entries(manifest)) byHash.set(checkedEntry(key, text), text as string);
  if (byHash.size === 0) throw new ManifestError('has no documents, so nothing could run');
  return new TrustedDocuments(byHash);
}

export function readTrustedDocuments(file: string): TrustedDocuments {
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ManifestError(`cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'} ${file}`);
  }
  return parseTrustedDocuments(json);
}

function checkedEntry(key: string, text: unknown): string {
  const hash = key.toLowerCase();
  const shown = key.length > 16 ? `${key.slice(0, 16)}…` : key;
  if (typeof text !== 'string' || text.trim() === '') throw new ManifestError(`entry "${shown}" is not a document text`);
  if (!SHA256_HEX.test(hash)) {
    throw new ManifestError(`key "${shown}" is not a sha256 hex digest (a client-preset manifest needs hashAlgorithm: 'sha256')`);
  }
  if (sha256Hex(text) !== hash) throw new ManifestError(`key "${shown}" is not the sha256 of its document`);
  return hash;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

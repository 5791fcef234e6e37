// Trusted-documents mode (TRUSTED_DOCUMENTS_FILE): only the manifest's documents run. Threat: a
// client that may send any document can write the most expensive shape under every limit, or map
// the schema; with a manifest the API runs only the operations our own clients were built with.
//
// The check sits in the transport, before Apollo parses anything. A request names its document by
// hash (`extensions.persistedQuery.sha256Hash`, as APQ clients send it), by `documentId` (GraphQL
// over HTTP persisted documents: `sha256:<hex>` or bare hex) or by its full text (whose sha256 must
// be a key of the manifest); every name it carries must be the same document. It then goes on to
// Apollo as an ordinary request with the trusted text, so the document limits and the cost cap
// still apply. Anything else is refused with 400 DOCUMENT_NOT_TRUSTED. A request that names no
// document at all passes: Apollo answers it (Sandbox, or BAD_REQUEST) without parsing anything.
import type { HTTPGraphQLRequest } from '@apollo/server';
import { sha256Hex, type TrustedDocuments } from '../config/trusted-documents';
import type { Refusal } from './respond';

const HEX_ID = /^(?:sha256:)?([0-9a-fA-F]{64})$/;
const BARE_HEX = /^[0-9a-fA-F]{64}$/;

/** What a request says about its document, from the JSON body or the query string. */
interface Named {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

type Resolution = { text: string; extensions?: unknown } | Refusal | null;

const notTrusted = (message: string): Refusal => ({ status: 400, code: 'DOCUMENT_NOT_TRUSTED', message });

/** Turns a request into one carrying the trusted text, or the refusal to send. */
export function trustedDocumentsGate(manifest: TrustedDocuments) {
  return (request: HTTPGraphQLRequest): HTTPGraphQLRequest | Refusal => {
    if (request.method === 'POST') return fromBody(manifest, request);
    if (request.method === 'GET') return fromSearch(manifest, request);
    return request; // Apollo answers 405 to any other method, before parsing
  };
}

export function isRefusal(value: HTTPGraphQLRequest | Refusal): value is Refusal {
  return 'code' in value;
}

function fromBody(manifest: TrustedDocuments, request: HTTPGraphQLRequest): HTTPGraphQLRequest | Refusal {
  const body = request.body;
  if (body === undefined) return request; // not JSON: Apollo refuses it unparsed
  if (!body || typeof body !== 'object' || Array.isArray(body)) return notTrusted('Send one operation: a JSON object naming a trusted document');
  const { documentId: _id, extensions: _extensions, ...rest } = body as Record<string, unknown>;
  const resolved = resolve(manifest, body as Named);
  if (resolved === null || 'code' in resolved) return resolved ?? request;
  const extensions = resolved.extensions === undefined ? {} : { extensions: resolved.extensions };
  return { ...request, body: { ...rest, query: resolved.text, ...extensions } };
}

function fromSearch(manifest: TrustedDocuments, request: HTTPGraphQLRequest): HTTPGraphQLRequest | Refusal {
  const params = new URLSearchParams(request.search);
  let extensions: unknown;
  try {
    extensions = params.has('extensions') ? JSON.parse(params.get('extensions')!) : undefined;
  } catch {
    return { status: 400, code: 'BAD_REQUEST', message: 'The extensions parameter is not valid JSON' };
  }
  const resolved = resolve(manifest, { query: params.get('query') ?? undefined, documentId: params.get('documentId') ?? undefined, extensions });
  if (resolved === null || 'code' in resolved) return resolved ?? request;
  params.set('query', resolved.text);
  params.delete('documentId');
  if (resolved.extensions === undefined) params.delete('extensions');
  else params.set('extensions', JSON.stringify(resolved.extensions));
  return { ...request, search: `?${params.toString()}` };
}

/** The trusted text and the extensions left for Apollo; null when the request names no document. */
function resolve(manifest: TrustedDocuments, named: Named): Resolution {
  const { persistedQuery, rest } = splitExtensions(named.extensions);
  const ids: string[] = [];
  if (named.query !== undefined) ids.push(typeof named.query === 'string' ? sha256Hex(named.query) : '');
  if (named.documentId !== undefined) ids.push(HEX_ID.exec(String(named.documentId))?.[1] ?? '');
  if (persistedQuery !== undefined) ids.push(hashOf(persistedQuery));
  if (ids.length === 0) return null;
  const hash = ids[0].toLowerCase();
  if (ids.some((id) => id.toLowerCase() !== hash)) return notTrusted('The request names more than one document (its query, hash and documentId differ)');
  const text = hash ? manifest.textFor(hash) : undefined;
  if (text === undefined) return notTrusted('This server runs only trusted documents, and this request names none of them');
  return { text, extensions: rest };
}

/** `extensions` without `persistedQuery` (Apollo's own APQ is off in this mode), and that entry. */
function splitExtensions(extensions: unknown): { persistedQuery?: unknown; rest: unknown } {
  if (!extensions || typeof extensions !== 'object' || !('persistedQuery' in extensions)) return { rest: extensions };
  const { persistedQuery, ...rest } = extensions as Record<string, unknown>;
  return { persistedQuery, rest: Object.keys(rest).length > 0 ? rest : undefined };
}

function hashOf(persistedQuery: unknown): string {
  const hash = (persistedQuery as { sha256Hash?: unknown } | null)?.sha256Hash;
  return typeof hash === 'string' && BARE_HEX.test(hash) ? hash : '';
}

// The response cache for anonymous public reads, in the transport so a hit skips Apollo's pipeline.
// Threats: one caller's data served to another (so only requests with no credential header are
// looked up, and only anonymous, error-free queries whose every field is declared PUBLIC with
// max-age > 0 are stored); a stale thread after a post (entries carry the tags their resolvers
// registered and die with them, see src/cache); a hit that escapes the limits (the server still
// applies CORS, body limit, security headers and the admitCachedRead hook — budgets — to every hit,
// and the same document passed the document limits and the cost cap when it was stored).
// Only POST application/json is cached; GET falls through so CSRF stays Apollo's. Automatic
// persisted queries are cached too, keyed by their hash: the registering request (query + hash, the
// hash checked here against the query) and every later hash-only one share an entry; any other
// extension makes the request uncacheable, since it may change what runs.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPGraphQLResponse } from '@apollo/server';
import type { TaggedCache } from '../cache/ports';
import { SHA256_HEX, sha256Hex } from '../config/trusted-documents';
import type { RequestContext } from '../context/context';
import { CREDENTIAL_HEADERS } from '../context/credentials';

export interface CachedResponse {
  /** The `data` member of Apollo's answer, as JSON text. */
  data: string;
  contentType: string;
  operationName: string | null;
  /** The price Apollo's cost guard put on it: a hit spends the same budget. */
  requestedCost: number;
  /** What the stored answer actually cost (the refund a hit gets, as the execution did). */
  actualCost?: number;
  expiresAt: number;
}

export interface CacheMiss {
  kind: 'miss';
  key: string;
  /** The cache's mark before execution (see TaggedCache.mark). */
  since: number;
}

export type CachedReadLookup = { kind: 'hit'; entry: CachedResponse } | CacheMiss;

interface GraphQLPost {
  /** The query text, or the hash of an automatic persisted query (distinct kinds, so they never share a key). */
  document: ['query', string] | ['apq', string];
  operationName: string | null;
  variables: Record<string, unknown>;
}

const ALLOWED_MEMBERS = new Set(['query', 'operationName', 'variables', 'extensions']);
const ENTRY_OVERHEAD_BYTES = 256;

export class ResponseCache {
  constructor(
    private readonly cache: TaggedCache<CachedResponse>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Undefined when the request may not use the cache at all: it goes to Apollo untouched. */
  lookup(req: IncomingMessage & { body?: unknown }): CachedReadLookup | undefined {
    const post = cacheablePost(req);
    if (!post) return undefined;
    const key = keyOf(post, req.headers.accept);
    const since = this.cache.mark(); // before the read, so a write during it keeps its page out
    const entry = this.cache.get(key);
    return entry && secondsLeft(entry, this.now()) >= 1 ? { kind: 'hit', entry } : { kind: 'miss', key, since };
  }

  /** Stores Apollo's answer to a miss when it is an anonymous, error-free, public query. */
  remember(miss: CacheMiss, context: RequestContext | undefined, response: HTTPGraphQLResponse): boolean {
    const notes = context?.cache;
    if (!context || !notes || context.principal.kind !== 'anonymous' || context.credentialError) return false;
    if (notes.operation !== 'query' || notes.policy?.scope !== 'PUBLIC' || !(notes.policy.maxAge > 0)) return false;
    if ((response.status ?? 200) !== 200 || response.body.kind !== 'complete') return false;
    const result = parseResult(response.body.string);
    if (!result) return false;
    const ttlMs = notes.policy.maxAge * 1000;
    const entry: CachedResponse = {
      ...result,
      operationName: notes.operationName ?? null,
      contentType: response.headers.get('content-type') ?? 'application/json; charset=utf-8',
      expiresAt: this.now() + ttlMs,
    };
    const sizeBytes = Buffer.byteLength(entry.data) + ENTRY_OVERHEAD_BYTES;
    return this.cache.set(miss.key, entry, { tags: [...notes.tags], ttlMs, sizeBytes, since: miss.since });
  }

  /** A hit, built fresh: the cached data, this request's extensions, the max-age it has left. */
  send(res: ServerResponse, entry: CachedResponse, extensions: Record<string, unknown>): void {
    const body = `{"data":${entry.data},"extensions":${JSON.stringify(extensions)}}\n`;
    res.writeHead(200, {
      'content-type': entry.contentType,
      'content-length': Buffer.byteLength(body),
      'cache-control': `max-age=${secondsLeft(entry, this.now())}, public`,
      'x-cache': 'HIT',
    });
    res.end(body);
  }
}

const secondsLeft = (entry: CachedResponse, now: number) => Math.floor((entry.expiresAt - now) / 1000);

/** A plain GraphQL POST with no credential and nothing but query, operationName and variables. */
function cacheablePost(req: IncomingMessage & { body?: unknown }): GraphQLPost | undefined {
  if (req.method !== 'POST' || CREDENTIAL_HEADERS.some((name) => req.headers[name] !== undefined)) return undefined;
  const mediaType = req.headers['content-type']?.split(';', 1)[0].trim().toLowerCase();
  const body = req.body as Record<string, unknown> | null | undefined;
  if (mediaType !== 'application/json' || typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { query, operationName = null, variables = {}, extensions } = body;
  const document = documentOf(query, extensions);
  if (document === undefined || (operationName !== null && typeof operationName !== 'string')) return undefined;
  if (typeof variables !== 'object' || Array.isArray(variables) || Object.keys(body).some((name) => !ALLOWED_MEMBERS.has(name))) return undefined;
  return { document, operationName, variables: (variables ?? {}) as Record<string, unknown> };
}

/**
 * The query text; or, for an automatic persisted query (extensions holding `persistedQuery` and
 * nothing else), its hash, when the query sent with it (if any) has that hash. A mismatch is
 * left to Apollo, which refuses it; a hash Apollo does not know is never stored, since only
 * error-free answers are.
 */
function documentOf(query: unknown, extensions: unknown): GraphQLPost['document'] | undefined {
  if (extensions === undefined) return typeof query === 'string' ? ['query', query] : undefined;
  if (typeof extensions !== 'object' || extensions === null || Object.keys(extensions).length !== 1) return undefined;
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
  if (typeof persisted !== 'object' || persisted === null || persisted.version !== 1 || typeof persisted.sha256Hash !== 'string') return undefined;
  // As sent: Apollo compares the hash exactly, so an upper-case one is never the same document here.
  const hash = persisted.sha256Hash;
  if (!SHA256_HEX.test(hash) || Object.keys(persisted).length !== 2) return undefined;
  if (query !== undefined && (typeof query !== 'string' || sha256Hex(query) !== hash)) return undefined;
  return ['apq', hash];
}

/** sha256 of the document (its text, or its APQ hash), the operation name, the variables with sorted keys, and the Accept header. */
function keyOf(post: GraphQLPost, accept: string | undefined): string {
  const text = JSON.stringify([post.document, post.operationName, canonical(post.variables), accept ?? '']);
  return createHash('sha256').update(text).digest('base64url');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  // No prototype: a variable named `__proto__` is then an own key like any other (on a plain object
  // the assignment would set the prototype, and two requests differing only there would share a key).
  const sorted: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const name of Object.keys(value).sort()) sorted[name] = canonical((value as Record<string, unknown>)[name]);
  return sorted;
}

/** The data and price of an error-free, priced result; undefined for anything else. */
function parseResult(text: string): Pick<CachedResponse, 'data' | 'requestedCost' | 'actualCost'> | undefined {
  try {
    const result = JSON.parse(text) as { data?: unknown; errors?: unknown; extensions?: { cost?: { requested?: unknown; actual?: unknown } } };
    if (result.errors !== undefined || typeof result.data !== 'object' || result.data === null) return undefined;
    const requested = result.extensions?.cost?.requested;
    if (typeof requested !== 'number') return undefined; // unpriced: a hit could not spend the same budget
    const actual = result.extensions?.cost?.actual;
    return { data: JSON.stringify(result.data), requestedCost: requested, ...(typeof actual === 'number' ? { actualCost: actual } : {}) };
  } catch {
    return undefined;
  }
}

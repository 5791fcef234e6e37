// The response's `Cache-Control` header from its overall policy, exactly as Apollo's cacheControl
// plugin writes it with `calculateHttpHeaders: true`: `max-age=N, public|private` when the policy is
// cacheable (max-age > 0), the response is a single result without errors and nothing set
// `no-store` before; `no-store` otherwise. A header set earlier that Apollo could not parse (e.g.
// `private, no-cache, must-revalidate` on a persisted-query miss) is left as it is.
// Threat: an error, or a response with no declared policy, kept by a browser or a shared cache.
import type { GraphQLResponse } from '@apollo/server';
import { restrictHint, type CacheHint } from './hints';

const UNCACHEABLE = 'no-store';
const CACHEABLE = /^max-age=(\d+), (public|private)$/;

type ExistingHeader = { kind: 'none' | 'uncacheable' | 'unparsable' } | { kind: 'cacheable'; hint: CacheHint };

export function setCacheControlHeader(response: GraphQLResponse, overall: CacheHint): void {
  const existing = parseExisting(response.http.headers.get('cache-control'));
  if (existing.kind === 'unparsable') return;
  const policy: CacheHint = { maxAge: overall.maxAge, scope: overall.scope };
  if (existing.kind === 'cacheable') restrictHint(policy, existing.hint);
  const cacheable = policy.maxAge !== undefined && policy.maxAge !== 0;
  if (cacheable && existing.kind !== 'uncacheable' && response.body.kind === 'single' && !response.body.singleResult.errors) {
    response.http.headers.set('cache-control', `max-age=${policy.maxAge}, ${(policy.scope ?? 'PUBLIC').toLowerCase()}`);
  } else {
    response.http.headers.set('cache-control', UNCACHEABLE);
  }
}

function parseExisting(header: string | undefined): ExistingHeader {
  if (!header) return { kind: 'none' };
  if (header === UNCACHEABLE) return { kind: 'uncacheable' };
  const match = CACHEABLE.exec(header);
  if (!match) return { kind: 'unparsable' };
  return { kind: 'cacheable', hint: { maxAge: Number(match[1]), scope: match[2] === 'public' ? 'PUBLIC' : 'PRIVATE' } };
}

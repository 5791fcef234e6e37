// The transport: a thin adapter from node:http to Apollo's executeHTTPGraphQLRequest, with
// request ids, security headers, CORS, a body limit, trusted documents, health probes, a closing state, and the
// response cache for anonymous public reads (a hit still passes every check above and admitCachedRead).
// (node:http directly, not express: see README "Design notes" for the measured reasons.)
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, HTTPGraphQLRequest } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { TrustedDocuments } from '../config/trusted-documents';
import type { RequestContext } from '../context/context';
import { requestIdFrom } from '../context/request-id';
import type { Logger } from '../logging/logger';
import { bodyStillComing, jsonBodyReader, NOT_READ, queryStringTooDeep, TOO_DEEP } from './body';
import type { LingeringConnections } from './linger';
import type { ClientAddressOf } from './client-address';
import { corsHandler } from './cors';
import { handleHealth } from './health';
import type { CacheMiss, CachedResponse, ResponseCache } from './response-cache';
import { sendRefusal, withRequestId, type Refusal } from './respond';
import { securityHeaders } from './security-headers';
import { isRefusal, trustedDocumentsGate } from './trusted-documents';

export const GRAPHQL_PATH = '/graphql';

export interface HandlerDeps {
  apollo: ApolloServer<RequestContext>;
  production: boolean;
  corsOrigins: readonly string[];
  maxBodyBytes: number;
  /** Connections closing after a refused upload (./linger.ts): nothing more is served on them. */
  lingering: LingeringConnections;
  /** Set: only these documents run (refused before Apollo otherwise). */
  trustedDocuments?: TrustedDocuments;
  clientAddressOf: ClientAddressOf;
  contextFor(req: IncomingMessage, request: { requestId: string; clientAddress: string }): Promise<RequestContext>;
  isReady(): Promise<boolean>;
  isClosing(): boolean;
  logger: Logger;
  /** The response cache for anonymous public reads; undefined turns it off (CACHE_ENABLED=false). */
  responseCache?: ResponseCache;
  /**
   * Every cache hit passes here first, as an executed request passes the guards: refuse it (budget
   * spent) or give the extensions to send (`cost`). `requestedCost` is what the stored execution cost.
   */
  admitCachedRead(meta: CachedReadMeta): Promise<{ refusal: Refusal } | { extensions: Record<string, unknown> }>;
}

export interface CachedReadMeta {
  requestId: string;
  clientAddress: string;
  requestedCost: number;
  actualCost?: number;
  operationName: string | null;
}

/** Every hit admitted, reporting its price: for apps without limits (the benchmark's baseline) and tests. */
export const admitEveryCachedRead: HandlerDeps['admitCachedRead'] = async ({ requestedCost }) => ({ extensions: { cost: { requested: requestedCost } } });

export function createRequestHandler(deps: HandlerDeps) {
  const headers = securityHeaders(deps.production);
  const cors = corsHandler(deps.corsOrigins);
  const readBody = jsonBodyReader(deps.maxBodyBytes);
  const trusted = deps.trustedDocuments ? trustedDocumentsGate(deps.trustedDocuments) : (request: HTTPGraphQLRequest) => request;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (deps.lingering.has(req.socket)) return deps.lingering.discard(req); // sent after a refusal that closes the connection: never served
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    headers(req, res);
    // Answered before its body was read: close after the answer, reading off what still comes within
    // bounds (./linger.ts), or Node would read off the whole upload to keep the connection alive.
    const closeAfterAnswer = () => {
      res.setHeader('connection', 'close');
      deps.lingering.linger(req);
    };
    const refuse = (refusal: Refusal) => {
      logRefusal(deps, req, requestId, refusal.status, refusal.code);
      if (bodyStillComing(req)) closeAfterAnswer();
      sendRefusal(res, refusal, requestId);
    };
    try {
      const path = (req.url ?? '/').split('?', 1)[0];
      if (path.startsWith('/health/')) {
        if (bodyStillComing(req)) closeAfterAnswer();
        return await handleHealth(path, res, deps);
      }
      if (path !== GRAPHQL_PATH) return refuse({ status: 404, code: 'NOT_FOUND', message: `Nothing at ${path}; the API is at ${GRAPHQL_PATH}` });
      if (deps.isClosing()) return refuse(CLOSING);
      if (!(await cors(req, res))) return;
      const bodyRefusal = await readBody(req, res);
      if (bodyRefusal === NOT_READ) closeAfterAnswer(); // Apollo refuses what is not JSON, without its body
      else if (bodyRefusal) return refuse(bodyRefusal);
      const request = trusted(toApolloRequest(req));
      if (isRefusal(request)) return refuse(request);
      if (request.method === 'GET' && queryStringTooDeep(request.search)) return refuse(TOO_DEEP);
      // After the trusted-documents gate, so only a document that may run can be served from the cache.
      const cached = deps.responseCache?.lookup(req);
      if (cached?.kind === 'hit') return await serveCachedRead(req, res, requestId, cached.entry, deps, refuse);
      if (cached) res.setHeader('x-cache', 'MISS');
      await executeGraphQL(req, res, { requestId, request, miss: cached }, deps);
    } catch (error) {
      deps.logger.error('request failed outside GraphQL', { requestId, error });
      if (!res.headersSent) refuse({ status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
      else res.destroy();
    }
  };
}

const CLOSING: Refusal = {
  status: 503,
  code: 'INTERNAL_SERVER_ERROR',
  message: 'The server is shutting down; retry on another instance',
  headers: { 'retry-after': '1' },
  closeConnection: true,
};

/** Refusals never reach the GraphQL access log, so they get a line of their own here. */
function logRefusal(deps: HandlerDeps, req: IncomingMessage, requestId: string, status: number, code: string | undefined): void {
  deps.logger.info('http refused', { requestId, status, code: code ?? null, method: req.method, clientAddress: deps.clientAddressOf(req) });
}

async function serveCachedRead(req: IncomingMessage, res: ServerResponse, requestId: string, entry: CachedResponse, deps: HandlerDeps, refuse: (refusal: Refusal) => void): Promise<void> {
  const startedAt = performance.now();
  const clientAddress = deps.clientAddressOf(req);
  const admitted = await deps.admitCachedRead({ requestId, clientAddress, requestedCost: entry.requestedCost, actualCost: entry.actualCost, operationName: entry.operationName });
  if ('refusal' in admitted) return refuse(admitted.refusal);
  deps.responseCache!.send(res, entry, { requestId, ...admitted.extensions });
  const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
  // The same access line as an executed operation (request-logging plugin), marked as a cache hit.
  deps.logger.info('graphql', { requestId, operation: entry.operationName, type: 'query', outcome: 'ok', errorCodes: [], durationMs, principal: 'anonymous', clientAddress, cache: 'hit' });
}

interface Execution {
  requestId: string;
  request: HTTPGraphQLRequest;
  /** A cacheable read the cache did not hold: its response may be remembered. */
  miss?: CacheMiss;
}

async function executeGraphQL(req: IncomingMessage, res: ServerResponse, { requestId, request, miss }: Execution, deps: HandlerDeps): Promise<void> {
  const clientAddress = deps.clientAddressOf(req);
  let context: RequestContext | undefined;
  const response = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: request,
    context: async () => (context = await deps.contextFor(req, { requestId, clientAddress })),
  });
  if (miss) deps.responseCache?.remember(miss, context, response);
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    const refused = res.statusCode >= 400 ? withRequestId(response.body.string, requestId) : undefined;
    if (refused) logRefusal(deps, req, requestId, res.statusCode, refused.code); // Apollo refused it before our plugins ran
    res.end(refused?.text ?? response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function toApolloRequest(req: IncomingMessage & { body?: unknown }): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return { method: (req.method ?? 'GET').toUpperCase(), headers, search: query >= 0 ? url.slice(query) : '', body: req.body };
}

// The transport: a thin adapter from node:http to Apollo's executeHTTPGraphQLRequest, with
// request ids, security headers, CORS, a body limit, health probes and a closing state.
// (node:http directly, not express: see README "Design notes" for the measured reasons.)
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, HTTPGraphQLRequest } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { RequestContext } from '../context/context';
import { requestIdFrom } from '../context/request-id';
import type { Logger } from '../logging/logger';
import { jsonBodyReader } from './body';
import type { ClientAddressOf } from './client-address';
import { corsHandler } from './cors';
import { handleHealth } from './health';
import { sendGraphQLError } from './respond';
import { securityHeaders } from './security-headers';

export const GRAPHQL_PATH = '/graphql';

export interface HandlerDeps {
  apollo: ApolloServer<RequestContext>;
  production: boolean;
  corsOrigins: readonly string[];
  maxBodyBytes: number;
  clientAddressOf: ClientAddressOf;
  contextFor(req: IncomingMessage, request: { requestId: string; clientAddress: string }): Promise<RequestContext>;
  isReady(): Promise<boolean>;
  isClosing(): boolean;
  logger: Logger;
}

export function createRequestHandler(deps: HandlerDeps) {
  const headers = securityHeaders(deps.production);
  const cors = corsHandler(deps.corsOrigins);
  const readBody = jsonBodyReader(deps.maxBodyBytes);

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    headers(req, res);
    try {
      const path = (req.url ?? '/').split('?', 1)[0];
      if (path.startsWith('/health/')) return await handleHealth(path, res, deps);
      if (path !== GRAPHQL_PATH) return sendGraphQLError(res, 404, { code: 'NOT_FOUND', message: `Nothing at ${path}; the API is at ${GRAPHQL_PATH}` }, requestId);
      if (deps.isClosing()) return refuseWhileClosing(res, requestId);
      if (!(await cors(req, res)) || !(await readBody(req, res, requestId))) return;
      await executeGraphQL(req, res, requestId, deps);
    } catch (error) {
      deps.logger.error('request failed outside GraphQL', { requestId, error });
      if (!res.headersSent) sendGraphQLError(res, 500, { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }, requestId);
      else res.destroy();
    }
  };
}

async function executeGraphQL(req: IncomingMessage, res: ServerResponse, requestId: string, deps: HandlerDeps): Promise<void> {
  const clientAddress = deps.clientAddressOf(req);
  const response = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: toApolloRequest(req),
    context: () => deps.contextFor(req, { requestId, clientAddress }),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
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

function refuseWhileClosing(res: ServerResponse, requestId: string): void {
  res.setHeader('connection', 'close');
  res.setHeader('retry-after', '1');
  sendGraphQLError(res, 503, { code: 'INTERNAL_SERVER_ERROR', message: 'The server is shutting down; retry on another instance' }, requestId);
}

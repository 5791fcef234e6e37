// The transport: a thin adapter from node:http to Apollo's executeHTTPGraphQLRequest, with
// request ids, security headers, CORS, a body limit, trusted documents, health probes and a closing state.
// (node:http directly, not express: see README "Design notes" for the measured reasons.)
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, HTTPGraphQLRequest } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { TrustedDocuments } from '../config/trusted-documents';
import type { RequestContext } from '../context/context';
import { requestIdFrom } from '../context/request-id';
import type { Logger } from '../logging/logger';
import { jsonBodyReader } from './body';
import type { ClientAddressOf } from './client-address';
import { corsHandler } from './cors';
import { handleHealth } from './health';
import { sendRefusal, withRequestId, type Refusal } from './respond';
import { securityHeaders } from './security-headers';
import { isRefusal, trustedDocumentsGate } from './trusted-documents';

export const GRAPHQL_PATH = '/graphql';

export interface HandlerDeps {
  apollo: ApolloServer<RequestContext>;
  production: boolean;
  corsOrigins: readonly string[];
  maxBodyBytes: number;
  /** Set: only these documents run (refused before Apollo otherwise). */
  trustedDocuments?: TrustedDocuments;
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
  const trusted = deps.trustedDocuments ? trustedDocumentsGate(deps.trustedDocuments) : (request: HTTPGraphQLRequest) => request;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    headers(req, res);
    const refuse = (refusal: Refusal) => {
      logRefusal(deps, req, requestId, refusal.status, refusal.code);
      sendRefusal(res, refusal, requestId);
    };
    try {
      const path = (req.url ?? '/').split('?', 1)[0];
      if (path.startsWith('/health/')) return await handleHealth(path, res, deps);
      if (path !== GRAPHQL_PATH) return refuse({ status: 404, code: 'NOT_FOUND', message: `Nothing at ${path}; the API is at ${GRAPHQL_PATH}` });
      if (deps.isClosing()) return refuse(CLOSING);
      if (!(await cors(req, res))) return;
      const bodyRefusal = await readBody(req, res);
      if (bodyRefusal) return refuse(bodyRefusal);
      const request = trusted(toApolloRequest(req));
      if (isRefusal(request)) return refuse(request);
      await executeGraphQL(req, res, { requestId, request }, deps);
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

interface Execution {
  requestId: string;
  request: HTTPGraphQLRequest;
}

async function executeGraphQL(req: IncomingMessage, res: ServerResponse, { requestId, request }: Execution, deps: HandlerDeps): Promise<void> {
  const clientAddress = deps.clientAddressOf(req);
  const response = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: request,
    context: () => deps.contextFor(req, { requestId, clientAddress }),
  });
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

// Turns an HTTP request into the RequestContext: who is calling and the per-request tools.
import type { IncomingMessage } from 'node:http';
import { ReadNotes } from '../cache/read-notes';
import { AppError } from '../errors/app-error';
import type { FieldRateLimiter } from '../guards/rate-limit/field-limiter';
import type { Logger } from '../logging/logger';
import type { Services } from '../services';
import type { RequestContext } from './context';
import { RequestLoaders } from './loaders';
import { principalFrom } from './credentials';
import { anonymous } from './principal';

export interface ContextDeps {
  services: Services;
  logger: Logger;
  maxPageSize: number;
  rateLimiter: FieldRateLimiter;
}

export async function buildContext(req: IncomingMessage, request: { requestId: string; clientAddress: string }, deps: ContextDeps): Promise<RequestContext> {
  const base = { ...request, logger: deps.logger, services: deps.services, maxPageSize: deps.maxPageSize, rateLimiter: deps.rateLimiter, cache: new ReadNotes(), loaders: new RequestLoaders(deps.services) };
  try {
    return { ...base, principal: await principalFrom(req.headers, deps.services) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // Refused before execution by the credential-check plugin, so the response is logged as usual.
    return { ...base, principal: anonymous, credentialError: error };
  }
}

// Turns an HTTP request into the RequestContext: who is calling and the per-request tools.
// Until identity lands, the only credential is the development-only acting-user header.
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import type { Services } from '../services';
import type { RequestContext } from './context';
import { anonymous, userPrincipal, type Principal } from './principal';

export const DEV_USER_HEADER = 'x-dev-user';

export interface ContextDeps {
  services: Services;
  logger: Logger;
  maxPageSize: number;
  /** Whether `X-Dev-User` is honoured (never in production; see config). */
  devActingUserHeader: boolean;
}

export async function buildContext(req: IncomingMessage, request: { requestId: string; clientAddress: string }, deps: ContextDeps): Promise<RequestContext> {
  const base = { ...request, logger: deps.logger, services: deps.services, maxPageSize: deps.maxPageSize };
  const header = req.headers[DEV_USER_HEADER];
  if (!deps.devActingUserHeader || header === undefined) return { ...base, principal: anonymous };
  const principal = await devActingUser(Array.isArray(header) ? header[0] : header, deps.services);
  if (principal) return { ...base, principal };
  const credentialError = new AppError('UNAUTHENTICATED', 'X-Dev-User must be a username of 3 to 32 characters a-z 0-9 . _ -', { httpStatus: 401 });
  return { ...base, principal: anonymous, credentialError };
}

async function devActingUser(username: string, services: Services): Promise<Principal | null> {
  const account = await services.accounts.actingUser(username);
  return account ? userPrincipal(account) : null;
}

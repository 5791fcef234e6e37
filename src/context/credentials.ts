// Turns the request's credential into a principal. `Authorization: Bearer <JWT>` or
// `X-API-Key: <key>`; none is anonymous. A credential that is present but bad, expired, revoked or
// forged is refused (UNAUTHENTICATED), never served as anonymous; so is sending both at once.
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../errors/app-error';
import type { Services } from '../services';
import { anonymous, userPrincipal, type Principal } from './principal';

/** Every header that can carry a credential; a request with any of them depends on its caller. */
export const CREDENTIAL_HEADERS = ['authorization', 'x-api-key'] as const;

const refuse = (message: string) => new AppError('UNAUTHENTICATED', message, { httpStatus: 401 });

export async function principalFrom(headers: IncomingHttpHeaders, services: Services): Promise<Principal> {
  const authorization = headers.authorization;
  const apiKey = headers['x-api-key'];
  if (authorization !== undefined && apiKey !== undefined) throw refuse('Send one credential: Authorization or X-API-Key, not both');
  if (typeof apiKey === 'string') return services.apiKeys.authenticate(apiKey);
  if (Array.isArray(apiKey)) throw refuse('Send one X-API-Key header');
  if (authorization === undefined) return anonymous;
  return bearerPrincipal(authorization, services);
}

async function bearerPrincipal(authorization: string, services: Services): Promise<Principal> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(authorization);
  if (!match) throw refuse('Authorization must be "Bearer <access token>"');
  let subject: string;
  try {
    subject = services.accessTokens.verify(match[1]).sub;
  } catch (error) {
    const expired = (error as { reason?: string }).reason === 'expired';
    throw refuse(expired ? 'The access token has expired; refresh it' : 'The access token is not valid');
  }
  const account = await services.accounts.findById(subject);
  if (!account) throw refuse('The access token is not valid');
  return userPrincipal(account);
}

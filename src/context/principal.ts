// Who is calling. One object per request, filled by the context from a credential; resolvers and
// services read it and never look at headers themselves.
import { addressGroup } from './address-group';
import type { ApiKeyScope } from '../repositories/identity-ports';
import type { Role } from '../repositories/ports';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; username: string; roles: readonly Role[] }
  | { kind: 'apiKey'; keyId: string; userId: string; username: string; roles: readonly Role[]; scopes: readonly ApiKeyScope[] };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;
/** A caller acting for an account: signed in, or through one of the account's API keys. */
export type AccountPrincipal = Exclude<Principal, { kind: 'anonymous' }>;

export const anonymous: Principal = Object.freeze({ kind: 'anonymous' });

export function userPrincipal(account: { id: string; username: string; roles: readonly Role[] }): UserPrincipal {
  return Object.freeze({ kind: 'user', userId: account.id, username: account.username, roles: [...account.roles] });
}

/**
 * Whose count a limit keeps: the API key, else the user, else the client address (its group: an
 * IPv6 /64, ./address-group.ts). One definition for the cost budget, the per-field rate limits and
 * the audit of their refusals.
 */
export function callerKey(principal: Principal, clientAddress: string): string {
  if (principal.kind === 'apiKey') return `key:${principal.keyId}`;
  if (principal.kind === 'user') return `user:${principal.userId}`;
  return `addr:${addressGroup(clientAddress)}`;
}

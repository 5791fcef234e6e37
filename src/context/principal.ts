// Who is calling. One object per request, filled by the context from a credential; resolvers and
// services read it and never look at headers themselves.
import type { Role } from '../repositories/ports';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; username: string; roles: readonly Role[] };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export const anonymous: Principal = Object.freeze({ kind: 'anonymous' });

export function userPrincipal(account: { id: string; username: string; roles: readonly Role[] }): UserPrincipal {
  return Object.freeze({ kind: 'user', userId: account.id, username: account.username, roles: [...account.roles] });
}

// Narrowing for resolvers behind an @auth directive: the policy (access-policy.ts) has already
// refused anonymous callers; this keeps the types honest and fails closed if a directive is missing.
import { AppError } from '../errors/app-error';
import type { AccountPrincipal, Principal } from '../context/principal';

export function requireAccount(principal: Principal): AccountPrincipal {
  if (principal.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'You must be signed in to do this');
  return principal;
}

// Access decisions used by resolvers until identity brings directive-based rules: deny by default,
// and tell anonymous callers (UNAUTHENTICATED) apart from signed-in ones without the right (FORBIDDEN).
import { AppError } from '../errors/app-error';
import type { Principal, UserPrincipal } from '../context/principal';
import type { Role } from '../repositories/ports';

export function requireUser(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'You must be signed in to do this');
  return principal;
}

export function requireRole(principal: Principal, role: Role): UserPrincipal {
  const user = requireUser(principal);
  if (!user.roles.includes(role)) throw new AppError('FORBIDDEN', `This needs the ${role} role`);
  return user;
}

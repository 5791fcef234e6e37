// Service results → GraphQL shapes for the accounts feature.
import type { AccountRecord } from '../../repositories/ports';
import type { Session } from '../../services/sessions';
import type { Role } from '../../guards/access-directives';
import type { AuthPayload, User } from './types';

export async function toUser(account: AccountRecord, twoFactorEnabled: (userId: string) => Promise<boolean>): Promise<User> {
  return { id: account.id, username: account.username, roles: account.roles as Role[], twoFactorEnabled: await twoFactorEnabled(account.id), createdAt: account.createdAt };
}

export async function toAuthPayload(session: Session, twoFactorEnabled: (userId: string) => Promise<boolean>): Promise<AuthPayload> {
  return { accessToken: session.accessToken, refreshToken: session.refreshToken, expiresAt: session.expiresAt, user: await toUser(session.account, twoFactorEnabled) };
}

// Service results → GraphQL shapes for the accounts feature.
import type { AccountRecord } from '../../repositories/ports';
import type { Session } from '../../services/sessions';
import type { TwoFactorService } from '../../services/two-factor';
import type { Role } from '../../guards/access-directives';
import type { AuthPayload, User } from './types';

type TwoFactorStatus = Pick<TwoFactorService, 'isEnabled'>;

export async function toUser(account: AccountRecord, twoFactor: TwoFactorStatus): Promise<User> {
  return { id: account.id, username: account.username, roles: account.roles as Role[], twoFactorEnabled: await twoFactor.isEnabled(account.id), createdAt: account.createdAt };
}

export async function toAuthPayload(session: Session, twoFactor: TwoFactorStatus): Promise<AuthPayload> {
  return { accessToken: session.accessToken, refreshToken: session.refreshToken, expiresAt: session.expiresAt, user: await toUser(session.account, twoFactor) };
}

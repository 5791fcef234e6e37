// Sessions: a short-lived JWT access token plus an opaque refresh token stored only as a keyed hash.
// Every refresh spends its token (one conditional write) and issues a new one in the same family;
// presenting a spent token again means it was stolen or replayed, so the whole family is revoked.
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error';
import type { AccountRecord, Store } from '../repositories/ports';
import type { Clock } from './clock';
import type { AccessTokenIssuer } from './identity/access-tokens';
import { newOpaqueToken } from './identity/api-key-format';
import { keyedHash } from './identity/keyed-hash';

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  account: AccountRecord;
}

const refused = () => new AppError('UNAUTHENTICATED', 'This refresh token is not valid; sign in again', { httpStatus: 401 });

export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly pepper: Buffer,
    private readonly refreshTtlSeconds: number,
  ) {}

  start(account: AccountRecord): Promise<Session> {
    return this.issue(account, randomUUID());
  }

  /** Spends the refresh token and returns a new pair; reuse of a spent token revokes its family. */
  async refresh(refreshToken: string): Promise<Session> {
    const now = this.clock.now();
    const tokenHash = keyedHash(this.pepper, refreshToken);
    const spent = await this.store.refreshTokens.spend(tokenHash, now);
    if (!spent) {
      const known = await this.store.refreshTokens.findByHash(tokenHash);
      if (known?.usedAt) await this.store.refreshTokens.revokeFamily(known.familyId, now);
      throw refused();
    }
    const account = await this.store.accounts.findById(spent.userId);
    if (!account) throw refused();
    return this.issue(account, spent.familyId);
  }

  /** Ends the session the refresh token belongs to (its whole family). Unknown tokens are ignored. */
  async end(refreshToken: string): Promise<void> {
    const known = await this.store.refreshTokens.findByHash(keyedHash(this.pepper, refreshToken));
    if (known) await this.store.refreshTokens.revokeFamily(known.familyId, this.clock.now());
  }

  private async issue(account: AccountRecord, familyId: string): Promise<Session> {
    const access = this.accessTokens.issue({ sub: account.id, roles: [...account.roles] });
    const refreshToken = newOpaqueToken();
    const createdAt = this.clock.now();
    await this.store.refreshTokens.insert({
      id: randomUUID(),
      userId: account.id,
      familyId,
      tokenHash: keyedHash(this.pepper, refreshToken),
      createdAt,
      expiresAt: new Date(createdAt.getTime() + this.refreshTtlSeconds * 1000),
      usedAt: null,
      revokedAt: null,
    });
    return { accessToken: access.token, refreshToken, expiresAt: access.expiresAt, account };
  }
}

// Signing up and signing in: register, login (password, then a 2FA challenge when enabled) and
// verifyTwoFactor. A wrong password and an unknown user answer the same message after the same
// bcrypt work; every outcome is audited.
import { randomUUID } from 'node:crypto';
import { AppError, badInput } from '../errors/app-error';
import type { AccountRecord, Store } from '../repositories/ports';
import { normaliseUsername, USERNAME_PATTERN } from './accounts';
import type { AuditService } from '../audit/audit-service';
import type { Clock } from './clock';
import type { AccessTokenIssuer } from './identity/access-tokens';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './identity/passwords';
import { addressGroup } from '../context/address-group';
import type { SingleUse } from '../limits/single-use';
import type { GiveBack } from '../limits/window';
import type { AttemptThrottle } from '../limits/attempt-throttle';
import type { RequestMeta } from './request-meta';
import type { Session, SessionService } from './sessions';
import type { TwoFactorService } from './two-factor';

export interface Challenge {
  challengeToken: string;
  expiresAt: Date;
}

const WRONG_CREDENTIALS = 'Wrong username or password';

export class AuthService {
  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      sessions: SessionService;
      twoFactor: TwoFactorService;
      audit: AuditService;
      /** Signs 2FA challenges (its own audience, so a challenge is never an access token). */
      challenges: AccessTokenIssuer;
      loginThrottle: AttemptThrottle;
      challengeThrottle: AttemptThrottle;
      /** Challenge ids already exchanged for a session: a challenge signs in once. */
      usedChallenges: SingleUse;
      bcryptCost: number;
    },
  ) {}

  async register(input: { username: string; password: string }, meta: RequestMeta): Promise<Session> {
    const username = normaliseUsername(input.username);
    if (!username) throw badInput('username', `username must match ${USERNAME_PATTERN}`);
    const policy = checkPasswordPolicy(username, input.password);
    if (policy) throw badInput('password', policy);
    const account: AccountRecord = { id: randomUUID(), username, roles: ['USER'], passwordHash: await hashPassword(input.password, this.deps.bcryptCost), createdAt: this.deps.clock.now() };
    if (!(await this.deps.store.accounts.insert(account))) throw badInput('username', 'This username is taken');
    await this.deps.audit.record(meta, { action: 'register', outcome: 'success', userId: account.id });
    return this.deps.sessions.start(account);
  }

  async login(input: { username: string; password: string }, meta: RequestMeta): Promise<Session | Challenge> {
    const username = input.username.trim().toLowerCase();
    const address = addressGroup(meta.clientAddress); // an IPv6 /64 is one client
    const throttleKeys = [`${username}|${address}`, address];
    await this.refusedWhenThrottled(this.deps.loginThrottle, throttleKeys, meta, 'login');
    const account = await this.deps.store.accounts.findByUsername(username);
    if (!(await verifyPassword(input.password, account?.passwordHash ?? null, this.deps.bcryptCost)) || !account) {
      await this.deps.audit.record(meta, { action: 'login', outcome: 'failure', userId: account?.id, code: 'UNAUTHENTICATED' });
      throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    }
    await this.deps.loginThrottle.succeeded(throttleKeys);
    if (await this.deps.twoFactor.isEnabled(account.id)) {
      await this.deps.audit.record(meta, { action: 'login', outcome: 'success', userId: account.id, details: { secondFactor: 'required' } });
      const { token, expiresAt } = this.deps.challenges.issue({ sub: account.id, roles: [] });
      return { challengeToken: token, expiresAt };
    }
    await this.deps.audit.record(meta, { action: 'login', outcome: 'success', userId: account.id });
    return this.deps.sessions.start(account);
  }

  async verifyTwoFactor(input: { challengeToken: string; code: string }, meta: RequestMeta): Promise<Session> {
    const challenge = this.verifyChallenge(input.challengeToken);
    const throttleKeys = [challenge.jti, challenge.sub];
    await this.refusedWhenThrottled(this.deps.challengeThrottle, throttleKeys, meta, 'verifyTwoFactor');
    // A challenge gives one session. It is claimed before the code is checked, so a replay (or the
    // loser of two parallel right codes) is refused without spending its code; a wrong code gives
    // the claim back, so a typo does not cost the challenge.
    const giveChallengeBack = await this.claimChallenge(challenge, meta);
    let account: AccountRecord | null;
    let method: Awaited<ReturnType<TwoFactorService['useCode']>>;
    try {
      account = await this.deps.store.accounts.findById(challenge.sub);
      method = account ? await this.deps.twoFactor.useCode(account.id, input.code) : null;
    } catch (error) {
      // The store failed: no session, so the challenge goes back (each code is single-use on its own).
      await giveChallengeBack();
      await this.deps.audit.record(meta, { action: 'verifyTwoFactor', outcome: 'failure', userId: challenge.sub, code: 'INTERNAL_SERVER_ERROR' });
      throw error;
    }
    if (!account || !method) {
      await giveChallengeBack();
      await this.deps.audit.record(meta, { action: 'verifyTwoFactor', outcome: 'failure', userId: challenge.sub, code: 'UNAUTHENTICATED' });
      throw new AppError('UNAUTHENTICATED', 'Wrong or already used code');
    }
    await this.deps.challengeThrottle.succeeded(throttleKeys);
    await this.deps.audit.record(meta, { action: 'verifyTwoFactor', outcome: 'success', userId: account.id, details: { method } });
    return this.deps.sessions.start(account);
  }

  /** Claims the challenge for this call, or refuses the call; returns how to give the claim back. */
  private async claimChallenge(challenge: { sub: string; jti: string }, meta: RequestMeta): Promise<GiveBack> {
    let claimed: GiveBack | undefined;
    try {
      claimed = await this.deps.usedChallenges.claim(challenge.jti);
    } catch (error) {
      // SERVICE_UNAVAILABLE: the store cannot say whether it was used (fails closed).
      await this.deps.audit.record(meta, { action: 'verifyTwoFactor', outcome: 'refused', userId: challenge.sub, code: error instanceof AppError ? error.code : 'INTERNAL_SERVER_ERROR' });
      throw error;
    }
    if (claimed) return claimed;
    await this.deps.audit.record(meta, { action: 'verifyTwoFactor', outcome: 'failure', userId: challenge.sub, code: 'UNAUTHENTICATED', details: { reason: 'challengeUsed' } });
    throw new AppError('UNAUTHENTICATED', 'This challenge has already been used; sign in again');
  }

  private verifyChallenge(token: string): { sub: string; jti: string } {
    try {
      return this.deps.challenges.verify(token);
    } catch {
      throw new AppError('UNAUTHENTICATED', 'This challenge is not valid or has expired; sign in again');
    }
  }

  private async refusedWhenThrottled(throttle: AttemptThrottle, keys: string[], meta: RequestMeta, action: string): Promise<void> {
    try {
      await throttle.attempt(keys);
    } catch (error) {
      // RATE_LIMITED, or SERVICE_UNAVAILABLE when the throttle's store is unreachable (it fails closed).
      await this.deps.audit.record(meta, { action, outcome: 'refused', code: error instanceof AppError ? error.code : 'INTERNAL_SERVER_ERROR' });
      throw error;
    }
  }
}

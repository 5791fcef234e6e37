// The throttles of sign-in, and the names of their keys. Each rule counts under its own purpose
// segment (after the store's REDIS_KEY_PREFIX), so counts of different rules never mix:
//   login:acct-addr:<username>|<address>   wrong passwords for one account from one address
//   login:addr:<address>                   wrong passwords from one address, any account
//   2fa:challenge:<challenge id>           wrong codes on one challenge
//   2fa:acct:<account id>                  wrong codes for one account, any challenge
import type { IdentityConfig } from '../config';
import { AttemptThrottle } from '../limits/attempt-throttle';
import type { CounterStore } from '../limits/ports';
import type { Logger } from '../logging/logger';

export interface AuthThrottles {
  /** Subjects: (username|address), then address. */
  loginThrottle: AttemptThrottle;
  /** Subjects: the challenge id, then the account id. */
  challengeThrottle: AttemptThrottle;
}

export function createAuthThrottles(counters: CounterStore, identity: IdentityConfig, logger: Logger): AuthThrottles {
  const { login, twoFactor } = identity;
  const windowSeconds = login.windowSeconds;
  return {
    loginThrottle: new AttemptThrottle(counters, [
      { purpose: 'login:acct-addr:', points: login.failuresPerAccountAndAddress, windowSeconds },
      { purpose: 'login:addr:', points: login.failuresPerAddress, windowSeconds },
    ], logger),
    challengeThrottle: new AttemptThrottle(counters, [
      { purpose: '2fa:challenge:', points: twoFactor.maxAttempts, windowSeconds },
      { purpose: '2fa:acct:', points: twoFactor.maxAttempts, windowSeconds },
    ], logger),
  };
}

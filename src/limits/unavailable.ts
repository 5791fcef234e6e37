// What callers of the limits port do when the shared store (Redis) is down: sensitive operations are
// refused with SERVICE_UNAVAILABLE (fail closed), reads go on unlimited (fail open), and the outage is
// logged once a minute, not once per request (a flood of identical lines would hide everything else).
import { AppError } from '../errors/app-error';
import type { Logger } from '../logging/logger';

/** The policy while the store is down: anything but a read (a mutation) fails closed. */
export const failsClosed = (operation: string): boolean => operation !== 'query';

export const serviceUnavailable = (limit = 'limitsStore'): AppError =>
  new AppError('SERVICE_UNAVAILABLE', 'A protection this operation needs is unavailable; retry shortly', { retryAfter: 5, limit });

export function unavailableWarning(logger: Logger, intervalMs = 60_000) {
  let lastAt = 0;
  return (what: string, failClosed: boolean, requestId: string, error?: unknown): void => {
    const now = Date.now();
    if (now - lastAt < intervalMs) return;
    lastAt = now;
    const reason = error instanceof Error ? String(error.cause ?? error.message) : undefined;
    logger.warn('limits store unavailable', { what, policy: failClosed ? 'refused (fail closed)' : 'allowed (fail open)', requestId, reason });
  };
}

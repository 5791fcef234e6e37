// The audit trail: security events (sign-ins, 2FA and key changes, refusals) written to the store and
// to the log. Who, what, outcome, client address, request id; never secrets or bodies.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger';
import type { AuditOutcome, AuditRecord } from '../repositories/identity-ports';
import type { Store } from '../repositories/ports';
import type { Clock } from '../services/clock';
import type { RequestMeta } from '../services/request-meta';

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  userId?: string | null;
  code?: string | null;
  details?: AuditRecord['details'];
}

export class AuditService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Records the event; a failing audit write is logged, never turned into a failed request. */
  async record(meta: RequestMeta, entry: AuditEntry): Promise<void> {
    const event: AuditRecord = {
      id: randomUUID(),
      at: this.clock.now(),
      action: entry.action,
      outcome: entry.outcome,
      userId: entry.userId ?? null,
      clientAddress: meta.clientAddress,
      requestId: meta.requestId,
      code: entry.code ?? null,
      details: entry.details ?? {},
    };
    this.logger.info('audit', { ...event, at: event.at.toISOString() });
    await this.store.audit.insert(event).catch((error: unknown) => this.logger.error('audit write failed', { requestId: meta.requestId, error }));
  }
}

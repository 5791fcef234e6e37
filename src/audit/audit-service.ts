// The audit trail: security events (sign-ins, 2FA and key changes, purchases, every refusal by a
// flow rule) written to the store and to the log. Who (account, API key, or nobody), what (the flow
// or action), outcome and code, client address, request id; never secrets, codes or bodies.
import { randomUUID } from 'node:crypto';
import type { AccountPrincipal } from '../context/principal';
import type { Logger } from '../logging/logger';
import type { AuditFilter, AuditOutcome, AuditRecord } from '../repositories/identity-ports';
import type { Page, PageRequest, Store } from '../repositories/ports';
import type { Clock } from '../services/clock';
import type { RequestMeta } from '../services/request-meta';

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  userId?: string | null;
  /** The API key the caller used, if any. */
  keyId?: string | null;
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
      keyId: entry.keyId ?? null,
      clientAddress: meta.clientAddress,
      requestId: meta.requestId,
      code: entry.code ?? null,
      details: entry.details ?? {},
    };
    this.logger.info('audit', { ...event, at: event.at.toISOString() });
    await this.store.audit.insert(event).catch((error: unknown) => this.logger.error('audit write failed', { requestId: meta.requestId, error }));
  }

  /** Newest first, for the ADMIN query `auditEvents`. */
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>> {
    return this.store.audit.list(filter, page);
  }
}

/** Who acted, as the audit trail records it: the account, and the API key when one was used. */
export function actorOf(principal: AccountPrincipal): { userId: string; keyId: string | null } {
  return { userId: principal.userId, keyId: principal.kind === 'apiKey' ? principal.keyId : null };
}

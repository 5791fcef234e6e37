// The use cases, wired to a store. Services know nothing of GraphQL, Apollo or HTTP.
import type { Config } from '../config';
import type { LimitStores } from '../limits/ports';
import type { Logger } from '../logging/logger';
import type { CommentRecord, Store } from '../repositories/ports';
import { AccountService } from './accounts';
import { ApiKeyService } from './api-keys';
import { AuditService } from '../audit/audit-service';
import { LimitRefusalAudit } from '../audit/limit-refusals';
import { AuthService } from './auth';
import { createAuthThrottles } from './auth-throttles';
import { systemClock, type Clock } from './clock';
import { CommentService } from './comments';
import { EventService } from './events';
import { createAccessTokenIssuer, type AccessTokenIssuer } from './identity/access-tokens';
import { createSecretBox } from './identity/secret-box';
import { createFlowRules } from './flow-rules';
import { SingleUse } from '../limits/single-use';
import { SessionService } from './sessions';
import { TicketService } from './tickets';
import { TwoFactorService } from './two-factor';

export interface Services {
  accounts: AccountService;
  events: EventService;
  tickets: TicketService;
  comments: CommentService;
  audit: AuditService;
  /** Audits refusals by limits, at most one event per limit and caller a minute. */
  limitRefusals: LimitRefusalAudit;
  auth: AuthService;
  sessions: SessionService;
  twoFactor: TwoFactorService;
  apiKeys: ApiKeyService;
  /** Verifies `Authorization: Bearer` access tokens. */
  accessTokens: AccessTokenIssuer;
  /** Atomic counters and token buckets (memory, or Redis shared by replicas) for any flow that limits. */
  limits: LimitStores;
}

/** What the services tell the rest of the app about (cache invalidation). */
export interface ServiceHooks {
  commentPosted?: (comment: CommentRecord) => Promise<void>;
}

export function createServices(store: Store, limits: LimitStores, config: Config, logger: Logger, clock: Clock = systemClock, hooks: ServiceHooks = {}): Services {
  const { maxTicketsPerOrder, idempotencyWaitMs } = config.flows;
  const identity = config.identity;
  const accessTokens = createAccessTokenIssuer(identity.jwt);
  const challenges = createAccessTokenIssuer({ ...identity.jwt, audience: `${identity.jwt.audience}:2fa-challenge`, ttlSeconds: identity.twoFactor.challengeTtlSeconds });
  const audit = new AuditService(store, clock, logger);
  const sessions = new SessionService(store, clock, accessTokens, identity.pepper, identity.refreshTokenTtlSeconds);
  const twoFactor = new TwoFactorService(store, clock, createSecretBox(identity.totpEncryptionKey), identity.pepper, audit, identity.jwt.issuer);
  const flowRules = createFlowRules(config, { counters: limits.counters, accounts: store.accounts, clock, twoFactor });
  return {
    accounts: new AccountService(store, clock, config.bcryptCost),
    events: new EventService(store, clock, { maxTicketsPerUser: maxTicketsPerOrder }),
    tickets: new TicketService({ store, clock, rules: { maxTicketsPerOrder, idempotencyWaitMs }, flowRules: flowRules.purchase, audit, logger }),
    comments: new CommentService({ store, clock, flowRules: flowRules.comment, audit, logger, posted: hooks.commentPosted }),
    audit,
    limitRefusals: new LimitRefusalAudit(audit, limits.counters),
    sessions,
    twoFactor,
    accessTokens,
    limits,
    apiKeys: new ApiKeyService(store, clock, identity.pepper, audit, identity.apiKeyRotationGraceSeconds),
    auth: new AuthService({
      store, clock, sessions, twoFactor, audit, challenges, bcryptCost: config.bcryptCost,
      ...createAuthThrottles(limits.counters, identity, logger),
      usedChallenges: new SingleUse(limits.counters, '2fa:used:', identity.twoFactor.challengeTtlSeconds),
    }),
  };
}

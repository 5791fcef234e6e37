// The per-request context every resolver receives.
import type { ReadNotes } from '../cache/read-notes';
import type { AppError } from '../errors/app-error';
import type { FieldRateLimiter } from '../guards/rate-limit/field-limiter';
import type { BucketState } from '../limits/ports';
import type { Logger } from '../logging/logger';
import type { Services } from '../services';
import type { RequestLoaders } from './loaders';
import type { Principal } from './principal';

export interface RequestContext {
  requestId: string;
  clientAddress: string;
  principal: Principal;
  /** Set when the request carried a credential that was refused; the request is then UNAUTHENTICATED. */
  credentialError?: AppError;
  logger: Logger;
  services: Services;
  /** Hard maximum of `first` on connections (config MAX_PAGE_SIZE). */
  maxPageSize: number;
  /** Counts calls of `@rateLimit` fields (applied around their resolvers). */
  rateLimiter: FieldRateLimiter;
  /** Set by the cost plugin before execution: this operation's price and the caller's bucket after paying it. */
  costBudget?: { requested: number; state?: BucketState };
  /** Cache hints and tags of what this request read, for the response cache (src/cache/read-notes.ts). */
  cache: ReadNotes;
  /** Batch loaders of this request (./loaders.ts). */
  loaders: RequestLoaders;
}

/** What services record of the request (audit, throttling). */
export const requestMeta = (ctx: RequestContext) => ({ requestId: ctx.requestId, clientAddress: ctx.clientAddress });

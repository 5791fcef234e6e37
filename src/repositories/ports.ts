// The storage port: what the services need from a store, and nothing of how a store does it.
// Two implementations (embedded/ and mongo/) satisfy it; test/contracts/ runs one suite against each.
//
// Rules every implementation keeps:
// - Records are plain objects (ids are strings, times are Date); driver objects never leak out.
// - Each method that guards a business rule is ONE conditional write in the store (no read-then-write
//   in application code), so concurrent callers and replicas cannot break the rule.
// - Ids are chosen by the caller (services), so both stores hold the same ids.
// Identity (second factors, refresh tokens, API keys, audit) has its own file: identity-ports.ts.

import type { ApiKeyRepository, AuditRepository, RefreshTokenRepository, TwoFactorRepository } from './identity-ports';

export type Role = 'USER' | 'ADMIN';

export interface EventRecord {
  id: string;
  name: string;
  venue: string;
  startsAt: Date;
  capacity: number;
  ticketsAvailable: number;
  priceCents: number;
  maxTicketsPerUser: number;
  createdAt: Date;
}

export type PurchaseStatus = 'pending' | 'completed';

export interface PurchaseRecord {
  id: string;
  userId: string;
  eventId: string;
  quantity: number;
  /** Null while the purchase is pending. */
  totalCents: number | null;
  idempotencyKey: string;
  status: PurchaseStatus;
  createdAt: Date;
}

export interface CommentRecord {
  id: string;
  eventId: string;
  authorId: string;
  authorUsername: string;
  body: string;
  createdAt: Date;
}

export interface AccountRecord {
  id: string;
  /** Lower-cased; unique in the store. */
  username: string;
  roles: Role[];
  /** bcrypt hash; null for accounts that cannot sign in with a password. */
  passwordHash: string | null;
  createdAt: Date;
}

/** Where a page starts: strictly after the item with this sort value and id (keyset pagination). */
export interface PageCursor {
  /** The sort key of the last item seen, as epoch milliseconds. */
  at: number;
  id: string;
}

export interface PageRequest {
  first: number;
  after?: PageCursor;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
}

export interface EventRepository {
  insert(event: EventRecord): Promise<void>;
  findById(id: string): Promise<EventRecord | null>;
  /** The events with these ids, in no particular order; unknown ids are left out. One query. */
  findByIds(ids: readonly string[]): Promise<EventRecord[]>;
  /** Ordered by startsAt ascending, then id ascending; the cursor's `at` is startsAt. */
  list(page: PageRequest): Promise<Page<EventRecord>>;
  count(): Promise<number>;
  /**
   * Takes `quantity` tickets if at least that many are left, in one conditional write.
   * Returns the updated event, or null when too few were left (nothing changed).
   */
  takeTickets(eventId: string, quantity: number): Promise<EventRecord | null>;
  /** Gives tickets back (compensation after a later step failed); never above capacity. */
  returnTickets(eventId: string, quantity: number): Promise<void>;
}

export type ClaimResult = { claimed: true } | { claimed: false; existing: PurchaseRecord };

export interface PurchaseRepository {
  /**
   * Records a pending purchase unless the user already has one with this idempotency key
   * (unique per user, enforced by the store). When one exists, returns it instead.
   */
  claim(pending: PurchaseRecord): Promise<ClaimResult>;
  /** Marks a pending purchase completed with its total; returns the completed record. */
  complete(id: string, totalCents: number): Promise<PurchaseRecord>;
  /** Deletes a purchase that is still pending (its flow failed), so the key can be used again. */
  releasePending(id: string): Promise<void>;
  findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<PurchaseRecord | null>;
  /** Completed purchases of one user, newest first (createdAt descending, then id descending). */
  listByUser(userId: string, page: PageRequest): Promise<Page<PurchaseRecord>>;
}

export interface TicketAllowanceRepository {
  /**
   * Counts `quantity` more tickets against the user's allowance for the event if the total stays
   * within `maxPerUser`, in one conditional write. Returns false (nothing changed) otherwise.
   */
  reserve(userId: string, eventId: string, quantity: number, maxPerUser: number): Promise<boolean>;
  /** Undoes a reservation (compensation); never below zero. */
  release(userId: string, eventId: string, quantity: number): Promise<void>;
  /** Tickets counted for the user and event so far (0 when none). */
  used(userId: string, eventId: string): Promise<number>;
}

export interface CommentRepository {
  insert(comment: CommentRecord): Promise<void>;
  /** One thread, newest first (createdAt descending, then id descending). */
  listByEvent(eventId: string, page: PageRequest): Promise<Page<CommentRecord>>;
}

export interface AccountRepository {
  /** Inserts the account; returns false (nothing changed) when the username is taken. */
  insert(account: AccountRecord): Promise<boolean>;
  findById(id: string): Promise<AccountRecord | null>;
  findByUsername(username: string): Promise<AccountRecord | null>;
}

export interface Store {
  readonly kind: 'embedded' | 'mongodb';
  readonly events: EventRepository;
  readonly purchases: PurchaseRepository;
  readonly allowances: TicketAllowanceRepository;
  readonly comments: CommentRepository;
  readonly accounts: AccountRepository;
  readonly twoFactor: TwoFactorRepository;
  readonly refreshTokens: RefreshTokenRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly audit: AuditRepository;
  /** Resolves when the store can serve requests; rejects otherwise (readiness probe). */
  ping(): Promise<void>;
  /** Flushes and closes; the store is unusable afterwards. */
  close(): Promise<void>;
}

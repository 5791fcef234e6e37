// Stored shapes (the record's id is the document's _id, a string) and the mappers back to plain
// records. Mappers pick known fields, so nothing the driver adds leaks out.
import type { Filter, Sort } from 'mongodb';
import type { ApiKeyRecord, AuditRecord, RefreshTokenRecord, TwoFactorState } from '../identity-ports';
import type { AccountRecord, CommentRecord, EventRecord, Page, PageRequest, PurchaseRecord } from '../ports';

export type Doc<R extends { id: string }> = Omit<R, 'id'> & { _id: string };
export type EventDoc = Doc<EventRecord>;
export type PurchaseDoc = Doc<PurchaseRecord>;
export type CommentDoc = Doc<CommentRecord>;
export type AccountDoc = Doc<AccountRecord>;
export type RefreshTokenDoc = Doc<RefreshTokenRecord>;
export type ApiKeyDoc = Doc<ApiKeyRecord>;
export type AuditDoc = Doc<AuditRecord>;
/** One per account: _id is the userId. */
export type TwoFactorDoc = TwoFactorState & { _id: string };
export interface AllowanceDoc {
  _id: string;
  userId: string;
  eventId: string;
  count: number;
}

export const toEvent = (d: EventDoc): EventRecord => ({
  id: d._id, name: d.name, venue: d.venue, startsAt: new Date(d.startsAt), capacity: d.capacity,
  ticketsAvailable: d.ticketsAvailable, priceCents: d.priceCents, maxTicketsPerUser: d.maxTicketsPerUser,
  createdAt: new Date(d.createdAt),
});

export const toPurchase = (d: PurchaseDoc): PurchaseRecord => ({
  id: d._id, userId: d.userId, eventId: d.eventId, quantity: d.quantity, totalCents: d.totalCents ?? null,
  idempotencyKey: d.idempotencyKey, status: d.status, createdAt: new Date(d.createdAt),
});

export const toComment = (d: CommentDoc): CommentRecord => ({
  id: d._id, eventId: d.eventId, authorId: d.authorId, authorUsername: d.authorUsername, body: d.body,
  createdAt: new Date(d.createdAt),
});

export const toAccount = (d: AccountDoc): AccountRecord => ({
  id: d._id, username: d.username, roles: [...d.roles], passwordHash: d.passwordHash ?? null,
  createdAt: new Date(d.createdAt),
});

const dateOrNull = (value: Date | null | undefined): Date | null => (value ? new Date(value) : null);

export const toTwoFactor = (d: TwoFactorDoc): TwoFactorState => ({
  secretCiphertext: d.secretCiphertext, enabledAt: dateOrNull(d.enabledAt), lastUsedStep: d.lastUsedStep,
  recoveryCodeHashes: [...(d.recoveryCodeHashes ?? [])],
});

export const toRefreshToken = (d: RefreshTokenDoc): RefreshTokenRecord => ({
  id: d._id, userId: d.userId, familyId: d.familyId, tokenHash: d.tokenHash, createdAt: new Date(d.createdAt),
  expiresAt: new Date(d.expiresAt), usedAt: dateOrNull(d.usedAt), revokedAt: dateOrNull(d.revokedAt),
});

export const toApiKey = (d: ApiKeyDoc): ApiKeyRecord => ({
  id: d._id, userId: d.userId, name: d.name, prefix: d.prefix, secretHash: d.secretHash,
  previousSecretHash: d.previousSecretHash ?? null, previousSecretExpiresAt: dateOrNull(d.previousSecretExpiresAt),
  scopes: [...d.scopes], createdAt: new Date(d.createdAt), expiresAt: dateOrNull(d.expiresAt),
  lastUsedAt: dateOrNull(d.lastUsedAt), revokedAt: dateOrNull(d.revokedAt),
});

export const toAudit = (d: AuditDoc): AuditRecord => ({
  id: d._id, at: new Date(d.at), action: d.action, outcome: d.outcome, userId: d.userId ?? null, keyId: d.keyId ?? null,
  clientAddress: d.clientAddress, requestId: d.requestId, code: d.code ?? null, details: { ...d.details },
});

/** The stored document for a record: same fields, id renamed to _id, nothing shared with the caller. */
export function toDoc<R extends { id: string }>(record: R): Doc<R> {
  const { id, ...rest } = structuredClone(record);
  return { _id: id, ...rest } as Doc<R>;
}

/** Keyset pagination on (field, _id): strictly after the cursor, in the given direction. */
export function keyset<T extends { _id: string }>(field: string, direction: 1 | -1, page: PageRequest) {
  const sort: Sort = { [field]: direction, _id: direction };
  if (!page.after) return { filter: {} as Filter<T>, sort };
  const op = direction === 1 ? '$gt' : '$lt';
  const at = new Date(page.after.at);
  const filter = { $or: [{ [field]: { [op]: at } }, { [field]: at, _id: { [op]: page.after.id } }] } as Filter<T>;
  return { filter, sort };
}

/** Callers fetch first + 1 documents: the extra one only says whether another page exists. */
export function toPage<D, R>(docs: D[], page: PageRequest, map: (doc: D) => R): Page<R> {
  const first = pageSize(page);
  return { items: docs.slice(0, first).map(map), hasNextPage: docs.length > first };
}

export const pageSize = (page: PageRequest): number => Math.max(0, Math.floor(page.first));

/** A negative quantity would turn a guarded take into an unguarded give (and vice versa). */
export function assertQuantity(quantity: number): void {
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw new RangeError(`quantity must be a positive integer, got ${quantity}`);
  }
}

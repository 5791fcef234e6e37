// Pieces every embedded repository uses: the collection handle, record <-> document mapping,
// keyset pagination and nedb's unique-violation error.
import Datastore from '@seald-io/nedb';
import type { Page, PageCursor, PageRequest } from '../ports';

/** A stored document: a record whose `id` is kept as nedb's `_id`. */
export type Doc = Record<string, unknown> & { _id: string };
export type Query = Record<string, unknown>;

export class StoreClosedError extends Error {
  constructor() {
    super('The embedded store is closed');
    this.name = 'StoreClosedError';
  }
}

/** Shared by all collections of one store, so closing the store closes all of them. */
export interface StoreState {
  closed: boolean;
  /** Multi-step operations under way; close() lets them finish before the final compaction. */
  inFlight: Set<Promise<unknown>>;
}

export class Collection {
  constructor(
    private readonly datastore: Datastore,
    private readonly state: StoreState,
  ) {}

  /** The datastore, or StoreClosedError once the store is closed. */
  get db(): Datastore {
    if (this.state.closed) throw new StoreClosedError();
    return this.datastore;
  }

  /**
   * Runs an operation of several steps so that close() waits for it. Take the datastores you need
   * before the first await: once started, the operation finishes even if close() begins meanwhile.
   */
  track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.state.closed) return Promise.reject(new StoreClosedError());
    const running = operation();
    this.state.inFlight.add(running);
    const forget = () => this.state.inFlight.delete(running);
    running.then(forget, forget);
    return running;
  }
}

/** nedb hands out the Date objects of its cache (model.js deepCopy), so copy them both ways. */
function copyValue(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map(copyValue);
  return value;
}

export function toDoc<T extends { id: string }>(record: T): Doc {
  const doc: Doc = { _id: record.id };
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'id') doc[key] = copyValue(value);
  }
  return doc;
}

export function fromDoc<T>(doc: Doc): T {
  const record: Record<string, unknown> = { id: doc._id };
  for (const [key, value] of Object.entries(doc)) {
    if (key !== '_id') record[key] = copyValue(value);
  }
  return record as T;
}

export function isUniqueViolation(err: unknown): boolean {
  return (err as { errorType?: unknown } | null)?.errorType === 'uniqueViolated';
}

/** Inserts the record unless a unique index refuses it; false (nothing changed) when it does. */
export async function insertUnique(db: Datastore, record: { id: string }): Promise<boolean> {
  try {
    await db.insertAsync(toDoc(record));
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Quantities reach conditional writes; zero or negative ones would turn a take into a give. */
export function assertQuantity(quantity: number): void {
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw new RangeError(`quantity must be a positive integer, got ${quantity}`);
  }
}

/**
 * Items strictly after the cursor in (field, _id) order. Without an equality filter, an extra plain
 * range on `field` lets nedb narrow candidates with the field's index; with one it only costs time.
 */
function afterCursor(filter: Query, field: string, direction: 1 | -1, after?: PageCursor): Query {
  if (!after) return {};
  const at = new Date(after.at);
  const [beyond, orEqual] = direction === 1 ? ['$gt', '$gte'] : ['$lt', '$lte'];
  const range = Object.keys(filter).length === 0 ? { [field]: { [orEqual]: at } } : {};
  return { ...range, $or: [{ [field]: { [beyond]: at } }, { [field]: at, _id: { [beyond]: after.id } }] };
}

/** One keyset page sorted by (field, _id) in `direction`; fetches one extra item to know hasNextPage. */
export async function findPage<T>(
  db: Datastore,
  filter: Query,
  field: string,
  direction: 1 | -1,
  page: PageRequest,
): Promise<Page<T>> {
  if (!Number.isSafeInteger(page.first) || page.first < 0) {
    throw new RangeError(`first must be a non-negative integer, got ${page.first}`);
  }
  const docs = (await db
    .findAsync({ ...filter, ...afterCursor(filter, field, direction, page.after) })
    .sort({ [field]: direction, _id: direction })
    .limit(page.first + 1)) as unknown as Doc[];
  return {
    items: docs.slice(0, page.first).map((doc) => fromDoc<T>(doc)),
    hasNextPage: docs.length > page.first,
  };
}

import type { AuditFilter, AuditRecord, AuditRepository } from '../identity-ports';
import type { Page, PageRequest } from '../ports';
import { Collection, findPage, type Query, toDoc } from './shared';

/** The append-only audit trail (index on `at`), listed newest first by (at, _id) descending. */
export class EmbeddedAuditRepository implements AuditRepository {
  constructor(private readonly events: Collection) {}

  async insert(event: AuditRecord): Promise<void> {
    // toDoc copies the Dates; nedb deep-copies plain objects such as details itself (datastore.js
    // _prepareDocumentForInsertion), but keeps Date objects as they are (model.js deepCopy).
    await this.events.db.insertAsync(toDoc(event));
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>> {
    const found = await findPage<AuditRecord>(this.events.db, matching(filter), 'at', -1, page);
    // Events written before keyId existed have none: they were not made with an API key.
    return { ...found, items: found.items.map((event) => ({ ...event, keyId: event.keyId ?? null })) };
  }
}

/**
 * Only the filter's set fields: nedb compares `{ userId: undefined }` as equality with undefined
 * (model.js areThingsEqual returns false), which would match nothing instead of everything.
 */
function matching(filter: AuditFilter): Query {
  const query: Query = {};
  if (filter.action !== undefined) query.action = filter.action;
  if (filter.userId !== undefined) query.userId = filter.userId;
  if (filter.outcome !== undefined) query.outcome = filter.outcome;
  if (filter.code !== undefined) query.code = filter.code;
  if (filter.clientAddress !== undefined) query.clientAddress = filter.clientAddress;
  const at: Query = {};
  if (filter.since !== undefined) at.$gte = filter.since;
  if (filter.until !== undefined) at.$lt = filter.until;
  if (Object.keys(at).length > 0) query.at = at;
  return query;
}

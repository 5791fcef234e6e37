// The audit trail: append-only, listed newest first (at descending, then _id descending) with the
// same keyset pagination as the other lists.
import type { Collection, Filter } from 'mongodb';
import type { AuditFilter, AuditRecord, AuditRepository } from '../identity-ports';
import type { Page, PageRequest } from '../ports';
import { keyset, pageSize, toAudit, toDoc, toPage, type AuditDoc } from './documents';

export class MongoAuditRepository implements AuditRepository {
  constructor(private readonly events: Collection<AuditDoc>) {}

  async insert(event: AuditRecord): Promise<void> {
    await this.events.insertOne(toDoc(event));
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>> {
    const { filter: after, sort } = keyset<AuditDoc>('at', -1, page);
    const docs = await this.events
      .find({ ...after, ...matching(filter) })
      .sort(sort)
      .limit(pageSize(page) + 1)
      .toArray();
    return toPage(docs, page, toAudit);
  }
}

/**
 * Equality on the filter's set fields only: the driver would send an undefined field as null
 * (ignoreUndefined is off), which would match only events without a user instead of all of them.
 */
function matching(filter: AuditFilter): Filter<AuditDoc> {
  const query: Filter<AuditDoc> = {};
  if (filter.action !== undefined) query.action = filter.action;
  if (filter.userId !== undefined) query.userId = filter.userId;
  if (filter.outcome !== undefined) query.outcome = filter.outcome;
  if (filter.code !== undefined) query.code = filter.code;
  if (filter.clientAddress !== undefined) query.clientAddress = filter.clientAddress;
  if (filter.since !== undefined || filter.until !== undefined) {
    query.at = { ...(filter.since !== undefined && { $gte: filter.since }), ...(filter.until !== undefined && { $lt: filter.until }) };
  }
  return query;
}

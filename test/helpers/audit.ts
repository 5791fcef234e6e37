// Reading the audit trail the way an operator does: the ADMIN query over HTTP.
import assert from 'node:assert/strict';
import { AuditEventsDocument, type AuditEventFilter, type AuditEventsQuery } from '../generated/graphql';
import type { ApiClient } from './client';
import { ADMIN } from './test-app';

export type AuditEventNode = AuditEventsQuery['auditEvents']['edges'][number]['node'];

/** The events matching the filter, newest first (one page of up to 100), read as the bootstrap ADMIN. */
export async function auditEvents(client: ApiClient, filter: AuditEventFilter): Promise<AuditEventNode[]> {
  const result = await client.request(AuditEventsDocument, { filter, first: 100 }, { as: ADMIN.username });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data!.auditEvents.edges.map((edge) => edge.node);
}

/** One detail of an event (`rule`, `eventId`, …), or undefined. */
export const detailOf = (event: AuditEventNode, key: string): string | undefined => event.details.find((d) => d.key === key)?.value;

/** A fresh documentation IPv6 address (2001:db8::/32) in its own /64, so each test reads and counts only its own traffic. */
export function uniqueAddress(): string {
  const hex = () => Math.floor(Math.random() * 0xffff).toString(16);
  return `2001:db8:${hex()}:${hex()}::${hex()}`;
}

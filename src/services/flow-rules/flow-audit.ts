// Every refusal of a sensitive flow is an audit event: the flow, who (account, API key), the code,
// the registry rule that refused and a few non-secret facts (ids, quantities). Never the input's
// text: no comment bodies, no codes, no idempotency keys. Unexpected errors are not refusals: they
// are logged with the request by the request-logging plugin.
import { actorOf, type AuditService } from '../../audit/audit-service';
import type { AccountPrincipal } from '../../context/principal';
import { isAppError } from '../../errors/app-error';
import type { AuditRecord } from '../../repositories/identity-ports';
import type { RequestMeta } from '../request-meta';
import type { FlowName } from './registry';
import { ruleOf } from './refusal';

export type AuditFacts = AuditRecord['details'];

export async function auditRefusal(audit: AuditService, meta: RequestMeta, flow: FlowName, principal: AccountPrincipal, error: unknown, facts: AuditFacts): Promise<void> {
  if (!isAppError(error)) return;
  const rule = ruleOf(error);
  const details = rule ? { ...facts, rule } : facts;
  await audit.record(meta, { action: flow, outcome: 'refused', code: error.code, ...actorOf(principal), details });
}

export async function auditSuccess(audit: AuditService, meta: RequestMeta, flow: FlowName, principal: AccountPrincipal, facts: AuditFacts): Promise<void> {
  await audit.record(meta, { action: flow, outcome: 'success', ...actorOf(principal), details: facts });
}

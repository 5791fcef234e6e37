// The audit trail for operators: who did what, from where, and what the flow rules refused.
// ADMIN only (an API key never reaches it: the field lists no scope).
import { Args, Ctx, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import type { AuditFilter, AuditRecord } from '../../repositories/identity-ports';
import { pageRequest, toConnection, type Connection } from '../common/pagination';
import { AuditEventsArgs, type AuditEventFilter } from './inputs';
import { AuditDetail, AuditEvent, AuditEventConnection } from './types';

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Directive('@cost(value: 1, multipliers: ["first"])')
  @Directive('@auth(requires: ADMIN)')
  @Query(() => AuditEventConnection, { description: 'The audit trail, newest first: sign-ins, key and 2FA changes, purchases, and every refusal by a flow rule. Requires the ADMIN role.' })
  async auditEvents(@Args(() => AuditEventsArgs) args: AuditEventsArgs, @Ctx() ctx: RequestContext): Promise<Connection<AuditRecord>> {
    const page = await ctx.services.audit.list(toAuditFilter(args.filter), pageRequest(args, ctx.maxPageSize));
    return toConnection(page, (event) => event.at);
  }

  @FieldResolver(() => String)
  flow(@Root() event: AuditRecord): string {
    return event.action;
  }

  @FieldResolver(() => String, { nullable: true })
  apiKeyId(@Root() event: AuditRecord): string | null {
    return event.keyId;
  }

  @FieldResolver(() => [AuditDetail])
  details(@Root() event: AuditRecord): AuditDetail[] {
    return Object.entries(event.details).map(([key, value]) => ({ key, value: String(value) }));
  }
}

/** Only the filter's set fields (null and absent both mean "any"). */
function toAuditFilter(filter: AuditEventFilter | null | undefined): AuditFilter {
  const set = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
  return {
    action: set(filter?.flow),
    outcome: set(filter?.outcome),
    code: set(filter?.code),
    userId: set(filter?.userId),
    clientAddress: set(filter?.clientAddress),
    since: set(filter?.since),
    until: set(filter?.until),
  };
}

import { Arg, Args, Ctx, Directive, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requestMeta as meta, type RequestContext } from '../../context/context';
import { requireAccount } from '../../guards/access';
import type { EventRecord, PurchaseRecord } from '../../repositories/ports';
import { PaginationArgs, pageRequest, toConnection, type Connection } from '../common/pagination';
import { Event } from '../events/types';
import { BuyTicketInput } from './inputs';
import { Purchase, PurchaseConnection } from './types';

@Resolver(() => Purchase)
export class TicketResolver {
  @Directive('@rateLimit(name: "buyTicket.perCaller", max: 10, window: "60s")')
  @Directive('@rateLimit(name: "buyTicket.perAddress", max: 60, window: "60s", per: ADDRESS)')
  @Directive('@cost(value: 10)')
  @Directive('@auth(scopes: [TICKETS_WRITE])')
  @Mutation(() => Purchase, {
    description: 'Buys tickets. Signed in. Flow rules (README "Flow rules"): tickets per client address per event, a fresh second factor once the tickets bought for the event without one would pass STEP_UP_TICKET_THRESHOLD, optionally a minimum account age. Codes: SOLD_OUT, PURCHASE_LIMIT_EXCEEDED, TWO_FACTOR_REQUIRED, TOO_FAST, RATE_LIMITED, IDEMPOTENCY_CONFLICT, IDEMPOTENCY_IN_PROGRESS, NOT_FOUND, BAD_USER_INPUT.',
  })
  buyTicket(@Arg('input', () => BuyTicketInput) input: BuyTicketInput, @Ctx() ctx: RequestContext): Promise<PurchaseRecord> {
    return ctx.services.tickets.buy(requireAccount(ctx.principal), input, meta(ctx));
  }

  @Directive('@cost(value: 1, multipliers: ["first"])')
  @Directive('@auth(scopes: [READ])')
  @Query(() => PurchaseConnection, { description: "The caller's own purchases, newest first. Signed in." })
  async myPurchases(@Args(() => PaginationArgs) args: PaginationArgs, @Ctx() ctx: RequestContext): Promise<Connection<PurchaseRecord>> {
    const buyer = requireAccount(ctx.principal);
    const page = await ctx.services.tickets.myPurchases(buyer, pageRequest(args, ctx.maxPageSize));
    return toConnection(page, (purchase) => purchase.createdAt);
  }

  @FieldResolver(() => Event)
  async event(@Root() purchase: PurchaseRecord, @Ctx() ctx: RequestContext): Promise<EventRecord> {
    const event = await ctx.loaders.events.load(purchase.eventId); // one store query for the whole page
    if (!event) throw new Error(`Purchase ${purchase.id} refers to a missing event`);
    return event;
  }
}

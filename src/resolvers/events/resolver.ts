import { Arg, Args, Ctx, Directive, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import type { EventRecord } from '../../repositories/ports';
import { PaginationArgs, pageRequest, toConnection, type Connection } from '../common/pagination';
import { CreateEventInput, EventArgs } from './inputs';
import { Event, EventConnection } from './types';

@Resolver(() => Event)
export class EventResolver {
  @Directive('@cost(value: 1, multipliers: ["first"])')
  @Directive('@public')
  @Query(() => EventConnection, { description: 'Events by start time, soonest first. Public.' })
  async events(@Args(() => PaginationArgs) args: PaginationArgs, @Ctx() ctx: RequestContext): Promise<Connection<EventRecord>> {
    const page = await ctx.services.events.list(pageRequest(args, ctx.maxPageSize));
    return toConnection(page, (event) => event.startsAt);
  }

  @Directive('@cost(value: 1)')
  @Directive('@public')
  @Query(() => Event, { nullable: true, description: 'One event, or null when there is none with this id. Public.' })
  event(@Args(() => EventArgs) { id }: EventArgs, @Ctx() ctx: RequestContext): Promise<EventRecord | null> {
    return ctx.services.events.get(id);
  }

  @Directive('@cost(value: 10)')
  @Directive('@auth(requires: ADMIN)')
  @Mutation(() => Event, { description: 'Creates an event. Requires the ADMIN role.' })
  createEvent(@Arg('input', () => CreateEventInput) input: CreateEventInput, @Ctx() ctx: RequestContext): Promise<EventRecord> {
    return ctx.services.events.create(input);
  }
}

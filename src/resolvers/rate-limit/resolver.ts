import { Ctx, Directive, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { budgetReport } from '../../guards/cost-budget/report';
import { serviceUnavailable } from '../../limits/unavailable';
import { RateLimitStatus } from './types';

@Resolver()
export class RateLimitResolver {
  @Directive('@cost(value: 0)')
  @Directive('@public')
  @Query(() => RateLimitStatus, { description: "The caller's own cost budget (like GitHub's rateLimit). Free, so it can be asked even with an empty bucket. Public." })
  rateLimit(@Ctx() ctx: RequestContext): RateLimitStatus {
    // The cost plugin paid for this operation before execution and left the bucket here.
    const state = ctx.costBudget?.state;
    if (!state) throw serviceUnavailable();
    return { cost: ctx.costBudget?.requested ?? 0, ...budgetReport(state), resetAt: new Date(state.resetAt) };
  }
}

// Builds the flow rules from the configuration. What each rule is and which variables configure it
// is declared in registry.ts; this only hands each rule its settings and the stores it counts in.
import type { Config } from '../../config';
import type { CounterStore } from '../../limits/ports';
import type { AccountRepository } from '../../repositories/ports';
import type { Clock } from '../clock';
import type { TwoFactorService } from '../two-factor';
import { MinimumAccountAge } from './account-age';
import { AddressTicketCap } from './address-ticket-cap';
import { CommentRules } from './comment-rules';
import { DuplicateCommentGuard } from './duplicate-comment';
import { PurchaseRules } from './purchase-rules';
import { StepUpTwoFactor } from './step-up';
import { ThreadBurstLimit } from './thread-burst';

export interface FlowRules {
  purchase: PurchaseRules;
  comment: CommentRules;
}

export interface FlowRuleDeps {
  counters: CounterStore;
  accounts: AccountRepository;
  clock: Clock;
  twoFactor: TwoFactorService;
}

export function createFlowRules(config: Config, deps: FlowRuleDeps): FlowRules {
  const { flowRules: rules, identity } = config;
  const { counters, accounts, clock } = deps;
  return {
    purchase: new PurchaseRules({
      accountAge: new MinimumAccountAge(accounts, clock, rules.minAccountAgeSeconds.buyTicket),
      addressCap: new AddressTicketCap(counters, rules.ticketsPerAddress),
      stepUp: new StepUpTwoFactor(deps.twoFactor, counters, {
        threshold: rules.stepUpTicketThreshold,
        maxAttempts: identity.twoFactor.maxAttempts,
        windowSeconds: identity.login.windowSeconds,
      }),
    }),
    comment: new CommentRules({
      accountAge: new MinimumAccountAge(accounts, clock, rules.minAccountAgeSeconds.postComment),
      duplicate: new DuplicateCommentGuard(counters, rules.duplicateCommentWindowSeconds),
      threadBurst: new ThreadBurstLimit(counters, rules.threadBurst),
    }),
  };
}

export { flowRegistry, renderFlowRulesTable, type FlowName, type RuleName } from './registry';

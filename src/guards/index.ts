// The one composer of the guards that refuse work before execution: document limits (parser and
// validation rules), the API key request rate, the cost cap and budget, and the 429/503 status of a
// refused request, and the budget of response-cache hits. Apollo's wiring takes its output as is. `enabled: false` exists for the benchmark's
// "limits off" baseline only; nothing in config can reach it.
import type { ApolloServerPlugin } from '@apollo/server';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { Config } from '../config';
import type { RequestContext } from '../context/context';
import { refusalStatusPlugin } from '../graphql/plugins/refusal-status';
import type { LimitStores } from '../limits/ports';
import type { Logger } from '../logging/logger';
import type { LimitRefusalAudit } from '../audit/limit-refusals';
import { admitEveryCachedRead, type HandlerDeps } from '../http/server';
import { CostBudget } from './cost-budget/budget';
import { budgetForCachedReads } from './cost-budget/cached-reads';
import { documentLimitGuards } from './document-limits';
import { queryCostGuards } from './query-cost';
import { apiKeyRequestsPlugin } from './rate-limit';

export interface LimitGuards {
  parseOptions?: ParseOptions;
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<RequestContext>[];
  /** The budget for response-cache hits, which never reach Apollo. */
  admitCachedRead: HandlerDeps['admitCachedRead'];
}

export function limitGuards(config: Config, limits: LimitStores, refusals: LimitRefusalAudit, logger: Logger, enabled = true): LimitGuards {
  if (!enabled) return { validationRules: [], plugins: [], admitCachedRead: admitEveryCachedRead };
  const production = config.isProduction;
  const documentLimits = documentLimitGuards({ ...config.documentLimits, exposeLimits: !production, introspectionEnabled: !production });
  const budget = new CostBudget(limits.budgets, config.costBudget);
  const queryCost = queryCostGuards({ ...config.queryCost, budget, logger });
  return {
    admitCachedRead: budgetForCachedReads(budget, refusals, logger),
    parseOptions: documentLimits.parseOptions, // token limit: the parser stops past it
    validationRules: documentLimits.validationRules, // depth, aliases, directives, root fields
    plugins: [
      ...documentLimits.plugins,
      apiKeyRequestsPlugin(limits.counters, config.rateLimits.apiKeyRequestsPerMinute, logger),
      ...queryCost.plugins, // cost cap and budget before execution; `extensions.cost` on every executed operation
      refusalStatusPlugin(), // 429/503 + Retry-After when a limit refused the whole request
    ],
  };
}

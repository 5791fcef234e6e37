// Apollo Server with every security-relevant flag set from validated config, never from Apollo's
// NODE_ENV-based defaults (which turn on introspection and stack traces outside production).
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import type { RequestContext } from '../context/context';
import { createErrorFormatter } from '../errors/format-error';
import { documentLimitGuards } from '../guards/document-limits';
import { CostBudget } from '../guards/cost-budget/budget';
import { queryCostGuards } from '../guards/query-cost';
import { apiKeyRequestsPlugin } from '../guards/rate-limit';
import type { LimitStores } from '../limits/ports';
import type { Logger } from '../logging/logger';
import { credentialCheckPlugin } from './plugins/credential-check';
import { refusalStatusPlugin } from './plugins/refusal-status';
import { requestLoggingPlugin } from './plugins/request-logging';

export function createApolloServer(schema: GraphQLSchema, httpServer: Server, config: Config, logger: Logger, limits: LimitStores): ApolloServer<RequestContext> {
  const production = config.isProduction;
  const documentLimits = documentLimitGuards({ ...config.documentLimits, exposeLimits: !production, introspectionEnabled: !production });
  const queryCost = queryCostGuards({ ...config.queryCost, budget: new CostBudget(limits.budgets, config.costBudget), logger });
  return new ApolloServer<RequestContext>({
    schema,
    logger,
    nodeEnv: config.nodeEnv,
    introspection: !production,
    includeStacktraceInErrorResponses: false, // stacks go to the log, never to clients
    hideSchemaDetailsFromClientErrors: production, // no "Did you mean …?" field suggestions
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    formatError: createErrorFormatter({ isProduction: production }),
    parseOptions: documentLimits.parseOptions, // token limit: the parser stops past it
    validationRules: documentLimits.validationRules, // depth, aliases, directives, root fields
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      requestLoggingPlugin(),
      credentialCheckPlugin(),
      ...documentLimits.plugins,
      apiKeyRequestsPlugin(limits.counters, config.rateLimits.apiKeyRequestsPerMinute, logger),
      ...queryCost.plugins, // cost cap and budget before execution; `extensions.cost` on every executed operation
      refusalStatusPlugin(), // 429/503 + Retry-After when a limit refused the whole request
      // Cache hints arrive with the cached-comments work; until then the plugin only costs time.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
    ],
  });
}

// Apollo Server with every security-relevant flag set from validated config, never from Apollo's
// NODE_ENV-based defaults (which turn on introspection and stack traces outside production).
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import {
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
import { queryCostGuards } from '../guards/query-cost';
import type { Logger } from '../logging/logger';
import { cacheScopePlugin } from './plugins/cache-scope';
import { credentialCheckPlugin } from './plugins/credential-check';
import { requestLoggingPlugin } from './plugins/request-logging';

export function createApolloServer(schema: GraphQLSchema, httpServer: Server, config: Config, logger: Logger): ApolloServer<RequestContext> {
  const production = config.isProduction;
  const documentLimits = documentLimitGuards({ ...config.documentLimits, exposeLimits: !production, introspectionEnabled: !production });
  const queryCost = queryCostGuards(config.queryCost);
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
      ...queryCost.plugins, // cost cap before execution; `extensions.cost` on every executed operation
      // `@cacheControl` hints → the response's policy and Cache-Control header (`no-store` unless every
      // field is declared cacheable); cache-scope makes anything a credential touched private, uncached.
      cacheScopePlugin(),
      ApolloServerPluginCacheControl({ defaultMaxAge: 0, calculateHttpHeaders: true }),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
    ],
  });
}

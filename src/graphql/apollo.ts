// Apollo Server with every security-relevant flag set from validated config, never from Apollo's
// NODE_ENV-based defaults (which turn on introspection and stack traces outside production).
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import type { RequestContext } from '../context/context';
import { createErrorFormatter } from '../errors/format-error';
import type { LimitGuards } from '../guards';
import type { Logger } from '../logging/logger';
import { cachePolicyPlugin } from './cache-policy';
import { persistedQueriesOption } from './persisted-queries';
import { cacheScopePlugin } from './plugins/cache-scope';
import { credentialCheckPlugin } from './plugins/credential-check';
import { requestLoggingPlugin } from './plugins/request-logging';

export function createApolloServer(schema: GraphQLSchema, httpServer: Server, config: Config, logger: Logger, guards: LimitGuards): ApolloServer<RequestContext> {
  const production = config.isProduction;
  return new ApolloServer<RequestContext>({
    schema,
    logger,
    nodeEnv: config.nodeEnv,
    introspection: !production,
    includeStacktraceInErrorResponses: false, // stacks go to the log, never to clients
    hideSchemaDetailsFromClientErrors: production, // no "Did you mean …?" field suggestions
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM/SIGINT: it stops Apollo, then the caches, the store and the limits. Apollo's
    // own handler would stop only Apollo and let the process end before the store was closed.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    persistedQueries: persistedQueriesOption(config.persistedQueries), // bounded; false in trusted-documents mode
    formatError: createErrorFormatter({ isProduction: production }),
    parseOptions: guards.parseOptions, // token limit: the parser stops past it
    validationRules: guards.validationRules, // depth, aliases, directives, root fields
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      requestLoggingPlugin(),
      credentialCheckPlugin(),
      ...guards.plugins, // document limits, API key rate, cost cap and budget, refusal status (src/guards/index.ts)
      // `@cacheControl` hints → the response's policy and Cache-Control header (`no-store` unless every
      // field is declared cacheable), computed once per document instead of Apollo's per-field plugin;
      // cache-scope makes anything a credential touched private, uncached.
      cacheScopePlugin(),
      ApolloServerPluginCacheControlDisabled(),
      cachePolicyPlugin({ fieldMaxAges: { 'Query.comments': config.cache.maxAges.comments } }),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // Sandbox outside production only; production serves no HTML at all (its default page loads
      // scripts from Apollo's CDN and names the server software).
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
    ],
  });
}

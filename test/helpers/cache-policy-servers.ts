// Two in-process Apollo servers over one schema, to compare cache policies: `apollo` runs Apollo's
// own cacheControl plugin (with the configured max-ages set at run time by setCacheHint, as the
// comments resolver used to), `ours` runs the cache-policy plugin. Each run reports the response's
// Cache-Control header and the overall policy the request ended with.
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { cachePolicyPlugin, type CacheHint } from '../../src/graphql/cache-policy';

export interface PolicyRun {
  header: string | undefined;
  policy: CacheHint;
  errors: readonly unknown[] | undefined;
}

export type PolicyRunner<TContext> = (query: string, variables?: Record<string, unknown>, context?: TContext) => Promise<PolicyRun>;

export interface PolicyServers<TContext> {
  apollo: PolicyRunner<TContext>;
  ours: PolicyRunner<TContext>;
  stop(): Promise<void>;
}

export const policyOf = (hint: CacheHint): CacheHint => ({ maxAge: hint.maxAge, scope: hint.scope });

export async function startPolicyServers<TContext extends BaseContext>(options: {
  schema: GraphQLSchema;
  fieldMaxAges: Record<string, number>;
  context: () => TContext;
  rootValue?: unknown;
}): Promise<PolicyServers<TContext>> {
  const { schema, fieldMaxAges, rootValue } = options;
  // Apollo calls willResolveField hooks in reverse plugin order: the hint goes in after Apollo's plugin set up `info.cacheControl`.
  const apollo = await runner(options.context, { schema, rootValue, plugins: [configuredHints(fieldMaxAges), ApolloServerPluginCacheControl({ defaultMaxAge: 0, calculateHttpHeaders: true })] });
  const ours = await runner(options.context, { schema, rootValue, plugins: [ApolloServerPluginCacheControlDisabled(), cachePolicyPlugin({ fieldMaxAges })] });
  return { apollo: apollo.run, ours: ours.run, stop: async () => { await apollo.server.stop(); await ours.server.stop(); } };
}

/** Apollo runs each operation on a shallow copy of the context: the box the policy is written to survives it. */
const RECORDED = Symbol('recorded cache policy');
type Recorded = { [RECORDED]?: { policy?: CacheHint } };

async function runner<TContext extends BaseContext>(context: () => TContext, config: { schema: GraphQLSchema; rootValue?: unknown; plugins: ApolloServerPlugin<TContext>[] }) {
  const record: ApolloServerPlugin<TContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, overallCachePolicy }) {
          const box = (contextValue as Recorded)[RECORDED];
          if (box) box.policy = policyOf(overallCachePolicy);
        },
      };
    },
  };
  const server = new ApolloServer<TContext>({ ...config, introspection: true, plugins: [...config.plugins, record] });
  await server.start();
  const run: PolicyRunner<TContext> = async (query, variables, contextValue = context()) => {
    const box: { policy?: CacheHint } = {};
    const response = await server.executeOperation({ query, variables }, { contextValue: Object.assign(contextValue, { [RECORDED]: box }) });
    const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
    if (!box.policy) throw new Error('the server did not record its cache policy');
    return { header: response.http.headers.get('cache-control'), policy: box.policy, errors };
  };
  return { server, run };
}

type InfoWithCacheControl = GraphQLResolveInfo & { cacheControl: { setCacheHint(hint: CacheHint): void } };

/** What `ReadNotes.threadRead` did before: the configured max-age, set when the field starts resolving. */
function configuredHints<TContext extends BaseContext>(fieldMaxAges: Record<string, number>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              const maxAge = fieldMaxAges[`${info.parentType.name}.${info.fieldName}`];
              if (maxAge !== undefined) (info as InfoWithCacheControl).cacheControl.setCacheHint({ maxAge });
            },
          };
        },
      };
    },
  };
}

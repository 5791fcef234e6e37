// Configuration: read every variable of ./variables.ts, report every problem at once (one line
// each), apply the rules that involve several variables, and hand out one frozen object.
import { ConfigProblem, type TrustProxy } from './parse';
import type { RateLimitOverrideTable } from './parse-limits';
import type { BucketRule } from '../limits/ports';
import { variables, type ParsedVariables, type VariableKey } from './variables';
import { identityConfig, type IdentityConfig } from './identity';
import { limitsConfig, type LimitsConfig } from './limits';
import { mongoUriProblems } from './mongo-uri';
import { ManifestError, readTrustedDocuments, type TrustedDocuments } from './trusted-documents';

export type { IdentityConfig, LimitsConfig, TrustedDocuments, TrustProxy };
export type NodeEnv = ParsedVariables['nodeEnv'];

export type StoreConfig =
  | { kind: 'embedded'; dataDir: string }
  | {
      kind: 'mongodb';
      uri: string;
      tlsCaFile?: string;
      maxPoolSize: number;
      serverSelectionTimeoutMS: number;
      connectTimeoutMS: number;
      socketTimeoutMS: number;
    };

export interface Config {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  port: number;
  host: string;
  logLevel: ParsedVariables['logLevel'];
  store: StoreConfig;
  http: { trustProxy: TrustProxy; corsOrigins: string[]; maxBodyBytes: number; requestTimeoutMs: number; shutdownTimeoutMs: number };
  flows: { maxPageSize: number; maxTicketsPerOrder: number; idempotencyWaitMs: number };
  /** The rules of the sensitive flows (declared in src/services/flow-rules/registry.ts). */
  flowRules: FlowRulesConfig;
  /** Limits on a document's shape, checked before execution (src/guards/document-limits). */
  documentLimits: { depth: number; aliases: number; directives: number; tokens: number; rootFields: number };
  /** The per-operation cost cap, checked before execution (src/guards/query-cost). */
  queryCost: { maxCost: number };
  /** Cost budgets per identity class (src/guards/cost-budget). */
  costBudget: { anonymous: BucketRule; user: BucketRule; apiKey: BucketRule };
  /** Per-field `@rateLimit` overrides by name, and the per-request rate of API keys (src/guards/rate-limit). */
  rateLimits: { overrides: RateLimitOverrideTable; apiKeyRequestsPerMinute: number };
  /** Automatic persisted queries (APQ): a bounded cache of registered documents; off in trusted mode. */
  persistedQueries: { enabled: boolean; maxBytes: number; ttlSeconds: number };
  /** Set: only the manifest's documents run (src/http/trusted-documents.ts). */
  trustedDocuments?: TrustedDocuments;
  /** Cache hints and the server-side response cache (src/cache, src/http/response-cache.ts). */
  cache: { enabled: boolean; maxEntries: number; maxBytes: number; maxAges: { comments: number } };
  seedDemoData: boolean;
  bcryptCost: number;
  identity: IdentityConfig;
  /** Where counters and budgets live: Redis (shared by replicas) or memory (src/limits). */
  limits: LimitsConfig;
  bootstrapAdmin?: { username: string; password: string };
  /** Things worth a log line at start-up that do not stop it. */
  warnings: string[];
}

export interface FlowRulesConfig {
  ticketsPerAddress: { limit: number; windowSeconds: number };
  /** A buyer's tickets for one event bought without a second factor; an order taking them past this needs one. */
  stepUpTicketThreshold: number;
  /** 0 = the rule is off for that flow. */
  minAccountAgeSeconds: { buyTicket: number; postComment: number };
  duplicateCommentWindowSeconds: number;
  threadBurst: { limit: number; windowSeconds: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const problems: string[] = [];
  const values = parseAll(env, problems);
  const config = problems.length === 0 ? assemble(values, problems) : undefined;
  if (problems.length > 0 || !config) throw new ConfigError(problems);
  return deepFreeze(config);
}

function parseAll(env: Record<string, string | undefined>, problems: string[]): ParsedVariables {
  const values: Partial<Record<VariableKey, unknown>> = {};
  for (const key of Object.keys(variables) as VariableKey[]) {
    const variable = variables[key];
    try {
      values[key] = variable.parse(env[variable.name]);
    } catch (error) {
      if (!(error instanceof ConfigProblem)) throw error;
      problems.push(`${variable.name} ${error.message}`);
    }
  }
  return values as ParsedVariables;
}

function assemble(v: ParsedVariables, problems: string[]): Config {
  const isProduction = v.nodeEnv === 'production';
  const warnings: string[] = [];
  const store = storeConfig(v, isProduction, problems);
  const trustedDocuments = trustedDocumentsConfig(v.trustedDocumentsFile, problems);
  if (isProduction && store.kind === 'embedded') {
    warnings.push(`MONGODB_URI is unset: the embedded store in ${store.dataDir} serves a single node only`);
  }
  return {
    nodeEnv: v.nodeEnv,
    isProduction,
    port: v.port,
    host: v.host ?? '127.0.0.1',
    logLevel: v.logLevel,
    store,
    http: { trustProxy: v.trustProxy, corsOrigins: v.corsOrigins, maxBodyBytes: v.maxBodyBytes, requestTimeoutMs: v.requestTimeoutMs, shutdownTimeoutMs: v.shutdownTimeoutMs },
    flows: { maxPageSize: v.maxPageSize, maxTicketsPerOrder: v.maxTicketsPerOrder, idempotencyWaitMs: v.idempotencyWaitMs },
    flowRules: flowRulesConfig(v),
    documentLimits: { depth: v.maxQueryDepth, aliases: v.maxAliases, directives: v.maxDirectives, tokens: v.maxTokens, rootFields: v.maxRootFields },
    queryCost: { maxCost: v.maxQueryCost },
    costBudget: { anonymous: v.costBudgetAnonymous, user: v.costBudgetUser, apiKey: v.costBudgetApiKey },
    rateLimits: { overrides: v.rateLimits, apiKeyRequestsPerMinute: v.apiKeyRequestsPerMinute },
    persistedQueries: { enabled: v.apqEnabled && !trustedDocuments, maxBytes: v.apqCacheMaxBytes, ttlSeconds: v.apqTtlSeconds },
    trustedDocuments,
    cache: { enabled: v.cacheEnabled, maxEntries: v.responseCacheMaxEntries, maxBytes: v.responseCacheMaxBytes, maxAges: { comments: v.commentsMaxAgeSeconds } },
    seedDemoData: v.seedDemoData && v.nodeEnv === 'development',
    bcryptCost: v.bcryptCost,
    identity: identityConfig(v, isProduction, { problems, warnings }),
    limits: limitsConfig(v, isProduction, { problems, warnings }),
    bootstrapAdmin: bootstrapAdmin(v, problems),
    warnings,
  };
}

function flowRulesConfig(v: ParsedVariables): FlowRulesConfig {
  return {
    ticketsPerAddress: { limit: v.ticketsPerAddressPerEvent, windowSeconds: v.ticketsPerAddressWindowSeconds },
    stepUpTicketThreshold: v.stepUpTicketThreshold,
    minAccountAgeSeconds: { buyTicket: v.minAccountAgeSecondsToBuy, postComment: v.minAccountAgeSecondsToComment },
    duplicateCommentWindowSeconds: v.duplicateCommentWindowSeconds,
    threadBurst: { limit: v.commentThreadBurstLimit, windowSeconds: v.commentThreadBurstWindowSeconds },
  };
}

function storeConfig(v: ParsedVariables, isProduction: boolean, problems: string[]): StoreConfig {
  if (!v.mongodbUri) return { kind: 'embedded', dataDir: v.dataDir ?? './data' };
  problems.push(...mongoUriProblems(v.mongodbUri, isProduction).map((problem) => `MONGODB_URI ${problem}`));
  return {
    kind: 'mongodb',
    uri: v.mongodbUri,
    tlsCaFile: v.mongodbTlsCaFile,
    maxPoolSize: v.mongodbMaxPoolSize,
    serverSelectionTimeoutMS: v.mongodbServerSelectionTimeoutMs,
    connectTimeoutMS: v.mongodbConnectTimeoutMs,
    socketTimeoutMS: v.mongodbSocketTimeoutMs,
  };
}

function trustedDocumentsConfig(file: string | undefined, problems: string[]): TrustedDocuments | undefined {
  if (!file) return undefined;
  try {
    return readTrustedDocuments(file);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    problems.push(`TRUSTED_DOCUMENTS_FILE ${error.message}`);
    return undefined;
  }
}

function bootstrapAdmin(v: ParsedVariables, problems: string[]): Config['bootstrapAdmin'] {
  const username = v.bootstrapAdminUsername;
  const password = v.bootstrapAdminPassword;
  if (!username && !password) return undefined;
  if (!username || !password) {
    problems.push('BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD must be set together');
    return undefined;
  }
  if (password.length < 12) problems.push('BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters');
  return { username, password };
}

function deepFreeze<T>(value: T): T {
  // Typed arrays (key Buffers) cannot be frozen; they are never handed out for writing.
  if (value && typeof value === 'object' && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

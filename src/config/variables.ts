// The one table of environment variables: name, default, whether it is a secret, what it means.
// `.env.example` and README's configuration table are written from this table (scripts/…), and a
// test keeps them in sync. Parsing rules live in ./parse.ts; cross-variable rules in ./index.ts.
import { parseBucket, parseRateLimitOverrides } from './parse-limits';
import { parseBoolean, parseEnum, parseInteger, parseList, parseString, parseTrustProxy } from './parse';

export interface Variable<T> {
  name: string;
  doc: string;
  /** The default as written in .env.example; undefined = unset by default. */
  defaultText?: string;
  secret?: boolean;
  parse(raw: string | undefined): T;
}

const v = <T>(variable: Variable<T>): Variable<T> => variable;

export const variables = {
  nodeEnv: v({ name: 'NODE_ENV', defaultText: 'development', doc: '`development`, `test` or `production`; `production` hardens everything (masked errors, no dev header, secure store settings required).', parse: parseEnum(['development', 'test', 'production'] as const, 'development') }),
  port: v({ name: 'PORT', defaultText: '4000', doc: 'TCP port the API listens on (0 picks a free port).', parse: parseInteger({ min: 0, max: 65535, fallback: 4000 }) }),
  host: v({ name: 'HOST', defaultText: '127.0.0.1', doc: 'Interface the API listens on; `0.0.0.0` to accept outside connections.', parse: parseString({ fallback: '127.0.0.1' }) }),
  logLevel: v({ name: 'LOG_LEVEL', defaultText: 'info', doc: 'winston level: `error`, `warn`, `info`, `debug`, or `silent`.', parse: parseEnum(['error', 'warn', 'info', 'debug', 'silent'] as const, 'info') }),
  dataDir: v({ name: 'DATA_DIR', defaultText: './data', doc: 'Folder of the embedded store, used when `MONGODB_URI` is unset (single node only).', parse: parseString({ fallback: './data' }) }),
  mongodbUri: v({ name: 'MONGODB_URI', secret: true, doc: 'MongoDB connection string (`mongodb://` or `mongodb+srv://`); TLS is on unless every host is loopback or the URI says `tls=false` (refused in production).', parse: parseString({}) }),
  mongodbTlsCaFile: v({ name: 'MONGODB_TLS_CA_FILE', doc: 'PEM file of a private CA that signed the MongoDB servers\' certificates.', parse: parseString({}) }),
  mongodbMaxPoolSize: v({ name: 'MONGODB_MAX_POOL_SIZE', defaultText: '20', doc: 'Connections per MongoDB server in the driver\'s pool.', parse: parseInteger({ min: 1, max: 1000, fallback: 20 }) }),
  mongodbServerSelectionTimeoutMs: v({ name: 'MONGODB_SERVER_SELECTION_TIMEOUT_MS', defaultText: '5000', doc: 'How long an operation waits for a usable MongoDB server.', parse: parseInteger({ min: 100, max: 120_000, fallback: 5000 }) }),
  mongodbConnectTimeoutMs: v({ name: 'MONGODB_CONNECT_TIMEOUT_MS', defaultText: '10000', doc: 'TCP + TLS connect timeout to MongoDB.', parse: parseInteger({ min: 100, max: 120_000, fallback: 10_000 }) }),
  mongodbSocketTimeoutMs: v({ name: 'MONGODB_SOCKET_TIMEOUT_MS', defaultText: '30000', doc: 'Idle socket timeout for MongoDB operations.', parse: parseInteger({ min: 0, max: 600_000, fallback: 30_000 }) }),
  trustProxy: v({ name: 'TRUST_PROXY', defaultText: '0', doc: '`0`: use the socket address; `1`…`N`: trust that many proxy hops of `X-Forwarded-For`; or a comma-separated list of trusted proxy addresses/CIDRs.', parse: parseTrustProxy }),
  corsOrigins: v({ name: 'CORS_ORIGINS', defaultText: '', doc: 'Comma-separated origins allowed to call the API from a browser (e.g. `https://app.example.com`); empty allows none cross-origin.', parse: parseList({ url: true }) }),
  maxBodyBytes: v({ name: 'MAX_BODY_BYTES', defaultText: '102400', doc: 'Largest accepted request body in bytes; larger is refused with 413 `DOCUMENT_LIMIT_EXCEEDED`.', parse: parseInteger({ min: 1024, max: 10_485_760, fallback: 102_400 }) }),
  requestTimeoutMs: v({ name: 'REQUEST_TIMEOUT_MS', defaultText: '30000', doc: 'Longest a client may take to send a whole request, headers and body (headers alone: at most 10 s); then 408 and the connection closes, so slow uploads cannot hold connections open.', parse: parseInteger({ min: 1000, max: 300_000, fallback: 30_000 }) }),
  maxQueryDepth: v({ name: 'MAX_QUERY_DEPTH', defaultText: '6', doc: 'Deepest field nesting of an operation (fragments counted as inlined); deeper is refused with 400 `DOCUMENT_LIMIT_EXCEEDED` (`limit: depth`).', parse: parseInteger({ min: 1, max: 100, fallback: 6 }) }),
  maxAliases: v({ name: 'MAX_ALIASES', defaultText: '15', doc: 'Aliased fields per operation, `__typename` included (fragments counted as inlined); more is refused (`limit: aliases`).', parse: parseInteger({ min: 0, max: 1000, fallback: 15 }) }),
  maxDirectives: v({ name: 'MAX_DIRECTIVES', defaultText: '50', doc: 'Directives per operation (fragments counted as inlined); more is refused (`limit: directives`).', parse: parseInteger({ min: 0, max: 1000, fallback: 50 }) }),
  maxTokens: v({ name: 'MAX_TOKENS', defaultText: '1000', doc: 'Lexical tokens per document; the parser stops past it and the request is refused (`limit: tokens`).', parse: parseInteger({ min: 50, max: 100_000, fallback: 1000 }) }),
  maxRootFields: v({ name: 'MAX_ROOT_FIELDS', defaultText: '10', doc: 'Fields in an operation\'s root selection set (fragments counted as inlined); more is refused (`limit: rootFields`).', parse: parseInteger({ min: 1, max: 100, fallback: 10 }) }),
  maxQueryCost: v({ name: 'MAX_QUERY_COST', defaultText: '1000', doc: 'Highest cost of one operation (`@cost` in the SDL: a page costs its `first`, 20 by default; a mutation 10); more is refused before execution with 400 `QUERY_TOO_COMPLEX`.', parse: parseInteger({ min: 1, max: 1_000_000, fallback: 1000 }) }),
  costBudgetAnonymous: v({ name: 'COST_BUDGET_ANONYMOUS', defaultText: '1000/20', doc: 'Cost budget of each anonymous client address: `capacity/restorePerSecond` (a token bucket; each operation spends its cost, the unused part is refunded). Spent: 429 `RATE_LIMITED` with `Retry-After`.', parse: parseBucket({ capacity: 1000, restoreRate: 20 }) }),
  costBudgetUser: v({ name: 'COST_BUDGET_USER', defaultText: '2000/50', doc: 'Cost budget of each signed-in user (`capacity/restorePerSecond`).', parse: parseBucket({ capacity: 2000, restoreRate: 50 }) }),
  costBudgetApiKey: v({ name: 'COST_BUDGET_API_KEY', defaultText: '5000/100', doc: 'Cost budget of each API key (`capacity/restorePerSecond`).', parse: parseBucket({ capacity: 5000, restoreRate: 100 }) }),
  rateLimits: v({ name: 'RATE_LIMITS', defaultText: '', doc: 'Overrides of the per-field `@rateLimit` defaults shown in the SDL, by name: `name=max/window,…`, e.g. `login.perUsernameAndAddress=5/60s,register.perAddress=20/10m`. An unknown name stops start-up.', parse: parseRateLimitOverrides }),
  apiKeyRequestsPerMinute: v({ name: 'API_KEY_REQUESTS_PER_MINUTE', defaultText: '100', doc: 'Operations each API key may run per minute (every batched operation counts), besides its cost budget.', parse: parseInteger({ min: 1, max: 1_000_000, fallback: 100 }) }),
  apqEnabled: v({ name: 'APQ_ENABLED', defaultText: 'true', doc: 'Automatic persisted queries: a client may register a document under its sha256 and then send only the hash. Off (and ignored) when TRUSTED_DOCUMENTS_FILE is set.', parse: parseBoolean(true) }),
  apqCacheMaxBytes: v({ name: 'APQ_CACHE_MAX_BYTES', defaultText: '5242880', doc: 'Memory bound of the persisted-query cache (document text and hash, in bytes); least recently used entries are evicted past it.', parse: parseInteger({ min: 65_536, max: 1_073_741_824, fallback: 5_242_880 }) }),
  apqTtlSeconds: v({ name: 'APQ_TTL_SECONDS', defaultText: '3600', doc: 'How long a registered persisted query is kept; after it, a hash-only request gets PERSISTED_QUERY_NOT_FOUND and the client registers again.', parse: parseInteger({ min: 1, max: 2_592_000, fallback: 3600 }) }),
  trustedDocumentsFile: v({ name: 'TRUSTED_DOCUMENTS_FILE', doc: 'JSON manifest `{ "<sha256 hex>": "<document>" }` (`npm run trusted-documents`, or GraphQL Code Generator\'s client preset with persisted documents and sha256); when set, only its documents run and anything else is refused with 400 `DOCUMENT_NOT_TRUSTED`.', parse: parseString({}) }),
  maxPageSize: v({ name: 'MAX_PAGE_SIZE', defaultText: '100', doc: 'Hard maximum of `first` on every connection.', parse: parseInteger({ min: 1, max: 1000, fallback: 100 }) }),
  maxTicketsPerOrder: v({ name: 'MAX_TICKETS_PER_ORDER', defaultText: '10', doc: 'Largest `quantity` one `buyTicket` may ask for.', parse: parseInteger({ min: 1, max: 1000, fallback: 10 }) }),
  idempotencyWaitMs: v({ name: 'IDEMPOTENCY_WAIT_MS', defaultText: '5000', doc: 'How long a retry waits for an in-flight purchase with the same idempotency key before answering `IDEMPOTENCY_IN_PROGRESS`.', parse: parseInteger({ min: 0, max: 60_000, fallback: 5000 }) }),
  shutdownTimeoutMs: v({ name: 'SHUTDOWN_TIMEOUT_MS', defaultText: '10000', doc: 'Hard limit for a graceful shutdown (drain requests, close the store) before the process exits anyway.', parse: parseInteger({ min: 100, max: 300_000, fallback: 10_000 }) }),
  cacheEnabled: v({ name: 'CACHE_ENABLED', defaultText: 'true', doc: 'Server-side cache of anonymous public reads (comment threads), keyed by document and variables, dropped at once by a post to the thread; `false` executes every request. Cache-Control hints are sent either way.', parse: parseBoolean(true) }),
  commentsMaxAgeSeconds: v({ name: 'COMMENTS_MAX_AGE_SECONDS', defaultText: '5', doc: 'How long an anonymous comment-thread read may be reused (`Cache-Control: max-age` and the server-side cache); 0 makes it uncacheable.', parse: parseInteger({ min: 0, max: 3600, fallback: 5 }) }),
  responseCacheMaxEntries: v({ name: 'RESPONSE_CACHE_MAX_ENTRIES', defaultText: '1000', doc: 'Most responses the server-side cache holds per process; the least recently used goes first.', parse: parseInteger({ min: 1, max: 1_000_000, fallback: 1000 }) }),
  responseCacheMaxBytes: v({ name: 'RESPONSE_CACHE_MAX_BYTES', defaultText: '16777216', doc: 'Most bytes of responses the server-side cache holds per process (16 MiB by default); a larger response is not cached.', parse: parseInteger({ min: 1024, max: 1_073_741_824, fallback: 16_777_216 }) }),
  seedDemoData: v({ name: 'SEED_DEMO_DATA', defaultText: 'true', doc: 'In development, seed demo events into an empty store.', parse: parseBoolean(true) }),
  bcryptCost: v({ name: 'BCRYPT_COST', defaultText: '12', doc: 'bcrypt cost factor for password hashes.', parse: parseInteger({ min: 4, max: 15, fallback: 12 }) }),
  jwtSecret: v({ name: 'JWT_SECRET', secret: true, doc: 'HS256 signing secret for access tokens, at least 32 bytes; required in production (outside production a random one is made per process, so tokens die with it).', parse: parseString({}) }),
  jwtAlgorithm: v({ name: 'JWT_ALGORITHM', defaultText: 'HS256', doc: '`HS256` (JWT_SECRET) or `RS256` (JWT_PRIVATE_KEY_FILE + JWT_PUBLIC_KEY_FILE); verification accepts only this algorithm.', parse: parseEnum(['HS256', 'RS256'] as const, 'HS256') }),
  jwtPrivateKeyFile: v({ name: 'JWT_PRIVATE_KEY_FILE', doc: 'PEM private key for RS256 signing.', parse: parseString({}) }),
  jwtPublicKeyFile: v({ name: 'JWT_PUBLIC_KEY_FILE', doc: 'PEM public key for RS256 verification.', parse: parseString({}) }),
  jwtIssuer: v({ name: 'JWT_ISSUER', defaultText: 'flowguard', doc: '`iss` of access tokens (checked on verify).', parse: parseString({ fallback: 'flowguard' }) }),
  jwtAudience: v({ name: 'JWT_AUDIENCE', defaultText: 'flowguard-api', doc: '`aud` of access tokens (checked on verify).', parse: parseString({ fallback: 'flowguard-api' }) }),
  accessTokenTtlSeconds: v({ name: 'ACCESS_TOKEN_TTL_SECONDS', defaultText: '900', doc: 'Lifetime of an access token.', parse: parseInteger({ min: 60, max: 86_400, fallback: 900 }) }),
  refreshTokenTtlSeconds: v({ name: 'REFRESH_TOKEN_TTL_SECONDS', defaultText: '2592000', doc: 'Lifetime of a refresh token (each use rotates it).', parse: parseInteger({ min: 300, max: 31_536_000, fallback: 2_592_000 }) }),
  totpEncryptionKey: v({ name: 'TOTP_ENCRYPTION_KEY', secret: true, doc: 'AES-256-GCM key for TOTP secrets at rest: 64 hex characters or base64 of 32 bytes; required in production (outside production a random one is made per process, so 2FA enrolments die with it).', parse: parseString({}) }),
  apiKeyPepper: v({ name: 'API_KEY_PEPPER', secret: true, doc: 'HMAC key for hashing API key secrets, refresh tokens and recovery codes, at least 32 bytes; required in production (random per process otherwise).', parse: parseString({}) }),
  apiKeyRotationGraceSeconds: v({ name: 'API_KEY_ROTATION_GRACE_SECONDS', defaultText: '0', doc: 'How long a rotated API key\'s old secret keeps working.', parse: parseInteger({ min: 0, max: 2_592_000, fallback: 0 }) }),
  twoFactorChallengeTtlSeconds: v({ name: 'TWO_FACTOR_CHALLENGE_TTL_SECONDS', defaultText: '300', doc: 'Lifetime of the challenge a 2FA user gets from login.', parse: parseInteger({ min: 30, max: 3600, fallback: 300 }) }),
  twoFactorMaxAttempts: v({ name: 'TWO_FACTOR_MAX_ATTEMPTS', defaultText: '5', doc: 'Wrong codes allowed per challenge (and per account per 15 minutes) before verifyTwoFactor is refused.', parse: parseInteger({ min: 1, max: 20, fallback: 5 }) }),
  loginFailuresPerAccountAndAddress: v({ name: 'LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS', defaultText: '5', doc: 'Wrong passwords for one account from one client address per window; then RATE_LIMITED until the window passes.', parse: parseInteger({ min: 1, max: 1000, fallback: 5 }) }),
  loginFailuresPerAddress: v({ name: 'LOGIN_FAILURES_PER_ADDRESS', defaultText: '30', doc: 'Wrong passwords from one client address (any account) per window.', parse: parseInteger({ min: 1, max: 100_000, fallback: 30 }) }),
  loginFailureWindowSeconds: v({ name: 'LOGIN_FAILURE_WINDOW_SECONDS', defaultText: '900', doc: 'The window of the two login limits (and of TWO_FACTOR_MAX_ATTEMPTS).', parse: parseInteger({ min: 10, max: 86_400, fallback: 900 }) }),
  redisUrl: v({ name: 'REDIS_URL', secret: true, doc: 'Redis shared by every replica for limits (budgets, rate limits, throttles, flow rules) and comment-cache invalidation: `redis://` or `rediss://` (TLS), may hold a password; unset counts in each process\'s memory. While it is unreachable, login and verifyTwoFactor answer 503 `SERVICE_UNAVAILABLE` (fail closed).', parse: parseString({}) }),
  redisKeyPrefix: v({ name: 'REDIS_KEY_PREFIX', defaultText: 'flowguard:', doc: 'Put in front of every Redis key of the limits (1–64 of `A-Za-z0-9:_.-`), so apps can share one Redis.', parse: parseString({ fallback: 'flowguard:' }) }),
  limitsMemoryMaxKeys: v({ name: 'LIMITS_MEMORY_MAX_KEYS', defaultText: '100000', doc: 'Most token buckets kept in memory when `REDIS_URL` is unset (the least recently used is dropped).', parse: parseInteger({ min: 100, max: 10_000_000, fallback: 100_000 }) }),
  ticketsPerAddressPerEvent: v({ name: 'TICKETS_PER_ADDRESS_PER_EVENT', defaultText: '10', doc: 'Tickets one client address (an IPv6 /64) may buy for one event per window, all its accounts together; more is refused with `PURCHASE_LIMIT_EXCEEDED` (`limit: perAddress`).', parse: parseInteger({ min: 1, max: 100_000_000, fallback: 10 }) }),
  ticketsPerAddressWindowSeconds: v({ name: 'TICKETS_PER_ADDRESS_WINDOW_SECONDS', defaultText: '3600', doc: 'The window of TICKETS_PER_ADDRESS_PER_EVENT.', parse: parseInteger({ min: 1, max: 2_592_000, fallback: 3600 }) }),
  stepUpTicketThreshold: v({ name: 'STEP_UP_TICKET_THRESHOLD', defaultText: '4', doc: 'Tickets a buyer may get for one event WITHOUT a second factor, all orders together (in flight included); an order that would take them past this needs a fresh TOTP code of the buyer (`twoFactorCode`), else `TWO_FACTOR_REQUIRED`; 0 asks it of every order.', parse: parseInteger({ min: 0, max: 100_000, fallback: 4 }) }),
  minAccountAgeSecondsToBuy: v({ name: 'MIN_ACCOUNT_AGE_SECONDS_TO_BUY', defaultText: '0', doc: 'A purchase from an account younger than this is refused with `TOO_FAST` ("faster than a human"); 0 turns the rule off.', parse: parseInteger({ min: 0, max: 31_536_000, fallback: 0 }) }),
  minAccountAgeSecondsToComment: v({ name: 'MIN_ACCOUNT_AGE_SECONDS_TO_COMMENT', defaultText: '0', doc: 'A comment from an account younger than this is refused with `TOO_FAST`; 0 turns the rule off.', parse: parseInteger({ min: 0, max: 31_536_000, fallback: 0 }) }),
  duplicateCommentWindowSeconds: v({ name: 'DUPLICATE_COMMENT_WINDOW_SECONDS', defaultText: '600', doc: 'The same (normalised) body from the same user in the same thread within this window is refused with `DUPLICATE_COMMENT`.', parse: parseInteger({ min: 1, max: 604_800, fallback: 600 }) }),
  commentThreadBurstLimit: v({ name: 'COMMENT_THREAD_BURST_LIMIT', defaultText: '30', doc: 'Comments one thread accepts per window from all users together; more is refused with `RATE_LIMITED` (`retryAfter`).', parse: parseInteger({ min: 1, max: 1_000_000, fallback: 30 }) }),
  commentThreadBurstWindowSeconds: v({ name: 'COMMENT_THREAD_BURST_WINDOW_SECONDS', defaultText: '60', doc: 'The window of COMMENT_THREAD_BURST_LIMIT.', parse: parseInteger({ min: 1, max: 86_400, fallback: 60 }) }),
  bootstrapAdminUsername: v({ name: 'BOOTSTRAP_ADMIN_USERNAME', doc: 'Creates this ADMIN account at start-up when it does not exist (with the password below).', parse: parseString({}) }),
  bootstrapAdminPassword: v({ name: 'BOOTSTRAP_ADMIN_PASSWORD', secret: true, doc: 'Password of the bootstrap admin (12+ characters).', parse: parseString({}) }),
};

export type VariableKey = keyof typeof variables;
export type ParsedVariables = { [K in VariableKey]: ReturnType<(typeof variables)[K]['parse']> };

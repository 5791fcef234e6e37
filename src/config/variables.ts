// The one table of environment variables: name, default, whether it is a secret, what it means.
// `.env.example` and README's configuration table are written from this table (scripts/…), and a
// test keeps them in sync. Parsing rules live in ./parse.ts; cross-variable rules in ./index.ts.
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
  maxQueryDepth: v({ name: 'MAX_QUERY_DEPTH', defaultText: '6', doc: 'Deepest field nesting of an operation (fragments counted as inlined); deeper is refused with 400 `DOCUMENT_LIMIT_EXCEEDED` (`limit: depth`).', parse: parseInteger({ min: 1, max: 100, fallback: 6 }) }),
  maxAliases: v({ name: 'MAX_ALIASES', defaultText: '15', doc: 'Aliased fields per operation, `__typename` included (fragments counted as inlined); more is refused (`limit: aliases`).', parse: parseInteger({ min: 0, max: 1000, fallback: 15 }) }),
  maxDirectives: v({ name: 'MAX_DIRECTIVES', defaultText: '50', doc: 'Directives per operation (fragments counted as inlined); more is refused (`limit: directives`).', parse: parseInteger({ min: 0, max: 1000, fallback: 50 }) }),
  maxTokens: v({ name: 'MAX_TOKENS', defaultText: '1000', doc: 'Lexical tokens per document; the parser stops past it and the request is refused (`limit: tokens`).', parse: parseInteger({ min: 50, max: 100_000, fallback: 1000 }) }),
  maxRootFields: v({ name: 'MAX_ROOT_FIELDS', defaultText: '10', doc: 'Fields in an operation\'s root selection set (fragments counted as inlined); more is refused (`limit: rootFields`).', parse: parseInteger({ min: 1, max: 100, fallback: 10 }) }),
  maxQueryCost: v({ name: 'MAX_QUERY_COST', defaultText: '1000', doc: 'Highest cost of one operation (`@cost` in the SDL: a page costs its `first`, 20 by default; a mutation 10); more is refused before execution with 400 `QUERY_TOO_COMPLEX`.', parse: parseInteger({ min: 1, max: 1_000_000, fallback: 1000 }) }),
  maxPageSize: v({ name: 'MAX_PAGE_SIZE', defaultText: '100', doc: 'Hard maximum of `first` on every connection.', parse: parseInteger({ min: 1, max: 1000, fallback: 100 }) }),
  maxTicketsPerOrder: v({ name: 'MAX_TICKETS_PER_ORDER', defaultText: '10', doc: 'Largest `quantity` one `buyTicket` may ask for.', parse: parseInteger({ min: 1, max: 1000, fallback: 10 }) }),
  idempotencyWaitMs: v({ name: 'IDEMPOTENCY_WAIT_MS', defaultText: '5000', doc: 'How long a retry waits for an in-flight purchase with the same idempotency key before answering `IDEMPOTENCY_IN_PROGRESS`.', parse: parseInteger({ min: 0, max: 60_000, fallback: 5000 }) }),
  shutdownTimeoutMs: v({ name: 'SHUTDOWN_TIMEOUT_MS', defaultText: '10000', doc: 'Hard limit for a graceful shutdown (drain requests, close the store) before the process exits anyway.', parse: parseInteger({ min: 100, max: 300_000, fallback: 10_000 }) }),
  cacheEnabled: v({ name: 'CACHE_ENABLED', defaultText: 'true', doc: 'Server-side cache of anonymous public reads (comment threads), keyed by document and variables, dropped at once by a post to the thread; `false` executes every request. Cache-Control hints are sent either way.', parse: parseBoolean(true) }),
  commentsMaxAgeSeconds: v({ name: 'COMMENTS_MAX_AGE_SECONDS', defaultText: '5', doc: 'How long an anonymous comment-thread read may be reused (`Cache-Control: max-age` and the server-side cache); 0 makes it uncacheable.', parse: parseInteger({ min: 0, max: 3600, fallback: 5 }) }),
  responseCacheMaxEntries: v({ name: 'RESPONSE_CACHE_MAX_ENTRIES', defaultText: '1000', doc: 'Most responses the server-side cache holds per process; the least recently used goes first.', parse: parseInteger({ min: 1, max: 1_000_000, fallback: 1000 }) }),
  responseCacheMaxBytes: v({ name: 'RESPONSE_CACHE_MAX_BYTES', defaultText: '16777216', doc: 'Most bytes of responses the server-side cache holds per process (16 MiB by default); a larger response is not cached.', parse: parseInteger({ min: 1024, max: 1_073_741_824, fallback: 16_777_216 }) }),
  redisUrl: v({ name: 'REDIS_URL', secret: true, doc: '`redis://` or `rediss://` URL shared by all replicas: cache invalidations are published there (and every replica subscribes). Unset: one process, memory only.', parse: parseString({}) }),
  redisKeyPrefix: v({ name: 'REDIS_KEY_PREFIX', defaultText: 'flowguard:', doc: 'Prefix of every Redis key and channel, so deployments sharing a Redis stay apart.', parse: parseString({ fallback: 'flowguard:' }) }),
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
  bootstrapAdminUsername: v({ name: 'BOOTSTRAP_ADMIN_USERNAME', doc: 'Creates this ADMIN account at start-up when it does not exist (with the password below).', parse: parseString({}) }),
  bootstrapAdminPassword: v({ name: 'BOOTSTRAP_ADMIN_PASSWORD', secret: true, doc: 'Password of the bootstrap admin (12+ characters).', parse: parseString({}) }),
};

export type VariableKey = keyof typeof variables;
export type ParsedVariables = { [K in VariableKey]: ReturnType<(typeof variables)[K]['parse']> };

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
  maxPageSize: v({ name: 'MAX_PAGE_SIZE', defaultText: '100', doc: 'Hard maximum of `first` on every connection.', parse: parseInteger({ min: 1, max: 1000, fallback: 100 }) }),
  maxTicketsPerOrder: v({ name: 'MAX_TICKETS_PER_ORDER', defaultText: '10', doc: 'Largest `quantity` one `buyTicket` may ask for.', parse: parseInteger({ min: 1, max: 1000, fallback: 10 }) }),
  idempotencyWaitMs: v({ name: 'IDEMPOTENCY_WAIT_MS', defaultText: '5000', doc: 'How long a retry waits for an in-flight purchase with the same idempotency key before answering `IDEMPOTENCY_IN_PROGRESS`.', parse: parseInteger({ min: 0, max: 60_000, fallback: 5000 }) }),
  shutdownTimeoutMs: v({ name: 'SHUTDOWN_TIMEOUT_MS', defaultText: '10000', doc: 'Hard limit for a graceful shutdown (drain requests, close the store) before the process exits anyway.', parse: parseInteger({ min: 100, max: 300_000, fallback: 10_000 }) }),
  seedDemoData: v({ name: 'SEED_DEMO_DATA', defaultText: 'true', doc: 'In development, seed demo events into an empty store.', parse: parseBoolean(true) }),
  devActingUserHeader: v({ name: 'DEV_ACTING_USER_HEADER', defaultText: 'true', doc: 'Until sign-in exists: outside production, `X-Dev-User: <username>` acts as that user (refused in production).', parse: parseBoolean(true) }),
  bcryptCost: v({ name: 'BCRYPT_COST', defaultText: '12', doc: 'bcrypt cost factor for password hashes.', parse: parseInteger({ min: 4, max: 15, fallback: 12 }) }),
  bootstrapAdminUsername: v({ name: 'BOOTSTRAP_ADMIN_USERNAME', doc: 'Creates this ADMIN account at start-up when it does not exist (with the password below).', parse: parseString({}) }),
  bootstrapAdminPassword: v({ name: 'BOOTSTRAP_ADMIN_PASSWORD', secret: true, doc: 'Password of the bootstrap admin (12+ characters).', parse: parseString({}) }),
};

export type VariableKey = keyof typeof variables;
export type ParsedVariables = { [K in VariableKey]: ReturnType<(typeof variables)[K]['parse']> };

// Reads a MongoDB connection string without the driver: config validation at start-up, and the
// store's "TLS on unless explicitly local" rule. Messages complete the sentence "MONGODB_URI …" and
// never quote the URI itself: a password with an unescaped '@' or ':' ends up in the host part.

export interface MongoUri {
  srv: boolean;
  /** As written, e.g. "db0.example.com:27017", "[::1]:27017" or "%2Ftmp%2Fmongodb.sock". */
  hosts: string[];
  /** The path's database name, if any. */
  dbName?: string;
  /** URI options with lower-cased names (the driver treats names case-insensitively). */
  options: Map<string, string[]>;
}

// Same shape as the driver's own parser (mongodb-connection-string-url, HOSTS_REGEX).
const URI = /^(?<scheme>mongodb(?:\+srv)?):\/\/(?:(?<userinfo>[^@/?]*)@)?(?<hosts>[^/?@]*)(?<path>\/[^?@]*)?(?:\?(?<query>.*))?$/;
const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(?<port>\d{1,5}))?$/;

/** Parses the URI, or throws an Error whose message completes "MONGODB_URI …". */
export function parseMongoUri(uri: string): MongoUri {
  if (!/^mongodb(\+srv)?:\/\//.test(uri.trim())) throw new Error('must start with mongodb:// or mongodb+srv://');
  const match = URI.exec(uri.trim());
  if (!match?.groups) throw new Error('is not a valid connection string (a password with @, :, / or ? must be percent-encoded)');
  const { scheme, userinfo, hosts, path, query } = match.groups;
  if (userinfo !== undefined && !validUserinfo(userinfo)) {
    throw new Error('has a user name or password with unescaped or badly percent-encoded characters');
  }
  const hostList = hosts.split(',');
  if (hostList.some((host) => !validHost(host))) throw new Error('has a malformed host list (a password with @, :, / or ? must be percent-encoded)');
  const srv = scheme === 'mongodb+srv';
  if (srv && (hostList.length !== 1 || hostList[0].includes(':'))) throw new Error('uses mongodb+srv:// with more than one host or a port');
  return { srv, hosts: hostList, dbName: decodeDbName(path), options: parseOptions(query ?? '') };
}

export function mongoUriProblems(uri: string, production: boolean): string[] {
  let parsed: MongoUri;
  try {
    parsed = parseMongoUri(uri);
  } catch (error) {
    return [(error as Error).message];
  }
  const problems = optionProblems(parsed.options);
  if (production) problems.push(...productionProblems(parsed.options));
  return problems;
}

/**
 * Whether to force TLS on: yes unless the URI sets tls/ssl itself (then the URI decides) or every
 * host is loopback (a local development server).
 */
export function shouldForceTls(parsed: MongoUri): boolean {
  if (parsed.options.has('tls') || parsed.options.has('ssl')) return false;
  return parsed.srv || !parsed.hosts.every(isLoopbackHost);
}

export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name.includes('%2f') || name.startsWith('/')) return true; // Unix domain socket path
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

const INSECURE_IN_PRODUCTION: Array<[name: string, value: string, why: string]> = [
  ['tls', 'false', 'connections to MongoDB must be encrypted'],
  ['ssl', 'false', 'connections to MongoDB must be encrypted'],
  ['tlsallowinvalidcertificates', 'true', 'the server certificate must be verified'],
  ['tlsinsecure', 'true', 'the server certificate and host name must be verified'],
  ['tlsallowinvalidhostnames', 'true', 'the server certificate must match the host name'],
];

const SPELLING: Record<string, string> = {
  tls: 'tls', ssl: 'ssl', tlsallowinvalidcertificates: 'tlsAllowInvalidCertificates',
  tlsinsecure: 'tlsInsecure', tlsallowinvalidhostnames: 'tlsAllowInvalidHostnames',
};

function productionProblems(options: Map<string, string[]>): string[] {
  return INSECURE_IN_PRODUCTION.filter(([name, value]) => options.get(name)?.includes(value)).map(
    ([name, value, why]) => `sets ${SPELLING[name]}=${value}, which is refused in production: ${why}`,
  );
}

function optionProblems(options: Map<string, string[]>): string[] {
  const problems: string[] = [];
  for (const [name, values] of options) {
    if (values.length > 1 && name !== 'readpreferencetags') problems.push(`sets the option ${SPELLING[name] ?? name} more than once`);
    if (SPELLING[name] && values.some((value) => value !== 'true' && value !== 'false')) {
      problems.push(`sets ${SPELLING[name]} to something other than true or false`);
    }
  }
  const tlsValues = new Set([...(options.get('tls') ?? []), ...(options.get('ssl') ?? [])]);
  if (tlsValues.size > 1) problems.push('sets tls and ssl to different values');
  return problems;
}

function parseOptions(query: string): Map<string, string[]> {
  const options = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(query)) {
    const key = name.toLowerCase();
    options.set(key, [...(options.get(key) ?? []), value]);
  }
  return options;
}

function validUserinfo(userinfo: string): boolean {
  const [user, ...rest] = userinfo.split(':');
  if (rest.length > 1 || user === '') return false;
  return [user, ...rest].every((part) => !/[/?#[\]@]/.test(part) && decodes(part));
}

function validHost(host: string): boolean {
  const match = HOST.exec(host);
  return !!match && decodes(host) && (match.groups?.port === undefined || Number(match.groups.port) <= 65535);
}

function decodeDbName(path: string | undefined): string | undefined {
  if (!path || path === '/') return undefined;
  return decodes(path.slice(1)) ? decodeURIComponent(path.slice(1)) : undefined;
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

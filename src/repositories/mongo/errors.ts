// Turns a driver failure into ONE line that names the real cause. The driver reports a failed
// connect as MongoServerSelectionError, whose own message is only the first server's error; the
// useful part (TLS code, refused port, host) sits in reason.servers → ServerDescription.error →
// .cause (MongoNetworkError wraps the socket error, node_modules/mongodb/lib/cmap/connect.js).
import { MongoServerSelectionError } from 'mongodb';

interface Cause {
  name?: string;
  message?: string;
  code?: unknown;
  codeName?: string;
  syscall?: string;
  hostname?: string;
  path?: string;
  cause?: unknown;
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

/** An Error with a one-line message; the driver's error stays reachable as `cause`. */
export function mongoFailure(error: unknown, secrets: string[] = []): Error {
  return new Error(describeMongoError(error, secrets), { cause: error });
}

export function describeMongoError(error: unknown, secrets: string[] = []): string {
  const { cause, address } = rootCause(error);
  let line = `MongoDB: ${explain(cause, address)}`.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  for (const secret of secrets.filter((s) => s.length > 0)) line = line.split(secret).join('****');
  return line;
}

function rootCause(error: unknown): { cause: Cause; address?: string } {
  if (error instanceof MongoServerSelectionError && error.reason) {
    const servers = [...error.reason.servers.values()];
    const failed = servers.find((server) => server.error);
    if (failed?.error) return { cause: deepest(failed.error), address: failed.address };
    return { cause: error, address: servers.map((server) => server.address).join(', ') };
  }
  return { cause: deepest(error) };
}

/** Follows `cause` down to the innermost error that carries a code (the socket or DNS error). */
function deepest(error: unknown): Cause {
  let current = asCause(error);
  let best = current;
  while (current.cause && typeof current.cause === 'object') {
    current = asCause(current.cause);
    if (current.code !== undefined) best = current;
  }
  return best;
}

function asCause(value: unknown): Cause {
  return value && typeof value === 'object' ? (value as Cause) : { message: String(value) };
}

function explain(cause: Cause, address?: string): string {
  const code = typeof cause.code === 'string' ? cause.code : cause.codeName;
  const at = address ? ` for ${address}` : '';
  if (cause.syscall === 'querySrv' || cause.syscall === 'queryTxt') return dnsProblem(cause, String(code));
  if (code && UNTRUSTED.has(code)) return `certificate not trusted (${code})${at}`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `certificate does not match the host name (${code})${at}`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return `certificate outside its validity period (${code})${at}`;
  if (code === 'ECONNREFUSED') return `connection refused (ECONNREFUSED)${at}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host name not found (${code})${at}`;
  if (cause.syscall === 'open' && cause.path) return `cannot read TLS file ${cause.path} (${code})`;
  if (cause.codeName === 'AuthenticationFailed') return `authentication failed (AuthenticationFailed)${at}`;
  if (cause.name === 'MongoServerSelectionError') return `${firstLine(cause.message)}, no server answered (${address})`;
  return `${firstLine(cause.message)}${code ? ` (${code})` : ''}${at}`;
}

function dnsProblem(cause: Cause, code: string): string {
  const kind = cause.syscall === 'querySrv' ? 'SRV' : 'TXT';
  if (code === 'ENOTFOUND') return `${kind} record ${cause.hostname} not found (ENOTFOUND)`;
  if (code === 'ENODATA') return `no ${kind} record at ${cause.hostname} (ENODATA)`;
  return `${kind} lookup of ${cause.hostname} failed (${code})`;
}

function firstLine(message: string | undefined): string {
  return (message ?? 'unknown error').split('\n')[0];
}

// Small writers for the responses the transport answers itself (health, refusals before GraphQL).
import type { ServerResponse } from 'node:http';
import type { ErrorCode } from '../errors/codes';

/** A request refused before GraphQL execution. */
export interface Refusal {
  status: number;
  code: ErrorCode | 'BAD_REQUEST';
  message: string;
  extensions?: Record<string, unknown>;
  /** Ask the client to close the connection (e.g. after an oversized upload). */
  closeConnection?: boolean;
  headers?: Record<string, string>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A GraphQL-shaped error, so clients parse one format whoever refused the request. */
export function sendRefusal(res: ServerResponse, refusal: Refusal, requestId: string): void {
  const headers = { ...refusal.headers, ...(refusal.closeConnection ? { connection: 'close' } : {}) };
  const error = { message: refusal.message, extensions: { code: refusal.code, ...refusal.extensions } };
  sendJson(res, refusal.status, { errors: [error], extensions: { requestId } }, headers);
}

/**
 * Adds `extensions.requestId` to a JSON error body that Apollo built before our plugins ran (CSRF,
 * batching, wrong method). Returns undefined when the body already has one or is not JSON.
 */
export function withRequestId(body: string, requestId: string): { text: string; code?: string } | undefined {
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: string } }[]; extensions?: Record<string, unknown> };
    if (typeof parsed !== 'object' || parsed === null || parsed.extensions?.requestId) return undefined;
    parsed.extensions = { ...parsed.extensions, requestId };
    return { text: JSON.stringify(parsed), code: parsed.errors?.[0]?.extensions?.code };
  } catch {
    return undefined;
  }
}

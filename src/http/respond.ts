// Small writers for the responses the transport answers itself (health, refusals before GraphQL).
import type { ServerResponse } from 'node:http';
import type { ErrorCode } from '../errors/codes';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A GraphQL-shaped error for a request refused before execution, so clients parse one format. */
export function sendGraphQLError(
  res: ServerResponse,
  status: number,
  error: { code: ErrorCode | 'BAD_REQUEST'; message: string; extensions?: Record<string, unknown> },
  requestId: string,
): void {
  sendJson(res, status, {
    errors: [{ message: error.message, extensions: { code: error.code, ...error.extensions } }],
    extensions: { requestId },
  });
}

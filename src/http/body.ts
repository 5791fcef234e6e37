// Reads a JSON request body with a hard byte limit (body-parser: the same parser Apollo's own
// server uses, with our limit instead of its 50 MB). Over the limit → 413 DOCUMENT_LIMIT_EXCEEDED,
// refused from Content-Length before reading when the client declares it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import bodyParser from 'body-parser';
import { sendGraphQLError } from './respond';

type Next = (error?: unknown) => void;
type BodyError = Error & { type?: string; status?: number };

export function jsonBodyReader(maxBytes: number) {
  const parse = bodyParser.json({ limit: maxBytes, strict: true });
  return (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<boolean> =>
    new Promise((resolve) => {
      parse(req, res, ((error?: BodyError) => {
        if (!error) return resolve(true);
        refuse(res, error, maxBytes, requestId);
        resolve(false);
      }) as Next);
    });
}

function refuse(res: ServerResponse, error: BodyError, maxBytes: number, requestId: string): void {
  if (error.type === 'entity.too.large') {
    res.setHeader('connection', 'close'); // do not keep reading an oversized upload
    sendGraphQLError(res, 413, { code: 'DOCUMENT_LIMIT_EXCEEDED', message: `Request body is larger than ${maxBytes} bytes`, extensions: { limit: 'bodySize', maxBytes } }, requestId);
    return;
  }
  const message = error.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : 'Request body could not be read';
  sendGraphQLError(res, error.status && error.status < 500 ? error.status : 400, { code: 'BAD_REQUEST', message }, requestId);
}

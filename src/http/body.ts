// Reads a JSON request body with a hard byte limit (body-parser: the same parser Apollo's own
// server uses, with our limit instead of its 50 MB). Over the limit → 413 DOCUMENT_LIMIT_EXCEEDED,
// refused from Content-Length before reading when the client declares it. A batch (a JSON array of
// operations) is refused whole with `limit: batch`: batching is off, so one HTTP request can never
// carry a hundred purchases or logins past limits that count requests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import bodyParser from 'body-parser';
import type { Refusal } from './respond';

type BodyError = Error & { type?: string; status?: number };

/** Resolves null when the body was read (into req.body), or the refusal to send. */
export function jsonBodyReader(maxBytes: number) {
  const parse = bodyParser.json({ limit: maxBytes, strict: true });
  return (req: IncomingMessage, res: ServerResponse): Promise<Refusal | null> =>
    new Promise((resolve) => {
      parse(req, res, (error?: BodyError) => {
        if (error) return resolve(refusalFor(error, maxBytes));
        resolve(Array.isArray((req as { body?: unknown }).body) ? BATCH_REFUSED : null);
      });
    });
}

const BATCH_REFUSED: Refusal = {
  status: 400,
  code: 'DOCUMENT_LIMIT_EXCEEDED',
  message: 'Batched requests are not accepted: send one operation per request',
  extensions: { limit: 'batch', max: 1 },
};

function refusalFor(error: BodyError, maxBytes: number): Refusal {
  if (error.type === 'entity.too.large') {
    return { status: 413, code: 'DOCUMENT_LIMIT_EXCEEDED', message: `Request body is larger than ${maxBytes} bytes`, extensions: { limit: 'bodySize', maxBytes }, closeConnection: true };
  }
  const message = error.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : 'Request body could not be read';
  return { status: error.status && error.status < 500 ? error.status : 400, code: 'BAD_REQUEST', message };
}

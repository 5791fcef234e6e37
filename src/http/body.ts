// Reads a JSON request body with a hard byte limit (body-parser: the same parser Apollo's own
// server uses, with our limit instead of its 50 MB; the limit applies to the inflated body when it
// is compressed). Over the limit → 413 DOCUMENT_LIMIT_EXCEEDED and the connection closes, answered
// at once: from Content-Length before a byte is read, or as soon as the bytes received pass the
// limit. (body-parser alone answers only after it has read off the whole upload, so a client
// declaring a gigabyte would hold the connection while it sent it.) JSON nested deeper than
// MAX_JSON_DEPTH is refused too (`limit: bodyDepth`), in a GET's query string as well. A batch (a JSON array of
// operations) is refused whole with `limit: batch`: batching is off, so one HTTP request can never
// carry a hundred purchases or logins past limits that count requests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import bodyParser from 'body-parser';
import type { Refusal } from './respond';

type BodyError = Error & { type?: string; status?: number };

/** Resolves null when the body was read (into req.body), or the refusal to send. */
export function jsonBodyReader(maxBytes: number) {
  const parse = bodyParser.json({ limit: maxBytes, strict: true });
  const tooLarge = tooLargeRefusal(maxBytes);
  return (req: IncomingMessage, res: ServerResponse): Promise<Refusal | null | typeof NOT_READ> =>
    new Promise((resolve) => {
      if (Number(req.headers['content-length']) > maxBytes) return resolve(tooLarge);
      // Raw bytes past the limit are too many whatever the encoding (inflating only adds to them).
      // Counting beside body-parser's own reader; the first answer is the one sent.
      let received = 0;
      let overLimit = () => {
        req.off('data', count);
        resolve(tooLarge);
      };
      const count = (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) overLimit();
      };
      req.on('data', count);
      parse(req, res, (error?: BodyError) => {
        if (!error && bodyStillComing(req) && (req as { body?: unknown }).body === undefined) {
          // Not JSON, so body-parser left it: Apollo answers without it. Whatever still arrives is
          // read off and thrown away, up to the limit; past it the connection is cut.
          overLimit = () => req.socket.destroy();
          return resolve(NOT_READ);
        }
        req.off('data', count);
        if (error) return resolve(error.type === 'entity.too.large' ? tooLarge : refusalFor(error));
        const body = (req as { body?: unknown }).body;
        if (Array.isArray(body)) return resolve(BATCH_REFUSED);
        resolve(deeperThan(body, MAX_JSON_DEPTH) ? TOO_DEEP : null);
      });
    });
}

const hasBody = (req: IncomingMessage) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0;

/** The request has a body that has not all arrived (nor been read): answering now must close the connection. */
export const bodyStillComing = (req: IncomingMessage): boolean => hasBody(req) && !req.complete;

/** The body is not JSON and was not read: the answer must close the connection (./linger.ts). */
export const NOT_READ = 'not-read' as const;

const BATCH_REFUSED: Refusal = {
  status: 400,
  code: 'DOCUMENT_LIMIT_EXCEEDED',
  message: 'Batched requests are not accepted: send one operation per request',
  extensions: { limit: 'batch', max: 1 },
};

/**
 * How deep a body's JSON may nest. Our inputs nest a few levels; a body of 45,000 nested arrays fits
 * in 100 KB, and every recursive reader after this one (cache keys, cost keys, variable coercion)
 * would overflow the stack on it: a 500 and an error log per request, for free.
 */
export const MAX_JSON_DEPTH = 32;

export const TOO_DEEP: Refusal = {
  status: 400,
  code: 'DOCUMENT_LIMIT_EXCEEDED',
  message: `Request body nests deeper than ${MAX_JSON_DEPTH} levels`,
  extensions: { limit: 'bodyDepth', max: MAX_JSON_DEPTH },
};

/** The same depth limit for a GET request's `variables` and `extensions` (JSON in the query string). */
export function queryStringTooDeep(search: string): boolean {
  const params = new URLSearchParams(search);
  return ['variables', 'extensions'].some((name) => {
    const text = params.get(name);
    if (!text) return false;
    try {
      return deeperThan(JSON.parse(text), MAX_JSON_DEPTH);
    } catch {
      return false; // not JSON: Apollo refuses it itself
    }
  });
}

/** Whether JSON `value` nests arrays or objects deeper than `max`; iterative, so it cannot overflow itself. */
export function deeperThan(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop()!;
    if (typeof next !== 'object' || next === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(next) ? next : Object.values(next)) pending.push([child, depth + 1]);
  }
  return false;
}

const tooLargeRefusal = (maxBytes: number): Refusal => ({
  status: 413,
  code: 'DOCUMENT_LIMIT_EXCEEDED',
  message: `Request body is larger than ${maxBytes} bytes`,
  extensions: { limit: 'bodySize', maxBytes },
  closeConnection: true,
});

function refusalFor(error: BodyError): Refusal {
  const message = error.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : 'Request body could not be read';
  return { status: error.status && error.status < 500 ? error.status : 400, code: 'BAD_REQUEST', message };
}

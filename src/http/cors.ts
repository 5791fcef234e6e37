// CORS from the `cors` package with an explicit allow-list (Apollo's standalone server allows
// every origin). Origins not on the list get no CORS headers, so browsers block the response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';

/** Applies CORS; resolves false when the request was a preflight that has been answered. */
export function corsHandler(allowedOrigins: readonly string[]) {
  const handle = cors({
    origin: allowedOrigins.length > 0 ? [...allowedOrigins] : false,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });
  return (req: IncomingMessage, res: ServerResponse): Promise<boolean> =>
    new Promise((resolve) => {
      handle(req, res, () => resolve(true));
      if (res.writableEnded) resolve(false);
    });
}

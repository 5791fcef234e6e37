// Security headers from helmet. Outside production the Apollo Sandbox page loads its scripts from
// Apollo's CDN, so the content security policy is relaxed there; production serves only JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

export function securityHeaders(production: boolean) {
  const apply = helmet({
    contentSecurityPolicy: production ? { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } : false,
    crossOriginEmbedderPolicy: false,
  });
  return (req: IncomingMessage, res: ServerResponse): void => {
    apply(req, res, () => undefined); // helmet only sets headers and calls next synchronously
  };
}

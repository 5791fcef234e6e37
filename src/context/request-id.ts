// Request ids tie a response, its log lines and audit events together. A caller's (or a proxy's)
// `X-Request-Id` is kept when well formed; anything else is replaced, so a log line can never be
// forged or broken by a crafted header.
import { randomUUID } from 'node:crypto';

const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && WELL_FORMED.test(value) ? value : randomUUID();
}

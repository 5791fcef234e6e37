// Liveness (the process answers) and readiness (the store answers and we are not shutting down),
// for orchestrators' probes. No details an attacker could use.
import type { ServerResponse } from 'node:http';
import { sendJson } from './respond';

export async function handleHealth(path: string, res: ServerResponse, probes: { isReady(): Promise<boolean>; isClosing(): boolean }): Promise<void> {
  if (path === '/health/live') return sendJson(res, 200, { status: 'ok' });
  if (path === '/health/ready') {
    const ready = !probes.isClosing() && (await probes.isReady());
    return sendJson(res, ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable' });
  }
  sendJson(res, 404, { status: 'not found' });
}

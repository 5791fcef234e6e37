// Hostile documents against flowguard (all limits on): how long each takes to be refused, over real
// HTTP from this process (median of REPEATS sequential requests), and how much the server process's
// memory grew while refusing them. For scale, FACTS.md: bare Apollo executes 5,000 aliases of
// `comments(first: 100)` in 3.5 s with 1.3 GB of memory.
import http from 'node:http';
import type { ServerChild } from './children';
import { median } from './report';

const REPEATS = 25;
const times = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');
const post = (query: string) => JSON.stringify({ query });

/** Each document is a request body; what it should be refused with is checked, not assumed. */
export const HOSTILE: { name: string; body: () => string; expect: string }[] = [
  { name: '1,000 aliases', body: () => post(`{ ${times(1000, (i) => `a${i}: events(first: 100) { edges { cursor } }`)} }`), expect: 'DOCUMENT_LIMIT_EXCEEDED' },
  { name: '5,000 aliases of comments(first: 100)', body: () => post(`{ ${times(5000, (i) => `a${i}: comments(eventId: "x", first: 100) { edges { cursor } }`)} }`), expect: 'DOCUMENT_LIMIT_EXCEEDED' },
  { name: '500 directives on one field', body: () => post(`{ events ${times(500, () => '@include(if: true)')} { edges { cursor } } }`), expect: 'DOCUMENT_LIMIT_EXCEEDED' },
  { name: '10,000 repeated fields', body: () => post(`{ events { edges { node { ${times(10_000, () => 'id')} } } } }`), expect: 'DOCUMENT_LIMIT_EXCEEDED' },
  { name: 'depth 50', body: () => post(`{ ${'events { edges { node { '.repeat(13)}id${' } } }'.repeat(13)} }`), expect: 'DOCUMENT_LIMIT_EXCEEDED' },
  { name: '6 pages of 100 purchases with events (cost 1,200)', body: () => post(`{ ${times(6, (i) => `p${i}: myPurchases(first: 100) { edges { node { event { id } } } }`)} }`), expect: 'QUERY_TOO_COMPLEX' },
  { name: 'a 2 MB document', body: () => post(`{ events(first: 1) { edges { cursor } } } #${'x'.repeat(2 * 1024 * 1024)}`), expect: 'DOCUMENT_LIMIT_EXCEEDED' },
  { name: 'a batch of 50', body: () => JSON.stringify(Array.from({ length: 50 }, () => ({ query: '{ events(first: 100) { edges { cursor } } }' }))), expect: 'DOCUMENT_LIMIT_EXCEEDED' },
];

export interface HostileResult {
  name: string;
  status: number;
  code: string;
  expected: string;
  medianMs: number;
  rssGrowthMb: number;
  heapGrowthMb: number;
}

export async function hostileDocuments(url: string, server: ServerChild, log: (line: string) => void): Promise<HostileResult[]> {
  const results: HostileResult[] = [];
  for (const doc of HOSTILE) {
    const body = Buffer.from(doc.body()); // encoded once, so the timing is the server's, not the client's UTF-8 encoding
    const before = await server.memory();
    const durations: number[] = [];
    let last = { status: 0, code: '' };
    for (let i = 0; i < REPEATS; i++) {
      const { ms, ...result } = await send(url, body);
      last = result;
      durations.push(ms);
    }
    const after = await server.memory();
    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    results.push({ name: doc.name, ...last, expected: doc.expect, medianMs: median(durations), rssGrowthMb: mb(after.rss - before.rss), heapGrowthMb: mb(after.heapUsed - before.heapUsed) });
    log(`hostile ${doc.name}: ${last.status} ${last.code} in ${median(durations).toFixed(2)} ms (median of ${REPEATS})`);
  }
  return results;
}

/**
 * Timed to the response's status line (node:http emits 'response' as soon as it arrives, even while
 * the client is still writing a large body): the server's time to refuse, not the client's upload.
 */
function send(url: string, body: Buffer): Promise<{ status: number; code: string; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } });
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    request.on('response', (response) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status, code: codeOf(Buffer.concat(chunks).toString()), ms }));
    });
    request.end(body);
  });
}

function codeOf(text: string): string {
  try {
    return (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? '(none)';
  } catch {
    return '(not JSON)';
  }
}

export function printHostile(results: HostileResult[]): void {
  console.log('\nhostile documents (flowguard, all limits on; target: refused in <= 10 ms median, <= 50 MB memory growth)');
  for (const r of results) {
    const verdict = r.code === r.expected && r.medianMs <= 10 && r.rssGrowthMb <= 50 ? 'ok' : 'CHECK';
    console.log(`  ${r.name.padEnd(40)} ${String(r.status).padStart(3)} ${r.code.padEnd(24)} ${r.medianMs.toFixed(2).padStart(7)} ms  rss ${r.rssGrowthMb >= 0 ? '+' : ''}${r.rssGrowthMb} MB  heap ${r.heapGrowthMb >= 0 ? '+' : ''}${r.heapGrowthMb} MB  ${verdict}`);
  }
}

// Load generation with autocannon over real HTTP: a warm-up, then a measured run. Every response
// body is checked, so only 2xx answers without GraphQL `errors` count as successes.
import autocannon from 'autocannon';

export const CONNECTIONS = 50;

export interface Timing {
  warmupSeconds: number;
  measuredSeconds: number;
}

/** One request body (and extra headers); called once per request sent. */
export type NextRequest = () => { body: string; headers?: Record<string, string> };

export interface Tally {
  sent: number;
  answered: number;
  ok: number;
  failed: number;
  firstFailure?: string;
}

export interface Measurement {
  /** Successful responses per second of the measured run. */
  okPerSec: number;
  p99Ms: number;
  ok: number;
  failed: number;
  socketErrors: number;
  timeouts: number;
  /**
   * The server's CPU time per answered request (failures included) in the measured run, in
   * microseconds (when a CPU reader was given). JavaScript runs on one thread, so this bounds the
   * server's throughput (it also counts V8's GC helper threads), and it moves less than req/s when
   * the load generator on the same cores competes for them.
   */
  cpuUsPerRequest?: number;
}

export const newTally = (): Tally => ({ sent: 0, answered: 0, ok: 0, failed: 0 });

function record(tally: Tally, status: number, body: string): void {
  tally.answered++;
  if (status >= 200 && status < 300 && !body.includes('"errors":')) tally.ok++;
  else {
    tally.failed++;
    tally.firstFailure ??= `${status} ${body.slice(0, 300)}`;
  }
}

function fire(url: string, seconds: number, next: NextRequest, tally: Tally, connections: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{
      setupRequest: (request) => {
        tally.sent++;
        const { body, headers } = next();
        return { ...request, body, headers: { ...request.headers, ...headers } };
      },
      onResponse: (status, body) => record(tally, status, body),
    }],
  });
}

/** Reads the server process's CPU time so far, in microseconds. */
export type CpuReader = () => Promise<number>;

/** Warm-up then measured run; `total` (optional) accumulates the counts of both. */
export async function measure(url: string, next: NextRequest, timing: Timing, total = newTally(), connections = CONNECTIONS, cpu?: CpuReader): Promise<Measurement> {
  await fire(url, timing.warmupSeconds, next, total, connections);
  const before = { ...total };
  const cpuBefore = await cpu?.();
  const result = await fire(url, timing.measuredSeconds, next, total, connections);
  const cpuAfter = await cpu?.();
  const ok = total.ok - before.ok;
  const answered = total.answered - before.answered;
  const cpuUsPerRequest = cpuBefore !== undefined && cpuAfter !== undefined && answered > 0 ? (cpuAfter - cpuBefore) / answered : undefined;
  return {
    cpuUsPerRequest,
    okPerSec: ok / result.duration,
    p99Ms: result.latency.p99,
    ok,
    failed: total.failed - before.failed,
    socketErrors: result.errors,
    timeouts: result.timeouts,
  };
}

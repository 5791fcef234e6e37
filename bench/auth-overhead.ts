// What signing in costs: bcrypt at the configured cost, and the extra latency of a request
// authenticated by JWT or by API key over the same request made anonymously. Measured on one
// connection, where the mean latency is exactly 1 / (requests per second).
import { hashPassword, verifyPassword } from '../src/services/identity/passwords';
import type { ServerInfo } from './children';
import { measure, type Timing } from './load';
import { median } from './report';
import { readThread } from './scenarios';

export const AUTH_VARIANTS = ['anonymous', 'jwt', 'apiKey'] as const;
export type AuthVariant = (typeof AUTH_VARIANTS)[number];

export interface AuthOverhead {
  meanLatencyMs: Record<AuthVariant, number>;
  extraMs: { jwt: number; apiKey: number };
}

function withCredential(variant: AuthVariant, info: ServerInfo) {
  const read = readThread(info.threadEventId);
  const headers: Record<AuthVariant, Record<string, string>> = {
    anonymous: {},
    jwt: { authorization: `Bearer ${info.buyerTokens[0]}` },
    apiKey: { 'x-api-key': info.readerApiKey },
  };
  return () => ({ ...read(), headers: headers[variant] });
}

export async function authOverhead(info: ServerInfo, timing: Timing, rounds: number, log: (line: string) => void): Promise<AuthOverhead> {
  const samples: Record<AuthVariant, number[]> = { anonymous: [], jwt: [], apiKey: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const variant of AUTH_VARIANTS) {
      const result = await measure(info.url, withCredential(variant, info), timing, undefined, 1);
      samples[variant].push(1000 / result.okPerSec);
      log(`auth round ${round}/${rounds} ${variant}: ${result.okPerSec.toFixed(0)} req/s on 1 connection`);
    }
  }
  const meanLatencyMs = { anonymous: median(samples.anonymous), jwt: median(samples.jwt), apiKey: median(samples.apiKey) };
  return { meanLatencyMs, extraMs: { jwt: meanLatencyMs.jwt - meanLatencyMs.anonymous, apiKey: meanLatencyMs.apiKey - meanLatencyMs.anonymous } };
}

/** Median wall time of one bcrypt hash and one verify at `cost`. */
export async function bcryptCost(cost: number, samples = 5): Promise<{ hashMs: number; verifyMs: number }> {
  const hashes: number[] = [];
  const verifies: number[] = [];
  for (let i = 0; i < samples; i++) {
    let start = performance.now();
    const hash = await hashPassword('bench password of decent length', cost);
    hashes.push(performance.now() - start);
    start = performance.now();
    await verifyPassword('bench password of decent length', hash, cost);
    verifies.push(performance.now() - start);
  }
  return { hashMs: median(hashes), verifyMs: median(verifies) };
}

// Where limits are counted: Redis (REDIS_URL, shared by replicas) or each process's memory. The URL
// may carry a password, so messages about it complete "REDIS_URL …" without ever quoting it.
import { isLoopbackHost } from './mongo-uri';
import type { ParsedVariables } from './variables';

export interface LimitsConfig {
  /** `redis://` or `rediss://`; unset = memory. A secret (may hold a password). */
  redisUrl?: string;
  keyPrefix: string;
  memoryMaxKeys: number;
}

type Report = { problems: string[]; warnings: string[] };

const KEY_PREFIX = /^[A-Za-z0-9:_.-]{1,64}$/;

export function limitsConfig(v: ParsedVariables, isProduction: boolean, report: Report): LimitsConfig {
  const keyPrefix = v.redisKeyPrefix ?? 'flowguard:';
  if (!KEY_PREFIX.test(keyPrefix)) report.problems.push('REDIS_KEY_PREFIX must be 1 to 64 of A-Z a-z 0-9 : _ . -');
  if (v.redisUrl) {
    report.problems.push(...redisUrlProblems(v.redisUrl).map((problem) => `REDIS_URL ${problem}`));
    if (isProduction && cleartextToRemote(v.redisUrl)) report.warnings.push('REDIS_URL uses redis:// to a host that is not loopback: use rediss:// (TLS)');
  } else if (isProduction) {
    report.warnings.push('REDIS_URL is unset: login and 2FA throttles count in each process, so N replicas allow N times the limit');
  }
  return { redisUrl: v.redisUrl, keyPrefix, memoryMaxKeys: v.limitsMemoryMaxKeys };
}

/** What is wrong with a Redis URL, each completing the sentence "REDIS_URL …"; empty when it is fine. */
export function redisUrlProblems(url: string): string[] {
  if (!/^rediss?:\/\//i.test(url)) return ['must start with redis:// or rediss://'];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ['is not a valid URL (a password with @, :, / or # must be percent-encoded)'];
  }
  const problems: string[] = [];
  if (!parsed.hostname) problems.push('has no host');
  if (!/^(\/\d{0,5})?$/.test(parsed.pathname)) problems.push('may only have a database number as its path, like /0');
  if (parsed.hash) problems.push('has a # part (a password with # must be percent-encoded)');
  return problems;
}

function cleartextToRemote(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'redis:' && !isLoopbackHost(parsed.hostname);
  } catch {
    return false;
  }
}

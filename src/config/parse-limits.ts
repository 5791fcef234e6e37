// Parsers for the limits' variables: per-field rate limit overrides (`name=max/window,…`, windows in
// graphql-rate-limit's `ms` notation) and token buckets (`capacity/restorePerSecond`).
import ms from 'ms';
import { ConfigProblem } from './parse';

export type RateLimitOverrideTable = Readonly<Record<string, { max: number; windowMs: number }>>;

const blank = (raw: string | undefined): raw is undefined => raw === undefined || raw.trim() === '';

export function parseRateLimitOverrides(raw: string | undefined): RateLimitOverrideTable {
  if (blank(raw)) return {};
  const table: Record<string, { max: number; windowMs: number }> = {};
  for (const item of raw.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([\w.-]+)=(\d+)\/(\w+)$/.exec(item);
    const windowMs = match ? ms(match[3]) : NaN;
    if (!match || !Number.isFinite(windowMs) || windowMs < 1000 || Number(match[2]) < 1) {
      throw new ConfigProblem(`has "${item}": write name=max/window, e.g. login.perUsernameAndAddress=5/60s (max ≥ 1, window ≥ 1s)`);
    }
    table[match[1]] = { max: Number(match[2]), windowMs };
  }
  return table;
}

export function parseBucket(fallback: { capacity: number; restoreRate: number }) {
  return (raw: string | undefined): { capacity: number; restoreRate: number } => {
    if (blank(raw)) return fallback;
    const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(raw.trim());
    const capacity = Number(match?.[1]);
    const restoreRate = Number(match?.[2]);
    if (!match || capacity < 1 || capacity > 10_000_000 || !(restoreRate > 0)) {
      throw new ConfigProblem(`must be capacity/restorePerSecond, e.g. 1000/20, got "${raw}"`);
    }
    return { capacity, restoreRate };
  };
}

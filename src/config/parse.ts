// Parsers for environment values. Each returns the typed value or throws a ConfigProblem whose
// message completes the sentence "NAME …" — the loader collects every problem before refusing.
import proxyAddr from 'proxy-addr';

export class ConfigProblem extends Error {}

const blank = (raw: string | undefined): raw is undefined => raw === undefined || raw.trim() === '';

export function parseString(options: { fallback?: string }) {
  return (raw: string | undefined): string | undefined => (blank(raw) ? options.fallback : raw.trim());
}

export function parseInteger(options: { min: number; max: number; fallback: number }) {
  return (raw: string | undefined): number => {
    if (blank(raw)) return options.fallback;
    const value = /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!Number.isInteger(value) || value < options.min || value > options.max) {
      throw new ConfigProblem(`must be a whole number from ${options.min} to ${options.max}, got "${raw}"`);
    }
    return value;
  };
}

export function parseBoolean(fallback: boolean) {
  return (raw: string | undefined): boolean => {
    if (blank(raw)) return fallback;
    const text = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(text)) return true;
    if (['false', '0', 'no', 'off'].includes(text)) return false;
    throw new ConfigProblem(`must be true or false, got "${raw}"`);
  };
}

export function parseEnum<T extends string>(allowed: readonly T[], fallback: T) {
  return (raw: string | undefined): T => {
    if (blank(raw)) return fallback;
    const text = raw.trim() as T;
    if (!allowed.includes(text)) throw new ConfigProblem(`must be one of ${allowed.join(', ')}, got "${raw}"`);
    return text;
  };
}

export function parseList(options: { url?: boolean }) {
  return (raw: string | undefined): string[] => {
    if (blank(raw)) return [];
    const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
    if (!options.url) return items;
    return items.map((item) => {
      const origin = originOf(item);
      if (!origin) throw new ConfigProblem(`has "${item}", which is not an origin like https://app.example.com`);
      return origin; // browsers send the origin without a trailing slash; store it that way
    });
  };
}

function originOf(text: string): string | null {
  try {
    const url = new URL(text);
    const isOrigin = (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text.replace(/\/$/, '');
    return isOrigin ? url.origin : null;
  } catch {
    return null;
  }
}

/** Which proxies may tell us the client address: none, the N nearest hops, or a list of addresses. */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: string[] };

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (blank(raw) || raw.trim() === '0' || raw.trim().toLowerCase() === 'false') return { kind: 'none' };
  const text = raw.trim();
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 20) throw new ConfigProblem(`hop count must be at most 20, got ${hops}`);
    return { kind: 'hops', hops };
  }
  const addresses = text.split(',').map((item) => item.trim()).filter(Boolean);
  try {
    proxyAddr.compile(addresses); // throws on an address or CIDR it cannot parse
  } catch (error) {
    throw new ConfigProblem(`must be 0, a hop count, or addresses/CIDRs: ${(error as Error).message}`);
  }
  return { kind: 'addresses', addresses };
}

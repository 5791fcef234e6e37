// Which client addresses count as one client for every per-address limit (rate limits, cost budgets,
// login throttles, the ticket cap); logs and the audit keep the full address. One IPv4 address is one
// client; an IPv6 client usually holds a whole /64 (often far more), so counting single IPv6
// addresses would let one host rotate through 2^64 of them. IPv4-mapped IPv6 (`::ffff:a.b.c.d`)
// and NAT64 (`64:ff9b::a.b.c.d`) are the IPv4 address. Anything that is not an IP (e.g. `unknown`) is its own group.
import { isIPv4, isIPv6 } from 'node:net';

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

export function addressGroup(address: string): string {
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  const groups = expandIPv6(address);
  // NAT64's well-known prefix (RFC 6052, 64:ff9b::/96) carries a whole IPv4 client in its last 32 bits.
  if (groups.slice(0, 6).join(':') === '64:ff9b:0:0:0:0') return ipv4Of(groups[6], groups[7]);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

function ipv4Of(high: string, low: string): string {
  const [a, b] = [parseInt(high, 16), parseInt(low, 16)];
  return [a >> 8, a & 0xff, b >> 8, b & 0xff].join('.');
}

/** The eight 16-bit groups of an IPv6 address, as lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  const withoutZone = address.split('%')[0];
  const [head, tail] = withoutZone.includes('::') ? withoutZone.split('::') : [withoutZone, undefined];
  const groupsOf = (part: string | undefined) => (part ? part.split(':').flatMap(dottedToHex) : []);
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => parseInt(group, 16).toString(16));
}

/** An embedded IPv4 tail (`64:ff9b::192.0.2.1`) is two groups. */
function dottedToHex(group: string): string[] {
  if (!group.includes('.')) return [group];
  const [a, b, c, d] = group.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}

// The client's address, for limits and audit. `X-Forwarded-For` is believed only as far as
// TRUST_PROXY says (proxy-addr walks the chain from the nearest hop and stops at the first
// untrusted one), so a client cannot pick its own address by sending the header itself. What a
// trusted proxy wrote must still be an IP: `ip:port` (some front ends write it) loses its port, or
// every connection would be a new client to the limits; anything else counts as the proxy itself.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import proxyAddr from 'proxy-addr';
import type { TrustProxy } from '../config';

export type ClientAddressOf = (req: IncomingMessage) => string;

export function clientAddressResolver(trust: TrustProxy): ClientAddressOf {
  if (trust.kind === 'none') return (req) => req.socket.remoteAddress ?? 'unknown';
  const trusted = trust.kind === 'hops' ? (_address: string, hop: number) => hop < trust.hops : proxyAddr.compile(trust.addresses);
  return (req) => {
    const address = asIP(proxyAddr(req, trusted));
    return address ?? req.socket.remoteAddress ?? 'unknown';
  };
}

const WITH_PORT = /^(?:\[([^\]]+)\]|(\d{1,3}(?:\.\d{1,3}){3})):\d{1,5}$/;

/** The address itself when it is an IP, without a port when it came with one; undefined otherwise. */
export function asIP(value: string): string | undefined {
  const trimmed = value.trim();
  if (isIP(trimmed)) return trimmed;
  const match = WITH_PORT.exec(trimmed);
  const host = match?.[1] ?? match?.[2];
  return host && isIP(host) ? host : undefined;
}

// The client's address, for limits and audit. `X-Forwarded-For` is believed only as far as
// TRUST_PROXY says (proxy-addr walks the chain from the nearest hop and stops at the first
// untrusted one), so a client cannot pick its own address by sending the header itself.
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { TrustProxy } from '../config';

export type ClientAddressOf = (req: IncomingMessage) => string;

export function clientAddressResolver(trust: TrustProxy): ClientAddressOf {
  if (trust.kind === 'none') return (req) => req.socket.remoteAddress ?? 'unknown';
  const trusted = trust.kind === 'hops' ? (_address: string, hop: number) => hop < trust.hops : proxyAddr.compile(trust.addresses);
  return (req) => proxyAddr(req, trusted);
}

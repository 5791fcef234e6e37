// The client address behind trusted proxies: X-Forwarded-For believed only as far as TRUST_PROXY
// says, and what a trusted hop wrote used only when it is an IP (its port dropped); anything else
// counts as the proxy itself, so a garbled header cannot make every request a new client.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { asIP, clientAddressResolver } from '../../src/http/client-address';

const request = (forwardedFor: string | undefined, remoteAddress = '10.0.0.2') =>
  ({ headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress }, connection: { remoteAddress } }) as unknown as IncomingMessage;

describe('the client address', () => {
  it('without trusted proxies, is the socket address whatever the header says', () => {
    const of = clientAddressResolver({ kind: 'none' });
    assert.equal(of(request('203.0.113.5')), '10.0.0.2');
  });

  it('behind one trusted hop, is the right-most X-Forwarded-For value, never the left-most a client wrote', () => {
    const of = clientAddressResolver({ kind: 'hops', hops: 1 });
    assert.equal(of(request('203.0.113.5')), '203.0.113.5');
    assert.equal(of(request('198.51.100.7, 203.0.113.5')), '203.0.113.5');
    assert.equal(of(request('2001:db8::1')), '2001:db8::1');
  });

  it('drops a port the proxy wrote (IPv4 and bracketed IPv6), so connections of one client are one client', () => {
    const of = clientAddressResolver({ kind: 'hops', hops: 1 });
    assert.equal(of(request('203.0.113.5:51234')), '203.0.113.5');
    assert.equal(of(request('[2001:db8::1]:443')), '2001:db8::1');
  });

  it('counts anything that is not an IP as the proxy itself (the strict side: one shared count)', () => {
    const of = clientAddressResolver({ kind: 'hops', hops: 1 });
    for (const garbled of ['6.6.6.6,garbage', 'unknown', 'evil.example', '999.1.1.1', '']) assert.equal(of(request(garbled)), '10.0.0.2', garbled);
  });

  it('asIP keeps IPs, strips ports, refuses the rest', () => {
    assert.deepEqual(['192.0.2.1', ' 192.0.2.1 ', '::ffff:192.0.2.1', '192.0.2.1:80', '[::1]:1', 'a:b', '1.2.3.4:99999999', '[x]:1'].map(asIP), ['192.0.2.1', '192.0.2.1', '::ffff:192.0.2.1', '192.0.2.1', '::1', undefined, undefined, undefined]);
  });
});

// The real mongodb+srv:// and TLS path of openMongoStore, without a database: a DNS server (dns2)
// answers the SRV/TXT queries, a node:tls server with a certificate from a CA made here plays the
// MongoDB host, and the driver's `lookup` option routes the host names to 127.0.0.1.
// In its own file because dns.setServers is process-wide.
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import dns2 from 'dns2';
import { generate } from 'selfsigned';
import { openMongoStore, type MongoStoreOptions } from '../../src/repositories/mongo';

const { Packet } = dns2;
const SRV_TARGETS: Record<string, string> = {
  '_mongodb._tcp.cluster0.example.test': 'shard-00.example.test', // the certificate names this host
  '_mongodb._tcp.cluster1.example.test': 'shard-01.example.test', // ... and not this one
};

const dnsQueries: Array<{ name: string; type: number }> = [];
const tlsSessions: Array<{ servername: string | false | null; received: Buffer[] }> = [];
const lookedUp: string[] = [];
let dnsServer: dns2.DnsServer;
let tlsServer: tls.Server;
let tlsPort = 0;
let dir = '';
let caFile = '';
let otherCaFile = '';
const originalDnsServers = dns.getServers();

// Every *.example.test name goes to the local TLS server; the port comes from the SRV record.
const lookup = ((hostname, options, callback) => {
  lookedUp.push(hostname);
  if (!hostname.endsWith('.example.test')) return dns.lookup(hostname, options, callback);
  if (options.all) return callback(null, [{ address: '127.0.0.1', family: 4 }]);
  return (callback as (e: null, a: string, f: number) => void)(null, '127.0.0.1', 4);
}) as LookupFunction;

function options(uri: string, overrides: Partial<MongoStoreOptions> = {}): MongoStoreOptions {
  return {
    uri, tlsCaFile: caFile, maxPoolSize: 2, serverSelectionTimeoutMS: 1500, connectTimeoutMS: 5000,
    socketTimeoutMS: 5000, driverOptions: { lookup }, ...overrides,
  };
}

async function openError(opts: MongoStoreOptions): Promise<Error> {
  const store = await openMongoStore(opts).catch((error: Error) => error);
  if (!(store instanceof Error)) {
    await store.close();
    assert.fail('openMongoStore resolved, but no MongoDB server exists here');
  }
  assert.doesNotMatch(store.message, /\n/, 'the message is one line');
  assert.match(store.message, /^MongoDB: /);
  return store;
}

async function makeCa(name: string) {
  return generate([{ name: 'commonName', value: name }], {
    keyType: 'ec', algorithm: 'sha256',
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }],
  });
}

async function startTlsServer(): Promise<void> {
  const ca = await makeCa('Flowguard Test CA');
  const leaf = await generate([{ name: 'commonName', value: 'shard-00.example.test' }], {
    keyType: 'ec', algorithm: 'sha256', ca: { key: ca.private, cert: ca.cert },
    extensions: [{ name: 'extKeyUsage', serverAuth: true }, { name: 'subjectAltName', altNames: [{ type: 2, value: 'shard-00.example.test' }] }],
  });
  const other = await makeCa('Some Other CA');
  dir = await mkdtemp(join(tmpdir(), 'flowguard-mongo-tls-'));
  caFile = join(dir, 'ca.pem');
  otherCaFile = join(dir, 'other-ca.pem');
  await writeFile(caFile, ca.cert);
  await writeFile(otherCaFile, other.cert);
  // The callback runs once the handshake completed; the server then never answers `hello`.
  tlsServer = tls.createServer({ key: leaf.private, cert: leaf.cert }, (socket) => {
    const session = { servername: socket.servername, received: [] as Buffer[] };
    tlsSessions.push(session);
    socket.on('data', (chunk: Buffer) => session.received.push(chunk));
    socket.on('error', () => undefined);
  });
  tlsServer.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  tlsPort = (tlsServer.address() as { port: number }).port;
}

async function startDnsServer(): Promise<void> {
  dnsServer = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      for (const question of request.questions) {
        dnsQueries.push({ name: question.name, type: question.type });
        const answer = answerFor(question);
        if (answer) response.answers.push(answer);
      }
      if (response.answers.length === 0) response.header.rcode = 3; // NXDOMAIN → ENOTFOUND
      void send(response);
    },
  });
  const addresses = await dnsServer.listen({ udp: { port: 0, address: '127.0.0.1' } });
  dns.setServers([`127.0.0.1:${addresses.udp?.port}`]);
}

function answerFor(question: dns2.Packet.Question): dns2.Packet.Resource | undefined {
  const base = { name: question.name, type: question.type, class: Packet.CLASS.IN, ttl: 60 };
  const target = SRV_TARGETS[question.name];
  if (question.type === Packet.TYPE.SRV && target) return { ...base, priority: 0, weight: 0, port: tlsPort, target } as dns2.Packet.Resource;
  if (question.type === Packet.TYPE.TXT && question.name === 'cluster0.example.test') return { ...base, data: 'authSource=admin' } as dns2.Packet.Resource;
  return undefined;
}

describe('MongoDB store: mongodb+srv:// and TLS without a database', () => {
  before(async () => {
    await startTlsServer();
    await startDnsServer();
  });

  after(async () => {
    dns.setServers(originalDnsServers);
    await dnsServer?.close();
    await new Promise((resolve) => tlsServer?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('resolves the cluster by SRV/TXT, completes TLS with SNI = the SRV target, then fails clearly', async () => {
    const error = await openError(options('mongodb+srv://cluster0.example.test/'));
    assert.deepEqual(
      dnsQueries.filter((q) => q.name.endsWith('cluster0.example.test')).map((q) => `${q.type}:${q.name}`).sort(),
      [`${Packet.TYPE.TXT}:cluster0.example.test`, `${Packet.TYPE.SRV}:_mongodb._tcp.cluster0.example.test`].sort(),
    );
    assert.ok(lookedUp.includes('shard-00.example.test'), 'the SRV target was connected to by name');
    const session = tlsSessions.find((s) => s.servername === 'shard-00.example.test');
    assert.ok(session, `a completed TLS handshake with SNI shard-00.example.test (saw ${JSON.stringify(tlsSessions.map((s) => s.servername))})`);
    const firstBytes = Buffer.concat(session.received).toString('latin1');
    assert.match(firstBytes, /hello|ismaster/i, 'the driver sent its first hello over TLS');
    assert.equal(error.message, `MongoDB: Server selection timed out after 1500 ms, no server answered (shard-00.example.test:${tlsPort})`);
  });

  test('a certificate from a CA the client does not trust: names the certificate problem and host', async () => {
    const error = await openError(options('mongodb+srv://cluster0.example.test/', { tlsCaFile: otherCaFile }));
    assert.equal(error.message, `MongoDB: certificate not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE) for shard-00.example.test:${tlsPort}`);
  });

  test('a certificate for another host name: names the host-name mismatch', async () => {
    const error = await openError(options('mongodb+srv://cluster1.example.test/'));
    assert.equal(error.message, `MongoDB: certificate does not match the host name (ERR_TLS_CERT_ALTNAME_INVALID) for shard-01.example.test:${tlsPort}`);
  });

  test('an unknown cluster name: names the SRV lookup that failed', async () => {
    const error = await openError(options('mongodb+srv://nope.example.test/'));
    assert.equal(error.message, 'MongoDB: SRV record _mongodb._tcp.nope.example.test not found (ENOTFOUND)');
    assert.ok(dnsQueries.some((q) => q.name === '_mongodb._tcp.nope.example.test' && q.type === Packet.TYPE.SRV));
  });

  test('plain mongodb:// to a non-loopback host turns TLS on without being asked', async () => {
    const seen = tlsSessions.length;
    const error = await openError(options(`mongodb://shard-00.example.test:${tlsPort}/`));
    const sessions = tlsSessions.slice(seen);
    assert.ok(sessions.some((s) => s.servername === 'shard-00.example.test'), 'a TLS handshake completed');
    assert.match(error.message, /Server selection timed out/);
  });

  test('a TLS CA file that cannot be read: names the file', async () => {
    const missing = join(dir, 'missing.pem');
    const error = await openError(options('mongodb+srv://cluster0.example.test/', { tlsCaFile: missing }));
    assert.equal(error.message, `MongoDB: cannot read TLS file ${missing} (ENOENT)`);
  });
});

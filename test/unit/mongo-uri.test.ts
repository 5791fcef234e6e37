import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLoopbackHost, mongoUriProblems, parseMongoUri, shouldForceTls } from '../../src/config/mongo-uri';

const PASSWORD = 'S3cret-Pa55';

describe('mongoUriProblems', () => {
  test('accepts ordinary connection strings in development and production', () => {
    for (const uri of [
      'mongodb://localhost:27017/flowguard',
      `mongodb+srv://app:${PASSWORD}@cluster0.example.com/flowguard?retryWrites=true&w=majority`,
      'mongodb://db0.example.com:27017,db1.example.com:27018,[::1]:27017/?replicaSet=rs0&tls=true',
      'mongodb://app:p%40ss%3Aw%2Ford@db.example.com/?authSource=admin&TLS=true&tlsAllowInvalidCertificates=false',
    ]) {
      assert.deepEqual(mongoUriProblems(uri, false), [], uri);
      assert.deepEqual(mongoUriProblems(uri, true), [], uri);
    }
  });

  test('refuses another scheme or no scheme', () => {
    for (const uri of ['', 'postgres://db.example.com/app', 'localhost:27017', 'mongodb:/db.example.com', 'MONGODB://x']) {
      assert.deepEqual(mongoUriProblems(uri, false), ['must start with mongodb:// or mongodb+srv://'], uri);
    }
  });

  test('refuses strings it cannot parse, without quoting them', () => {
    for (const uri of [
      'mongodb://',
      'mongodb:///flowguard',
      'mongodb://db.example.com:99999/',
      'mongodb://db.example.com:port/',
      `mongodb://app:${PASSWORD}@@db.example.com/`,
      `mongodb://app:${PASSWORD}@x@db.example.com/`, // unescaped @ in the password
      `mongodb://app:12/${PASSWORD}@db.example.com/`, // unescaped / in the password
      `mongodb://app:${PASSWORD}%zz@db.example.com/`, // broken percent-encoding
      'mongodb://a:b:c@db.example.com/',
    ]) {
      const problems = mongoUriProblems(uri, false);
      assert.equal(problems.length, 1, `${uri} → ${JSON.stringify(problems)}`);
      assert.ok(!problems[0].includes(PASSWORD) && !problems[0].includes('db.example.com'), problems[0]);
    }
  });

  test('mongodb+srv:// takes exactly one host and no port', () => {
    for (const uri of ['mongodb+srv://cluster0.example.com:27017/', 'mongodb+srv://a.example.com,b.example.com/']) {
      assert.deepEqual(mongoUriProblems(uri, false), ['uses mongodb+srv:// with more than one host or a port'], uri);
    }
  });

  test('in production refuses each way of turning TLS or its checks off, one line each', () => {
    const cases: Array<[string, string]> = [
      ['tls=false', 'sets tls=false, which is refused in production: connections to MongoDB must be encrypted'],
      ['ssl=false', 'sets ssl=false, which is refused in production: connections to MongoDB must be encrypted'],
      ['tlsAllowInvalidCertificates=true', 'sets tlsAllowInvalidCertificates=true, which is refused in production: the server certificate must be verified'],
      ['tlsInsecure=true', 'sets tlsInsecure=true, which is refused in production: the server certificate and host name must be verified'],
      ['tlsAllowInvalidHostnames=true', 'sets tlsAllowInvalidHostnames=true, which is refused in production: the server certificate must match the host name'],
    ];
    for (const [option, problem] of cases) {
      const uri = `mongodb://app:${PASSWORD}@db.example.com/flowguard?${option}`;
      assert.deepEqual(mongoUriProblems(uri, true), [problem], option);
      assert.deepEqual(mongoUriProblems(uri, false), [], `${option} is allowed outside production`);
    }
  });

  test('option names are matched without regard to case, as the driver does', () => {
    const uri = `mongodb+srv://app:${PASSWORD}@cluster0.example.com/?TLSINSECURE=true&tlsallowinvalidhostnames=true`;
    const problems = mongoUriProblems(uri, true);
    assert.equal(problems.length, 2, JSON.stringify(problems));
    assert.ok(problems.every((problem) => !problem.includes(PASSWORD)));
  });

  test('refuses TLS switches that are not true/false, repeated, or contradicting', () => {
    assert.deepEqual(mongoUriProblems('mongodb://db.example.com/?tls=yes', false), ['sets tls to something other than true or false']);
    assert.deepEqual(mongoUriProblems('mongodb://db.example.com/?tls=true&ssl=false', false), ['sets tls and ssl to different values']);
    assert.deepEqual(mongoUriProblems('mongodb://db.example.com/?tls=true&tls=true', false), ['sets the option tls more than once']);
  });
});

describe('TLS on unless explicitly local', () => {
  const force = (uri: string) => shouldForceTls(parseMongoUri(uri));

  test('forces TLS for remote hosts and for every mongodb+srv:// URI', () => {
    assert.equal(force('mongodb://db.example.com:27017/'), true);
    assert.equal(force('mongodb://localhost:27017,db.example.com:27017/'), true, 'one remote host is enough');
    assert.equal(force('mongodb://10.0.0.5/'), true);
    assert.equal(force('mongodb+srv://localhost/'), true);
  });

  test('leaves loopback-only URIs, and URIs that set tls/ssl themselves, to the URI', () => {
    assert.equal(force('mongodb://localhost:27017/'), false);
    assert.equal(force('mongodb://127.0.0.1,127.1.2.3:27018/'), false);
    assert.equal(force('mongodb://[::1]:27017/'), false);
    assert.equal(force('mongodb://%2Ftmp%2Fmongodb-27017.sock/'), false);
    assert.equal(force('mongodb://db.example.com/?tls=false'), false);
    assert.equal(force('mongodb://db.example.com/?SSL=true'), false);
  });

  test('loopback means localhost, 127.0.0.0/8 and ::1 only', () => {
    for (const host of ['localhost', 'LOCALHOST:1', '127.0.0.1', '127.255.0.9:27017', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['localhost.example.com', '128.0.0.1', '0.0.0.0', '[::2]', '127.0.0.1.nip.io']) assert.equal(isLoopbackHost(host), false, host);
  });

  test('reads the database name from the path', () => {
    assert.equal(parseMongoUri('mongodb://h/flowguard?x=1').dbName, 'flowguard');
    assert.equal(parseMongoUri('mongodb://h/?x=1').dbName, undefined);
    assert.equal(parseMongoUri('mongodb://h').dbName, undefined);
  });
});

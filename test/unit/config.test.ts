import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config';
import { variables } from '../../src/config/variables';

// ---- helpers -------------------------------------------------------------------------------

const ENV_EXAMPLE = path.resolve(__dirname, '../../../.env.example');
const GOOD_PASSWORD = 'a-long-enough-password-1';

/** The problems of the ConfigError that loadConfig(env) throws (fails when it does not throw). */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail(`expected loadConfig(${JSON.stringify(env)}) to throw a ConfigError`);
}

/** Every object reachable from value, value included. */
function objectsIn(value: unknown, seen: object[] = []): object[] {
  if (value && typeof value === 'object' && !seen.includes(value)) {
    seen.push(value);
    for (const child of Object.values(value)) objectsIn(child, seen);
  }
  return seen;
}

// ---- tests ----------------------------------------------------------------------------------

describe('loadConfig', () => {
  it('an empty environment gives the documented defaults', () => {
    const config = loadConfig({});
    assert.equal(config.nodeEnv, 'development');
    assert.equal(config.isProduction, false);
    assert.equal(config.port, 4000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.logLevel, 'info');
    assert.deepEqual(config.store, { kind: 'embedded', dataDir: './data' });
    assert.deepEqual(config.http, { trustProxy: { kind: 'none' }, corsOrigins: [], maxBodyBytes: 102_400, requestTimeoutMs: 30_000, shutdownTimeoutMs: 10_000 });
    assert.deepEqual(config.flows, { maxPageSize: 100, maxTicketsPerOrder: 10, idempotencyWaitMs: 5000 });
    assert.equal(config.seedDemoData, true);
    assert.equal(config.bcryptCost, 12);
    assert.equal(config.bootstrapAdmin, undefined);
    assert.deepEqual(config.warnings.map((w) => w.split(' ')[0]), ['JWT_SECRET', 'TOTP_ENCRYPTION_KEY', 'API_KEY_PEPPER']);
  });

  it('blank values mean the default', () => {
    const config = loadConfig({ PORT: '', HOST: '  ', LOG_LEVEL: '', MAX_BODY_BYTES: ' ', CORS_ORIGINS: '' });
    assert.deepEqual([config.port, config.host, config.logLevel, config.http.maxBodyBytes, config.http.corsOrigins], [4000, '127.0.0.1', 'info', 102_400, []]);
  });

  it('reads set values', () => {
    const config = loadConfig({
      NODE_ENV: 'test', PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: 'debug', DATA_DIR: '/var/lib/flowguard',
      TRUST_PROXY: '2', CORS_ORIGINS: 'https://app.example.com, http://localhost:5173', MAX_PAGE_SIZE: '50',
      SEED_DEMO_DATA: 'false',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.deepEqual(config.store, { kind: 'embedded', dataDir: '/var/lib/flowguard' });
    assert.deepEqual(config.http.trustProxy, { kind: 'hops', hops: 2 });
    assert.deepEqual(config.http.corsOrigins, ['https://app.example.com', 'http://localhost:5173']);
    assert.equal(config.flows.maxPageSize, 50);
    assert.equal(config.seedDemoData, false);
  });

  it('reports several bad variables in one ConfigError, one line per variable, each naming it', () => {
    const problems = problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud', MAX_BODY_BYTES: '1', TRUST_PROXY: 'not-an-ip' });
    assert.equal(problems.length, 4, problems.join('\n'));
    for (const name of ['PORT', 'LOG_LEVEL', 'MAX_BODY_BYTES', 'TRUST_PROXY']) {
      assert.equal(problems.filter((problem) => problem.startsWith(`${name} `)).length, 1, `${name} in ${problems.join('\n')}`);
    }
    for (const problem of problems) assert.ok(!problem.includes('\n'), problem);
  });

  it('the ConfigError message lists every problem', () => {
    try {
      loadConfig({ PORT: '70000', BCRYPT_COST: '3' });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /PORT/);
      assert.match(error.message, /BCRYPT_COST/);
    }
  });

  it('the result is deeply frozen', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://app.example.com', TRUST_PROXY: '10.0.0.0/8', BOOTSTRAP_ADMIN_USERNAME: 'root', BOOTSTRAP_ADMIN_PASSWORD: GOOD_PASSWORD });
    // Key Buffers cannot be frozen (typed arrays with elements); everything else must be.
    const objects = objectsIn(config).filter((object) => !ArrayBuffer.isView(object));
    assert.ok(objects.length >= 8, `walked ${objects.length} objects`);
    for (const object of objects) assert.ok(Object.isFrozen(object), JSON.stringify(object));
    assert.throws(() => {
      (config as { port: number }).port = 1;
    }, TypeError);
    assert.throws(() => {
      (config.http.corsOrigins as string[]).push('https://evil.example.com');
    }, TypeError);
  });

  describe('CORS_ORIGINS', () => {
    for (const value of ['app.example.com', 'https://app.example.com/path', '*', 'ftp://files.example.com', 'https://app.example.com,null']) {
      it(`refuses ${JSON.stringify(value)}, which is not an origin`, () => {
        const problems = problemsOf({ CORS_ORIGINS: value });
        assert.equal(problems.length, 1);
        assert.match(problems[0], /^CORS_ORIGINS /);
      });
    }

    it('an origin written with a trailing slash is stored as the origin browsers send (or refused)', () => {
      // Browsers send `Origin: https://app.example.com`; a stored 'https://app.example.com/' never matches it.
      let origins: readonly string[] | undefined;
      try {
        origins = loadConfig({ CORS_ORIGINS: 'https://app.example.com/' }).http.corsOrigins;
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return; // refusing it is fine too
      }
      assert.deepEqual(origins, ['https://app.example.com']);
    });
  });

  describe('limits (REDIS_URL, REDIS_KEY_PREFIX, LIMITS_MEMORY_MAX_KEYS)', () => {
    it('unset, limits count in memory under the default prefix', () => {
      assert.deepEqual(loadConfig({}).limits, { redisUrl: undefined, keyPrefix: 'flowguard:', memoryMaxKeys: 100_000 });
    });

    it('reads a redis:// or rediss:// URL, a prefix and a memory bound', () => {
      const config = loadConfig({ REDIS_URL: 'rediss://app:s3cret@cache.example.com:6380/2', REDIS_KEY_PREFIX: 'shop-1:', LIMITS_MEMORY_MAX_KEYS: '5000' });
      assert.deepEqual(config.limits, { redisUrl: 'rediss://app:s3cret@cache.example.com:6380/2', keyPrefix: 'shop-1:', memoryMaxKeys: 5000 });
      assert.equal(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).limits.redisUrl, 'redis://127.0.0.1:6379');
    });

    for (const url of ['http://cache.example.com:6379', 'cache.example.com:6379', 'redis://:pa#ss@cache.example.com', 'redis://:s3cret@cache.example.com/db/x', 'redis://:s3cret@:6379']) {
      it(`refuses REDIS_URL ${JSON.stringify(url.replace('s3cret', '…'))} without echoing it`, () => {
        const problems = problemsOf({ REDIS_URL: url });
        assert.equal(problems.length, 1, problems.join('\n'));
        assert.match(problems[0], /^REDIS_URL /);
        assert.ok(!problems[0].includes('s3cret') && !problems[0].includes('pa#ss'), problems[0]);
      });
    }

    it('refuses a key prefix with spaces or over 64 characters, and a memory bound under 100', () => {
      assert.deepEqual(problemsOf({ REDIS_KEY_PREFIX: 'my app' }).map((p) => p.split(' ')[0]), ['REDIS_KEY_PREFIX']);
      assert.deepEqual(problemsOf({ REDIS_KEY_PREFIX: 'x'.repeat(65) }).map((p) => p.split(' ')[0]), ['REDIS_KEY_PREFIX']);
      assert.deepEqual(problemsOf({ LIMITS_MEMORY_MAX_KEYS: '10' }).map((p) => p.split(' ')[0]), ['LIMITS_MEMORY_MAX_KEYS']);
    });
  });

  describe('production rules', () => {
    const SECRETS = { JWT_SECRET: 'x'.repeat(32), TOTP_ENCRYPTION_KEY: 'ab'.repeat(32), API_KEY_PEPPER: 'y'.repeat(32) };
    const production = (env: Record<string, string> = {}) => ({ NODE_ENV: 'production', ...SECRETS, ...env });

    it('production requires the identity secrets, each named, and never echoes them', () => {
      const problems = problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'too-short-secret' });
      assert.deepEqual(problems.map((line) => line.split(' ')[0]), ['JWT_SECRET', 'TOTP_ENCRYPTION_KEY', 'API_KEY_PEPPER']);
      assert.ok(!problems.join('\n').includes('too-short-secret'));
    });

    it('outside production an unset secret becomes a random per-process key, with a warning', () => {
      const [a, b] = [loadConfig({}), loadConfig({})];
      assert.notDeepEqual(a.identity.pepper, b.identity.pepper);
      assert.ok(a.warnings.some((warning) => warning.startsWith('JWT_SECRET is unset')));
    });

    it('production masks by default', () => {
      const config = loadConfig(production());
      assert.equal(config.isProduction, true);
      assert.equal(config.seedDemoData, false);
      // The embedded store and per-process limits in production are each worth a warning.
      assert.deepEqual(config.warnings.map((warning) => warning.split(' ')[0]), ['MONGODB_URI', 'REDIS_URL']);
    });

    it('MONGODB_URI with tls=false is refused, without echoing the URI', () => {
      const problems = problemsOf(production({ MONGODB_URI: 'mongodb://app:Pa55word-xyz@db.example.com/x?tls=false' }));
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^MONGODB_URI .*tls=false/);
      assert.ok(!problems[0].includes('Pa55word-xyz'), problems[0]);
    });

    it('MONGODB_URI with tls=false is allowed outside production', () => {
      assert.equal(loadConfig({ MONGODB_URI: 'mongodb://db.example.com/x?tls=false' }).store.kind, 'mongodb');
    });

    it('REDIS_URL with redis:// to a remote host is worth a warning in production; rediss:// or loopback is not', () => {
      const warned = (url: string) => loadConfig(production({ REDIS_URL: url })).warnings.filter((warning) => warning.startsWith('REDIS_URL'));
      assert.equal(warned('redis://:pw@cache.example.com:6379').length, 1);
      assert.ok(!warned('redis://:pw@cache.example.com:6379')[0].includes('pw@'));
      assert.deepEqual([warned('rediss://:pw@cache.example.com:6380'), warned('redis://127.0.0.1:6379')], [[], []]);
    });

    it('a bootstrap username without a password is refused (and the reverse)', () => {
      assert.match(problemsOf(production({ BOOTSTRAP_ADMIN_USERNAME: 'root' })).join('\n'), /BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD/);
      assert.match(problemsOf(production({ BOOTSTRAP_ADMIN_PASSWORD: GOOD_PASSWORD })).join('\n'), /BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD/);
    });

    it('a short bootstrap password is refused without echoing it', () => {
      const problems = problemsOf(production({ BOOTSTRAP_ADMIN_USERNAME: 'root', BOOTSTRAP_ADMIN_PASSWORD: 'short-pw-1' }));
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^BOOTSTRAP_ADMIN_PASSWORD /);
      assert.ok(!problems[0].includes('short-pw-1'));
    });

    it('a complete bootstrap admin is accepted', () => {
      assert.deepEqual(loadConfig(production({ BOOTSTRAP_ADMIN_USERNAME: 'root', BOOTSTRAP_ADMIN_PASSWORD: GOOD_PASSWORD })).bootstrapAdmin, { username: 'root', password: GOOD_PASSWORD });
    });
  });
});

describe('.env.example', () => {
  it('lists every variable of src/config/variables.ts with its default', (t) => {
    if (!existsSync(ENV_EXAMPLE)) {
      t.skip('.env.example is not written yet');
      return;
    }
    const lines = readFileSync(ENV_EXAMPLE, 'utf8').split('\n');
    for (const variable of Object.values(variables)) {
      const expected = variable.defaultText === undefined ? `# ${variable.name}=` : `${variable.name}=${variable.defaultText}`;
      assert.ok(lines.includes(expected), `.env.example has no line "${expected}"`);
    }
  });

  it('every default in .env.example is what loadConfig uses when the variable is unset', (t) => {
    if (!existsSync(ENV_EXAMPLE)) {
      t.skip('.env.example is not written yet');
      return;
    }
    const env = Object.fromEntries(
      readFileSync(ENV_EXAMPLE, 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    // Secrets have no default: outside production each load makes its own random keys.
    const withoutKeys = (config: ReturnType<typeof loadConfig>) => ({ ...config, identity: { ...config.identity, jwt: { ...config.identity.jwt, signingKey: '', verifyKey: '' }, pepper: null, totpEncryptionKey: null } });
    assert.deepEqual(withoutKeys(loadConfig(env)), withoutKeys(loadConfig({})));
  });
});

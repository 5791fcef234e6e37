import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AppError } from '../../src/errors/app-error';
import { buildAppSchema } from '../../src/graphql/schema';
import { rulesOf } from '../../src/guards/rate-limit';
import { MemoryCounterStore } from '../../src/limits/memory-counters';
import { addressGroup } from '../../src/context/address-group';
import { normaliseCommentBody } from '../../src/services/flow-rules/comment-body';
import { CommentRules } from '../../src/services/flow-rules/comment-rules';
import { DuplicateCommentGuard } from '../../src/services/flow-rules/duplicate-comment';
import { FLOWS, flowRegistry, renderFlowRulesTable } from '../../src/services/flow-rules/registry';
import { ruleOf } from '../../src/services/flow-rules/refusal';
import { StepUpTwoFactor } from '../../src/services/flow-rules/step-up';
import { ThreadBurstLimit } from '../../src/services/flow-rules/thread-burst';
import type { TwoFactorService } from '../../src/services/two-factor';
import { takeFromWindow } from '../../src/limits/window';
import type { MinimumAccountAge } from '../../src/services/flow-rules/account-age';

const README = path.resolve(__dirname, '../../../README.md');

/** The error a call throws, as an AppError (fails when it does not throw one). */
function refusalOf(call: () => unknown): AppError {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('the flow rules registry', () => {
  it('lists every @rateLimit declared on a sensitive flow, so the one table tells the whole story', async () => {
    const schema = await buildAppSchema();
    const mutations = schema.getMutationType()!.getFields();
    for (const flow of FLOWS) {
      const declared = rulesOf(mutations[flow], {}).map((rule) => rule.name);
      const listed = flowRegistry.filter((row) => row.flow === flow).map((row) => row.rule as string);
      for (const name of declared) assert.ok(listed.includes(name), `${name} (@rateLimit on ${flow}) is missing from the registry`);
    }
  });

  it('declares every sensitive flow, each with at least one rule', () => {
    for (const flow of FLOWS) assert.ok(flowRegistry.some((row) => row.flow === flow), `${flow} has no rule`);
  });

  it('README\'s "Flow rules" table is exactly the one rendered from the registry', (t) => {
    if (!existsSync(README)) return t.skip('README.md is not written yet');
    const section = readFileSync(README, 'utf8').split(/^## Flow rules\s*$/m)[1]?.split(/^## /m)[0] ?? '';
    assert.ok(section.includes(renderFlowRulesTable()), 'README\'s table differs from renderFlowRulesTable(): paste the rendered table');
  });

  it('names each setting with its variable and default from the configuration table', () => {
    assert.match(renderFlowRulesTable(), /\| buyTicket \| `perAddressCap`: .* \| `PURCHASE_LIMIT_EXCEEDED` \| `TICKETS_PER_ADDRESS_PER_EVENT` \(10\), `TICKETS_PER_ADDRESS_WINDOW_SECONDS` \(3600\) \|/);
  });
});

describe('comment bodies', () => {
  it('are trimmed and NFC-normalised: a decomposed é is stored composed', () => {
    assert.equal(normaliseCommentBody('  Cafe\u0301 au lait \n'), 'Caf\u00e9 au lait');
  });

  it('keep line breaks and tabs (CRLF becomes LF), markup and template syntax as sent', () => {
    assert.equal(normaliseCommentBody('a\r\nb\tc'), 'a\nb\tc');
    const hostile = '<script>alert(1)</script> {{constructor.constructor("x")()}} ${x} <img src=x onerror=y>';
    assert.equal(normaliseCommentBody(hostile), hostile);
  });

  for (const [name, body] of [['NUL', 'a\u0000b'], ['an ANSI escape', '\u001b[31mred'], ['a bell', 'ding\u0007'], ['a lone carriage return', 'a\rb'], ['a C1 control', 'a\u0085b'], ['DEL', 'a\u007fb']] as const) {
    it(`refuse ${name} with BAD_USER_INPUT on body, naming the rule`, () => {
      const error = refusalOf(() => normaliseCommentBody(body));
      assert.deepEqual([error.extensions.code, error.extensions.field], ['BAD_USER_INPUT', 'body']);
      assert.equal(ruleOf(error), 'commentBody');
    });
  }

  it('refuse a lone surrogate (not text)', () => {
    assert.equal(refusalOf(() => normaliseCommentBody('a\ud800b')).extensions.field, 'body');
  });

  it('count characters (code points), not UTF-16 units: 2,000 emoji pass, 2,001 do not', () => {
    assert.equal([...normaliseCommentBody('\u{1F3AB}'.repeat(2000))].length, 2000);
    assert.equal(refusalOf(() => normaliseCommentBody('\u{1F3AB}'.repeat(2001))).extensions.field, 'body');
    assert.equal(refusalOf(() => normaliseCommentBody(' \n\t ')).extensions.field, 'body');
  });
});

describe('addressGroup', () => {
  it('is the address itself for IPv4 (also when IPv4-mapped) and for anything that is not an IP', () => {
    assert.equal(addressGroup('203.0.113.7'), '203.0.113.7');
    assert.equal(addressGroup('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(addressGroup('unknown'), 'unknown');
  });

  it('is the /64 for IPv6, however the address is written', () => {
    const group = addressGroup('2001:db8:1:2::1');
    assert.equal(group, '2001:db8:1:2::/64');
    assert.equal(addressGroup('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff'), group);
    assert.equal(addressGroup('2001:db8:1:2:0:0:0:7%eth0'), group);
    assert.notEqual(addressGroup('2001:db8:1:3::1'), group);
    assert.equal(addressGroup('::1'), '0:0:0:0::/64');
    assert.equal(addressGroup('1::2:3:4:5:6.7.8.9'), '1:0:2:3::/64');
  });

  it('is the embedded IPv4 address behind NAT64 (64:ff9b::/96), so IPv4 clients there are not one group', () => {
    assert.equal(addressGroup('64:ff9b::192.0.2.1'), '192.0.2.1');
    assert.equal(addressGroup('64:ff9b::c633:6407'), '198.51.100.7');
    assert.equal(addressGroup('64:ff9b:1::1'), '64:ff9b:1:0::/64', 'a local-use NAT64 prefix is an ordinary /64');
  });
});

describe('taking from a window', () => {
  const rule = { limit: 3, windowMs: 60_000 };

  it('a refused take counts nothing, and a give-back returns the points once', async () => {
    const counters = new MemoryCounterStore();
    const first = await takeFromWindow(counters, 'k', 2, rule);
    assert.equal(first.allowed, true);
    assert.equal((await takeFromWindow(counters, 'k', 2, rule)).allowed, false);
    const second = await takeFromWindow(counters, 'k', 1, rule);
    assert.equal(second.allowed, true, 'the refused take left no points behind');
    if (second.allowed) {
      await second.giveBack();
      await second.giveBack();
    }
    assert.equal((await takeFromWindow(counters, 'k', 1, rule)).allowed, true);
    assert.equal((await takeFromWindow(counters, 'k', 1, rule)).allowed, false, 'the second give-back gave nothing');
  });
});

describe('comment rules', () => {
  const oldEnough = { check: async () => {} } as unknown as MinimumAccountAge;
  const author = { kind: 'user', userId: 'u1', username: 'ann', roles: ['USER'] } as const;

  it('a comment refused by the thread burst leaves no duplicate mark behind', async () => {
    const counters = new MemoryCounterStore();
    const duplicate = new DuplicateCommentGuard(counters, 600);
    const rules = new CommentRules({ accountAge: oldEnough, duplicate, threadBurst: new ThreadBurstLimit(counters, { limit: 1, windowSeconds: 60 }) });
    await rules.admit(author, 'thread', 'first');
    await assert.rejects(rules.admit(author, 'thread', 'second'), (error: AppError) => error.extensions.code === 'RATE_LIMITED' && Number(error.extensions.retryAfter) > 0);
    await duplicate.take('thread', author.userId, 'second'); // would be DUPLICATE_COMMENT had the mark stayed
    await assert.rejects(duplicate.take('thread', author.userId, 'first'), (error: AppError) => error.extensions.code === 'DUPLICATE_COMMENT');
  });

  it('giving an admitted comment back frees both its duplicate mark and its place in the thread', async () => {
    const counters = new MemoryCounterStore();
    const rules = new CommentRules({ accountAge: oldEnough, duplicate: new DuplicateCommentGuard(counters, 600), threadBurst: new ThreadBurstLimit(counters, { limit: 1, windowSeconds: 60 }) });
    const giveBack = await rules.admit(author, 'thread', 'same');
    await giveBack();
    await rules.admit(author, 'thread', 'same');
  });
});

describe('step-up: the tickets of one event bought without a second factor', () => {
  const buyer = { kind: 'user', userId: 'u1', username: 'ann', roles: ['USER'] } as const;
  const viaKey = { kind: 'apiKey', keyId: 'k1', userId: 'u1', username: 'ann', roles: ['USER'], scopes: ['TICKETS_WRITE'] } as const;
  /** A two-factor service whose one right code is 123456 (accepted any number of times here). */
  const twoFactor = (enabled: boolean) => ({ isEnabled: async () => enabled, useCode: async (_: string, code: string) => (enabled && code === '123456' ? 'totp' : null) }) as unknown as TwoFactorService;
  const stepUp = (threshold: number, enabled = true) => new StepUpTwoFactor(twoFactor(enabled), new MemoryCounterStore(), { threshold, maxAttempts: 5, windowSeconds: 900 });
  const refusedWith = (reason: string) => (error: AppError) => {
    assert.deepEqual([error.extensions.code, error.extensions.reason, ruleOf(error)], ['TWO_FACTOR_REQUIRED', reason, 'stepUp']);
    return true;
  };

  it('are counted per (user, event) across orders, an API key with its user; a give-back returns them once', async () => {
    const rule = stepUp(4);
    const first = await rule.check(buyer, 'e1', 3, null);
    await assert.rejects(rule.check(viaKey, 'e1', 2, '123456'), refusedWith('API_KEY'));
    await assert.rejects(rule.check(buyer, 'e1', 2, undefined), refusedWith('CODE_MISSING'));
    await rule.check(viaKey, 'e1', 1, null); // 3 + 1
    await rule.check(buyer, 'e2', 4, null); // another event
    await rule.check({ ...buyer, userId: 'u2' }, 'e1', 4, null); // another user
    await first();
    await first();
    await assert.rejects(rule.check(buyer, 'e1', 4, '  '), refusedWith('CODE_MISSING'), 'the second give-back gave nothing: 1 + 4');
    await rule.check(buyer, 'e1', 3, null);
  });

  it('an order with a right code counts nothing; a wrong one is refused whatever the quantity', async () => {
    const rule = stepUp(4);
    await rule.check(buyer, 'e1', 4, '123456');
    await rule.check(buyer, 'e1', 4, null);
    await assert.rejects(rule.check(buyer, 'e1', 1, '654321'), refusedWith('CODE_REJECTED'));
  });

  it('without 2FA: up to the threshold in all, then NOT_ENROLLED (a code sent is ignored)', async () => {
    const rule = stepUp(4, false);
    await rule.check(buyer, 'e1', 2, '123456');
    await rule.check(buyer, 'e1', 2, null);
    await assert.rejects(rule.check(buyer, 'e1', 1, '123456'), refusedWith('NOT_ENROLLED'));
  });

  it('threshold 0: every order needs a code', async () => {
    const rule = stepUp(0);
    await assert.rejects(rule.check(buyer, 'e1', 1, null), (error: AppError) => refusedWith('CODE_MISSING')(error) && error.extensions.threshold === 0);
    await rule.check(buyer, 'e1', 1, '123456');
  });
});

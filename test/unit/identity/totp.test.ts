import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { matchTotp, newTotpSecret, otpauthUri, qrCodeDataUrl } from '../../../src/services/identity/totp';

// ---- an independent RFC 6238 reference (node:crypto only, no otplib) ----------------------

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '')) {
    const value = alphabet.indexOf(char);
    assert.ok(value >= 0, `not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
}

/** RFC 4226 HOTP with SHA-1 and 6 digits, at counter `step`. */
function referenceCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

const stepAt = (ms: number): number => Math.floor(ms / 1000 / 30);

// ---- tests ----------------------------------------------------------------------------------

describe('TOTP reference implementation', () => {
  it('matches the RFC 6238 SHA-1 test vectors (8 digits truncated to 6)', () => {
    const rfcSecret = Buffer.from('12345678901234567890').toString('hex');
    const base32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    assert.equal(base32Decode(base32).toString('hex'), rfcSecret);
    assert.equal(referenceCode(base32, stepAt(59_000)), '287082'); // RFC: 94287082
    assert.equal(referenceCode(base32, stepAt(1_111_111_109_000)), '081804'); // RFC: 07081804
  });
});

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2025, 0, 15, 12, 0, 10); // 10 s into a step
  const step = stepAt(now);

  it('makes a Base32 secret of 20 random bytes', () => {
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal(base32Decode(secret).length, 20);
    assert.notEqual(newTotpSecret(), secret);
  });

  it('accepts the code of the current, previous and next step and returns that step', () => {
    for (const offset of [-1, 0, 1]) {
      assert.equal(matchTotp(secret, referenceCode(secret, step + offset), now), step + offset, `offset ${offset}`);
    }
  });

  it('refuses codes two steps away', () => {
    for (const offset of [-2, 2]) {
      const code = referenceCode(secret, step + offset);
      const nearby = [-1, 0, 1].map((o) => referenceCode(secret, step + o));
      if (nearby.includes(code)) continue; // a 1-in-a-million collision would make this case meaningless
      assert.equal(matchTotp(secret, code, now), null, `offset ${offset}`);
    }
  });

  it('returns floor(epochSeconds / 30) at both ends of a step', () => {
    const start = step * 30_000;
    assert.equal(matchTotp(secret, referenceCode(secret, step), start), step);
    assert.equal(matchTotp(secret, referenceCode(secret, step), start + 29_999), step);
    assert.equal(matchTotp(secret, referenceCode(secret, step + 1), start + 29_999), step + 1);
  });

  it('uses the current time by default', () => {
    const current = stepAt(Date.now());
    const matched = matchTotp(secret, referenceCode(secret, current));
    assert.ok(matched !== null && Math.abs(matched - current) <= 1, `matched ${matched}, expected about ${current}`);
  });

  it('refuses a wrong code and anything that is not exactly 6 digits', () => {
    const right = referenceCode(secret, step);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const nearby = [-1, 0, 1].map((o) => referenceCode(secret, step + o));
    if (!nearby.includes(wrong)) assert.equal(matchTotp(secret, wrong, now), null);
    for (const garbage of ['', '12345', '1234567', `${right} `, ` ${right}`, `${right.slice(0, 3)} ${right.slice(3)}`, 'abcdef', '12345a', '１２３４５６', `+${right.slice(1)}`]) {
      assert.equal(matchTotp(secret, garbage, now), null, JSON.stringify(garbage));
    }
    assert.equal(matchTotp(secret, 123456 as unknown as string, now), null);
  });

  it('writes an otpauth URI with issuer, account, secret and the default parameters', () => {
    const uri = otpauthUri({ secret, accountName: 'alice', issuer: 'Flow Guard' });
    const url = new URL(uri);
    assert.equal(url.protocol, 'otpauth:');
    assert.equal(url.host, 'totp');
    assert.equal(decodeURIComponent(url.pathname), '/Flow Guard:alice');
    assert.equal(url.searchParams.get('secret'), secret);
    assert.equal(url.searchParams.get('issuer'), 'Flow Guard');
    assert.equal(url.searchParams.get('algorithm'), 'SHA1');
    assert.equal(url.searchParams.get('digits'), '6');
    assert.equal(url.searchParams.get('period'), '30');
    for (const name of ['secret', 'issuer', 'algorithm', 'digits', 'period']) assert.equal(url.searchParams.getAll(name).length, 1, name);
  });

  it('refuses a ":" in the issuer or account name (it separates them in the label)', () => {
    assert.throws(() => otpauthUri({ secret, accountName: 'a:b', issuer: 'Flow' }), /":"/);
    assert.throws(() => otpauthUri({ secret, accountName: 'alice', issuer: 'Flow:Guard' }), /":"/);
  });

  it('renders the URI as a PNG data URL', async () => {
    const dataUrl = await qrCodeDataUrl(otpauthUri({ secret, accountName: 'alice', issuer: 'Flowguard' }));
    assert.ok(dataUrl.startsWith('data:image/png;base64,'), dataUrl.slice(0, 40));
    const png = Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});

// TOTP two-factor: enrol (secret encrypted at rest), confirm with a first code (returns single-use
// recovery codes once, stored as keyed hashes), disable with a current code, and check a code at
// sign-in. A TOTP step and a recovery code are each accepted once (one conditional write in the store).
import { AppError, badInput } from '../errors/app-error';
import type { Store } from '../repositories/ports';
import type { AccountPrincipal } from '../context/principal';
import type { AuditService } from '../audit/audit-service';
import type { Clock } from './clock';
import { newRecoveryCodes, normaliseRecoveryCode } from './identity/api-key-format';
import { keyedHash } from './identity/keyed-hash';
import type { SecretBox } from './identity/secret-box';
import { matchTotp, newTotpSecret, otpauthUri, qrCodeDataUrl } from './identity/totp';
import type { RequestMeta } from './request-meta';

export class TwoFactorService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly pepper: Buffer,
    private readonly audit: AuditService,
    private readonly issuer: string,
  ) {}

  async isEnabled(userId: string): Promise<boolean> {
    return Boolean((await this.store.twoFactor.get(userId))?.enabledAt);
  }

  async enroll(user: AccountPrincipal, meta: RequestMeta): Promise<{ otpauthUri: string; qrCodeDataUrl: string }> {
    const secret = newTotpSecret();
    if (!(await this.store.twoFactor.startEnrolment(user.userId, this.box.seal(secret, user.userId)))) {
      throw new AppError('FORBIDDEN', 'Two-factor authentication is already on; disable it first');
    }
    await this.audit.record(meta, { action: 'twoFactor.enroll', outcome: 'success', userId: user.userId });
    const uri = otpauthUri({ secret, accountName: user.username, issuer: this.issuer });
    return { otpauthUri: uri, qrCodeDataUrl: await qrCodeDataUrl(uri) };
  }

  async confirm(user: AccountPrincipal, code: string, meta: RequestMeta): Promise<string[]> {
    const state = await this.store.twoFactor.get(user.userId);
    if (!state || state.enabledAt) throw badInput('code', 'There is no enrolment to confirm; call enrollTwoFactor first');
    const step = matchTotp(this.box.open(state.secretCiphertext, user.userId), code, this.clock.now().getTime());
    if (step === null) throw badInput('code', 'Wrong code');
    const codes = newRecoveryCodes(10);
    const hashes = codes.map((c) => keyedHash(this.pepper, normaliseRecoveryCode(c)));
    if (!(await this.store.twoFactor.enable(user.userId, state.secretCiphertext, step, hashes, this.clock.now()))) {
      throw badInput('code', 'The enrolment changed meanwhile; enrol again');
    }
    await this.audit.record(meta, { action: 'twoFactor.enable', outcome: 'success', userId: user.userId });
    return codes;
  }

  async disable(user: AccountPrincipal, code: string, meta: RequestMeta): Promise<void> {
    if ((await this.useCode(user.userId, code, { totpOnly: true })) === null) {
      await this.audit.record(meta, { action: 'twoFactor.disable', outcome: 'failure', userId: user.userId, code: 'BAD_USER_INPUT' });
      throw badInput('code', 'Wrong or already used code');
    }
    await this.store.twoFactor.disable(user.userId);
    await this.audit.record(meta, { action: 'twoFactor.disable', outcome: 'success', userId: user.userId });
  }

  /** Accepts a fresh TOTP code or an unused recovery code, once; returns which, or null. */
  async useCode(userId: string, code: string, options: { totpOnly?: boolean } = {}): Promise<'totp' | 'recovery' | null> {
    const state = await this.store.twoFactor.get(userId);
    if (!state?.enabledAt) return null;
    const step = matchTotp(this.box.open(state.secretCiphertext, userId), code.trim(), this.clock.now().getTime());
    if (step !== null) return (await this.store.twoFactor.useStep(userId, step)) ? 'totp' : null;
    if (options.totpOnly) return null;
    const used = await this.store.twoFactor.useRecoveryCode(userId, keyedHash(this.pepper, normaliseRecoveryCode(code)));
    return used ? 'recovery' : null;
  }
}

import type { TwoFactorRepository, TwoFactorState } from '../identity-ports';
import { Collection, type Doc, isUniqueViolation } from './shared';

/**
 * One document per account, `_id` = userId: `{ secretCiphertext, enabledAt, lastUsedStep,
 * recoveryCodeHashes }`. Every rule is one nedb update, and nedb runs a datastore's operations one
 * at a time (executor.js), so a replayed step or a reused recovery code loses a race.
 */
export class EmbeddedTwoFactorRepository implements TwoFactorRepository {
  constructor(private readonly states: Collection) {}

  async get(userId: string): Promise<TwoFactorState | null> {
    const doc = (await this.states.db.findOneAsync({ _id: userId })) as Doc | null;
    return doc ? toState(doc) : null;
  }

  /**
   * One conditional upsert: it restarts a pending enrolment or inserts a new one. When 2FA is
   * enabled the query misses, the upsert tries an insert with the same `_id`, and nedb's unique
   * `_id` index refuses it: that refusal is the "no" (as in allowances.ts).
   */
  async startEnrolment(userId: string, secretCiphertext: string): Promise<boolean> {
    try {
      // No $and needed here (unlike allowances.ts): nedb builds the upserted document from the query
      // minus its `$` keys (datastore.js _updateAsync, model.deepCopy(query, true)), and a plain
      // `enabledAt: null` is no operator, so it only adds the null that $set writes anyway.
      await this.states.db.updateAsync(
        { _id: userId, enabledAt: null },
        { $set: { secretCiphertext, enabledAt: null, lastUsedStep: 0, recoveryCodeHashes: [] } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async enable(userId: string, secretCiphertext: string, step: number, recoveryCodeHashes: string[], at: Date): Promise<boolean> {
    // $set stores the given value itself in nedb's cache (model.js $set), so pass copies.
    const { numAffected } = await this.states.db.updateAsync(
      { _id: userId, secretCiphertext, enabledAt: null },
      { $set: { enabledAt: new Date(at.getTime()), lastUsedStep: step, recoveryCodeHashes: [...recoveryCodeHashes] } },
    );
    return numAffected === 1;
  }

  async disable(userId: string): Promise<void> {
    await this.states.db.removeAsync({ _id: userId }, {});
  }

  async useStep(userId: string, step: number): Promise<boolean> {
    const { numAffected } = await this.states.db.updateAsync(
      { _id: userId, enabledAt: { $ne: null }, lastUsedStep: { $lt: step } },
      { $set: { lastUsedStep: step } },
    );
    return numAffected === 1;
  }

  async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    // A plain value against an array field matches when any element equals it (model.js
    // matchQueryPart, "at least one match"), as in MongoDB; $pull then removes it in the same write.
    const { numAffected } = await this.states.db.updateAsync(
      { _id: userId, recoveryCodeHashes: codeHash },
      { $pull: { recoveryCodeHashes: codeHash } },
    );
    return numAffected === 1;
  }
}

function toState(doc: Doc): TwoFactorState {
  const enabledAt = doc.enabledAt as Date | null;
  return {
    secretCiphertext: doc.secretCiphertext as string,
    enabledAt: enabledAt ? new Date(enabledAt.getTime()) : null,
    lastUsedStep: doc.lastUsedStep as number,
    recoveryCodeHashes: [...(doc.recoveryCodeHashes as string[])],
  };
}

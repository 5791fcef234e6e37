// Second factors: one document per account (_id = userId). Each rule is one conditional write, so
// a replayed TOTP step or a reused recovery code loses even when two requests race.
import type { Collection } from 'mongodb';
import type { TwoFactorRepository, TwoFactorState } from '../identity-ports';
import { toTwoFactor, type TwoFactorDoc } from './documents';
import { isDuplicateKey } from './indexes';

export class MongoTwoFactorRepository implements TwoFactorRepository {
  constructor(private readonly states: Collection<TwoFactorDoc>) {}

  async get(userId: string): Promise<TwoFactorState | null> {
    const doc = await this.states.findOne({ _id: userId });
    return doc ? toTwoFactor(doc) : null;
  }

  async startEnrolment(userId: string, secretCiphertext: string): Promise<boolean> {
    // Matches a missing or pending state. When the state is enabled the filter misses, the upsert
    // tries to insert a second document with this _id and the _id index refuses it (11000): refused.
    // Two first enrolments racing also collide there; the retry then finds the pending document.
    for (let round = 0; round < 2; round++) {
      try {
        await this.states.updateOne(
          { _id: userId, enabledAt: null },
          { $set: { secretCiphertext, enabledAt: null, lastUsedStep: 0, recoveryCodeHashes: [] } },
          { upsert: true },
        );
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    return false;
  }

  async enable(userId: string, secretCiphertext: string, step: number, recoveryCodeHashes: string[], at: Date): Promise<boolean> {
    const result = await this.states.updateOne(
      { _id: userId, secretCiphertext, enabledAt: null },
      { $set: { enabledAt: new Date(at), lastUsedStep: step, recoveryCodeHashes: [...recoveryCodeHashes] } },
    );
    return result.modifiedCount === 1;
  }

  async disable(userId: string): Promise<void> {
    await this.states.deleteOne({ _id: userId });
  }

  async useStep(userId: string, step: number): Promise<boolean> {
    const result = await this.states.updateOne(
      { _id: userId, enabledAt: { $ne: null }, lastUsedStep: { $lt: step } },
      { $set: { lastUsedStep: step } },
    );
    return result.modifiedCount === 1;
  }

  async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const result = await this.states.updateOne(
      { _id: userId, recoveryCodeHashes: codeHash },
      { $pull: { recoveryCodeHashes: codeHash } },
    );
    return result.modifiedCount === 1;
  }
}

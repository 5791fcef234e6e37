import type { Collection } from 'mongodb';
import type { AccountRecord, AccountRepository } from '../ports';
import { isDuplicateKey } from './indexes';
import { toAccount, toDoc, type AccountDoc } from './documents';

export class MongoAccountRepository implements AccountRepository {
  constructor(private readonly accounts: Collection<AccountDoc>) {}

  async insert(account: AccountRecord): Promise<boolean> {
    try {
      await this.accounts.insertOne(toDoc(account));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async findById(id: string): Promise<AccountRecord | null> {
    const doc = await this.accounts.findOne({ _id: id });
    return doc ? toAccount(doc) : null;
  }

  async findByUsername(username: string): Promise<AccountRecord | null> {
    const doc = await this.accounts.findOne({ username });
    return doc ? toAccount(doc) : null;
  }
}

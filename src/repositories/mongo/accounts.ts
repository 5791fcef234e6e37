import type { Collection } from 'mongodb';
import type { AccountRecord, AccountRepository } from '../ports';
import { insertUnique } from './indexes';
import { toAccount, toDoc, type AccountDoc } from './documents';

export class MongoAccountRepository implements AccountRepository {
  constructor(private readonly accounts: Collection<AccountDoc>) {}

  insert(account: AccountRecord): Promise<boolean> {
    return insertUnique(this.accounts, toDoc(account));
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

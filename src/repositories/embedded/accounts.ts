import type { AccountRecord, AccountRepository } from '../ports';
import { Collection, type Doc, fromDoc, insertUnique } from './shared';

export class EmbeddedAccountRepository implements AccountRepository {
  constructor(private readonly accounts: Collection) {}

  /** The unique username index decides; ids are UUIDs, so a violation means the name is taken. */
  insert(account: AccountRecord): Promise<boolean> {
    return insertUnique(this.accounts.db, account);
  }

  findById(id: string): Promise<AccountRecord | null> {
    return this.findOne({ _id: id });
  }

  findByUsername(username: string): Promise<AccountRecord | null> {
    return this.findOne({ username });
  }

  private async findOne(query: Record<string, string>): Promise<AccountRecord | null> {
    const doc = (await this.accounts.db.findOneAsync(query)) as Doc | null;
    return doc ? fromDoc<AccountRecord>(doc) : null;
  }
}

// Accounts: the username rule, reading accounts, and the bootstrap admin created at start-up.
import { randomUUID } from 'node:crypto';
import type { AccountRecord, Role, Store } from '../repositories/ports';
import type { Clock } from './clock';
import { checkPasswordPolicy, hashPassword } from './identity/passwords';

/** 3 to 32 of a-z, 0-9, `.`, `_`, `-`; compared lower-cased. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;

export function normaliseUsername(username: string): string | null {
  const lower = username.trim().toLowerCase();
  return USERNAME_PATTERN.test(lower) ? lower : null;
}

export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bcryptCost: number,
  ) {}

  findById(id: string): Promise<AccountRecord | null> {
    return this.store.accounts.findById(id);
  }

  /** Creates the admin when absent; returns whether it was created. Never changes an existing account. */
  async ensureAdmin(username: string, password: string): Promise<boolean> {
    const name = normaliseUsername(username);
    if (!name) throw new Error(`BOOTSTRAP_ADMIN_USERNAME must match ${USERNAME_PATTERN}`);
    if (await this.store.accounts.findByUsername(name)) return false;
    const policy = checkPasswordPolicy(name, password);
    if (policy) throw new Error(`BOOTSTRAP_ADMIN_PASSWORD is refused: ${policy}`);
    const passwordHash = await hashPassword(password, this.bcryptCost);
    return this.store.accounts.insert(this.newAccount(name, ['USER', 'ADMIN'], passwordHash));
  }

  private newAccount(username: string, roles: Role[], passwordHash: string | null): AccountRecord {
    return { id: randomUUID(), username, roles, passwordHash, createdAt: this.clock.now() };
  }
}

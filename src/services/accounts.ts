// Accounts: what exists before sign-in does (identity arrives with its own issue). The bootstrap
// admin is created here, and the development-only acting-user header resolves to an account here.
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { AccountRecord, Role, Store } from '../repositories/ports';
import type { Clock } from './clock';

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
    const passwordHash = await bcrypt.hash(password, this.bcryptCost);
    return this.store.accounts.insert(this.newAccount(name, ['USER', 'ADMIN'], passwordHash));
  }

  /** Development only: the account named by the acting-user header, created on first use. */
  async actingUser(username: string): Promise<AccountRecord | null> {
    const name = normaliseUsername(username);
    if (!name) return null;
    const existing = await this.store.accounts.findByUsername(name);
    if (existing) return existing;
    await this.store.accounts.insert(this.newAccount(name, ['USER'], null)); // false = a racing request made it
    return this.store.accounts.findByUsername(name);
  }

  private newAccount(username: string, roles: Role[], passwordHash: string | null): AccountRecord {
    return { id: randomUUID(), username, roles, passwordHash, createdAt: this.clock.now() };
  }
}

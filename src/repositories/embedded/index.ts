// The embedded store: nedb datafiles under one directory, the default when no MongoDB is configured.
// nedb runs every operation of a datastore through one queue (executor.js), so a single conditional
// update is atomic within this process. The store must therefore be opened by one process only,
// which a lock file in the directory enforces (./data-dir-lock.ts).
import { constants as fsConstants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import type { Store } from '../ports';
import { EmbeddedAccountRepository } from './accounts';
import { EmbeddedTicketAllowanceRepository } from './allowances';
import { EmbeddedApiKeyRepository } from './api-keys';
import { EmbeddedAuditRepository } from './audit';
import { EmbeddedCommentRepository } from './comments';
import { EmbeddedEventRepository } from './events';
import { EmbeddedPurchaseRepository } from './purchases';
import { lockDataDir } from './data-dir-lock';
import { recoverInterruptedPurchases, type RecoveredPurchases } from './recovery';
import { EmbeddedRefreshTokenRepository } from './refresh-tokens';
import { Collection, StoreClosedError, type StoreState } from './shared';
import { EmbeddedTwoFactorRepository } from './two-factor';

export { StoreClosedError } from './shared';
export { DataDirInUseError } from './data-dir-lock';
export type { RecoveredPurchases } from './recovery';

export interface EmbeddedStoreOptions {
  dataDir: string;
  /** How often the append-only datafiles are rewritten; 0 turns it off. Default: 10 minutes. */
  compactionIntervalMs?: number;
  /** Told about failed background compactions. Default: a process warning. */
  onCompactionError?: (err: unknown) => void;
  /** Told when opening repaired purchases a crash interrupted (./recovery.ts). Default: a process warning. */
  onRecovered?: (recovered: RecoveredPurchases) => void;
}

const DEFAULT_COMPACTION_INTERVAL_MS = 10 * 60 * 1000;

type IndexSpec = { fieldName: string | string[]; unique?: boolean };

const COLLECTIONS = {
  events: { file: 'events.db', indexes: [{ fieldName: 'startsAt' }] },
  purchaseClaims: {
    file: 'purchase-claims.db',
    indexes: [{ fieldName: ['userId', 'idempotencyKey'], unique: true }, { fieldName: 'userId' }],
  },
  purchases: { file: 'purchases.db', indexes: [{ fieldName: 'userId' }] },
  allowances: { file: 'ticket-allowances.db', indexes: [{ fieldName: ['userId', 'eventId'], unique: true }] },
  comments: { file: 'comments.db', indexes: [{ fieldName: 'eventId' }] },
  accounts: { file: 'accounts.db', indexes: [{ fieldName: 'username', unique: true }] },
  twoFactor: { file: 'two-factor.db', indexes: [] }, // _id = userId, nedb's own unique index
  refreshTokens: {
    file: 'refresh-tokens.db',
    indexes: [{ fieldName: 'tokenHash', unique: true }, { fieldName: 'familyId' }],
  },
  apiKeys: { file: 'api-keys.db', indexes: [{ fieldName: 'prefix', unique: true }, { fieldName: 'userId' }] },
  audit: { file: 'audit.db', indexes: [{ fieldName: 'at' }] },
} satisfies Record<string, { file: string; indexes: IndexSpec[] }>;

type Name = keyof typeof COLLECTIONS;

/** Loading also compacts the datafile (persistence.js loadDatabaseAsync), so every open starts compact. */
async function openDatastore(dataDir: string, file: string, indexes: IndexSpec[]): Promise<Datastore> {
  const datastore = new Datastore({ filename: path.join(dataDir, file) });
  await datastore.loadDatabaseAsync();
  for (const index of indexes) await datastore.ensureIndexAsync(index);
  return datastore;
}

class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  readonly events: EmbeddedEventRepository;
  readonly purchases: EmbeddedPurchaseRepository;
  readonly allowances: EmbeddedTicketAllowanceRepository;
  readonly comments: EmbeddedCommentRepository;
  readonly accounts: EmbeddedAccountRepository;
  readonly twoFactor: EmbeddedTwoFactorRepository;
  readonly refreshTokens: EmbeddedRefreshTokenRepository;
  readonly apiKeys: EmbeddedApiKeyRepository;
  readonly audit: EmbeddedAuditRepository;
  private readonly state: StoreState = { closed: false, inFlight: new Set() };
  private readonly timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly datastores: Record<Name, Datastore>,
    options: EmbeddedStoreOptions,
    private readonly unlock: () => Promise<void>,
  ) {
    const collection = (name: Name) => new Collection(datastores[name], this.state);
    this.events = new EmbeddedEventRepository(collection('events'));
    this.purchases = new EmbeddedPurchaseRepository(collection('purchaseClaims'), collection('purchases'));
    this.allowances = new EmbeddedTicketAllowanceRepository(collection('allowances'));
    this.comments = new EmbeddedCommentRepository(collection('comments'));
    this.accounts = new EmbeddedAccountRepository(collection('accounts'));
    this.twoFactor = new EmbeddedTwoFactorRepository(collection('twoFactor'));
    this.refreshTokens = new EmbeddedRefreshTokenRepository(collection('refreshTokens'));
    this.apiKeys = new EmbeddedApiKeyRepository(collection('apiKeys'));
    this.audit = new EmbeddedAuditRepository(collection('audit'));
    this.timer = this.startCompaction(options);
  }

  async ping(): Promise<void> {
    if (this.state.closed) throw new StoreClosedError();
    await access(this.dataDir, fsConstants.W_OK);
  }

  /** Refuses new operations at once; queued and multi-step ones finish before the final compaction. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.state.closed = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.state.inFlight]);
    try {
      await this.compactAll();
    } finally {
      // A lock that cannot be removed is taken over later (its pid is gone); it must not hide a compaction error.
      await this.unlock().catch((err: unknown) => process.emitWarning(`Embedded store: could not remove its lock file: ${String(err)}`));
    }
  }

  private async compactAll(): Promise<void> {
    await Promise.all(Object.values(this.datastores).map((datastore) => datastore.compactDatafileAsync()));
  }

  /** Our own timer rather than nedb's: nedb's is not unref'd and drops compaction errors. */
  private startCompaction(options: EmbeddedStoreOptions): NodeJS.Timeout | undefined {
    const interval = options.compactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS;
    if (interval <= 0) return undefined;
    const report = options.onCompactionError ?? ((err) => process.emitWarning(`Embedded store compaction failed: ${String(err)}`));
    return setInterval(() => this.compactAll().catch(report), interval).unref();
  }
}

export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<Store> {
  await mkdir(options.dataDir, { recursive: true });
  const unlock = await lockDataDir(options.dataDir);
  try {
    return await openLocked(options, unlock);
  } catch (error) {
    await unlock().catch(() => undefined); // the open error is the one to report
    throw error;
  }
}

async function openLocked(options: EmbeddedStoreOptions, unlock: () => Promise<void>): Promise<Store> {
  const names = Object.keys(COLLECTIONS) as Name[];
  const opened = await Promise.all(
    names.map((name) => openDatastore(options.dataDir, COLLECTIONS[name].file, COLLECTIONS[name].indexes)),
  );
  const datastores = Object.fromEntries(names.map((name, i) => [name, opened[i]])) as Record<Name, Datastore>;
  const { purchaseClaims: claims, purchases, events, allowances } = datastores;
  const recovered = await recoverInterruptedPurchases({ claims, purchases, events, allowances });
  if (recovered.claims > 0) {
    const report = options.onRecovered ?? ((r) => process.emitWarning(`Embedded store: removed ${r.claims} purchase claims a crash interrupted; recomputed ${r.events} events' tickets and ${r.allowances} allowances`));
    report(recovered);
  }
  return new EmbeddedStore(options.dataDir, datastores, options, unlock);
}

// API keys for integrators: `fg_<prefix>.<secret>`, shown once. Only a keyed hash (HMAC-SHA-256
// with the server pepper) is stored; lookup is by prefix and the hash is compared in constant time.
// Rotation keeps the prefix, issues a new secret and may let the old one work for a grace period;
// revocation takes effect on the next request. Users see and manage only their own keys (BOLA).
import { randomUUID } from 'node:crypto';
import { AppError, badInput, notFound } from '../errors/app-error';
import type { AccountPrincipal, Principal } from '../context/principal';
import type { ApiKeyRecord, ApiKeyScope } from '../repositories/identity-ports';
import type { Store } from '../repositories/ports';
import type { AuditService } from '../audit/audit-service';
import type { Clock } from './clock';
import { newApiKeySecret, newOpaqueToken, parseApiKey } from './identity/api-key-format';
import { keyedHash, sameHash } from './identity/keyed-hash';
import type { RequestMeta } from './request-meta';

export interface CreatedKey {
  apiKey: ApiKeyRecord;
  secret: string;
}

const TOUCH_EVERY_MS = 60_000;
const invalidKey = () => new AppError('UNAUTHENTICATED', 'This API key is not valid', { httpStatus: 401 });

export class ApiKeyService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly pepper: Buffer,
    private readonly audit: AuditService,
    private readonly rotationGraceSeconds: number,
  ) {}

  list(owner: AccountPrincipal): Promise<ApiKeyRecord[]> {
    return this.store.apiKeys.listByUser(owner.userId);
  }

  async create(owner: AccountPrincipal, input: { name: string; scopes: ApiKeyScope[]; expiresAt?: Date | null }, meta: RequestMeta): Promise<CreatedKey> {
    const name = input.name.trim();
    if (!name) throw badInput('name', 'name must not be blank');
    if (input.expiresAt && input.expiresAt <= this.clock.now()) throw badInput('expiresAt', 'expiresAt must be in the future');
    const { prefix, full, secret } = newApiKeySecret();
    const apiKey: ApiKeyRecord = {
      id: randomUUID(), userId: owner.userId, name, prefix, secretHash: keyedHash(this.pepper, secret),
      previousSecretHash: null, previousSecretExpiresAt: null, scopes: [...new Set(input.scopes)],
      createdAt: this.clock.now(), expiresAt: input.expiresAt ?? null, lastUsedAt: null, revokedAt: null,
    };
    if (!(await this.store.apiKeys.insert(apiKey))) throw new Error('API key prefix collision');
    await this.audit.record(meta, { action: 'apiKey.create', outcome: 'success', userId: owner.userId, details: { keyId: apiKey.id } });
    return { apiKey, secret: full };
  }

  async rotate(owner: AccountPrincipal, id: string, meta: RequestMeta): Promise<CreatedKey> {
    const current = (await this.list(owner)).find((key) => key.id === id && !key.revokedAt);
    if (!current) throw notFound('API key');
    const secret = newOpaqueToken();
    const grace = this.rotationGraceSeconds > 0 ? new Date(this.clock.now().getTime() + this.rotationGraceSeconds * 1000) : null;
    const apiKey = await this.store.apiKeys.rotate(id, owner.userId, current.secretHash, keyedHash(this.pepper, secret), grace);
    if (!apiKey) throw new AppError('IDEMPOTENCY_CONFLICT', 'The key was rotated or revoked meanwhile');
    await this.audit.record(meta, { action: 'apiKey.rotate', outcome: 'success', userId: owner.userId, details: { keyId: id } });
    return { apiKey, secret: `fg_${apiKey.prefix}.${secret}` };
  }

  async revoke(owner: AccountPrincipal, id: string, meta: RequestMeta): Promise<ApiKeyRecord> {
    const revoked = await this.store.apiKeys.revoke(id, owner.userId, this.clock.now());
    if (!revoked) throw notFound('API key');
    await this.audit.record(meta, { action: 'apiKey.revoke', outcome: 'success', userId: owner.userId, details: { keyId: id } });
    return revoked;
  }

  /** The principal a presented key acts as; UNAUTHENTICATED for anything not currently valid. */
  async authenticate(presented: string): Promise<Principal> {
    const parsed = parseApiKey(presented);
    const key = parsed ? await this.store.apiKeys.findByPrefix(parsed.prefix) : null;
    if (!parsed || !key || !this.secretMatches(key, parsed.secret)) throw invalidKey();
    const now = this.clock.now();
    if (key.revokedAt || (key.expiresAt && key.expiresAt <= now)) throw invalidKey();
    const account = await this.store.accounts.findById(key.userId);
    if (!account) throw invalidKey();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_EVERY_MS) void this.store.apiKeys.touch(key.id, now).catch(() => undefined);
    return { kind: 'apiKey', keyId: key.id, userId: account.id, username: account.username, roles: account.roles, scopes: key.scopes };
  }

  private secretMatches(key: ApiKeyRecord, secret: string): boolean {
    const hash = keyedHash(this.pepper, secret);
    if (sameHash(hash, key.secretHash)) return true;
    const graceOpen = key.previousSecretExpiresAt !== null && key.previousSecretExpiresAt > this.clock.now();
    return graceOpen && key.previousSecretHash !== null && sameHash(hash, key.previousSecretHash);
  }
}

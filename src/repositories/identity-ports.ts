// The storage port for identity: second factors, refresh tokens, API keys and the audit trail.
// Same rules as ports.ts: plain records, and every rule that guards security is ONE conditional
// write in the store (a replayed TOTP step, a reused recovery code or refresh token, a racing key
// rotation must lose even when two requests or two replicas arrive at once).
// Secrets are never stored: only ciphertexts (TOTP secrets) and keyed hashes (codes, tokens, keys).

import type { Page, PageRequest } from './ports';

export interface TwoFactorState {
  /** AES-256-GCM ciphertext of the TOTP secret, never the secret itself. */
  secretCiphertext: string;
  /** Null while the enrolment awaits its first code (confirmTwoFactor). */
  enabledAt: Date | null;
  /** Highest TOTP time step accepted so far; a code of this step or an older one is a replay. */
  lastUsedStep: number;
  /** Keyed hashes of the recovery codes not used yet. */
  recoveryCodeHashes: string[];
}

export interface TwoFactorRepository {
  /** The account's second factor, or null when it has none (not even a pending enrolment). */
  get(userId: string): Promise<TwoFactorState | null>;
  /** Starts (or restarts) an enrolment; refused (false) when 2FA is already enabled. */
  startEnrolment(userId: string, secretCiphertext: string): Promise<boolean>;
  /**
   * Turns 2FA on if the pending enrolment still has this ciphertext, recording the step of the
   * confirming code and the recovery code hashes. False when nothing matched (nothing changed).
   */
  enable(userId: string, secretCiphertext: string, step: number, recoveryCodeHashes: string[], at: Date): Promise<boolean>;
  /** Removes the second factor entirely. */
  disable(userId: string): Promise<void>;
  /** Accepts a TOTP step only if it is newer than every step accepted before (replay guard). */
  useStep(userId: string, step: number): Promise<boolean>;
  /** Consumes one recovery code: true only for the one request that removes it. */
  useRecoveryCode(userId: string, codeHash: string): Promise<boolean>;
}

export interface RefreshTokenRecord {
  id: string;
  userId: string;
  /** Every token rotated from one sign-in shares a family; reuse of a spent one revokes the family. */
  familyId: string;
  /** Keyed hash of the opaque token; unique. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  /** When it was exchanged for a new token (spent); null while unused. */
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface RefreshTokenRepository {
  insert(token: RefreshTokenRecord): Promise<void>;
  /**
   * Spends the token: sets usedAt if it is unused, unrevoked and unexpired at `at`, in one
   * conditional write. Returns the spent record, or null when it could not be spent.
   */
  spend(tokenHash: string, at: Date): Promise<RefreshTokenRecord | null>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Revokes every unrevoked token of the family (reuse detected, or logout). */
  revokeFamily(familyId: string, at: Date): Promise<void>;
}

export type ApiKeyScope = 'TICKETS_WRITE' | 'COMMENTS_WRITE' | 'READ';

export interface ApiKeyRecord {
  id: string;
  userId: string;
  name: string;
  /** Public, unique lookup part of the key (shown to its owner); stable across rotations. */
  prefix: string;
  /** Keyed hash (HMAC-SHA-256 with the server pepper) of the current secret. */
  secretHash: string;
  /** The secret replaced by the last rotation, accepted until previousSecretExpiresAt. */
  previousSecretHash: string | null;
  previousSecretExpiresAt: Date | null;
  scopes: ApiKeyScope[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiKeyRepository {
  /** Inserts the key; false (nothing changed) when the prefix is taken. */
  insert(key: ApiKeyRecord): Promise<boolean>;
  findByPrefix(prefix: string): Promise<ApiKeyRecord | null>;
  /** The owner's keys, newest first (revoked ones included). */
  listByUser(userId: string): Promise<ApiKeyRecord[]>;
  /**
   * Replaces the secret if the key is the owner's, unrevoked, and its secretHash is still
   * `expectedSecretHash` (so two racing rotations cannot both win). The old hash becomes the
   * previous one until `previousSecretExpiresAt` (null: not accepted at all). Returns the updated key.
   */
  rotate(id: string, userId: string, expectedSecretHash: string, newSecretHash: string, previousSecretExpiresAt: Date | null): Promise<ApiKeyRecord | null>;
  /** Revokes the owner's unrevoked key; returns it, or null when there is none to revoke. */
  revoke(id: string, userId: string, at: Date): Promise<ApiKeyRecord | null>;
  /** Records use; callers may throttle it. */
  touch(id: string, at: Date): Promise<void>;
}

export type AuditOutcome = 'success' | 'failure' | 'refused';

export interface AuditRecord {
  id: string;
  at: Date;
  /** What happened, e.g. `login`, `twoFactor.enable`, `apiKey.rotate`, `buyTicket`. */
  action: string;
  outcome: AuditOutcome;
  /** The acting account, when known (for a sign-in attempt: the account it named). */
  userId: string | null;
  /** The API key the caller used; null for a signed-in user or an anonymous caller. */
  keyId: string | null;
  clientAddress: string;
  requestId: string;
  /** The error code of a failure or refusal. */
  code: string | null;
  /** Small, non-secret facts (ids, counts); never secrets, bodies or passwords. */
  details: Record<string, string | number | boolean>;
}

/** Every set field must match (equality); `since` is inclusive, `until` exclusive. */
export interface AuditFilter {
  action?: string;
  userId?: string;
  outcome?: AuditOutcome;
  code?: string;
  clientAddress?: string;
  since?: Date;
  until?: Date;
}

export interface AuditRepository {
  insert(event: AuditRecord): Promise<void>;
  /** Newest first (at descending, then id descending); the cursor's `at` is the event time. */
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>>;
}

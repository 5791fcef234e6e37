// Secrets at rest (TOTP seeds). Threat: a leaked or tampered database. AES-256-GCM keeps them
// confidential and authenticated: a fresh random 12-byte IV per seal, a full 16-byte tag (Node
// would otherwise accept truncated tags), and the format version bound in as associated data.
// Optional `context` (for example the owner's id) is bound too, so a sealed value copied to
// another record does not open there.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SecretBox {
  seal(plaintext: string, context?: string): string;
  /** Throws on any tampering, wrong key, wrong context or malformed input. */
  open(sealed: string, context?: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]*$/;

export function createSecretBox(key: Buffer): SecretBox {
  if (!Buffer.isBuffer(key) || key.length !== 32) throw new Error('The secret box key must be 32 bytes');
  const own = Buffer.from(key); // a copy: later changes to the caller's buffer do not reach it
  return {
    seal: (plaintext, context = '') => seal(own, plaintext, context),
    open: (sealed, context = '') => open(own, sealed, context),
  };
}

function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

function open(key: Buffer, sealed: string, context: string): string {
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('The sealed value is malformed');
  const [iv, tag, ciphertext] = parts.slice(1).map(decode);
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('The sealed value is malformed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('The sealed value cannot be opened (wrong key, wrong context or tampered)');
  }
}

function associatedData(context: string): Buffer {
  return Buffer.from(`${VERSION}\0${context}`, 'utf8');
}

/** Strict base64url: Buffer.from is lenient and would skip stray characters. */
function decode(text: string): Buffer {
  if (!B64URL.test(text)) throw new Error('The sealed value is malformed');
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) throw new Error('The sealed value is malformed');
  return bytes;
}

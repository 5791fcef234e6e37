// Opaque cursors: base64url of the keyset position (sort value + id). Clients must treat them as
// opaque; a cursor that does not decode is BAD_USER_INPUT, never a server error.
import { badInput } from '../../errors/app-error';
import type { PageCursor } from '../../repositories/ports';

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string, field = 'after'): PageCursor {
  try {
    if (text.length > 200) throw new Error('too long');
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string' && value[1].length <= 64) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through to the coded error
  }
  throw badInput(field, `${field} is not a cursor returned by this API`);
}

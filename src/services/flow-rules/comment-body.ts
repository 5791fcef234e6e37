// What a comment body may be. Bodies are plain text, stored and returned as sent (after the
// normalisation below) and never interpreted, so markup and template syntax are harmless here; what
// this refuses is text that hides or mangles what readers see: control characters (terminal escapes,
// NUL, backspaces; only \n and \t are text), bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069: they reorder what is displayed, so "moc.elpmaxe" can show as a
// trusted name, the "Trojan Source" trick; the marks U+200E/U+200F, which right-to-left writers use
// and which cannot reorder a run, stay allowed) and lone surrogates (not text at all; MongoDB would
// refuse them as invalid UTF-8). Bodies are NFC-normalised so that "é" typed composed or decomposed
// is the same text (and the same text for the duplicate rule). Length is counted in code points.
import { badInput } from '../../errors/app-error';
import { byRule } from './refusal';

export const MAX_COMMENT_LENGTH = 2000;

const CONTROL_BUT_NEWLINE_AND_TAB = /[^\P{Cc}\n\t]/u;
const BIDI_EMBEDDING_OVERRIDE_OR_ISOLATE = /[\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;

/** The body as it will be stored, or BAD_USER_INPUT on `body`. */
export function normaliseCommentBody(raw: string): string {
  const body = raw.trim().replace(/\r\n/g, '\n');
  if (CONTROL_BUT_NEWLINE_AND_TAB.test(body)) throw refuse('body may not contain control characters (only line breaks and tabs)');
  if (BIDI_EMBEDDING_OVERRIDE_OR_ISOLATE.test(body)) throw refuse('body may not contain bidirectional embedding, override or isolate characters (U+202A–U+202E, U+2066–U+2069)');
  if (LONE_SURROGATE.test(body)) throw refuse('body is not valid Unicode text');
  const normalised = body.normalize('NFC');
  const length = [...normalised].length;
  if (length === 0 || length > MAX_COMMENT_LENGTH) throw refuse(`body must be 1 to ${MAX_COMMENT_LENGTH} characters after trimming`);
  return normalised;
}

const refuse = (message: string) => byRule('commentBody', badInput('body', message));

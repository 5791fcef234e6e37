// Masks values of keys that name secrets (passwords, tokens, keys, cookies, connection URIs) at any
// depth of a log entry, and turns Errors into plain objects that keep their message and stack
// (winston's JSON format would write an Error as `{}`). A second line of defence: code should not
// log secrets in the first place.
import winston from 'winston';

const SECRET_KEY = /pass(word|phrase)?|secret|token|authorization|api[-_]?key|cookie|otp|recovery|credential|private[-_]?key|connection[-_]?string/i;
const URI_KEY = /^uri$|Uri$|_URI$|_uri$/;
const MASK = '[REDACTED]';
const MAX_DEPTH = 6;

const isSecretKey = (key: string): boolean => SECRET_KEY.test(key) || URI_KEY.test(key);

export function redactValue(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[TRUNCATED]'; // never write what was not inspected
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const source = value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(source)) {
    copy[key] = isSecretKey(key) ? MASK : redactValue(child, depth + 1);
  }
  return copy;
}

function errorFields(error: Error): Record<string, unknown> {
  const cause = (error as { cause?: unknown }).cause;
  return { ...(error as object), name: error.name, message: error.message, stack: error.stack, ...(cause !== undefined ? { cause } : {}) };
}

export const redact = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'message') continue;
    info[key] = isSecretKey(key) ? MASK : redactValue(info[key]);
  }
  return info;
});

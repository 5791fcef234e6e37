// Masks values of keys that name secrets (passwords, tokens, keys, cookies) at any depth of a
// log entry. A second line of defence: code should not log secrets in the first place.
import winston from 'winston';

const SECRET_KEY = /pass(word)?|secret|token|authorization|api[-_]?key|cookie|otp|recovery/i;
const MASK = '[REDACTED]';

export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? MASK : redactValue(child, depth + 1);
  }
  return copy;
}

export const redact = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'message') continue;
    info[key] = SECRET_KEY.test(key) ? MASK : redactValue(info[key]);
  }
  return info;
});

// A refusal names the registry rule that made it, so the audit trail can say which row of the
// registry (registry.ts) stopped a flow. The rule stays on the server: it is not an extension the
// client sees (the code and its documented extensions are what clients get).
import type { AppError } from '../../errors/app-error';
import type { RuleName } from './registry';

const rules = new WeakMap<AppError, RuleName>();

/** Tags the error with the rule that refused; returns it, for `throw byRule('x', new AppError(…))`. */
export function byRule<E extends AppError>(rule: RuleName, error: E): E {
  rules.set(error, rule);
  return error;
}

/** The rule that refused, when the error came from one. */
export function ruleOf(error: AppError): RuleName | undefined {
  return rules.get(error);
}

/** Seconds for `extensions.retryAfter`: whole seconds, at least 1. */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

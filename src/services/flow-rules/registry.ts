// The declared registry of sensitive business flows (OWASP API6:2023, "unrestricted access to
// sensitive business flows"): every flow an attacker would automate, every rule that guards it, the
// code its refusal answers and the configuration rows it reads. Names and defaults of those rows
// come from the one table in config/variables.ts, so nothing here can disagree with the config.
// README's "Flow rules" table is rendered from this list and a test keeps the two equal; refusals
// name their rule (refusal.ts), so an audit event points back at a row of this table.
import { variables, type VariableKey } from '../../config/variables';
import type { ErrorCode } from '../../errors/codes';

export const FLOWS = ['buyTicket', 'postComment', 'login', 'verifyTwoFactor', 'register'] as const;
export type FlowName = (typeof FLOWS)[number];

export interface RuleDeclaration {
  flow: FlowName;
  rule: string;
  /** What the rule guarantees, in one line. */
  what: string;
  /** The codes its refusals answer. */
  codes: readonly ErrorCode[];
  /** Configuration rows (config/variables.ts) the rule reads. */
  settings: readonly VariableKey[];
  /** Where it is enforced (below src/). */
  where: string;
}

export const flowRegistry = [
  // buyTicket, in the order the checks run. Its per-field rate limits run first, before the resolver.
  { flow: 'buyTicket', rule: 'buyTicket.perCaller', what: 'calls per API key, else per user: 10 a minute', codes: ['RATE_LIMITED'], settings: ['rateLimits'], where: '`@rateLimit` in the SDL (guards/rate-limit)' },
  { flow: 'buyTicket', rule: 'buyTicket.perAddress', what: 'calls per client address: 60 a minute', codes: ['RATE_LIMITED'], settings: ['rateLimits'], where: '`@rateLimit` in the SDL (guards/rate-limit)' },
  // Everything after `idempotency` runs only for a new order (a replay of a completed one returns it
  // untouched) and is undone when a later step refuses.
  { flow: 'buyTicket', rule: 'perOrderMaximum', what: '`quantity` is 1 to the per-order maximum', codes: ['BAD_USER_INPUT'], settings: ['maxTicketsPerOrder'], where: 'services/tickets.ts' },
  { flow: 'buyTicket', rule: 'idempotency', what: 'one purchase per (buyer, `idempotencyKey`); a retry returns it and counts against nothing', codes: ['IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_IN_PROGRESS'], settings: ['idempotencyWaitMs'], where: 'store (unique claim)' },
  { flow: 'buyTicket', rule: 'accountAge', what: 'no purchase faster than a human: the account must be this old (0 = off)', codes: ['TOO_FAST'], settings: ['minAccountAgeSecondsToBuy'], where: 'flow-rules/account-age.ts' },
  { flow: 'buyTicket', rule: 'perAddressCap', what: 'tickets per client address (IPv6: per /64) per event per window, all accounts together', codes: ['PURCHASE_LIMIT_EXCEEDED'], settings: ['ticketsPerAddressPerEvent', 'ticketsPerAddressWindowSeconds'], where: 'flow-rules/address-ticket-cap.ts' },
  { flow: 'buyTicket', rule: 'perUserCap', what: "the buyer's tickets for the event stay within the event's `maxTicketsPerUser` (default: the per-order maximum)", codes: ['PURCHASE_LIMIT_EXCEEDED'], settings: ['maxTicketsPerOrder'], where: 'store (conditional write)' },
  { flow: 'buyTicket', rule: 'stepUp', what: "the tickets a buyer (its API keys included) gets for one event without a second factor, all orders together and those in flight too (counted for 21 days), stay within the threshold: an order that would pass it needs a fresh TOTP code of the buyer (`twoFactorCode`, once; no recovery codes, no API keys) and then counts nothing; 0 = every order; wrong codes are throttled per account", codes: ['TWO_FACTOR_REQUIRED', 'RATE_LIMITED'], settings: ['stepUpTicketThreshold', 'twoFactorMaxAttempts', 'loginFailureWindowSeconds'], where: 'flow-rules/step-up.ts' },
  { flow: 'buyTicket', rule: 'inventory', what: 'never oversell', codes: ['SOLD_OUT'], settings: [], where: 'store (conditional write)' },
  // postComment, in the order the checks run.
  { flow: 'postComment', rule: 'postComment.perCaller', what: 'comments per API key, else per user: 10 a minute', codes: ['RATE_LIMITED'], settings: ['rateLimits'], where: '`@rateLimit` in the SDL (guards/rate-limit)' },
  { flow: 'postComment', rule: 'postComment.perAddress', what: 'comments per client address: 60 a minute', codes: ['RATE_LIMITED'], settings: ['rateLimits'], where: '`@rateLimit` in the SDL (guards/rate-limit)' },
  { flow: 'postComment', rule: 'commentBody', what: 'plain text, 1 to 2,000 characters after trimming, NFC-normalised, no control characters but `\\n` and `\\t`, no bidirectional embeddings, overrides or isolates (U+202A–U+202E, U+2066–U+2069)', codes: ['BAD_USER_INPUT'], settings: [], where: 'flow-rules/comment-body.ts' },
  { flow: 'postComment', rule: 'accountAge', what: 'no comment faster than a human: the account must be this old (0 = off)', codes: ['TOO_FAST'], settings: ['minAccountAgeSecondsToComment'], where: 'flow-rules/account-age.ts' },
  { flow: 'postComment', rule: 'duplicateComment', what: 'the same normalised body from the same user in the same thread once per window', codes: ['DUPLICATE_COMMENT'], settings: ['duplicateCommentWindowSeconds'], where: 'flow-rules/duplicate-comment.ts' },
  { flow: 'postComment', rule: 'threadBurst', what: 'comments per thread (event) per window, all users together', codes: ['RATE_LIMITED'], settings: ['commentThreadBurstLimit', 'commentThreadBurstWindowSeconds'], where: 'flow-rules/thread-burst.ts' },
  // Sign-in and sign-up: their rate limits and throttles, declared here so this one table tells the whole story.
  { flow: 'login', rule: 'login.perUsernameAndAddress', what: 'calls per (username, client address), every alias counted: 5 a minute', codes: ['RATE_LIMITED'], settings: ['rateLimits'], where: '`@rateLimit` in the SDL (guards/rate-limit)' },
  { flow: 'login', rule: 'login.perAddress', what: 'calls per client address: 30 a minute', codes: ['RATE_LIMITED'], settings: ['rateLimits'], where: '`@rateLimit` in the SDL (guards/rate-limit)' },
  { flow: 'login', rule: 'failuresPerAccountAndAddress', what: 'wrong passwords per (username, client address), counted before the check', codes: ['RATE_LIMITED'], settings: ['loginFailuresPerAccountAndAddress', 'loginFailureWindowSeconds'], where: 'services/auth.ts' },
  { flow: 'login', rule: 'failuresPerAddress', what: 'wrong passwords per client address, any account', codes: ['RATE_LIMITED'], settings: ['loginFailuresPerAddress', 'loginFailureWindowSeconds'], where: 'services/auth.ts' },
  { flow: 'verifyTwoFactor', rule: 'verifyTwoFactor.perAddress', what: 'calls per client address: 10 a minute', codes: ['RATE_LIMITED'], settings: ['rateLimits'], where: '`@rateLimit` in the SDL (guards/rate-limit)' },
  { flow: 'verifyTwoFactor', rule: 'attemptsPerChallengeAndAccount', what: 'wrong codes per challenge and per account', codes: ['RATE_LIMITED'], settings: ['twoFactorMaxAttempts', 'loginFailureWindowSeconds'], where: 'services/auth.ts' },
  { flow: 'verifyTwoFactor', rule: 'singleUseCode', what: 'a TOTP step or a recovery code is accepted once; a challenge expires', codes: ['UNAUTHENTICATED'], settings: ['twoFactorChallengeTtlSeconds'], where: 'services/two-factor.ts' },
  { flow: 'verifyTwoFactor', rule: 'singleUseChallenge', what: 'a challenge gives one session: replayed, or raced with a second right code, it is refused before its code is checked (so no code is spent); a wrong code gives the challenge back. Shared by replicas through Redis; without it, per process', codes: ['UNAUTHENTICATED'], settings: ['twoFactorChallengeTtlSeconds'], where: 'services/auth.ts, limits/single-use.ts' },
  { flow: 'register', rule: 'register.perAddress', what: 'sign-ups per client address: 10 per 10 minutes', codes: ['RATE_LIMITED'], settings: ['rateLimits'], where: '`@rateLimit` in the SDL (guards/rate-limit)' },
  { flow: 'register', rule: 'passwordPolicy', what: 'passwords of 12 to 72 characters, not containing the username, not a common password', codes: ['BAD_USER_INPUT'], settings: [], where: 'services/identity/passwords.ts' },
  { flow: 'register', rule: 'uniqueUsername', what: 'one account per (lower-cased) username', codes: ['BAD_USER_INPUT'], settings: [], where: 'store (unique index)' },
] as const satisfies readonly RuleDeclaration[];

export type RuleName = (typeof flowRegistry)[number]['rule'];

/** The configuration of a rule as README shows it: `NAME` (default), … */
function settingsText(settings: readonly VariableKey[]): string {
  if (settings.length === 0) return '—';
  // An empty default (RATE_LIMITS: no overrides) shows as the name alone, not "()".
  return settings.map((key) => `\`${variables[key].name}\`${variables[key].defaultText === '' ? '' : ` (${variables[key].defaultText ?? 'unset'})`}`).join(', ');
}

/** README's "Flow rules" table: flow → rule → refusal codes → settings with defaults → where. */
export function renderFlowRulesTable(): string {
  const rows = flowRegistry.map((row) => {
    const codes = row.codes.map((code) => `\`${code}\``).join(', ');
    return `| ${row.flow} | \`${row.rule}\`: ${row.what} | ${codes} | ${settingsText(row.settings)} | ${row.where} |`;
  });
  return ['| flow | rule | refusal | settings (default) | enforced in |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

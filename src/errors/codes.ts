// The public list of error codes (`errors[].extensions.code`), as documented in README and
// ../shared/API.md. A test keeps this list, the README table and the codes thrown in src/ in sync.

export const errorCodes = {
  UNAUTHENTICATED: 'no, bad, expired or revoked credential where one is needed',
  FORBIDDEN: 'signed in, but the role, scope or ownership does not allow it',
  BAD_USER_INPUT: 'an argument fails validation; `extensions.field` names it',
  NOT_FOUND: 'the event (or other object) does not exist',
  SOLD_OUT: 'fewer tickets left than asked for; nothing was sold',
  PURCHASE_LIMIT_EXCEEDED: "the user's tickets for this event would pass `maxTicketsPerUser` (`extensions.limit: perUser`), or the client address's tickets for this event in the window would pass `TICKETS_PER_ADDRESS_PER_EVENT` (`limit: perAddress`, with `retryAfter` in seconds); nothing was sold",
  IDEMPOTENCY_CONFLICT: 'an idempotency key reused with a different input',
  IDEMPOTENCY_IN_PROGRESS: 'a purchase with this idempotency key is still being processed; retry shortly',
  TWO_FACTOR_REQUIRED: 'the flow needs a fresh second factor (an order that would take the tickets a buyer got for one event without one past `STEP_UP_TICKET_THRESHOLD` needs `twoFactorCode`); `extensions.reason` says what is missing',
  DUPLICATE_COMMENT: 'the same text from the same user in the same thread within `DUPLICATE_COMMENT_WINDOW_SECONDS`; nothing was posted',
  TOO_FAST: 'the account is younger than the flow allows ("faster than a human", `MIN_ACCOUNT_AGE_SECONDS_TO_*`); `extensions.retryAfter` in seconds',
  RATE_LIMITED: 'a per-field rate limit, a flow limit (comments per thread, wrong codes) or the cost budget is spent; `extensions.retryAfter` in seconds',
  QUERY_TOO_COMPLEX: "the document's cost is over the per-request cap; `extensions.cost` and `extensions.maxCost`",
  DOCUMENT_LIMIT_EXCEEDED: 'depth, aliases, tokens, directives, size or batch over a limit; `extensions.limit` names it',
  SERVICE_UNAVAILABLE: 'a shared protection store (Redis) is unreachable, so a sensitive operation was refused rather than run unguarded (HTTP 503); retry after `extensions.retryAfter` seconds',
  DOCUMENT_NOT_TRUSTED: 'trusted-documents mode: the request names no document of the manifest (unknown id, or a text that is not in it); HTTP 400, nothing parsed',
  INTERNAL_SERVER_ERROR: 'anything else; in production the message is generic and carries only the request id',
} as const;

export type ErrorCode = keyof typeof errorCodes;

/**
 * Codes Apollo Server itself answers for malformed requests (before our code runs). They are
 * passed through unchanged; clients may see them too.
 */
export const protocolErrorCodes = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
] as const;

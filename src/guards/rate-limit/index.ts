// Per-field rate limits: `@rateLimit` beside each sensitive field (directive.ts), counted atomically
// in the limits store (field-limiter.ts, wrapped around resolvers by apply.ts), plus a per-request
// rate for API keys. Overrides by rule name come from RATE_LIMITS.
export { applyRateLimits } from './apply';
export { apiKeyRequestsPlugin } from './api-key-requests';
export { rateLimitDirective, rateLimitKeyEnum, RATE_LIMIT } from './directive';
export { FieldRateLimiter } from './field-limiter';
export { declaredRuleNames, rulesOf, windowMsOf, type FieldRateRule, type RateLimitOverrides } from './rules';

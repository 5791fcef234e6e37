// Each response's cache policy and `Cache-Control` header, computed once per document from the
// schema's `@cacheControl` hints by Apollo's rules (see plugin.ts).
export { cachePolicyPlugin, type CachePolicyPluginOptions } from './plugin';
export { operationCachePolicy, type OperationPolicyInput } from './operation-policy';
export type { FieldPolicyOptions } from './field-policy';
export type { CacheHint, CacheScope } from './hints';

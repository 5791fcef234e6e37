// Wraps every field that declares `@rateLimit` so each call is counted before its resolver (and
// before type-graphql's argument validation, so invalid floods count too). The access check is
// wrapped around this later, so callers who may not call a field never spend its limit.
import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import { auditIfLimitRefusal } from '../../audit/limit-refusals';
import type { RequestContext } from '../../context/context';
import { rulesOf, type RateLimitOverrides } from './rules';

export function applyRateLimits(schema: GraphQLSchema, overrides: RateLimitOverrides): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const rules = rulesOf(field, overrides);
      if (rules.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = async (source, args, context: RequestContext, info) => {
        const call = { principal: context.principal, clientAddress: context.clientAddress, requestId: context.requestId, operation: info.operation.operation };
        try {
          await context.rateLimiter.check(info.fieldName, rules, args, call);
        } catch (error) {
          await auditIfLimitRefusal(context.services.limitRefusals, context, info.fieldName, error);
          throw error;
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

import { Arg, Args, Ctx, Directive, Mutation, Query, Resolver } from 'type-graphql';
import { requestMeta as meta, type RequestContext } from '../../context/context';
import { requireAccount } from '../../guards/access';
import type { ApiKeyRecord } from '../../repositories/identity-ports';
import type { CreatedKey } from '../../services/api-keys';
import { ApiKeyIdArgs, CreateApiKeyInput } from './inputs';
import { ApiKey, CreatedApiKey } from './types';

/** Keys are managed by a signed-in user only (no scopes listed: an API key cannot manage keys). */
@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Directive('@cost(value: 5)')
  @Directive('@auth')
  @Query(() => [ApiKey], { description: "The signed-in user's own keys, newest first." })
  apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKeyRecord[]> {
    return ctx.services.apiKeys.list(requireAccount(ctx.principal));
  }

  @Directive('@rateLimit(name: "createApiKey.perCaller", max: 10, window: "1h")')
  @Directive('@cost(value: 10)')
  @Directive('@auth')
  @Mutation(() => CreatedApiKey, { description: 'Creates a key; the secret is in this response only.' })
  createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: RequestContext): Promise<CreatedKey> {
    return ctx.services.apiKeys.create(requireAccount(ctx.principal), input, meta(ctx));
  }

  @Directive('@rateLimit(name: "rotateApiKey.perCaller", max: 10, window: "1h")')
  @Directive('@cost(value: 10)')
  @Directive('@auth')
  @Mutation(() => CreatedApiKey, { description: 'Issues a new secret for one of your keys (the old one stops working, after API_KEY_ROTATION_GRACE_SECONDS).' })
  rotateApiKey(@Args(() => ApiKeyIdArgs) { id }: ApiKeyIdArgs, @Ctx() ctx: RequestContext): Promise<CreatedKey> {
    return ctx.services.apiKeys.rotate(requireAccount(ctx.principal), id, meta(ctx));
  }

  @Directive('@cost(value: 10)')
  @Directive('@auth')
  @Mutation(() => ApiKey, { description: 'Revokes one of your keys; it is refused from the next request on.' })
  revokeApiKey(@Args(() => ApiKeyIdArgs) { id }: ApiKeyIdArgs, @Ctx() ctx: RequestContext): Promise<ApiKeyRecord> {
    return ctx.services.apiKeys.revoke(requireAccount(ctx.principal), id, meta(ctx));
  }
}

import { Arg, Ctx, Directive, Mutation, Query, Resolver } from 'type-graphql';
import { requestMeta as meta, type RequestContext } from '../../context/context';
import { AppError } from '../../errors/app-error';
import { toAuthPayload, toUser } from './mappers';
import { LoginInput, RegisterInput, VerifyTwoFactorInput } from './inputs';
import { AuthPayload, LoginResult, User } from './types';

@Resolver()
export class AccountResolver {
  @Directive('@cost(value: 1)')
  @Directive('@public')
  @Query(() => User, { nullable: true, description: 'The caller\'s own account; null when anonymous. Public; API keys need the READ scope.' })
  async me(@Ctx() ctx: RequestContext): Promise<User | null> {
    if (ctx.principal.kind === 'anonymous') return null;
    // Public so anonymous callers get null; an API key still needs READ to see its owner's account.
    if (ctx.principal.kind === 'apiKey' && !ctx.principal.scopes.includes('READ')) throw new AppError('FORBIDDEN', 'This needs the READ scope');
    const account = await ctx.services.accounts.findById(ctx.principal.userId);
    return account ? toUser(account, ctx.services.twoFactor) : null;
  }

  @Directive('@rateLimit(name: "register.perAddress", max: 10, window: "10m", per: ADDRESS)')
  @Directive('@cost(value: 10)')
  @Directive('@public')
  @Mutation(() => AuthPayload, { description: 'Creates an account and signs it in. Public.' })
  async register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    return toAuthPayload(await ctx.services.auth.register(input, meta(ctx)), ctx.services.twoFactor);
  }

  @Directive('@rateLimit(name: "login.perUsernameAndAddress", max: 5, window: "60s", per: ADDRESS, identityArgs: ["input.username"])')
  @Directive('@rateLimit(name: "login.perAddress", max: 30, window: "60s", per: ADDRESS)')
  @Directive('@cost(value: 10)')
  @Directive('@public')
  @Mutation(() => LoginResult, { description: 'Signs in; accounts with 2FA get a TwoFactorChallenge to finish with verifyTwoFactor. Public; failures are throttled (RATE_LIMITED); refused with SERVICE_UNAVAILABLE (503) while the shared limits store is unreachable.' })
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: RequestContext): Promise<typeof LoginResult> {
    const result = await ctx.services.auth.login(input, meta(ctx));
    return 'challengeToken' in result ? result : toAuthPayload(result, ctx.services.twoFactor);
  }

  @Directive('@rateLimit(name: "verifyTwoFactor.perAddress", max: 10, window: "60s", per: ADDRESS)')
  @Directive('@cost(value: 10)')
  @Directive('@public')
  @Mutation(() => AuthPayload, { description: 'Finishes a 2FA sign-in with a TOTP code or a recovery code (each accepted once). Public; wrong codes are throttled (RATE_LIMITED); refused with SERVICE_UNAVAILABLE (503) while the shared limits store is unreachable.' })
  async verifyTwoFactor(@Arg('input', () => VerifyTwoFactorInput) input: VerifyTwoFactorInput, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    return toAuthPayload(await ctx.services.auth.verifyTwoFactor(input, meta(ctx)), ctx.services.twoFactor);
  }

  @Directive('@rateLimit(name: "refreshToken.perAddress", max: 60, window: "60s", per: ADDRESS)')
  @Directive('@cost(value: 10)')
  @Directive('@public')
  @Mutation(() => AuthPayload, { description: 'Exchanges a refresh token (once) for a new pair. Public: the token is the credential.' })
  async refreshToken(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    return toAuthPayload(await ctx.services.sessions.refresh(refreshToken), ctx.services.twoFactor);
  }

  @Directive('@cost(value: 10)')
  @Directive('@public')
  @Mutation(() => Boolean, { description: 'Ends the session of this refresh token. Public: the token is the credential.' })
  async logout(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.services.sessions.end(refreshToken);
    return true;
  }
}


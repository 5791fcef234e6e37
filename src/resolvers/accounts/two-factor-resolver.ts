import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import { requestMeta as meta, type RequestContext } from '../../context/context';
import { requireAccount } from '../../guards/access';
import { RecoveryCodes, TwoFactorEnrollment } from './types';

@Resolver()
export class TwoFactorResolver {
  @Directive('@cost(value: 10)')
  @Directive('@auth')
  @Mutation(() => TwoFactorEnrollment, { description: 'Starts TOTP enrolment for the signed-in user.' })
  enrollTwoFactor(@Ctx() ctx: RequestContext): Promise<TwoFactorEnrollment> {
    return ctx.services.twoFactor.enroll(requireAccount(ctx.principal), meta(ctx));
  }

  @Directive('@rateLimit(name: "confirmTwoFactor.perCaller", max: 10, window: "10m")')
  @Directive('@cost(value: 10)')
  @Directive('@auth')
  @Mutation(() => RecoveryCodes, { description: 'Turns 2FA on with a first code; returns ten single-use recovery codes, once.' })
  async confirmTwoFactor(@Arg('code', () => String) code: string, @Ctx() ctx: RequestContext): Promise<RecoveryCodes> {
    return { codes: await ctx.services.twoFactor.confirm(requireAccount(ctx.principal), code, meta(ctx)) };
  }

  @Directive('@rateLimit(name: "disableTwoFactor.perCaller", max: 10, window: "10m")')
  @Directive('@cost(value: 10)')
  @Directive('@auth')
  @Mutation(() => Boolean, { description: 'Turns 2FA off; needs a current TOTP code.' })
  async disableTwoFactor(@Arg('code', () => String) code: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.services.twoFactor.disable(requireAccount(ctx.principal), code, meta(ctx));
    return true;
  }
}

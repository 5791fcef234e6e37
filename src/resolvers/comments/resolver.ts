import { Arg, Args, Ctx, Directive, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requestMeta as meta, type RequestContext } from '../../context/context';
import { requireAccount } from '../../guards/access';
import type { CommentRecord } from '../../repositories/ports';
import { pageRequest, toConnection, type Connection } from '../common/pagination';
import { CommentsArgs, PostCommentInput } from './inputs';
import { Comment, CommentConnection, PublicUser } from './types';

@Resolver(() => Comment)
export class CommentResolver {
  @Directive('@cacheControl(scope: PUBLIC)')
  @Directive('@cost(value: 1, multipliers: ["first"])')
  @Directive('@public')
  @Query(() => CommentConnection, {
    description: "An event's comment thread, newest first. Public; may be reused for COMMENTS_MAX_AGE_SECONDS (5 by default) by anonymous callers, and a post to the thread replaces it at once.",
  })
  async comments(@Args(() => CommentsArgs) args: CommentsArgs, @Ctx() ctx: RequestContext): Promise<Connection<CommentRecord>> {
    ctx.cache.threadRead(args.eventId);
    const page = await ctx.services.comments.list(args.eventId, pageRequest(args, ctx.maxPageSize));
    return toConnection(page, (comment) => comment.createdAt);
  }

  @Directive('@rateLimit(name: "postComment.perCaller", max: 10, window: "60s")')
  @Directive('@rateLimit(name: "postComment.perAddress", max: 60, window: "60s", per: ADDRESS)')
  @Directive('@cost(value: 10)')
  @Directive('@auth(scopes: [COMMENTS_WRITE])')
  @Mutation(() => Comment, { description: "Posts to an event's thread. Signed in. Flow rules (README \"Flow rules\"): no duplicate text in a thread within a window, a burst limit per thread, optionally a minimum account age. Codes: BAD_USER_INPUT, DUPLICATE_COMMENT, RATE_LIMITED, TOO_FAST, NOT_FOUND." })
  postComment(@Arg('input', () => PostCommentInput) input: PostCommentInput, @Ctx() ctx: RequestContext): Promise<CommentRecord> {
    return ctx.services.comments.post(requireAccount(ctx.principal), input, meta(ctx));
  }

  @FieldResolver(() => PublicUser)
  author(@Root() comment: CommentRecord): PublicUser {
    return { id: comment.authorId, username: comment.authorUsername };
  }
}

// Comments: posting to an event's thread and reading it. A body is normalised plain text
// (flow-rules/comment-body.ts), stored and returned as it is, never interpreted. Before it is stored
// it passes the flow rules (account age, duplicate text, thread burst: flow-rules/comment-rules.ts);
// a refusal stores nothing, counts against nothing and is an audit event (without the body). A stored
// comment is announced (`posted`), so cached pages of its thread are dropped at once.
import { randomUUID } from 'node:crypto';
import { notFound } from '../errors/app-error';
import type { CommentRecord, Page, PageRequest, Store } from '../repositories/ports';
import type { AccountPrincipal } from '../context/principal';
import type { AuditService } from '../audit/audit-service';
import type { Logger } from '../logging/logger';
import type { Clock } from './clock';
import { normaliseCommentBody } from './flow-rules/comment-body';
import type { CommentRules } from './flow-rules/comment-rules';
import { auditRefusal } from './flow-rules/flow-audit';
import type { RequestMeta } from './request-meta';

export interface CommentServiceDeps {
  store: Store;
  clock: Clock;
  flowRules: CommentRules;
  audit: AuditService;
  logger: Logger;
  /** Told once a comment is stored (the response cache drops the thread's pages); must not throw. */
  posted?: (comment: CommentRecord) => Promise<void>;
}

export class CommentService {
  constructor(private readonly deps: CommentServiceDeps) {}

  async post(author: AccountPrincipal, input: { eventId: string; body: string }, meta: RequestMeta): Promise<CommentRecord> {
    try {
      return await this.admitAndStore(author, input);
    } catch (error) {
      await auditRefusal(this.deps.audit, meta, 'postComment', author, error, { eventId: input.eventId });
      throw error;
    }
  }

  /** A thread, newest first. Unknown events are NOT_FOUND rather than an empty thread. */
  async list(eventId: string, page: PageRequest): Promise<Page<CommentRecord>> {
    if (!(await this.deps.store.events.findById(eventId))) throw notFound('Event');
    return this.deps.store.comments.listByEvent(eventId, page);
  }

  /** Validate → load the thread → flow rules → store (or give the rules' counts back). */
  private async admitAndStore(author: AccountPrincipal, input: { eventId: string; body: string }): Promise<CommentRecord> {
    const body = normaliseCommentBody(input.body);
    if (!(await this.deps.store.events.findById(input.eventId))) throw notFound('Event');
    const giveBack = await this.deps.flowRules.admit(author, input.eventId, body);
    const comment: CommentRecord = {
      id: randomUUID(),
      eventId: input.eventId,
      authorId: author.userId,
      authorUsername: author.username,
      body,
      createdAt: this.deps.clock.now(),
    };
    try {
      await this.deps.store.comments.insert(comment);
    } catch (error) {
      await giveBack().catch((undoError: unknown) => this.deps.logger.error('postComment: giving back the flow counts failed', { error: undoError }));
      throw error;
    }
    await this.deps.posted?.(comment);
    return comment;
  }
}

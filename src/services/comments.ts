// Comments: posting to an event's thread and reading it.
import { randomUUID } from 'node:crypto';
import { badInput, notFound } from '../errors/app-error';
import type { CommentRecord, Page, PageRequest, Store } from '../repositories/ports';
import type { AccountPrincipal } from '../context/principal';
import type { Clock } from './clock';

export const MAX_COMMENT_LENGTH = 2000;

export class CommentService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Told once a comment is stored (the response cache drops the thread's pages); must not throw. */
    private readonly posted: (comment: CommentRecord) => Promise<void> = async () => undefined,
  ) {}

  async post(author: AccountPrincipal, input: { eventId: string; body: string }): Promise<CommentRecord> {
    const body = input.body.trim();
    if (body.length === 0 || body.length > MAX_COMMENT_LENGTH) {
      throw badInput('body', `body must be 1 to ${MAX_COMMENT_LENGTH} characters after trimming`);
    }
    if (!(await this.store.events.findById(input.eventId))) throw notFound('Event');
    const comment: CommentRecord = {
      id: randomUUID(),
      eventId: input.eventId,
      authorId: author.userId,
      authorUsername: author.username,
      body,
      createdAt: this.clock.now(),
    };
    await this.store.comments.insert(comment);
    await this.posted(comment);
    return comment;
  }

  /** A thread, newest first. Unknown events are NOT_FOUND rather than an empty thread. */
  async list(eventId: string, page: PageRequest): Promise<Page<CommentRecord>> {
    if (!(await this.store.events.findById(eventId))) throw notFound('Event');
    return this.store.comments.listByEvent(eventId, page);
  }
}

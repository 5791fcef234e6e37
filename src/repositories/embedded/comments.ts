import type { CommentRecord, CommentRepository, Page, PageRequest } from '../ports';
import { Collection, findPage, toDoc } from './shared';

export class EmbeddedCommentRepository implements CommentRepository {
  constructor(private readonly comments: Collection) {}

  async insert(comment: CommentRecord): Promise<void> {
    await this.comments.db.insertAsync(toDoc(comment));
  }

  /** The eventId index narrows candidates to the thread; nedb then sorts that thread in memory. */
  listByEvent(eventId: string, page: PageRequest): Promise<Page<CommentRecord>> {
    return findPage<CommentRecord>(this.comments.db, { eventId }, 'createdAt', -1, page);
  }
}

import type { Collection } from 'mongodb';
import type { CommentRecord, CommentRepository, Page, PageRequest } from '../ports';
import { keyset, pageSize, toComment, toDoc, toPage, type CommentDoc } from './documents';

export class MongoCommentRepository implements CommentRepository {
  constructor(private readonly comments: Collection<CommentDoc>) {}

  async insert(comment: CommentRecord): Promise<void> {
    await this.comments.insertOne(toDoc(comment));
  }

  async listByEvent(eventId: string, page: PageRequest): Promise<Page<CommentRecord>> {
    const { filter, sort } = keyset<CommentDoc>('createdAt', -1, page);
    const docs = await this.comments
      .find({ ...filter, eventId })
      .sort(sort)
      .limit(pageSize(page) + 1)
      .toArray();
    return toPage(docs, page, toComment);
  }
}

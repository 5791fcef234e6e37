// The rules a comment passes after its body was normalised (comment-body.ts) and its thread found,
// before it is stored. Write-free first; the duplicate mark and the thread's count are given back
// when a later rule refuses or the insert fails, so a refused comment counts against nothing.
import type { AccountPrincipal } from '../../context/principal';
import type { MinimumAccountAge } from './account-age';
import type { DuplicateCommentGuard } from './duplicate-comment';
import type { ThreadBurstLimit } from './thread-burst';
import { giveBackAll, type GiveBack } from '../../limits/window';

export class CommentRules {
  constructor(
    private readonly rules: { accountAge: MinimumAccountAge; duplicate: DuplicateCommentGuard; threadBurst: ThreadBurstLimit },
  ) {}

  /** Admits the comment (or throws the refusal, with nothing left counted); returns how to undo it. */
  async admit(author: AccountPrincipal, eventId: string, body: string): Promise<GiveBack> {
    await this.rules.accountAge.check(author.userId);
    const unmarkDuplicate = await this.rules.duplicate.take(eventId, author.userId, body);
    try {
      return giveBackAll([unmarkDuplicate, await this.rules.threadBurst.take(eventId)]);
    } catch (refusal) {
      await unmarkDuplicate();
      throw refusal;
    }
  }
}

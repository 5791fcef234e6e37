// Copy-paste spam: the same text posted again and again into one thread (a double submit does the
// same by accident). The same normalised body from the same user in the same thread is accepted
// once per window; another thread, another user or another text is fine. The key holds a SHA-256
// of the body, never the body, so the limits store (Redis) never holds what users wrote.
import { createHash } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import type { CounterStore, WindowRule } from '../../limits/ports';
import { byRule } from './refusal';
import { takeFromWindow, type GiveBack } from '../../limits/window';

export class DuplicateCommentGuard {
  private readonly rule: WindowRule;

  constructor(
    private readonly counters: CounterStore,
    /** Default (config): 600. */
    windowSeconds: number,
  ) {
    this.rule = { limit: 1, windowMs: windowSeconds * 1000 };
  }

  /** Marks (thread, author, body) as posted for the window; DUPLICATE_COMMENT when it already is. */
  async take(eventId: string, authorId: string, body: string): Promise<GiveBack> {
    const digest = createHash('sha256').update(body).digest('base64url');
    const taken = await takeFromWindow(this.counters, `flow:postComment:duplicate:${eventId}:${authorId}:${digest}`, 1, this.rule);
    if (taken.allowed) return taken.giveBack;
    throw byRule('duplicateComment', new AppError('DUPLICATE_COMMENT', 'You already posted this text in this thread a moment ago'));
  }
}

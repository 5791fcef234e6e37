// A replica for multi-process tests: `node replica-main.js` runs the real app (createApp, configuration
// from the environment) over its own embedded store, except that comments live in one JSON-lines file
// (SHARED_COMMENTS_FILE) shared by every replica — the part a shared MongoDB plays in production — and
// the event SHARED_EVENT_ID is put into each replica's store at start. Prints `ready at <url>`.
import 'reflect-metadata';
import { appendFile, readFile } from 'node:fs/promises';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openStore } from '../../src/repositories/open-store';
import type { CommentRecord, CommentRepository, Page, PageRequest, Store } from '../../src/repositories/ports';

class SharedFileComments implements CommentRepository {
  constructor(private readonly file: string) {}

  async insert(comment: CommentRecord): Promise<void> {
    await appendFile(this.file, `${JSON.stringify(comment)}\n`);
  }

  async listByEvent(eventId: string, page: PageRequest): Promise<Page<CommentRecord>> {
    const text = await readFile(this.file, 'utf8').catch(() => '');
    const thread = text.split('\n').filter(Boolean)
      .map((line) => JSON.parse(line) as CommentRecord & { createdAt: string })
      .map((comment) => ({ ...comment, createdAt: new Date(comment.createdAt) }))
      .filter((comment) => comment.eventId === eventId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
    const after = page.after;
    const rest = after ? thread.filter((c) => c.createdAt.getTime() < after.at || (c.createdAt.getTime() === after.at && c.id < after.id)) : thread;
    return { items: rest.slice(0, page.first), hasNextPage: rest.length > page.first };
  }
}

async function sharedStore(): Promise<Store> {
  const config = loadConfig();
  const store = await openStore(config.store);
  const eventId = process.env.SHARED_EVENT_ID!;
  if (!(await store.events.findById(eventId))) {
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    await store.events.insert({ id: eventId, name: 'Shared', venue: 'Hall', startsAt, capacity: 10, ticketsAvailable: 10, priceCents: 100, maxTicketsPerUser: 2, createdAt: new Date() });
  }
  return { ...store, comments: new SharedFileComments(process.env.SHARED_COMMENTS_FILE!), ping: () => store.ping(), close: () => store.close() };
}

async function main(): Promise<void> {
  const app = await createApp(loadConfig(), { store: await sharedStore() });
  console.log(`ready at ${await app.listen()}`);
  process.on('SIGTERM', () => void app.stop().finally(() => process.exit(0)));
}

// `node --test dist/test/` loads every file, helpers included: only a spawned replica runs.
if (process.env.SHARED_COMMENTS_FILE) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

// Helpers both contract suites use to check keyset ordering and pagination.
import type { Page, PageCursor } from '../../src/repositories/ports';

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts by time, then id, ascending (1) or descending (-1) — the stores' keyset order. */
export function byTimeThenId<T extends { id: string }>(time: (item: T) => Date, direction: 1 | -1) {
  return (a: T, b: T) => direction * (time(a).getTime() - time(b).getTime() || compareIds(a.id, b.id));
}

/** Timestamps with ties: pairs of items share a time, so the id must break the tie. */
export function tiedTimes(count: number, base: number, step: number): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(base + Math.floor(i / 2) * step));
}

/** Follows cursors from the first page to the last, returning every page. */
export async function allPages<T>(fetch: (after?: PageCursor) => Promise<Page<T>>, cursorOf: (item: T) => PageCursor): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let after: PageCursor | undefined;
  for (let guard = 0; guard < 50; guard += 1) {
    const page = await fetch(after);
    pages.push(page);
    if (!page.hasNextPage) return pages;
    after = cursorOf(page.items[page.items.length - 1]);
  }
  throw new Error('pagination did not end after 50 pages');
}

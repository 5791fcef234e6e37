// Cursor pagination shared by every connection: the `first`/`after` arguments, their checks
// (a hard maximum for `first`), and turning a store page into edges + pageInfo.
import { ArgsType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { badInput } from '../../errors/app-error';
import type { Page, PageRequest } from '../../repositories/ports';
import { decodeCursor, encodeCursor } from './cursor';

export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PaginationArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: 'How many items to return: 0 to the server\'s maximum page size (100 by default).' })
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (an `endCursor` from a previous page).' })
  after?: string | null;
}

@Directive('@cacheControl(inheritMaxAge: true)')
@ObjectType({ description: 'Where a page ends, and whether there is more.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page; null on an empty page.' })
  endCursor!: string | null;
}

export function pageRequest(args: PaginationArgs, maxPageSize: number): PageRequest {
  if (!Number.isInteger(args.first) || args.first < 0 || args.first > maxPageSize) {
    throw badInput('first', `first must be from 0 to ${maxPageSize}`);
  }
  return { first: args.first, after: args.after ? decodeCursor(args.after) : undefined };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

export function toConnection<T extends { id: string }>(page: Page<T>, sortValue: (item: T) => Date): Connection<T> {
  const edges = page.items.map((node) => ({ node, cursor: encodeCursor({ at: sortValue(node).getTime(), id: node.id }) }));
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}

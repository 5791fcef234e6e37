// The two flows under load: reading a comment thread (public) and buying one ticket (signed in).
import { randomBytes } from 'node:crypto';
import type { NextRequest } from './load';

export const THREAD_QUERY =
  'query Thread($id: ID!) { comments(eventId: $id, first: 20) { ' +
  'edges { cursor node { id body createdAt author { username } } } pageInfo { hasNextPage endCursor } } }';

export const BUY_MUTATION =
  'mutation Buy($input: BuyTicketInput!) { buyTicket(input: $input) { id quantity totalCents createdAt } }';


export function readThread(eventId: string): NextRequest {
  const body = JSON.stringify({ query: THREAD_QUERY, variables: { id: eventId } });
  return () => ({ body });
}

/** Each call is a distinct purchase: a fresh idempotency key, quantity 1, the next signed-in buyer. */
export function buyOneTicket(eventId: string, buyerTokens: string[]): NextRequest {
  const run = randomBytes(4).toString('hex'); // keys stay unique across runs against one server
  let count = 0;
  return () => {
    count++;
    const input = { eventId, quantity: 1, idempotencyKey: `bench:${run}:${count}` };
    return {
      body: JSON.stringify({ query: BUY_MUTATION, variables: { input } }),
      headers: { authorization: `Bearer ${buyerTokens[count % buyerTokens.length]}` },
    };
  };
}

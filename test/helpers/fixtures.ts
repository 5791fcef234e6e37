// Arrange helpers: events created through the API by the bootstrap admin, as an operator would.
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { CreateEventDocument, EventDocument, type CreateEventInput } from '../generated/graphql';
import type { ApiClient } from './client';
import { ADMIN } from './test-app';

export async function createEvent(client: ApiClient, input: Partial<CreateEventInput> = {}) {
  const result = await client.request(
    CreateEventDocument,
    {
      input: {
        name: 'Test concert',
        venue: 'Test hall',
        startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        capacity: 100,
        priceCents: 2500,
        ...input,
      },
    },
    { as: ADMIN.username },
  );
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data!.createEvent;
}

export async function ticketsLeft(client: ApiClient, id: string): Promise<number> {
  const result = await client.request(EventDocument, { id });
  return result.data!.event!.ticketsAvailable;
}

export const newKey = (): string => randomUUID();

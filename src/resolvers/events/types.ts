import { Field, ID, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../common/connection-type';

@ObjectType({ description: 'Something people buy tickets for.' })
export class Event {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  venue!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Int, { description: 'Tickets in total.' })
  capacity!: number;

  @Field(() => Int, { description: 'Tickets not sold yet.' })
  ticketsAvailable!: number;

  @Field(() => Int, { description: 'Price of one ticket in cents.' })
  priceCents!: number;

  @Field(() => Int, { description: 'Most tickets one person may hold for this event, over all their purchases.' })
  maxTicketsPerUser!: number;
}

export const EventConnection = connectionType(Event, 'Event');

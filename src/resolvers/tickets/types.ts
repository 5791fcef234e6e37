import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../common/connection-type';
import { Event } from '../events/types';

@ObjectType({ description: "A completed ticket purchase. Visible only to its buyer." })
export class Purchase {
  @Field(() => ID)
  id!: string;

  @Directive('@cost(value: 1)') // one store lookup per purchase (field resolver): multiplied by the page's `first`
  @Field(() => Event)
  event!: Event;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Int, { description: 'quantity × the event price at the time of purchase, in cents.' })
  totalCents!: number;

  @Field(() => Date)
  createdAt!: Date;
}

export const PurchaseConnection = connectionType(Purchase, 'Purchase');

import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "The caller's cost budget (a token bucket per API key, user or client address), as it stands after paying for this query." })
export class RateLimitStatus {
  @Field(() => Int, { description: 'What this query cost.' })
  cost!: number;

  @Field(() => Float, { description: 'Points left in the bucket.' })
  remaining!: number;

  @Field(() => Int, { description: 'Most points the bucket holds.' })
  capacity!: number;

  @Field(() => Float, { description: 'Points restored per second.' })
  restoreRate!: number;

  @Field(() => Date, { description: 'When the bucket will be full again.' })
  resetAt!: Date;
}

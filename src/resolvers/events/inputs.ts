import { IsOptional, IsUUID, Length, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';

@ArgsType()
export class EventArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}

@InputType({ description: 'A new event (ADMIN only). Server-owned fields (id, ticketsAvailable) are not accepted.' })
export class CreateEventInput {
  @Field(() => String, { description: '1 to 200 characters.' })
  @Length(1, 200)
  name!: string;

  @Field(() => String, { description: '1 to 200 characters.' })
  @Length(1, 200)
  venue!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Int, { description: '1 to 1,000,000.' })
  @Min(1)
  @Max(1_000_000)
  capacity!: number;

  @Field(() => Int, { description: '0 to 100,000,000 cents.' })
  @Min(0)
  @Max(100_000_000)
  priceCents!: number;

  @Field(() => Int, { nullable: true, description: 'Per-person cap for this event; defaults to the per-order maximum (at most the capacity).' })
  @IsOptional()
  @Min(1)
  @Max(1_000_000)
  maxTicketsPerUser?: number | null;
}
